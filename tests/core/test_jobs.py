"""core/jobs.py: the queue in the candidates table, claims and leases, stages, retries with
backoff, giving up, and many threads sharing one queue (in this process)."""
from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import update

from core import candidates as cands
from core import jobs, parser, process_identity, storage
from core.db import session_scope
from core.errors import ParseFailure
from core.models import Candidate, utcnow
from utils import blank_pdf, resume_pdf, set_env, stored_ids, wait_for_status, wait_until


@pytest.fixture
def gate(monkeypatch):
    """A backend that waits until the test opens the gate, and counts its calls."""
    opened, calls = threading.Event(), []

    def gated(doc):
        calls.append(threading.current_thread().name)
        if not opened.wait(30):
            raise ParseFailure("gate never opened")
        return parser.BACKENDS["rules"](doc)

    monkeypatch.setitem(parser.BACKENDS, "gated", gated)
    set_env(monkeypatch, PARSER_BACKEND="gated")
    return opened, calls


def test_stages_are_recorded_while_running(app_env, admin, gate):
    opened, calls = gate
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    wait_until(lambda: calls, timeout=10, interval=0.01, what="the parse starting")
    running = cands.get_candidate(admin, c.id)
    assert (running.parse_status, running.parse_stage) == ("pending", "parsing")
    assert cands.parsing_status(admin, c.id)["message"] == "Parsing is in progress (parsing)."
    opened.set()
    assert wait_for_status(admin, c.id)["parsing_status"] == "completed"
    assert cands.get_candidate(admin, c.id).parse_stage is None


def test_a_slow_parse_does_not_slow_creation(app_env, admin, gate):
    opened, calls = gate  # every parse waits until the test opens the gate
    data = resume_pdf()
    started = time.perf_counter()
    made = [cands.create_candidate(admin, f"P{i}", f"p{i}@example.com", resume=data) for i in range(4)]
    elapsed = time.perf_counter() - started
    wait_until(lambda: calls, timeout=10, interval=0.01, what="a parse running")
    # Four creations returned while parsing was stuck.
    assert elapsed < 2.5, f"creation waited for parsing ({elapsed:.2f}s)"
    assert all(cands.get_candidate(admin, c.id).parse_status == "pending" for c in made)
    opened.set()


def test_reparse_while_pending_is_one_job(app_env, admin, gate):
    opened, calls = gate
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    wait_until(lambda: calls, timeout=10, interval=0.01, what="the parse starting")
    for _ in range(3):
        cands.reparse_candidate(admin, c.id)
        jobs.wake()  # a page rerunning and waking the pool again changes nothing either
    opened.set()
    assert wait_for_status(admin, c.id)["parsing_status"] == "completed"
    jobs.shutdown(wait=True)
    assert len(calls) == 1
    assert cands.get_candidate(admin, c.id).parse_attempts == 1


def test_scanned_pdf_fails_with_reason_and_pool_keeps_working(app_env, admin):
    bad = cands.create_candidate(admin, "Scan", "scan@example.com", resume=blank_pdf())
    status = wait_for_status(admin, bad.id)
    assert status["parsing_status"] == "failed"
    assert status["message"] == "Parsing failed: no text layer (scanned PDF?)"
    good = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    assert wait_for_status(admin, good.id)["parsing_status"] == "completed"


def test_backend_crash_becomes_failed_with_reason(app_env, admin, monkeypatch, caplog):
    def broken(doc):
        raise KeyError("boom")

    monkeypatch.setitem(parser.BACKENDS, "broken", broken)
    set_env(monkeypatch, PARSER_BACKEND="broken")
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    status = wait_for_status(admin, c.id)
    assert status["parsing_status"] == "failed"
    assert "unexpected error while parsing (KeyError" in status["message"]
    assert any("crashed" in r.message for r in caplog.records)


def test_missing_file_fails_the_job(app_env, admin, gate):
    opened, calls = gate
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    wait_until(lambda: calls, timeout=10, interval=0.01, what="the parse starting")
    opened.set()
    wait_for_status(admin, c.id)
    storage.delete_resume_file(c.id)
    cands.reparse_candidate(admin, c.id)
    status = wait_for_status(admin, c.id)
    assert status["parsing_status"] == "failed" and "missing from storage" in status["message"]


