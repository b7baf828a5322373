"""The pages as Streamlit runs them (AppTest): what a recruiter sees and can do.

AppTest never fires a fragment's run_every timer: a test calls at.run() again to tick.
"""
from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from core import candidates as cands
from core import storage
from core.config import APP_ROOT
from utils import app_as, resume_pdf

APP = str(APP_ROOT / "app.py")


def app(user) -> AppTest:
    """Signed in as `user` (tests/test_auth_pages.py signs in through the form)."""
    return app_as(user)


def run_until(at: AppTest, predicate, timeout: float = 30.0) -> AppTest:
    """Tick the app (as run_every would) until predicate(at) holds."""
    deadline = time.monotonic() + timeout
    while not predicate(at):
        assert time.monotonic() < deadline, "the page never reached the expected state"
        time.sleep(0.05)
        at.run()
    return at


def table_rows(at: AppTest):
    return at.dataframe[0].value if at.dataframe else None


def statuses(at: AppTest) -> list[str]:
    df = table_rows(at)
    return [] if df is None else [s.split(" ")[1] for s in df["status"]]


def add_candidate(at: AppTest, name: str, email: str, pdf: bytes | None, filename="cv.pdf") -> AppTest:
    at.switch_page("pages/add_candidate.py").run()
    at.text_input[0].input(name)
    at.text_input[1].input(email)
    if pdf is not None:
        at.file_uploader[0].upload(filename, pdf, "application/pdf")
    at.button[0].click()  # the form's submit button
    return at.run()


def test_empty_database_offers_samples_and_they_parse_live(app_env, admin):
    at = app(admin)
    assert not at.exception
    assert "No candidates yet" in at.info[0].value
    load = next(b for b in at.button if b.label == "Load sample candidates")
    load.click().run()
    assert not at.exception
    assert len(table_rows(at)) == 5
    run_until(at, lambda a: set(statuses(a)) == {"completed"})
    assert cands.status_counts(admin)["completed"] == 5


def test_add_with_upload_row_goes_pending_then_completed(app_env, admin):
    at = app(admin)
    pdf = resume_pdf()
    add_candidate(at, "Ada Lovelace", "ada@example.com", pdf, "Ada CV.pdf")
    assert not at.exception and not at.error
    assert any("Ada Lovelace was added" in t.value for t in at.toast)
    assert at.text_input[0].value == "", "the form is emptied after a success"
    run_until(at, lambda a: any("completed" in m.value for m in a.success))
    at.switch_page("pages/candidates.py").run()
    df = table_rows(at)
    assert list(df["name"]) == ["Ada Lovelace"] and list(df["email"]) == ["ada@example.com"]
    assert statuses(at) == ["completed"]
    c = cands.list_candidates(admin).items[0]
    assert storage.read_resume_file(c.id) == pdf


@pytest.mark.parametrize("name, email, pdf, message", [
    ("Bad Pdf", "bad@example.com", b"%PDF-1.4 truncated nonsense", "not a readable PDF"),
    ("Not Pdf", "png@example.com", b"\x89PNG\r\n\x1a\n....", "not a PDF"),
    ("", "empty@example.com", None, "name is empty"),
    ("Bad Email", "nope", None, "is not valid"),
])
def test_bad_input_shows_clear_message_and_adds_nothing(app_env, admin, name, email, pdf, message):
    at = add_candidate(app(admin), name, email, pdf)
    assert not at.exception
    assert message in at.error[0].value
    assert cands.list_candidates(admin).total == 0
    assert at.text_input[1].value == email, "the form keeps what was typed after an error"


def test_a_word_document_is_not_dropped_but_refused_with_a_message(app_env, admin):
    """The uploader takes any file, so core can say what is wrong (not a silent drop)."""
    at = add_candidate(app(admin), "Doc", "doc@example.com", b"PK\x03\x04 word document", filename="cv.docx")
    assert "not a PDF" in at.error[0].value
    assert cands.list_candidates(admin).total == 0


def test_duplicate_submit_is_refused(app_env, admin):
    at = add_candidate(app(admin), "Ada", "ada@example.com", resume_pdf())
    add_candidate(at, "Ada", "ada@example.com", resume_pdf())
    assert "already exists" in at.error[0].value
    assert cands.list_candidates(admin).total == 1


