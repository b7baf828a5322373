"""pages/add_candidate.py: the add form, with and without a PDF, and what it refuses."""
from __future__ import annotations

import pytest

from core import candidates as cands
from core import storage
from utils import add_candidate, app_as, resume_pdf, run_until, statuses, table_rows


def test_add_with_upload_row_goes_pending_then_completed(app_env, admin):
    at = app_as(admin)
    pdf = resume_pdf()
    add_candidate(at, "Ada Lovelace", "ada@example.com", pdf, "Ada CV.pdf")
    assert not at.exception and not at.error
    assert any("Ada Lovelace was added" in t.value for t in at.toast)
    assert at.text_input[0].value == "", "the form is emptied after a success"
    run_until(at, lambda a: any("completed" in m.value for m in a.success))
    at.switch_page("pages/candidates.py").run()
    df = table_rows(at)
    assert list(df["name"]) == ["Ada Lovelace"] and list(df["skills"]) == ["Python, SQL, Mathematics"]
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
    at = add_candidate(app_as(admin), name, email, pdf)
    assert not at.exception
    assert message in at.error[0].value
    assert cands.list_candidates(admin).total == 0
    assert at.text_input[1].value == email, "the form keeps what was typed after an error"


def test_a_word_document_is_not_dropped_but_refused_with_a_message(app_env, admin):
    """The uploader takes any file, so core can say what is wrong (not a silent drop)."""
    at = add_candidate(app_as(admin), "Doc", "doc@example.com", b"PK\x03\x04 word document", filename="cv.docx")
    assert "not a PDF" in at.error[0].value
    assert cands.list_candidates(admin).total == 0


def test_duplicate_submit_is_refused(app_env, admin):
    at = add_candidate(app_as(admin), "Ada", "ada@example.com", resume_pdf())
    add_candidate(at, "Ada", "ada@example.com", resume_pdf())
    assert "already exists" in at.error[0].value
    assert cands.list_candidates(admin).total == 1
