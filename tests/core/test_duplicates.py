"""core/duplicates.py: the possible-duplicates list, keep both, and the merge (one record, the
newer resume, both audit trails), on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from core import audit, duplicates, intake, storage
from core import candidates as cands
from core.errors import NotFoundError, PermissionDenied, ValidationError
from utils import audit_rows, resume_pdf, stored_files, wait_for_status


def pair_of(recruiter, older_pdf=None, newer_pdf=None):
    old = cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com", "+44 20 7946 0958",
                                 older_pdf, "old.pdf" if older_pdf else None)
    new = cands.create_candidate(recruiter, "ADA LOVELACE", "ada.king@example.com", None,
                                 newer_pdf, "new.pdf" if newer_pdf else None)
    return old, new


def test_the_list_shows_open_pairs_and_keep_both_removes_one(any_db, recruiter):
    old, new = pair_of(recruiter)
    pairs = duplicates.list_pairs(recruiter)
    assert [(p.older.id, p.newer.id, p.rule) for p in pairs] == [(old.id, new.id, "name")]
    assert duplicates.open_pair_count(recruiter) == 1
    duplicates.keep_both(recruiter, pairs[0].id)
    assert duplicates.list_pairs(recruiter) == [] and duplicates.open_pair_count(recruiter) == 0
    assert sorted(c for _, a, c in audit_rows(audit.KEEP_BOTH)) == [old.id, new.id]
    with pytest.raises(NotFoundError):
        duplicates.keep_both(recruiter, pairs[0].id)


def test_merge_keeps_one_record_the_newer_resume_and_both_audit_trails(any_db, app_env, recruiter, admin):
    older_pdf, newer_pdf = resume_pdf(employer="Old Co"), resume_pdf(employer="New Co", phone="+1 415 555 0142")
    old, new = pair_of(recruiter, older_pdf, newer_pdf)
    wait_for_status(recruiter, old.id)
    wait_for_status(recruiter, new.id)
    cands.update_candidate(recruiter, new.id, full_name="Ada Lovelace")  # an edit in the removed one's trail
    merged = duplicates.merge_candidates(recruiter, old.id, new.id)
    assert merged.id == old.id and merged.email == "ada@example.com"  # the kept record's own fields stay
    assert merged.resume_filename == "new.pdf" and storage.read_resume_file(old.id) == newer_pdf
    assert "New Co" in str(merged.parsed_resume["work"]) and merged.parse_status == "completed"
    assert cands.find_candidate(recruiter, new.id) is None
    assert stored_files(app_env / "resumes") == [f"{old.id}.pdf"]
    assert duplicates.list_pairs(recruiter) == []
    trail = {(e.candidate_id, e.action) for e in audit.list_events(admin, candidate_id=old.id)}
    assert {(old.id, "create"), (new.id, "create"), (new.id, "edit"), (new.id, "merge"), (old.id, "merge")} <= trail


def test_merge_keeps_the_kept_ones_resume_when_it_is_newer_and_fills_empty_fields(any_db, app_env, recruiter):
    first = cands.create_candidate(recruiter, "Grace Hopper", "grace@example.com", "+1 415 555 0142",
                                   resume_pdf("Grace Hopper", "grace@example.com"), "first.pdf")
    second = cands.create_candidate(recruiter, None, None, None, resume_pdf("Grace Hopper", "", ""), "second.pdf")
    wait_for_status(recruiter, second.id)
    later = intake.attach_resume(recruiter, first.id, resume_pdf("Grace Hopper", "grace@example.com",
                                                                 employer="Navy"), "latest.pdf")
    merged = duplicates.merge_candidates(recruiter, second.id, first.id)
    assert merged.id == second.id and merged.resume_filename == "latest.pdf"
    assert (merged.full_name, merged.email, merged.phone) == ("Grace Hopper", "grace@example.com", "+1 415-555-0142")
    assert not merged.needs_review
    assert storage.read_resume_file(second.id) is not None and stored_files(app_env / "resumes") == [f"{second.id}.pdf"]
    assert later.parse_status == "pending"
    assert wait_for_status(recruiter, second.id)["parsing_status"] == "completed"


def test_merge_chain_keeps_every_trail(any_db, recruiter, admin):
    a = cands.create_candidate(recruiter, "Ada Lovelace", "a@example.com")
    b = cands.create_candidate(recruiter, "Ada Lovelace", "b@example.com")
    c = cands.create_candidate(recruiter, "Ada Lovelace", "c@example.com")
    duplicates.merge_candidates(recruiter, b.id, a.id)
    duplicates.merge_candidates(recruiter, c.id, b.id)
    created = {e.candidate_id for e in audit.list_events(admin, candidate_id=c.id, action="create")}
    assert created == {a.id, b.id, c.id}


def test_merge_refusals(any_db, recruiter, viewer):
    a = cands.create_candidate(recruiter, "Ada Lovelace", "a@example.com")
    with pytest.raises(ValidationError):
        duplicates.merge_candidates(recruiter, a.id, a.id)
    with pytest.raises(NotFoundError):
        duplicates.merge_candidates(recruiter, a.id, a.id + 5)
    with pytest.raises(PermissionDenied):
        duplicates.merge_candidates(viewer, a.id, a.id + 1)
    assert cands.get_candidate(recruiter, a.id).email == "a@example.com"
