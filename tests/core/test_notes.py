"""core/notes.py: who writes, edits and deletes notes; what the audit log keeps of them (on
SQLite and PostgreSQL)."""
from __future__ import annotations

import pytest

from core import candidates as cands
from core import notes
from core.errors import NotFoundError, PermissionDenied, ValidationError
from utils import audit_rows


def test_anyone_who_may_view_writes_notes_newest_first(team):
    c = cands.create_candidate(team.recruiter, "Ada Lovelace", "ada@example.com")
    first = notes.add_note(team.viewer, c.id, "  Strong on maths.\r\nCall back Monday.  ")
    second = notes.add_note(team.recruiter, c.id, "**not bold** <b>nor this</b> [link](http://x)")
    assert first.body == "Strong on maths.\nCall back Monday."
    assert second.body == "**not bold** <b>nor this</b> [link](http://x)", "kept as typed: shown as text"
    listed = notes.list_notes(team.viewer, c.id)
    assert [n.id for n in listed] == [second.id, first.id]
    assert listed[1].author_email == "viewer@example.com" and listed[1].created_at is not None
    assert audit_rows("note_add", detail=True) == [
        ("viewer@example.com", "note_add", c.id, f"note #{first.id}"),
        ("recruiter@example.com", "note_add", c.id, f"note #{second.id}"),
    ], "the log says which note, never its text"


def test_only_the_author_or_an_admin_edits_or_deletes(team):
    c = cands.create_candidate(team.recruiter, "Ada", "ada@example.com")
    note = notes.add_note(team.recruiter, c.id, "first draft")
    for stranger in (team.other, team.viewer):
        with pytest.raises(PermissionDenied, match="author or an admin"):
            notes.edit_note(stranger, note.id, "hijacked")
        with pytest.raises(PermissionDenied):
            notes.delete_note(stranger, note.id)
    assert notes.edit_note(team.recruiter, note.id, "second draft").body == "second draft"
    assert notes.edit_note(team.admin, note.id, "moderated").body == "moderated"
    notes.edit_note(team.admin, note.id, "moderated")  # unchanged: no row
    assert [r[:2] for r in audit_rows("note_edit")] == [("recruiter@example.com", "note_edit"),
                                                        ("admin@example.com", "note_edit")]
    notes.delete_note(team.admin, note.id)
    assert notes.list_notes(team.recruiter, c.id) == []
    assert audit_rows("note_delete") == [("admin@example.com", "note_delete", c.id)]
    with pytest.raises(NotFoundError):
        notes.delete_note(team.admin, note.id)


@pytest.mark.parametrize("body, message", [("   \n ", "empty"), ("x" * (notes.MAX_NOTE + 1), "limit is 5000")])
def test_bad_notes_are_refused_and_store_nothing(team, body, message):
    c = cands.create_candidate(team.recruiter, "Ada", "ada@example.com")
    with pytest.raises(ValidationError, match=message):
        notes.add_note(team.recruiter, c.id, body)
    assert notes.list_notes(team.recruiter, c.id) == [] and audit_rows("note_add") == []


def test_control_characters_are_dropped_and_unknown_candidates_refused(team):
    c = cands.create_candidate(team.recruiter, "Ada", "ada@example.com")
    assert notes.add_note(team.recruiter, c.id, "a\x00b\x1b[31mc\td").body == "ab[31mc\td"
    with pytest.raises(NotFoundError):
        notes.add_note(team.recruiter, 999, "hello")
    with pytest.raises(PermissionDenied):
        notes.list_notes(None, c.id)
