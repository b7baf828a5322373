"""What the law makes a team give back, and when it must let go (GDPR), as admins use it:
one candidate's data as a ZIP (access), erasure (core/erasure.py), the retention review
(core/retention.py). Also the two fields that go with them: the consent-until date and where
the resume came from (editable by whoever may edit candidates).
"""
from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

from sqlalchemy import inspect, select

from core import audit, erasure, retention, storage, timeline
from core.accounts import UserRecord
from core.candidates import _get_row, clean_filename
from core.db import session_scope
from core.errors import NotFoundError, ValidationError
from core.models import Candidate, CandidateNote, CandidateTag, utcnow
from core.permissions import Perm, require
from core.retention import RetentionItem
from core.sources import SOURCE_LABELS, clean_source
from core.validation import one_line


# --- source and consent -------------------------------------------------------------------

def set_source(actor: UserRecord, candidate_id: int, source: str, detail: str | None = None) -> None:
    actor = require(actor, Perm.EDIT)
    kind, detail = clean_source(source, detail)
    with session_scope() as s:
        row = _get_row(s, candidate_id)
        if (row.source, row.source_detail) != (kind, detail):
            row.source, row.source_detail = kind, detail
            audit.record(s, actor, audit.EDIT, candidate_id, "source")


def set_consent(actor: UserRecord, candidate_id: int, until: date | str | None) -> None:
    """The day the candidate's consent to be kept ends (None: no date given)."""
    actor = require(actor, Perm.EDIT)
    if isinstance(until, str):
        try:
            until = date.fromisoformat(until.strip()) if until.strip() else None
        except ValueError:
            raise ValidationError(f"The consent date {until!r} is not a date (YYYY-MM-DD).") from None
    if isinstance(until, datetime):
        until = until.date()
    with session_scope() as s:
        row = _get_row(s, candidate_id)
        if row.consent_until != until:
            row.consent_until = until
            audit.record(s, actor, audit.EDIT, candidate_id, "consent_until")


# --- access: one candidate's data as a ZIP ------------------------------------------------

def _jsonable(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _summary(row: Candidate, note_list, tag_list, events) -> str:
    lines = [
        "Personal data held by ResumeDesk about one candidate",
        f"Exported {utcnow():%Y-%m-%d %H:%M} UTC.",
        "",
        f"Candidate #{row.id}: {row.full_name}",
        f"Email: {row.email or '-'}",
        f"Phone: {row.phone or '-'}",
        f"Added: {row.created_at:%Y-%m-%d}; source: {SOURCE_LABELS.get(row.source, row.source)}"
        + (f" ({row.source_detail})" if row.source_detail else ""),
        f"Consent to be kept until: {row.consent_until or 'not recorded'}",
        f"Resume: {row.resume_filename or 'none'}"
        + (f", parsed by {row.parser_backend} on {row.parsed_at:%Y-%m-%d}" if row.parsed_at else ""),
        f"Notes: {len(note_list)}; tags: {', '.join(tag_list) or 'none'}; events in the timeline: {len(events)}",
        "",
        "Files in this archive:",
        "  candidate.json      every field stored about the candidate",
        "  parsed_resume.json  what was read from the resume (JSON Resume)",
        "  notes.json          the team's notes",
        "  tags.json           the tags",
        "  timeline.json       what was done with the data, when and by whom",
    ]
    if row.resume_path:
        lines.append("  resume/             the resume exactly as it was received")
    return "\n".join(lines) + "\n"


def export_candidate(actor: UserRecord, candidate_id: int) -> tuple[str, bytes]:
    """(file name, ZIP) of everything kept about one candidate, for an access request; audited."""
    actor = require(actor, Perm.PRIVACY)
    with session_scope(readonly=True) as s:
        row = _get_row(s, candidate_id)
        fields = {c.key: _jsonable(getattr(row, c.key)) for c in inspect(Candidate).column_attrs}
        note_list = [{"id": n.id, "author": n.author_email, "created_at": n.created_at.isoformat(),
                      "updated_at": n.updated_at.isoformat(), "text": n.body}
                     for n in s.execute(select(CandidateNote).where(CandidateNote.candidate_id == candidate_id)
                                        .order_by(CandidateNote.created_at)).scalars()]
        tag_list = sorted(s.execute(select(CandidateTag.tag).where(CandidateTag.candidate_id == candidate_id)).scalars())
        s.expunge(row)
    events = timeline.events(candidate_id)
    data = storage.read_resume_file(candidate_id)
    buffer = io.BytesIO()
    dump = lambda value: json.dumps(value, indent=2, ensure_ascii=False, default=str)  # noqa: E731
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("summary.txt", _summary(row, note_list, tag_list, events))
        zf.writestr("candidate.json", dump(fields))
        zf.writestr("parsed_resume.json", dump(row.parsed_resume))
        zf.writestr("notes.json", dump(note_list))
        zf.writestr("tags.json", dump(tag_list))
        zf.writestr("timeline.json", dump([e.as_dict() for e in events]))
        if data is not None:
            zf.writestr(f"resume/{clean_filename(row.resume_filename)}", data)
    audit.record_now(actor, audit.DATA_EXPORT, [candidate_id], "ZIP")
    return f"candidate-{candidate_id}-data.zip", buffer.getvalue()


# --- erasure and the retention review -----------------------------------------------------

def erase_candidate(actor: UserRecord, candidate_id: int, reason: str) -> None:
    """Erase the candidate for good (core/erasure.py); `reason` is kept in the audit log, without
    the candidate's name, email or phone in it."""
    actor = require(actor, Perm.PRIVACY)
    if not one_line(reason):
        raise ValidationError("Say why the candidate is erased (e.g. 'erasure request of 2026-11-30').")
    erasure.erase(candidate_id, reason, actor)


def due_for_review(actor: UserRecord) -> list[RetentionItem]:
    """The Retention page's list (core/retention.py)."""
    require(actor, Perm.PRIVACY)
    return retention.due()


def erase_due(actor: UserRecord, candidate_ids: list[int], reason: str = "retention review") -> int:
    """Erase these candidates from the review list (an admin's explicit action); returns how
    many were erased (those gone meanwhile are skipped)."""
    actor = require(actor, Perm.PRIVACY)
    if not one_line(reason):
        raise ValidationError("Say why the candidates are erased (e.g. 'retention review').")
    erased = 0
    for candidate_id in dict.fromkeys(candidate_ids):
        try:
            erasure.erase(candidate_id, reason, actor)
            erased += 1
        except NotFoundError:
            continue
    return erased
