"""core/timeline.py: a candidate's history from the audit log, newest first, as each role may
see it (on SQLite and PostgreSQL)."""
from __future__ import annotations

import pytest

from core import candidates as cands
from core import notes, tags, timeline, user_admin
from core.errors import NotFoundError
from utils import blank_pdf, resume_pdf, wait_for_status


def test_the_timeline_tells_what_happened_by_whom_newest_first(team):
    c = cands.create_candidate(team.recruiter, "Ada Lovelace", "ada@example.com", resume=resume_pdf())
    wait_for_status(team.recruiter, c.id)
    cands.update_candidate(team.recruiter, c.id, phone="+44 20 7946 0000")
    notes.add_note(team.viewer, c.id, "met at the fair")
    tags.add_tags(team.recruiter, [c.id], ["java"])
    cands.resume_download(team.recruiter, c.id)
    cands.resume_download(team.admin, c.id, purpose="preview")
    entries = timeline.candidate_timeline(team.admin, c.id)
    assert [(e.who, e.what) for e in entries] == [
        ("admin@example.com", "Resume previewed"),
        ("recruiter@example.com", "Resume downloaded"),
        ("recruiter@example.com", "Tagged: java"),
        ("viewer@example.com", "Note added: note #1"),
        ("recruiter@example.com", "Edited: phone"),
        ("parser", "Parsing completed: rules"),
        ("parser", "Parsing started: rules, attempt 1"),
        ("recruiter@example.com", "Created: with resume"),
    ]
    assert all(a.at >= b.at for a, b in zip(entries, entries[1:]))


def test_a_failed_parse_says_why_and_with_which_backend(team):
    c = cands.create_candidate(team.recruiter, "Scan", "scan@example.com", resume=blank_pdf())
    assert wait_for_status(team.recruiter, c.id)["parsing_status"] == "failed"
    failed = timeline.candidate_timeline(team.viewer, c.id)[0]
    assert failed.action == "parse_fail" and failed.what.startswith("Parsing failed: rules: no text layer")


def test_viewers_see_their_own_downloads_but_not_others(team):
    user_admin.set_viewer_downloads(team.admin, True)
    c = cands.create_candidate(team.recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    cands.resume_download(team.recruiter, c.id)
    cands.resume_download(team.viewer, c.id, purpose="preview")
    seen = {(e.who, e.action) for e in timeline.candidate_timeline(team.viewer, c.id)}
    assert ("viewer@example.com", "download") in seen
    assert ("recruiter@example.com", "download") not in seen
    assert ("recruiter@example.com", "create") in seen
    everything = {(e.who, e.action) for e in timeline.candidate_timeline(team.other, c.id)}
    assert ("recruiter@example.com", "download") in everything and ("viewer@example.com", "download") in everything


def test_no_timeline_for_a_candidate_that_is_not_there(team):
    with pytest.raises(NotFoundError):
        timeline.candidate_timeline(team.admin, 42)
