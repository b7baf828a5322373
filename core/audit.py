"""The audit trail: who did what to which candidate (or user, or setting), and when.

A change is recorded in the same transaction as the change itself (no change without its
row, no row without its change). A download is recorded when its bytes are read, that is
when the user clicks, not when the button is drawn. Rows are never updated or deleted by
the app, with one exception: erasing a candidate (core/privacy.py) blanks the details of
that candidate's earlier rows and cuts the candidate's name, email and phone out of any other
row (`redact`), so the log keeps that things happened, and the erasure itself, but no personal
data. The actor's email and a short detail are copied in, so a row still reads right after the
user or the candidate is gone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from core.accounts import UserRecord
from core.csv_export import csv_bytes
from core.db import session_scope
from core.errors import ValidationError
from core.validation import parse_id
from core.models import AuditEvent, Candidate, CandidateMerge, utcnow
from core.permissions import Perm, require

# Candidate actions
CREATE, EDIT, REPARSE, DOWNLOAD, DELETE, EXPORT = "create", "edit", "reparse", "download", "delete", "export"
RESUME_ATTACH, RESUME_REPLACE, MERGE, BULK_INTAKE, KEEP_BOTH = (
    "resume_attach", "resume_replace", "merge", "bulk_intake", "keep_both")
# Account and admin actions
SIGN_IN, SIGN_IN_FAILED, SIGN_OUT = "sign_in", "sign_in_failed", "sign_out"
USER_CREATE, USER_ROLE, USER_DISABLE, USER_ENABLE = "user_create", "user_role", "user_disable", "user_enable"
PASSWORD_RESET, PASSWORD_CHANGE, SETTING_CHANGE = "password_reset", "password_change", "setting_change"
TOKEN_CREATE, TOKEN_REVOKE = "token_create", "token_revoke"
# What the parse jobs do (no user: written by the worker, detail names the backend)
PARSE_START, PARSE_DONE, PARSE_FAIL = "parse_start", "parse_done", "parse_fail"
# Notes, tags, and what the law asks for (core/notes.py, core/tags.py, core/privacy.py)
NOTE_ADD, NOTE_EDIT, NOTE_DELETE = "note_add", "note_edit", "note_delete"
TAG_ADD, TAG_REMOVE = "tag_add", "tag_remove"
DATA_EXPORT, ERASE = "data_export", "erase"

ACTIONS = (CREATE, EDIT, REPARSE, DOWNLOAD, DELETE, EXPORT, SIGN_IN, SIGN_IN_FAILED, SIGN_OUT,
           USER_CREATE, USER_ROLE, USER_DISABLE, USER_ENABLE, PASSWORD_RESET, PASSWORD_CHANGE,
           SETTING_CHANGE, TOKEN_CREATE, TOKEN_REVOKE, RESUME_ATTACH, RESUME_REPLACE, MERGE, BULK_INTAKE,
           KEEP_BOTH, PARSE_START, PARSE_DONE, PARSE_FAIL, NOTE_ADD, NOTE_EDIT, NOTE_DELETE, TAG_ADD, TAG_REMOVE,
           DATA_EXPORT, ERASE)
REDACTED = "[redacted]"
MAX_DETAIL = 2000
MAX_EMAIL_FILTER = 320  # an address is at most this long
SHELL = "command line"  # the actor of what is done from a shell (python -m core.users)
UNKNOWN_ADDRESS = "unknown address"  # a failed sign-in for an address that is nobody's (never the typed text)


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    actor_id: int | None
    actor_email: str
    action: str
    candidate_id: int | None
    detail: str
    # The candidate's name now; empty once it is deleted (the log keeps no personal data).
    candidate_name: str = ""

    @classmethod
    def from_row(cls, row: AuditEvent, candidate_name: str | None = None) -> "AuditRecord":
        values = {f.name: getattr(row, f.name) for f in fields(cls) if f.name != "candidate_name"}
        return cls(**values, candidate_name=candidate_name or "")


def record(
    s: Session,
    actor: UserRecord | None,
    action: str,
    candidate_id: int | None = None,
    detail: str = "",
    *,
    actor_email: str | None = None,
) -> None:
    """Add one row to the caller's transaction (it commits or rolls back with the change)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    s.add(AuditEvent(
        at=utcnow(),
        actor_id=actor.id if actor else None,
        actor_email=(actor.email if actor else actor_email or "")[:320],
        action=action,
        candidate_id=candidate_id,
        detail=(detail or "")[:MAX_DETAIL],
    ))


