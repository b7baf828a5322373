"""ui/candidate_privacy.py, ui/candidate_tags.py and pages/retention.py: notes, tags, source and
consent, the timeline, the data export and erasure on the candidate page; the tag filter and
multi-row tagging on the table; the Retention page."""
from __future__ import annotations

import io
import zipfile

from core import candidates as cands
from core import notes, privacy, storage, tags
from utils import app_as, audit_rows, labels, select_rows, table_rows


def _detail(user, c):
    return app_as(user, "pages/candidate_detail.py", id=c.id)


def test_a_note_is_added_and_shown_as_text(app_env, viewer, two):
    at = _detail(viewer, two[0])
    at.text_area(key=f"note_text-{two[0].id}").input("**bold?** [x](http://evil) <img src=x>")
    next(b for b in at.button if b.label == "Add note").click().run()
    assert not at.exception
    assert "**bold?** [x](http://evil) <img src=x>" in [t.value for t in at.text], "st.text: shown as typed"
    assert [n.body for n in notes.list_notes(viewer, two[0].id)] == ["**bold?** [x](http://evil) <img src=x>"]
    assert audit_rows("note_add") == [("viewer@example.com", "note_add", two[0].id)]
    assert "Privacy (GDPR)" not in [h.value for h in at.subheader], "viewers get no export or erasure"
    assert not labels(at) & {"Save tags", "Save source and consent"}


def test_tags_source_and_consent_are_set_on_the_candidate_page(app_env, recruiter, two):
    tags.add_tags(recruiter, [two[1].id], ["java"])
    at = _detail(recruiter, two[0])
    at.multiselect(key=f"tags-{two[0].id}").set_value(["java"]).run()
    next(b for b in at.button if b.label == "Save tags").click().run()
    assert tags.tags_of(recruiter, two[0].id) == ["java"]
    form_source = next(s for s in at.selectbox if s.label == "Source")
    form_source.set_value("referral")
    next(t for t in at.text_input if t.label == "Batch, referrer or client").input("Grace Hopper")
    next(d for d in at.date_input if d.label == "Consent to be kept until").set_value("2027-01-31")
    next(b for b in at.button if b.label == "Save source and consent").click().run()
    assert not at.exception
    c = cands.get_candidate(recruiter, two[0].id)
    assert (c.source, c.source_detail, str(c.consent_until)) == ("referral", "Grace Hopper", "2027-01-31")
    timeline = next(d.value for d in at.dataframe if "what" in d.value.columns)
    assert list(timeline["what"])[:3] == ["Edited: consent_until", "Edited: source", "Tagged: java"]


def test_an_admin_exports_and_erases_from_the_candidate_page(app_env, admin, two, downloads):
    at = _detail(admin, two[0])
    assert "Privacy (GDPR)" in [h.value for h in at.subheader]
    data, mime = downloads[f"candidate-{two[0].id}-data.zip"]
    assert mime == "application/zip"
    assert "summary.txt" in zipfile.ZipFile(io.BytesIO(data())).namelist()
    next(t for t in at.text_input if t.label.startswith("Why")).input("erasure request")
    next(b for b in at.button if b.label == "Erase for good").click().run()
    assert any("Tick the box" in e.value for e in at.error)
    assert cands.find_candidate(admin, two[0].id) is not None, "nothing erased without the box ticked"
    next(c for c in at.checkbox if c.label.startswith("I understand")).check()
    next(b for b in at.button if b.label == "Erase for good").click().run()
    assert not at.exception
    assert cands.find_candidate(admin, two[0].id) is None and storage.get_resume_file_path(two[0].id) is None
    assert audit_rows("erase") == [("admin@example.com", "erase", two[0].id)]


def test_the_table_filters_by_tag_and_tags_several_rows_at_once(app_env, recruiter, two):
    tags.add_tags(recruiter, [two[0].id], ["shortlist"])
    at = app_as(recruiter, "pages/candidates.py")
    assert list(table_rows(at)["tags"]) == ["", "shortlist"]  # Bob (newest) first
    at.selectbox(key="tag_filter").set_value("shortlist").run()
    assert list(table_rows(at)["name"]) == ["Ada"]
    at.selectbox(key="tag_filter").set_value("").run()
    select_rows(at, [0, 1])
    at.multiselect(key="bulk_tags").set_value(["shortlist"]).run()
    at.button(key="bulk_tags_add").click().run()
    assert not at.exception
    assert tags.tags_for(recruiter, [c.id for c in two]) == {two[0].id: ["shortlist"], two[1].id: ["shortlist"]}
    assert len(audit_rows("tag_add")) == 2, "one row for Ada's first tag, one for Bob's"


def test_the_retention_page_lists_and_erases_on_an_explicit_action(app_env, admin, two):
    privacy.set_consent(admin, two[1].id, "2020-01-01")
    at = app_as(admin, "pages/retention.py")
    df = table_rows(at)
    assert list(df["name"]) == ["Bob"] and list(df["why"]) == ["consent ended on 2020-01-01"]
    at.session_state["retention_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    next(c for c in at.checkbox if c.label.startswith("Erase the selected")).check()
    next(b for b in at.button if b.label == "Erase selected").click().run()
    assert not at.exception
    assert cands.find_candidate(admin, two[1].id) is None and cands.find_candidate(admin, two[0].id) is not None
    assert audit_rows("erase") == [("admin@example.com", "erase", two[1].id)]
    assert any("No candidate is due" in s.value for s in at.success)