def _select(at: AppTest, rows: list[int]) -> AppTest:
    at.session_state["table"] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    return at.run()


def test_download_one_and_several_give_the_stored_bytes(app_env, admin, downloads):
    datas = [resume_pdf(email=f"p{i}@example.com") for i in range(3)]
    for i, d in enumerate(datas):
        cands.create_candidate(admin, f"P{i}", f"p{i}@example.com", resume=d, filename=f"cv-{i}.pdf")
    at = app(admin)
    _select(at, [2])  # newest first: row 2 is P0
    labels = [b.label for b in at.download_button]
    assert "Download PDF" in labels
    data, mime = downloads["cv-0.pdf"]
    assert mime == "application/pdf" and data() == datas[0]
    _select(at, [0, 1, 2])
    assert "Download 3 as ZIP" in [b.label for b in at.download_button]
    import io
    import zipfile

    zip_data, mime = downloads["resumes.zip"]
    with zipfile.ZipFile(io.BytesIO(zip_data())) as zf:
        assert sorted(zf.namelist()) == ["cv-0.pdf", "cv-1.pdf", "cv-2.pdf"]
        assert zf.read("cv-1.pdf") == datas[1]


def test_delete_through_confirmation_removes_row_and_file(app_env, admin):
    keep = cands.create_candidate(admin, "Keep", "keep@example.com", resume=resume_pdf())
    gone = cands.create_candidate(admin, "Gone", "gone@example.com", resume=resume_pdf())
    at = _select(app(admin), [0])  # newest: "Gone"
    next(b for b in at.button if b.label == "Delete").click().run()
    assert "Delete 1 candidate(s)" in at.markdown[0].value or any(
        "Delete 1 candidate(s)" in m.value for m in at.markdown)
    assert cands.list_candidates(admin).total == 2, "nothing is deleted before the confirmation"
    at.button(key="confirm_delete").click().run()
    assert not at.exception
    assert [c.id for c in cands.list_candidates(admin).items] == [keep.id]
    assert storage.get_resume_file_path(gone.id) is None
    assert list(table_rows(at)["name"]) == ["Keep"]


def test_search_filter_and_csv_export(app_env, admin):
    cands.create_candidate(admin, "Grace Hopper", "grace@navy.mil")
    cands.create_candidate(admin, "Alan Turing", "alan@example.com")
    at = app(admin)
    at.text_input(key="search").input("grace").run()
    assert list(table_rows(at)["name"]) == ["Grace Hopper"]
    at.text_input(key="search").input("").run()
    at.selectbox(key="status_filter").select("completed").run()
    assert len(table_rows(at)) == 0
    at.selectbox(key="status_filter").select("no_resume").run()
    assert len(table_rows(at)) == 2


def test_candidate_page_shows_fields_status_and_reparse(app_env, admin):
    c = cands.create_candidate(admin, "Ada Lovelace", "ada@example.com", resume=resume_pdf())
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["user_id"] = admin.id
    at.query_params["id"] = str(c.id)
    at.run()
    at.switch_page("pages/candidate_detail.py")
    at.query_params["id"] = str(c.id)
    run_until(at.run(), lambda a: any("completed" in m.value for m in a.success))
    at.run()
    assert not at.exception
    assert at.title[0].value == "Ada Lovelace"
    text = " ".join(m.value for m in at.markdown)
    assert "ada@example.com" in text and "Experience" in text
    assert any(e.label == "Raw JSON" for e in at.expander)
    at.text_input[0].input("Ada King")
    next(b for b in at.button if b.label == "Save changes").click().run()
    assert cands.get_candidate(admin, c.id).full_name == "Ada King"
    parsed_before = cands.get_candidate(admin, c.id).parsed_at
    at.button(key="reparse_one").click().run()
    run_until(at, lambda a: cands.get_candidate(admin, c.id).parse_status == "completed")
    assert cands.get_candidate(admin, c.id).parsed_at > parsed_before


def test_failed_parse_shows_reason_on_the_table(app_env, admin):
    from utils import blank_pdf, wait_for_status

    c = cands.create_candidate(admin, "Scan", "scan@example.com", resume=blank_pdf())
    wait_for_status(admin, c.id)
    at = app(admin)
    df = table_rows(at)
    assert statuses(at) == ["failed"]
    assert df["problem"][0] == "no text layer (scanned PDF?)"
