"""A candidate's history, told from the audit log: created, resume uploaded, parses started,
completed and failed (with the backend), fields edited (which), notes, tags, downloads and
previews, by whom; newest first.

A viewer sees no downloads but their own: who took a resume is for the people who may take
them too.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, not_, select

from core import audit
from core.accounts import UserRecord
from core.candidates import _get_row
from core.db import session_scope
from core.models import AuditEvent
from core.permissions import Perm, require

MAX_EVENTS = 2000

_LABELS = {
    audit.CREATE: "Created",
    audit.EDIT: "Edited",
    audit.REPARSE: "Re-parse requested",
    audit.DOWNLOAD: "Resume downloaded",
    audit.PARSE_START: "Parsing started",
    audit.PARSE_DONE: "Parsing completed",
    audit.PARSE_FAIL: "Parsing failed",
    audit.NOTE_ADD: "Note added",
    audit.NOTE_EDIT: "Note edited",
    audit.NOTE_DELETE: "Note deleted",
    audit.TAG_ADD: "Tagged",
    audit.TAG_REMOVE: "Tag removed",
    audit.DATA_EXPORT: "Personal data exported",
}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    who: str          # the user's email, or "parser" for what the parse jobs did
    action: str       # the audit action
    what: str         # a short sentence for people

    def as_dict(self) -> dict:
        return {"at": self.at.isoformat(), "who": self.who, "action": self.action, "what": self.what}


def _sentence(action: str, detail: str) -> str:
    if action == audit.DOWNLOAD and detail == "preview":
        return "Resume previewed"
    if action == audit.DOWNLOAD and detail.startswith("ZIP"):
        return f"Resume downloaded in a {detail}"
    if action == audit.DOWNLOAD:
        return "Resume downloaded"
    label = _LABELS.get(action, action.replace("_", " ").capitalize())
    return f"{label}: {detail}" if detail else label


def events(candidate_id: int, actor: UserRecord | None = None) -> list[TimelineEntry]:
    """The timeline as `actor` may see it (None: everything, for the data export)."""
    q = select(AuditEvent).where(audit.of_candidate(candidate_id))
    if actor is not None and actor.role == "viewer":
        q = q.where(not_(and_(AuditEvent.action == audit.DOWNLOAD,
                              AuditEvent.actor_id.is_distinct_from(actor.id))))
    q = q.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(MAX_EVENTS)
    with session_scope(readonly=True) as s:
        return [TimelineEntry(at=e.at, who=e.actor_email or "-", action=e.action,
                              what=_sentence(e.action, e.detail or ""))
                for e in s.execute(q).scalars()]


def candidate_timeline(actor: UserRecord, candidate_id: int) -> list[TimelineEntry]:
    """Newest first; NotFoundError when the candidate is gone."""
    actor = require(actor, Perm.VIEW)
    with session_scope(readonly=True) as s:
        _get_row(s, candidate_id)
    return events(candidate_id, actor)
