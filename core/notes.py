"""Notes on a candidate: dated plain text that anyone who may see the candidate writes; the
author or an admin edits or deletes it. Each change is in the audit log (which note, never
its text: the log keeps no personal data)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import select

from core import audit
from core.accounts import UserRecord
from core.candidates import _get_row
from core.db import session_scope
from core.errors import NotFoundError, PermissionDenied, ValidationError
from core.models import CandidateNote
from core.permissions import Perm, require
from core.validation import valid_id

MAX_NOTE = 5000  # characters


@dataclass(frozen=True)
class NoteRecord:
    id: int
    candidate_id: int
    author_id: int | None
    author_email: str
    body: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: CandidateNote) -> "NoteRecord":
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})

    @property
    def edited(self) -> bool:
        return (self.updated_at - self.created_at).total_seconds() > 1


def clean_body(text: str | None) -> str:
    """Plain text with its line breaks; other control characters dropped; bounded."""
    body = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    body = "".join(c for c in body if c in "\n\t" or unicodedata.category(c)[0] != "C").strip()
    if not body:
        raise ValidationError("The note is empty.")
    if len(body) > MAX_NOTE:
        raise ValidationError(f"The note is {len(body)} characters long; the limit is {MAX_NOTE}.")
    return body


def list_notes(actor: UserRecord, candidate_id: int) -> list[NoteRecord]:
    """Newest first."""
    require(actor, Perm.VIEW)
    with session_scope(readonly=True) as s:
        _get_row(s, candidate_id)
        rows = s.execute(select(CandidateNote).where(CandidateNote.candidate_id == candidate_id)
                         .order_by(CandidateNote.created_at.desc(), CandidateNote.id.desc())).scalars()
        return [NoteRecord.from_row(r) for r in rows]


def add_note(actor: UserRecord, candidate_id: int, body: str) -> NoteRecord:
    actor = require(actor, Perm.VIEW)
    text = clean_body(body)
    with session_scope() as s:
        _get_row(s, candidate_id)
        row = CandidateNote(candidate_id=candidate_id, author_id=actor.id, author_email=actor.email, body=text)
        s.add(row)
        s.flush()
        audit.record(s, actor, audit.NOTE_ADD, candidate_id, f"note #{row.id}")
        return NoteRecord.from_row(row)


def _own_note(s, actor: UserRecord, note_id: int, candidate_id: int | None) -> CandidateNote:
    row = s.get(CandidateNote, note_id) if valid_id(note_id) else None
    if row is None or candidate_id is not None and row.candidate_id != candidate_id:
        raise NotFoundError(f"There is no note #{note_id}.")
    if row.author_id != actor.id and actor.role != "admin":
        raise PermissionDenied("Only the note's author or an admin may change it.")
    return row


def may_change(actor: UserRecord, note: NoteRecord) -> bool:
    """For showing the edit and delete buttons; edit_note and delete_note check again."""
    return note.author_id == actor.id or actor.role == "admin"


def edit_note(actor: UserRecord, note_id: int, body: str, candidate_id: int | None = None) -> NoteRecord:
    """`candidate_id`, when given, must be the note's candidate (an address naming both)."""
    actor = require(actor, Perm.VIEW)
    text = clean_body(body)
    with session_scope() as s:
        row = _own_note(s, actor, note_id, candidate_id)
        if row.body != text:
            row.body = text
            audit.record(s, actor, audit.NOTE_EDIT, row.candidate_id, f"note #{row.id}")
        s.flush()
        return NoteRecord.from_row(row)


def delete_note(actor: UserRecord, note_id: int, candidate_id: int | None = None) -> None:
    actor = require(actor, Perm.VIEW)
    with session_scope() as s:
        row = _own_note(s, actor, note_id, candidate_id)
        audit.record(s, actor, audit.NOTE_DELETE, row.candidate_id, f"note #{row.id}")
        s.delete(row)
