"""pages/candidate_detail.py: one candidate's fields, parsed resume, PDF and status."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core import candidates as cands
from core.config import APP_ROOT
from utils import app_as, audit_rows, labels, resume_pdf, run_until, shown, signed_in_as


def test_viewer_candidate_page_is_read_only(app_env, viewer, two):
    at = app_as(viewer, "pages/candidate_detail.py", id=two[0].id)
    assert not at.exception
    assert at.title[0].value == "Ada"
    assert [t.key for t in at.text_input] == ["find_candidate"], "no edit form, only the search box"
    assert not labels(at) & {"Save changes", "Re-parse", "Download PDF"}
    assert not at.toggle, "no PDF preview"
    assert any("not the resume file" in i.value for i in at.info)


def test_recruiter_candidate_page_preview_is_recorded_once(app_env, recruiter, two):
    at = app_as(recruiter, "pages/candidate_detail.py", id=two[0].id)
    assert {"Save changes", "Download PDF"} <= labels(at)
    assert at.toggle(key=f"preview-{two[0].id}").value is True, "the PDF shows beside the fields"
    at.run()
    at.run()  # reruns (edits, refresh ticks) reuse the bytes read once
    assert audit_rows("download") == [("recruiter@example.com", "download", two[0].id)]
    at.toggle(key=f"preview-{two[0].id}").set_value(False).run()
    assert audit_rows("download") == [("recruiter@example.com", "download", two[0].id)]


def test_candidate_page_shows_fields_status_and_reparse(app_env, admin):
    c = cands.create_candidate(admin, "Ada Lovelace", "ada@example.com", resume=resume_pdf())
    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=30)
    signed_in_as(at, admin)
    at.query_params["id"] = str(c.id)
    at.run()
    at.switch_page("pages/candidate_detail.py")
    at.query_params["id"] = str(c.id)
    run_until(at.run(), lambda a: any("completed" in m.value for m in a.success))
    at.run()
    assert not at.exception
    assert at.title[0].value == "Ada Lovelace"
    text = " ".join(shown(m.value) for m in at.markdown)
    assert "ada@example.com" in text and "Experience" in text
    assert any(e.label == "Raw JSON" for e in at.expander)
    next(t for t in at.text_input if t.label == "Full name").input("Ada King")
    next(b for b in at.button if b.label == "Save changes").click().run()
    assert cands.get_candidate(admin, c.id).full_name == "Ada King"
    parsed_before = cands.get_candidate(admin, c.id).parsed_at
    at.button(key="reparse_one").click().run()
    run_until(at, lambda a: cands.get_candidate(admin, c.id).parse_status == "completed")
    assert cands.get_candidate(admin, c.id).parsed_at > parsed_before


@pytest.mark.parametrize("raw", ["²", "99999999999999999999", "0", "-3", "1e3", " ", "٣"])
def test_a_bad_id_in_the_address_says_so(app_env, admin, raw):
    """No traceback: a clear message, and the page offers the candidates to jump to."""
    cands.create_candidate(admin, "Ada Lovelace", "ada@example.com")
    at = app_as(admin, "pages/candidate_detail.py", id=raw)
    assert not at.exception
    assert "must be a whole number from 1 to 2147483647" in shown(at.error[0].value)
    assert [shown(b.label) for b in at.button if b.key and b.key.startswith("jump-")] == \
        ["#1 Ada Lovelace · ada@example.com"]
