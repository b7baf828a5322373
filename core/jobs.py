"""Background parsing: the job queue is the candidates table; each process runs a thread pool.

A candidate whose `parse_status` is `pending` is a job. Workers *claim* one (a lease: owner and
expiry; attempt + 1) in a single statement — `UPDATE ... RETURNING` in an IMMEDIATE
transaction on SQLite, `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL — so any number of
threads and processes share the queue and each job runs once. A heartbeat keeps the leases of
running jobs alive. A job whose owner was a process on this host that no longer exists is taken
over at once (at start and at every poll; core/process_identity.py tells); one whose owner ran
elsewhere is claimed again once its lease expires. Every write
after the claim is fenced by owner and attempt, so a worker that lost its lease and finishes
late changes nothing. Transient failures (model timeout, 429/5xx, database busy) go back to
the queue with exponential backoff, up to JOB_MAX_ATTEMPTS claims; permanent ones fail at once.
"""
from __future__ import annotations

import logging
import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import OperationalError

from core import audit, contacts, erasure, parser, process_identity, retention, search, storage
from core.config import get_settings
from core.db import get_engine, session_scope
from core.errors import DatabaseUnavailable, ParseFailure
from core.models import Candidate, utcnow

log = logging.getLogger(__name__)

# Every lease this process takes is owned by "PROCESS:<claim>": the process's identity (host,
# boot, PID namespace, pid, start time) lets a process of the same host see that it died.
PROCESS = process_identity.identity()
# A lease outlives this many missed heartbeats (a stalled database, a busy machine).
HEARTBEATS_PER_LEASE = 6


def _new_identity_after_fork() -> None:
    global PROCESS
    PROCESS = process_identity.identity()


os.register_at_fork(after_in_child=_new_identity_after_fork)
PARSER_ACTOR = "parser"  # the audit log's actor of parse events (no user does them)


