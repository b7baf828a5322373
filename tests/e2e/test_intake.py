"""Intake in the browser: 50 resumes dropped at once, a ZIP from an agency, a resume attached
and replaced on the candidate page, an oversized file refused, a duplicate warned.

`E2E_SCREENSHOTS=docs` also writes the README's docs/bulk-progress.png from the 50-resume run.
"""
from __future__ import annotations

import os
import sqlite3
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from pdfgen import simple_pdf
from tests.e2e.helpers import APP_ROOT, go, settled, shows, status_line, submit_add_form

FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Margaret", "Dennis", "Frances", "Niklaus"]
LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov"]
BATCH_TIMEOUT_MS = 240_000  # 50 parses on 2 shared cores


def resume(path: Path, name: str, email: str, phone: str, employer: str = "Analytical Engines Ltd") -> Path:
    """A one-page resume drawn with tests/pdfgen.py (no email line part when `email` is empty)."""
    contact = " | ".join(x for x in (email, phone, "London, UK") if x)
    simple_pdf(path, [(60, 70, name, 20, True), (60, 92, contact), (60, 125, "EXPERIENCE", 12, True),
                      (60, 143, f"Senior Engineer, {employer}"), (60, 159, "Jan 2020 - Present"),
                      (60, 190, "EDUCATION", 12, True), (60, 208, "University of London"),
                      (60, 224, "BSc Mathematics, 2015 - 2019"), (60, 255, "SKILLS", 12, True),
                      (60, 273, "Python, SQL, Mathematics")])
    return path