def record_now(actor: UserRecord | None, action: str, candidate_ids=(None,), detail: str = "", **kw) -> None:
    """Rows in a transaction of their own (downloads, exports, sign-ins): all or none."""
    with session_scope() as s:
        for candidate_id in candidate_ids:
            record(s, actor, action, candidate_id, detail, **kw)


def of_candidate(candidate_id: int):
    """The rows of a candidate, with the trails of the candidates merged into it."""
    merged = select(CandidateMerge.removed_id).where(CandidateMerge.kept_id == candidate_id)
    return or_(AuditEvent.candidate_id == candidate_id, AuditEvent.candidate_id.in_(merged))


def redact(s: Session, candidate_id: int, needles: list[str]) -> int:
    """Blank the details of the candidate's rows (and of those merged into it); cut `needles`
    (name, email, phone; four characters or more) out of every other row's detail. Returns
    how many rows changed."""
    changed = s.execute(
        update(AuditEvent).where(of_candidate(candidate_id), AuditEvent.detail != "")
        .values(detail=REDACTED).execution_options(synchronize_session=False)
    ).rowcount
    needles = sorted({n.strip() for n in needles if n and len(n.strip()) >= 4}, key=len, reverse=True)
    if not needles:
        return changed
    like = or_(*(func.lower(AuditEvent.detail).like(f"%{n.lower()}%") for n in needles))
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.I)
    for row in s.execute(select(AuditEvent).where(like)).scalars():
        row.detail = pattern.sub(REDACTED, row.detail)
        changed += 1
    return changed


def _query(action, actor_email, candidate_id, since, until):
    q = select(AuditEvent, Candidate.full_name).outerjoin(Candidate, Candidate.id == AuditEvent.candidate_id)
    if action:
        actions = [action] if isinstance(action, str) else list(action)
        q = q.where(AuditEvent.action.in_(actions))
    if actor_email and len(actor_email.strip()) > MAX_EMAIL_FILTER:
        raise ValidationError(f"The user filter is longer than {MAX_EMAIL_FILTER} characters; shorten it.")
    if actor_email and actor_email.strip():
        q = q.where(AuditEvent.actor_email.like(f"%{actor_email.strip().lower()}%"))
    if candidate_id is not None:
        q = q.where(of_candidate(parse_id(candidate_id, "The candidate number")))
    if since is not None:
        q = q.where(AuditEvent.at >= since)
    if until is not None:
        q = q.where(AuditEvent.at < until)
    return q


def list_events(
    actor: UserRecord,
    *,
    action: str | list[str] | None = None,
    actor_email: str | None = None,
    candidate_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 1000,
) -> list[AuditRecord]:
    """Newest first; `actor_email` matches part of the address; `until` is exclusive."""
    require(actor, Perm.VIEW_AUDIT)
    q = _query(action, actor_email, candidate_id, since, until)
    q = q.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(max(1, min(int(limit), 100_000)))
    with session_scope(readonly=True) as s:
        return [AuditRecord.from_row(event, name) for event, name in s.execute(q).all()]


CSV_COLUMNS = [f.name for f in fields(AuditRecord)]


def events_csv(actor: UserRecord, **filters) -> bytes:
    """The filtered log as CSV (UTF-8); the export itself is recorded."""
    events = list_events(actor, limit=100_000, **filters)
    data = csv_bytes(CSV_COLUMNS, events)
    wanted = ", ".join(f"{k}={v}" for k, v in filters.items() if v not in (None, "", []))
    record_now(actor, EXPORT, detail=f"audit log, {len(events)} rows" + (f" ({wanted})" if wanted else ""))
    return data