class _Pool:
    """The process's executor plus the bookkeeping that lets idle workers sleep.

    `wake()` starts a draining worker if fewer than PARSER_WORKERS are running; a worker
    claims jobs until the queue has none for it, then ends. A poller thread wakes the pool
    every JOB_POLL_SECONDS for work nobody announced (retries coming due, a dead process's
    jobs, another instance's uploads); a heartbeat thread extends the leases of running jobs.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="parser")
        self.lock = threading.Lock()
        self.draining = 0
        self.wanted = False          # a wake arrived while every worker was busy
        self.running: dict[int, str] = {}   # candidate id -> lease owner, for the heartbeat
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._every, args=(self._poll_seconds, self.poll), daemon=True,
                             name="parser-poller"),
            threading.Thread(target=self._every, args=(self._heartbeat_seconds, self.heartbeat),
                             daemon=True, name="parser-heartbeat"),
            threading.Thread(target=self._every, args=(self._retention_seconds, retention.sweep),
                             daemon=True, name="parser-retention"),
        ]
        for t in self.threads:
            t.start()

    @staticmethod
    def _poll_seconds() -> float:
        return get_settings().job_poll_seconds

    @staticmethod
    def _retention_seconds() -> float:
        return get_settings().retention_check_seconds

    @staticmethod
    def _heartbeat_seconds() -> float:
        return max(0.05, get_settings().job_lease_seconds / HEARTBEATS_PER_LEASE)

    def _every(self, seconds, action) -> None:
        while not self.stopping.wait(seconds()):
            try:
                action()
            except DatabaseUnavailable:
                pass  # said once per failure in core.db's log; the next tick tries again
            except Exception:  # noqa: BLE001 - a busy database must not kill the thread
                log.exception("background %s failed", getattr(action, "__name__", action))

    def poll(self) -> None:
        release_unrecorded()
        take_over_dead_owners()
        fail_exhausted()
        self.wake()

    def wake(self) -> None:
        with self.lock:
            if self.stopping.is_set():
                return
            self.wanted = True
            if self.draining >= self.workers:
                return
            self.draining += 1
        try:
            self.executor.submit(self._drain)
        except RuntimeError:  # shut down meanwhile
            with self.lock:
                self.draining -= 1

    def _drain(self) -> None:
        while True:
            with self.lock:
                self.wanted = False
            while not self.stopping.is_set():
                try:
                    claimed = claim()
                except DatabaseUnavailable:
                    claimed = None  # the poller wakes the pool again once the database is back
                except Exception:  # noqa: BLE001
                    log.exception("claiming a parse job failed")
                    claimed = None
                if claimed is None:
                    break
                candidate_id, attempt, owner = claimed
                with self.lock:
                    self.running[candidate_id] = owner
                try:
                    run_claimed(candidate_id, attempt, owner)
                finally:
                    with self.lock:
                        self.running.pop(candidate_id, None)
            with self.lock:
                if not self.wanted or self.stopping.is_set():
                    self.draining -= 1
                    return

    def heartbeat(self) -> None:
        with self.lock:
            running = dict(self.running)
        if not running:
            return
        expires = utcnow() + timedelta(seconds=get_settings().job_lease_seconds)
        with session_scope() as s:
            for candidate_id, owner in running.items():
                s.execute(update(Candidate)
                          .where(Candidate.id == candidate_id, Candidate.lease_owner == owner)
                          .values(lease_expires_at=expires)
                          .execution_options(synchronize_session=False))


_lock = threading.Lock()
_pool: _Pool | None = None


def _get_pool() -> _Pool:
    global _pool
    with _lock:
        if _pool is None:
            _pool = _Pool(get_settings().parser_workers)
            log.info("parser pool started: %d workers, process %s", _pool.workers, PROCESS)
        return _pool


def wake() -> None:
    """Tell this process's pool there is work: one more worker starts draining the queue (up to
    PARSER_WORKERS). The job itself is the candidate row, so nothing is lost if this process
    dies before a worker gets to it. With PARSER_WORKERS=0 this process only queues, and worker
    processes (python -m core.worker) parse."""
    if get_settings().parser_workers > 0:
        _get_pool().wake()


# --- the queue ---------------------------------------------------------------------------

def _claimable(now):
    return and_(
        Candidate.parse_status == "pending",
        or_(Candidate.lease_owner.is_(None), Candidate.lease_expires_at < now),
        or_(Candidate.next_attempt_at.is_(None), Candidate.next_attempt_at <= now),
    )


def claim() -> tuple[int, int, str] | None:
    """Lease the next claimable job; returns (id, attempt, owner) or None."""
    settings = get_settings()
    now = utcnow()
    owner = f"{PROCESS}:{uuid.uuid4().hex[:8]}"
    condition = and_(_claimable(now), Candidate.parse_attempts < settings.job_max_attempts)
    values = dict(
        lease_owner=owner,
        lease_expires_at=now + timedelta(seconds=settings.job_lease_seconds),
        parse_attempts=Candidate.parse_attempts + 1,
        parse_stage="extracting",
        next_attempt_at=None,
    )
    engine = get_engine()
    try:
        with session_scope() as s:
            if engine.dialect.name == "postgresql":
                target = s.execute(
                    select(Candidate.id).where(condition).order_by(Candidate.id).limit(1)
                    .with_for_update(skip_locked=True)
                ).scalar()
                if target is None:
                    return None
                where = Candidate.id == target
            else:
                # One statement inside BEGIN IMMEDIATE: no other writer runs in between.
                first = select(Candidate.id).where(condition).order_by(Candidate.id).limit(1).scalar_subquery()
                where = and_(Candidate.id == first, condition)
            row = s.execute(
                update(Candidate).where(where).values(**values)
                .returning(Candidate.id, Candidate.parse_attempts)
                .execution_options(synchronize_session=False)
            ).first()
            if row:
                audit.record(s, None, audit.PARSE_START, row[0], f"{settings.parser_backend}, attempt {row[1]}",
                             actor_email=PARSER_ACTOR)
    except DatabaseUnavailable:
        # The claim may have been committed with only its answer lost: hand it back when the
        # database answers again, not when its lease runs out.
        with _unrecorded_lock:
            _unrecorded.add(owner)
        raise
    return (row[0], row[1], owner) if row else None


def _fenced_update(candidate_id: int, attempt: int, owner: str, then=None, event: tuple[str, str] | None = None,
                   **values) -> bool:
    """Write only while this claim still holds the job's lease; `then(session, id)` runs in
    the same transaction when the write happened (the contacts filled from a parse), and
    `event` (action, detail) is recorded in the audit log with it."""
    with session_scope() as s:
        result = s.execute(
            update(Candidate)
            .where(
                Candidate.id == candidate_id,
                Candidate.lease_owner == owner,
                Candidate.parse_attempts == attempt,
                Candidate.parse_status == "pending",
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1 and event:
            audit.record(s, None, event[0], candidate_id, event[1], actor_email=PARSER_ACTOR)
        if result.rowcount == 1 and then is not None:
            then(s, candidate_id)
        return result.rowcount == 1


def _stage(candidate_id: int, attempt: int, owner: str, stage: str) -> bool:
    lease = timedelta(seconds=get_settings().job_lease_seconds)
    return _fenced_update(candidate_id, attempt, owner, parse_stage=stage, lease_expires_at=utcnow() + lease)


class _LeaseLost(Exception):
    """This claim no longer holds the job: stop, write nothing."""


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, ParseFailure):
        return exc.transient
    return isinstance(exc, (OperationalError, DatabaseUnavailable))  # database busy or gone for a moment


def run_claimed(candidate_id: int, attempt: int, owner: str) -> str | None:
    """Parse one claimed job; returns the status written, or None if the lease was lost.

    Never raises: every failure is recorded with a readable reason and logged with its cause.
    """
    def stage(name: str) -> None:
        if not _stage(candidate_id, attempt, owner, name):
            raise _LeaseLost

    try:
        path = storage.get_resume_file_path(candidate_id)
        if path is None:
            raise ParseFailure("the resume file is missing from storage")
        result = parser.parse_file(path, on_stage=stage)
        stage("saving")

        def completed(s, cid: int) -> None:  # the contacts filled from the parse are indexed too
            contacts.after_parse(s, cid)
            s.flush()
            search.index_candidate(s, cid, result.text)

        done = _fenced_update(
            candidate_id, attempt, owner,
            then=completed, event=(audit.PARSE_DONE, result.backend),
            parse_status="completed", parse_stage=None, parse_error=None,
            parsed_resume=result.document, parser_backend=result.backend,
            hidden_text=result.hidden_text or None, parsed_at=utcnow(),
            lease_owner=None, lease_expires_at=None,
        )
        return "completed" if done else None
    except _LeaseLost:
        log.info("candidate %s: lease lost (attempt %d); leaving the job to its new owner", candidate_id, attempt)
        return None
    except Exception as exc:  # noqa: BLE001
        return _record_failure(candidate_id, attempt, owner, exc)


def _record_failure(candidate_id: int, attempt: int, owner: str, exc: Exception) -> str | None:
    settings = get_settings()
    if isinstance(exc, ParseFailure):
        reason = str(exc)
        log.warning("parse of candidate %s failed (attempt %d): %s", candidate_id, attempt, reason)
    elif isinstance(exc, DatabaseUnavailable):
        reason = "the database was unavailable"
        log.warning("parse of candidate %s lost the database (attempt %d)", candidate_id, attempt)
    elif isinstance(exc, OperationalError):
        reason = "the database was busy"
        log.warning("parse of candidate %s hit a database error (attempt %d): %s", candidate_id, attempt, exc)
    else:
        reason = f"unexpected error while parsing ({type(exc).__name__}: {exc})"
        log.exception("parse of candidate %s crashed", candidate_id)
    retry = _is_transient(exc) and attempt < settings.job_max_attempts
    if isinstance(exc, DatabaseUnavailable):
        # The database went away, not the resume: the job goes back as it was, its attempt not
        # counted, and runs again as soon as a worker can claim it.
        retry, delay = True, 0.0
        values = dict(parse_stage="queued", parse_attempts=attempt - 1, next_attempt_at=None)
    elif retry:
        delay = settings.job_retry_seconds * 2 ** (attempt - 1)
        values = dict(parse_stage="queued", parse_error=f"will retry: {reason}",
                      next_attempt_at=utcnow() + timedelta(seconds=delay))
    else:
        if _is_transient(exc):
            reason = f"{reason} (gave up after {attempt} attempts)"
        values = dict(parse_status="failed", parse_stage=None, parse_error=reason)
    try:
        lost = isinstance(exc, DatabaseUnavailable)  # not the parse's failure: nothing to audit
        detail = f"{settings.parser_backend}: {values.get('parse_error')}"
        done = _fenced_update(candidate_id, attempt, owner, then=None if retry else contacts.after_failure,
                              event=None if lost else (audit.PARSE_FAIL, detail),
                              lease_owner=None, lease_expires_at=None, **values)
    except Exception as again:  # noqa: BLE001
        log.warning("could not record the failure of candidate %s (%s); its job goes back to the queue "
                    "when the database answers", candidate_id, type(again).__name__)
        with _unrecorded_lock:
            _unrecorded.add(owner)
        return None
    if not done:
        return None
    if retry:
        log.info("candidate %s will be retried in %.1f s", candidate_id, delay)
        return "pending"
    return "failed"


# Claims whose outcome could not be written (the database was gone): their jobs are handed
# back to the queue at the next poll that reaches the database, not left to their lease.
_unrecorded: set[str] = set()
_unrecorded_lock = threading.Lock()


def _requeue(owner_matches) -> int:
    """Put the pending jobs whose lease owner matches back in the queue, lease cleared."""
    with session_scope() as s:
        return s.execute(
            update(Candidate)
            .where(Candidate.parse_status == "pending", owner_matches)
            .values(lease_owner=None, lease_expires_at=None, parse_stage="queued")
            .execution_options(synchronize_session=False)
        ).rowcount


def release_unrecorded() -> int:
    with _unrecorded_lock:
        owners = sorted(_unrecorded)
    if not owners:
        return 0
    released = _requeue(Candidate.lease_owner.in_(owners))
    with _unrecorded_lock:
        _unrecorded.difference_update(owners)
    if released:
        log.info("returned %d parse jobs to the queue whose outcome the database missed", released)
    return released


def take_over_dead_owners() -> int:
    """Return to the queue the jobs whose lease is held by a process of this host that died
    (kill -9, a crash, the OOM killer): they need not wait for the lease to run out."""
    now = utcnow()
    with session_scope(readonly=True) as s:
        owners = s.execute(
            select(Candidate.lease_owner).distinct()
            .where(Candidate.parse_status == "pending", Candidate.lease_owner.is_not(None),
                   Candidate.lease_expires_at >= now)
        ).scalars().all()
    dead = [owner for owner in owners if process_identity.is_dead(owner)]
    if not dead:
        return 0
    taken = _requeue(Candidate.lease_owner.in_(dead))
    if taken:
        log.warning("took over %d parse jobs whose process died (%s)", taken,
                    ", ".join(sorted({o.rsplit(":", 1)[0] for o in dead})))
    return taken


def fail_exhausted() -> int:
    """Jobs claimed JOB_MAX_ATTEMPTS times whose last lease expired (their process kept dying)."""
    now = utcnow()
    limit = get_settings().job_max_attempts
    with session_scope() as s:
        result = s.execute(
            update(Candidate)
            .where(_claimable(now), Candidate.parse_attempts >= limit)
            .values(parse_status="failed", parse_stage=None, lease_owner=None, lease_expires_at=None,
                    parse_error=f"parsing was interrupted {limit} times; giving up")
            .execution_options(synchronize_session=False)
        )
        return result.rowcount


def release_leases() -> int:
    """Hand this process's running jobs back to the queue (clean shutdown)."""
    released = _requeue(Candidate.lease_owner.like(f"{PROCESS}:%"))
    if released:
        log.info("returned %d running parse jobs to the queue", released)
    return released