def person(i: int) -> tuple[str, str]:
    first, last = FIRST[i % 10], LAST[i // 10 % 5]
    return f"{first} {last}", f"{first.lower()}.{last.lower()}@example.com"


def metric(page: Page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def rows(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchall()


def drop(page: Page, files: list[Path]) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([str(f) for f in files])
    expect(page.get_by_role("button", name=f"Remove {files[-1].name}", exact=True)).to_be_attached()


def test_fifty_resumes_at_once_fill_their_contacts_live(app, page, tmp_path):
    files = []
    for i in range(50):
        name, email = person(i)
        files.append(resume(tmp_path / f"cv-{i:02d}.pdf", name, email if i < 45 else "", f"+44 20 7946 {1000 + i}"))
    go(page, "Bulk add")
    drop(page, files)
    page.get_by_role("button", name="Add all").click()
    shows(page, page.get_by_text("Batch #1:"))
    expect(metric(page, "done")).to_have_text("45", timeout=BATCH_TIMEOUT_MS)  # no reload: the view refreshes itself
    expect(metric(page, "needs review")).to_have_text("5")
    expect(metric(page, "failed")).to_have_text("0")
    expect(page.get_by_text("Batch #1: 50 of 50 files finished")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").locator("tbody tr", has_text="ada.lovelace@example.com")).to_have_count(1)
    if os.environ.get("E2E_SCREENSHOTS"):
        settled(page)
        expect(page.get_by_test_id("stDataFrame").locator("tbody tr", has_text="parsing")).to_have_count(0)
        page.set_viewport_size({"width": 1600, "height": 1000})
        page.mouse.move(0, 0)
        page.screenshot(path=str(APP_ROOT / os.environ["E2E_SCREENSHOTS"] / "bulk-progress.png"), animations="disabled")
    stored = rows(app.database, "select full_name, email, phone, needs_review from candidates order by id")
    assert len(stored) == 50
    assert [(n, e) for n, e, _, _ in stored[:45]] == [person(i) for i in range(45)]
    assert all(p.startswith("+44 20 7946 1") for _, _, p, _ in stored)
    assert [(n, e, r) for n, e, _, r in stored[45:]] == [(person(i)[0], None, 1) for i in range(45, 50)]
    settled(page)


def test_a_zip_with_folders_other_files_and_a_path_out_of_it(app, page, tmp_path):
    archive = tmp_path / "agency.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(20):
            name, email = person(i)
            zf.write(resume(tmp_path / f"{i}.pdf", name, email, f"+44 20 7946 {2000 + i}"),
                     f"agency/{'senior' if i % 2 else 'junior'}/{i:02d} {name}.pdf")
        zf.writestr("agency/notes.txt", "call them on Monday")
        zf.writestr("agency/photo.jpg", b"\xff\xd8\xff\xe0 not really a photo")
        zf.writestr("../escape.pdf", (tmp_path / "0.pdf").read_bytes())
    go(page, "Bulk add")
    drop(page, [archive])
    page.get_by_role("button", name="Add all").click()
    shows(page, page.get_by_text("Batch #1:"))
    expect(metric(page, "skipped")).to_have_text("3")
    expect(metric(page, "done")).to_have_text("20", timeout=BATCH_TIMEOUT_MS)
    grid = page.get_by_test_id("stDataFrame")
    for member, reason in (("notes.txt", "not a PDF"), ("photo.jpg", "not a PDF"), ("../escape.pdf", "leaves the ZIP")):
        expect(grid.locator("tbody tr", has_text=member)).to_contain_text(reason)
    assert sorted(p.name for p in app.storage.iterdir()) == sorted(f"{i}.pdf" for i in range(1, 21))
    assert not list(app.storage.parent.rglob("escape.pdf"))
    assert rows(app.database, "select count(*) from candidates where email is not null") == [(20,)]


def test_attach_then_replace_a_resume_on_the_candidate_page(app, page, tmp_path):
    go(page, "Add candidate")
    page.get_by_label("Full name", exact=True).fill("Ada Lovelace")
    page.get_by_label("Email", exact=True).fill("ada@example.com")
    page.keyboard.press("Tab")
    submit_add_form(page, "Ada Lovelace")
    page.goto(f"{app.url}/candidate?id=1")
    settled(page)
    expect(page.get_by_text("No resume was uploaded for this candidate.")).to_be_visible()
    form = page.get_by_test_id("stForm").filter(has_text="Attach a resume")
    form.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        str(resume(tmp_path / "first.pdf", "Ada Lovelace", "ada@example.com", "+44 20 7946 0958", "First Co")))
    expect(form.get_by_role("button", name="Remove first.pdf", exact=True)).to_be_visible()
    form.get_by_role("button", name="Attach a resume").click()
    shows(page, status_line(page, 1).filter(has_text="completed"))
    expect(page.get_by_text("First Co").first).to_be_visible()
    expect(page.get_by_role("button", name="Download PDF")).to_be_visible()

    page.get_by_test_id("stExpander").filter(has_text="Replace the resume").locator("summary").click()
    form = page.get_by_test_id("stForm").filter(has_text="Replace the resume")
    form.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        str(resume(tmp_path / "second.pdf", "Ada Lovelace", "ada@example.com", "+44 20 7946 0958", "Second Co")))
    expect(form.get_by_role("button", name="Remove second.pdf", exact=True)).to_be_visible()
    form.get_by_role("button", name="Replace the resume").click()
    shows(page, page.get_by_text("Second Co").first)
    expect(status_line(page, 1)).to_contain_text("completed")
    expect(page.get_by_text("First Co")).to_have_count(0)
    assert (app.storage / "1.pdf").read_bytes() == (tmp_path / "second.pdf").read_bytes()
    assert sorted(p.name for p in app.storage.iterdir()) == ["1.pdf"]
    assert rows(app.database, "select action from audit_events where action like 'resume_%' order by id") == [
        ("resume_attach",), ("resume_replace",)]


def test_a_fifteen_megabyte_file_is_refused_with_its_name(app, page, tmp_path):
    big = tmp_path / "big-scan.pdf"
    big.write_bytes(resume(tmp_path / "small.pdf", "Ada Lovelace", "ada@example.com", "").read_bytes()
                    + b"\n%" + b"0" * (15 * 1024 * 1024))
    go(page, "Add candidate")
    page.get_by_label("Full name", exact=True).fill("Ada Lovelace")
    page.get_by_label("Email", exact=True).fill("ada@example.com")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big))
    expect(page.get_by_role("button", name="Remove big-scan.pdf", exact=True)).to_be_visible()
    submit_add_form(page)
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text(
        "big-scan.pdf: The file is 15.0 MB; the limit is 10 MB.")
    expect(page.get_by_text("was added")).to_have_count(0)
    assert rows(app.database, "select count(*) from candidates") == [(0,)]
    assert list(app.storage.iterdir()) == []


def test_the_same_file_again_is_warned_with_a_link_to_the_candidate(app, page, tmp_path):
    pdf = resume(tmp_path / "ada.pdf", "Ada Lovelace", "ada@example.com", "+44 20 7946 0958")
    go(page, "Add candidate")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(pdf))
    expect(page.get_by_role("button", name="Remove ada.pdf", exact=True)).to_be_visible()
    submit_add_form(page)
    shows(page, page.get_by_text("name, email and phone will come from the resume"))
    expect(status_line(page, 1)).to_contain_text("completed")
    for label, value in (("Full name", "Ada King"), ("Email", "ada.king@example.com")):
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(pdf))
    expect(page.get_by_role("button", name="Remove ada.pdf", exact=True)).to_be_visible()
    submit_add_form(page)
    warning = page.get_by_test_id("stAlertContentWarning")
    expect(warning).to_contain_text("This looks like candidate #1")
    expect(warning).to_contain_text("the same resume file")
    assert rows(app.database, "select count(*) from candidates") == [(1,)]
    page.get_by_role("link", name="#1").click()
    expect(page).to_have_url(f"{app.url}/candidate?id=1")
    settled(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")
