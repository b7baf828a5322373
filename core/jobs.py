"""Background parsing: one shared thread pool per process, job state in the database.

The executor only holds work in memory; the truth is the candidate row. A job is *claimed*
(`pending`, no live lease -> lease owned by this process, attempt + 1) before it runs, every
later write is fenced by owner and attempt, so a job submitted twice, or resubmitted after its
process died, is parsed by exactly one worker, and a worker that lost its lease changes
nothing when it finishes late.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import and_, or_, select, update

from core import parser, storage
from core.config import get_settings
from core.db import Candidate, session_scope, utcnow
from core.errors import ParseFailure

log = logging.getLogger(__name__)

OWNER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
STAGES = ("queued", "extracting", "parsing", "saving")

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def get_executor() -> ThreadPoolExecutor:
    """The process's one pool (PARSER_WORKERS threads), created on first use."""
    global _executor
    with _lock:
        if _executor is None:
            workers = get_settings().parser_workers
            _executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="parser")
            log.info("parser pool started with %d workers", workers)
        return _executor


def submit(candidate_id: int) -> Future:
    return get_executor().submit(run_job, candidate_id)


def _lease_free(now):
    return or_(Candidate.lease_owner.is_(None), Candidate.lease_expires_at < now)


def claim(candidate_id: int) -> int | None:
    """Take the job if it is pending and nobody holds a live lease; returns the attempt number."""
    now = utcnow()
    lease = timedelta(seconds=get_settings().job_lease_seconds)
    with session_scope() as s:
        result = s.execute(
            update(Candidate)
            .where(Candidate.id == candidate_id, Candidate.parse_status == "pending", _lease_free(now))
            .values(
                lease_owner=OWNER,
                lease_expires_at=now + lease,
                parse_attempts=Candidate.parse_attempts + 1,
                parse_stage="extracting",
                parse_error=None,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return None
        return s.execute(select(Candidate.parse_attempts).where(Candidate.id == candidate_id)).scalar_one()


def _fenced_update(candidate_id: int, attempt: int, **values) -> bool:
    """Write only if this process still holds the job's lease for this attempt."""
    with session_scope() as s:
        result = s.execute(
            update(Candidate)
            .where(
                Candidate.id == candidate_id,
                Candidate.lease_owner == OWNER,
                Candidate.parse_attempts == attempt,
                Candidate.parse_status == "pending",
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1


def _stage(candidate_id: int, attempt: int, stage: str) -> bool:
    lease = timedelta(seconds=get_settings().job_lease_seconds)
    return _fenced_update(candidate_id, attempt, parse_stage=stage, lease_expires_at=utcnow() + lease)


def run_job(candidate_id: int) -> str | None:
    """Parse one candidate's resume; returns the final status, or None if not claimed.

    Never raises: a failing job records `failed` with a reason and logs the cause, and the
    pool thread goes on to the next job.
    """
    try:
        attempt = claim(candidate_id)
    except Exception:
        log.exception("could not claim the parse job of candidate %s", candidate_id)
        return None
    if attempt is None:
        return None
    try:
        path = storage.get_resume_file_path(candidate_id)
        if path is None:
            raise ParseFailure("the resume file is missing from storage")
        doc = parser.extract(path)
        if not _stage(candidate_id, attempt, "parsing"):
            return None
        result = parser.parse_document(doc)
        if not _stage(candidate_id, attempt, "saving"):
            return None
        done = _fenced_update(
            candidate_id, attempt,
            parse_status="completed", parse_stage=None, parse_error=None,
            parsed_resume=result.document, parser_backend=result.backend,
            hidden_text=result.hidden_text or None, parsed_at=utcnow(),
            lease_owner=None, lease_expires_at=None,
        )
        return "completed" if done else None
    except ParseFailure as failure:
        log.warning("parse of candidate %s failed: %s", candidate_id, failure)
        reason = str(failure)
    except Exception as exc:
        log.exception("parse of candidate %s crashed", candidate_id)
        reason = f"unexpected error while parsing ({type(exc).__name__}: {exc})"
    try:
        done = _fenced_update(
            candidate_id, attempt,
            parse_status="failed", parse_stage=None, parse_error=reason,
            lease_owner=None, lease_expires_at=None,
        )
    except Exception:
        log.exception("could not record the failure of candidate %s", candidate_id)
        return None
    return "failed" if done else None


def resume_pending() -> int:
    """Submit every pending job nobody holds (queued before a restart, or whose process died)."""
    now = utcnow()
    with session_scope(readonly=True) as s:
        ids = s.execute(
            select(Candidate.id)
            .where(and_(Candidate.parse_status == "pending", _lease_free(now)))
            .order_by(Candidate.id)
        ).scalars().all()
    for candidate_id in ids:
        submit(candidate_id)
    if ids:
        log.info("resubmitted %d pending parse jobs", len(ids))
    return len(ids)


def start() -> int:
    """Process start: storage ready, schema ready, pool up, unfinished jobs back in the queue."""
    storage.ensure_resume_directory()
    return resume_pending()


def shutdown(wait: bool = True) -> None:
    global _executor
    with _lock:
        executor, _executor = _executor, None
    if executor is not None:
        executor.shutdown(wait=wait, cancel_futures=not wait)