def test_pending_jobs_of_a_dead_process_are_resumed_on_start(app_env, admin):
    c1 = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    c2 = cands.create_candidate(admin, "Bob", "bob@example.com", resume=resume_pdf())
    wait_for_status(admin, c1.id), wait_for_status(admin, c2.id)
    jobs.shutdown(wait=True)
    past = utcnow() - timedelta(minutes=5)
    with session_scope() as s:
        # c1: queued, never claimed; c2: claimed by a process that died (lease expired).
        s.execute(update(Candidate).where(Candidate.id == c1.id).values(
            parse_status="pending", parse_stage="queued", parsed_resume=None))
        s.execute(update(Candidate).where(Candidate.id == c2.id).values(
            parse_status="pending", parse_stage="parsing", parsed_resume=None,
            lease_owner="dead-host:1:x", lease_expires_at=past))
    assert jobs.start() == 2
    for c in (c1, c2):
        assert wait_for_status(admin, c.id)["parsing_status"] == "completed"
    assert cands.get_candidate(admin, c2.id).parse_attempts == 2


def _dead_owner() -> str:
    """The identity of a process of this host that no longer exists: our pid, another start time
    (what a recycled pid looks like), with a claim suffix as jobs.claim writes it."""
    host, boot, pidns, pid, start = process_identity.identity().split(":")
    return f"{host}:{boot}:{pidns}:{pid}:{int(start) + 1}:0a1b2c3d"


def _lease(candidate_id: int, owner: str) -> None:
    """Put a job back to pending under `owner`'s lease, valid for another hour."""
    with session_scope() as s:
        s.execute(update(Candidate).where(Candidate.id == candidate_id).values(
            parse_status="pending", parse_stage="parsing", parsed_resume=None,
            lease_owner=owner, lease_expires_at=utcnow() + timedelta(hours=1)))


def test_jobs_of_a_dead_process_on_this_host_are_taken_over_at_start_before_the_lease_ends(app_env, admin):
    dead = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    remote = cands.create_candidate(admin, "Bob", "bob@example.com", resume=resume_pdf())
    wait_for_status(admin, dead.id), wait_for_status(admin, remote.id)
    jobs.shutdown(wait=True)
    _lease(dead.id, _dead_owner())
    # A process on another host: nothing here can tell whether it lives, so its lease holds.
    host, boot, pidns, pid, start = process_identity.identity().split(":")
    _lease(remote.id, f"other-host:{boot}:{pidns}:{pid}:{start}:0a1b2c3d")
    assert jobs.start() == 2
    assert wait_for_status(admin, dead.id, timeout=10)["parsing_status"] == "completed"
    assert cands.get_candidate(admin, dead.id).parse_attempts == 2
    jobs.shutdown(wait=True)
    still = cands.get_candidate(admin, remote.id)
    assert (still.parse_status, still.parse_stage) == ("pending", "parsing")


def test_a_running_pool_takes_over_a_dead_process_jobs_at_its_next_poll(app_env, admin, monkeypatch):
    set_env(monkeypatch, JOB_POLL_SECONDS=0.1)
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    wait_for_status(admin, c.id)
    _lease(c.id, _dead_owner())  # nobody wakes the pool: only its poller can find this job
    assert wait_for_status(admin, c.id, timeout=10)["parsing_status"] == "completed"


def test_the_heartbeat_renews_a_running_lease_six_times_per_lease(app_env, admin, gate, monkeypatch):
    opened, calls = gate
    set_env(monkeypatch, JOB_LEASE_SECONDS=3)
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    wait_until(lambda: calls, timeout=10, interval=0.01, what="the parse starting")
    with session_scope(readonly=True) as s:
        first = s.get(Candidate, c.id).lease_expires_at
    time.sleep(1.5)  # a heartbeat every 0.5 s; past twice that, it has renewed
    with session_scope(readonly=True) as s:
        row = s.get(Candidate, c.id)
        assert row.lease_owner.startswith(jobs.PROCESS + ":")
        assert row.lease_expires_at > first
    opened.set()
    assert wait_for_status(admin, c.id)["parsing_status"] == "completed"


def test_live_lease_is_not_stolen_and_late_worker_is_fenced(app_env, admin, gate):
    opened, calls = gate
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    wait_until(lambda: calls, timeout=10, interval=0.01, what="the parse starting")
    assert jobs.claim() is None, "a job under a live lease is not claimed twice"
    # Another process takes over (as if our lease had expired) ...
    with session_scope() as s:
        s.execute(update(Candidate).where(Candidate.id == c.id).values(
            lease_owner="other:2:y", parse_attempts=Candidate.parse_attempts + 1))
    opened.set()
    jobs.shutdown(wait=True)
    # ... so our late finish changed nothing.
    after = cands.get_candidate(admin, c.id)
    assert (after.parse_status, after.parsed_resume) == ("pending", None)


def _flaky_backend(monkeypatch, failures: int, transient: bool = True):
    calls = []

    def flaky(doc):
        calls.append(1)
        if len(calls) <= failures:
            raise ParseFailure("the model did not answer within 1 s", transient=transient)
        return parser.BACKENDS["rules"](doc)

    monkeypatch.setitem(parser.BACKENDS, "flaky", flaky)
    return calls


