"""pages/bulk_add.py: many PDFs and a ZIP dropped at once; the batch's live progress."""
from __future__ import annotations

from core import candidates as cands
from core import intake
from utils import app_as, resume_pdf, run_until, zip_bytes

NAMES = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"]


def progress(at):
    return at.dataframe[0].value if at.dataframe else None


def test_drop_pdfs_and_a_zip_and_watch_them_complete(app_env, recruiter):
    at = app_as(recruiter, "pages/bulk_add.py")
    uploader = at.get("file_uploader")[0]
    files = [(f"{n}.pdf", resume_pdf(n, f"{n.split()[0].lower()}@example.com"), "application/pdf") for n in NAMES[:3]]
    archive = zip_bytes({"x/edsger.pdf": resume_pdf(NAMES[3], "edsger@example.com"), "x/notes.txt": b"hello"})
    for name, data, mime in files + [("agency.zip", archive, "application/zip")]:
        uploader.upload(name, data, mime)
    at.button[0].click().run()
    assert not at.exception and not at.error
    df = progress(at)
    assert len(df) == 5 and "skipped" in df.loc[df["file"] == "agency.zip › x/notes.txt", "status"].iloc[0]
    run_until(at, lambda a: sum("done" in s for s in progress(a)["status"]) == 4)
    df = progress(at)
    assert set(df["name"]) - {""} == set(NAMES) and "edsger@example.com" in set(df["email"])
    assert all(link.startswith("/candidate?id=") for link in df["candidate"] if link)
    assert {m.label: m.value for m in at.metric}["✅ done"] == "4"
    assert cands.list_candidates(recruiter).total == 4


def test_nothing_chosen_or_a_batch_over_the_cap_says_so(app_env, recruiter, monkeypatch):
    at = app_as(recruiter, "pages/bulk_add.py")
    at.button[0].click().run()
    assert "Choose at least one" in at.error[0].value
    monkeypatch.setenv("BULK_MAX_FILES", "1")
    from core.config import reset_settings
    reset_settings()
    uploader = at.get("file_uploader")[0]
    uploader.upload("a.pdf", resume_pdf(), "application/pdf")
    uploader.upload("b.pdf", resume_pdf(email="b@example.com"), "application/pdf")
    at.button[0].click().run()
    assert "at most 1" in at.error[0].value and cands.list_candidates(recruiter).total == 0


def test_duplicates_are_shown_with_a_link(app_env, recruiter):
    pdf = resume_pdf()
    first = cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com", resume=pdf, filename="ada.pdf")
    batch = intake.bulk_intake(recruiter, [("ada again.pdf", pdf)])
    at = app_as(recruiter, "pages/bulk_add.py", batch=batch)
    df = progress(at)
    assert f"#{first.id}" in df["possible duplicate of"][0] and df["duplicate"][0] == f"/candidate?id={first.id}"
    assert {m.label: m.value for m in at.metric}["👥 possible duplicates"] == "1"

