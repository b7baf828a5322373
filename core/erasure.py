"""Erasing a candidate for good: one database transaction plus one file step that cannot
leave half.

The resume is moved aside before the transaction commits (and moved back if it does not),
then overwritten and removed. A process that dies in between leaves a marked file that the
next start settles (`settle`). The row, its notes, tags, duplicate pairs and intake items go; the audit log keeps that an
erasure happened (who, when, why, the id) and nothing personal: the candidate's earlier rows
are redacted (core/audit.py `redact`). A parse job still running writes nothing afterwards
(its writes are fenced on the row, core/jobs.py). On SQLite the database runs with
`secure_delete` (core/db.py), so deleted rows are zeroed in the file, and the write-ahead log
is checkpointed and truncated after each erasure.

Who may erase is checked by the callers: core/privacy.py (an admin) and core/retention.py
(the automatic policy).
"""
from __future__ import annotations

import logging
import re

from sqlalchemy import delete, or_

from core import audit, search, storage
from core.accounts import UserRecord
from core.db import get_engine, session_scope
from core.errors import NotFoundError
from core.models import Candidate, CandidateMerge, CandidateNote, CandidateTag, DuplicatePair, IntakeItem
from core.validation import one_line, valid_id

log = logging.getLogger(__name__)

MAX_REASON = 500
STALE_UPLOAD_SECONDS = 3600


def _clean_reason(reason: str | None, needles: list[str]) -> str:
    """The reason on one line, bounded, with the candidate's name, email and phone cut out."""
    text = one_line(reason, MAX_REASON)
    for needle in sorted((n for n in needles if n and len(n) >= 3), key=len, reverse=True):
        text = re.sub(re.escape(needle), audit.REDACTED, text, flags=re.I)
    return text


def erase(candidate_id: int, reason: str, actor: UserRecord | None, actor_email: str | None = None) -> None:
    """Erase the candidate; NotFoundError when there is none."""
    moved = False
    try:
        with session_scope() as s:
            row = s.get(Candidate, candidate_id) if valid_id(candidate_id) else None
            if row is None:
                raise NotFoundError(f"There is no candidate #{candidate_id}.")
            needles = [row.full_name, row.email, row.phone, row.phone_typed, row.phone_e164, row.resume_filename,
                       *row.full_name.split()]
            for table, column in ((CandidateNote, CandidateNote.candidate_id), (CandidateTag, CandidateTag.candidate_id),
                                  (DuplicatePair, DuplicatePair.candidate_id), (DuplicatePair, DuplicatePair.other_id),
                                  (IntakeItem, IntakeItem.candidate_id)):  # an intake item holds the file's name
                s.execute(delete(table).where(column == candidate_id))
            s.flush()
            audit.redact(s, candidate_id, [n for n in needles if n])  # before the merges it follows go
            s.execute(delete(CandidateMerge).where(or_(CandidateMerge.kept_id == candidate_id,
                                                       CandidateMerge.removed_id == candidate_id)))
            s.delete(row)
            s.flush()
            search.purge(s)
            audit.record(s, actor, audit.ERASE, candidate_id, _clean_reason(reason, needles),
                         actor_email=actor_email)
            s.flush()
            moved = storage.stage_erasure(candidate_id)
    except BaseException:
        if moved:
            storage.restore_erasure(candidate_id)
        raise
    storage.finish_erasure(candidate_id)
    _compact()
    log.info("candidate %s erased by %s", candidate_id, actor.email if actor else actor_email)


def _compact() -> None:
    """SQLite: move the write-ahead log into the database file and truncate it, so the old
    page images of the erased rows do not linger in the -wal file (best effort: a long reader
    can hold it; the next erasure or SQLite's own checkpoint gets it)."""
    engine = get_engine()
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except Exception:  # noqa: BLE001
        log.warning("checkpoint after an erasure failed", exc_info=True)
    finally:
        raw.close()


def _exists(candidate_id: int) -> bool:
    with session_scope(readonly=True) as s:
        return s.get(Candidate, candidate_id) is not None


def settle() -> int:
    """Finish erasures a dead process left half-done, and remove temporary upload files older
    than an hour (they hold resumes); returns how many files were dealt with."""
    return storage.settle_erasures(_exists) + storage.remove_stale_uploads(STALE_UPLOAD_SECONDS)