def pending_count() -> int:
    with session_scope(readonly=True) as s:
        return s.execute(select(func.count()).where(Candidate.parse_status == "pending")).scalar_one()


def start() -> int:
    """Process start: schema migrated, storage ready (erasures a dead process left half-done
    settled), plug-ins loaded, pool up and draining.

    Returns how many jobs were waiting (queued before a restart, or left by a dead process).
    """
    get_engine()
    storage.check_resume_directory()
    erasure.settle()
    parser.load_plugins()
    take_over_dead_owners()
    fail_exhausted()
    waiting = pending_count()
    wake()
    if get_settings().pdf_isolation:
        from core import sandbox

        sandbox.warm_up()  # the first upload's check then finds a reader ready
    if waiting:
        log.info("%d parse jobs waiting at start", waiting)
    return waiting


def shutdown(wait: bool = True) -> None:
    """Stop the pool. With wait, running jobs finish; without, they go back to the queue."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    pool.stopping.set()
    if wait:
        pool.executor.shutdown(wait=True)
    else:
        release_leases()
        pool.executor.shutdown(wait=False, cancel_futures=True)


def _on_interpreter_exit() -> None:
    # Runs before ThreadPoolExecutor joins its threads (registered later, called first), so a
    # stopping server returns its running jobs at once instead of after the slowest model call.
    try:
        shutdown(wait=False)
    except Exception:  # noqa: BLE001
        log.exception("releasing parse jobs at exit failed")
    from core import sandbox

    sandbox.shutdown()


threading._register_atexit(_on_interpreter_exit)  # type: ignore[attr-defined]