def test_transient_failures_retry_with_backoff_then_complete(recruiter, app_env, monkeypatch):
    calls = _flaky_backend(monkeypatch, failures=2)
    set_env(monkeypatch, PARSER_BACKEND="flaky", JOB_RETRY_SECONDS=0.2, JOB_POLL_SECONDS=0.05)
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    seen_retry = wait_until(lambda: (cands.get_candidate(recruiter, c.id).parse_error or "").startswith("will retry"),
                            what="a retry note")
    assert seen_retry
    assert wait_for_status(recruiter, c.id)["parsing_status"] == "completed"
    done = cands.get_candidate(recruiter, c.id)
    assert (len(calls), done.parse_attempts, done.parse_error) == (3, 3, None)


def test_transient_failures_give_up_after_the_limit(recruiter, app_env, monkeypatch):
    calls = _flaky_backend(monkeypatch, failures=99)
    set_env(monkeypatch, PARSER_BACKEND="flaky", JOB_RETRY_SECONDS=0.01, JOB_POLL_SECONDS=0.05, JOB_MAX_ATTEMPTS=3)
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    status = wait_for_status(recruiter, c.id)
    assert status["parsing_status"] == "failed"
    assert status["message"] == "Parsing failed: the model did not answer within 1 s (gave up after 3 attempts)"
    assert len(calls) == 3


def test_a_reparse_after_giving_up_gets_a_fresh_attempt_budget(recruiter, app_env, monkeypatch):
    calls = _flaky_backend(monkeypatch, failures=3)
    set_env(monkeypatch, PARSER_BACKEND="flaky", JOB_RETRY_SECONDS=0.01, JOB_POLL_SECONDS=0.05, JOB_MAX_ATTEMPTS=3)
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    assert wait_for_status(recruiter, c.id)["parsing_status"] == "failed"
    cands.reparse_candidate(recruiter, c.id)
    assert wait_for_status(recruiter, c.id)["parsing_status"] == "completed"
    assert (len(calls), cands.get_candidate(recruiter, c.id).parse_attempts) == (4, 1)


def test_permanent_failures_fail_at_once(recruiter, app_env, monkeypatch):
    calls = _flaky_backend(monkeypatch, failures=99, transient=False)
    set_env(monkeypatch, PARSER_BACKEND="flaky", JOB_RETRY_SECONDS=0.01, JOB_POLL_SECONDS=0.05)
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    assert wait_for_status(recruiter, c.id)["parsing_status"] == "failed"
    assert len(calls) == 1 and cands.get_candidate(recruiter, c.id).parse_attempts == 1


def test_jobs_interrupted_too_often_fail_instead_of_looping(recruiter, app_env, monkeypatch):
    set_env(monkeypatch, JOB_MAX_ATTEMPTS=2, PARSER_WORKERS=0)
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    with session_scope() as s:  # as if two processes had died holding it
        s.get(Candidate, c.id).parse_attempts = 2
    assert jobs.fail_exhausted() == 1
    assert cands.parsing_status(recruiter, c.id)["message"] == "Parsing failed: parsing was interrupted 2 times; giving up"


@pytest.mark.slow
def test_many_threads_claiming_take_each_job_once(recruiter, app_env, monkeypatch):
    set_env(monkeypatch, PARSER_WORKERS=0)
    ids = {cands.create_candidate(recruiter, f"P{i}", f"p{i}@example.com", resume=resume_pdf()).id for i in range(30)}
    claimed, lock = [], threading.Lock()

    def grab():
        while (got := jobs.claim()) is not None:
            with lock:
                claimed.append(got[0])

    threads = [threading.Thread(target=grab) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(claimed) == sorted(ids), "every job claimed exactly once, and no database is locked error"


@pytest.mark.slow
def test_colleagues_uploading_at_once_while_parsing_runs(recruiter, app_env):
    """Eight people submitting at the same moment, with the pool parsing: no 'database is
    locked', every candidate stored with its file and parsed."""
    errors, made, lock = [], [], threading.Lock()
    data = resume_pdf()

    def upload(person: int):
        for n in range(4):
            try:
                c = cands.create_candidate(recruiter, f"P{person}-{n}", f"p{person}-{n}@example.com", resume=data)
                with lock:
                    made.append(c.id)
            except Exception as exc:  # noqa: BLE001 - any error at all fails the test below
                with lock:
                    errors.append(repr(exc))

    threads = [threading.Thread(target=upload, args=(p,)) for p in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert len(made) == 32 and stored_ids() == set(made)
    for candidate_id in made:
        assert wait_for_status(recruiter, candidate_id, timeout=120)["parsing_status"] == "completed"
