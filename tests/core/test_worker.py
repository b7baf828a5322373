"""Nothing lost: retries, restarts, kill -9, SIGTERM, and two workers sharing one queue."""
from __future__ import annotations

import collections
import signal
import threading

from sqlalchemy import select

from core import candidates as cands
from core import jobs, parser
from core.db import session_scope
from core.errors import ParseFailure
from core.models import Candidate
from utils import kill_tree, make_user, resume_pdf, set_env, start_worker, stop, stored_ids, wait_for_status, wait_until


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


def _lease_owner(candidate_id: int) -> str | None:
    with session_scope(readonly=True) as s:
        return s.get(Candidate, candidate_id).lease_owner


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


def _worker_env(app_env, **extra):
    env = {
        "DATABASE_URL": f"sqlite:///{app_env / 'test.db'}",
        "RESUME_STORAGE_DIR": str(app_env / "resumes"),
        "PARSER_BACKEND": "counted",
        "PARSER_WORKERS": "2",
        "JOB_POLL_SECONDS": "0.1",
        "JOB_LEASE_SECONDS": "2",
        "PLUGIN_COUNT_FILE": str(app_env / "parsed.txt"),
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def _counts(app_env) -> collections.Counter:
    path = app_env / "parsed.txt"
    return collections.Counter(path.read_text().split()) if path.exists() else collections.Counter()


def _statuses(recruiter) -> collections.Counter:
    return collections.Counter(c.parse_status for c in cands.list_candidates(recruiter, page_size=1000).items)


def test_kill_9_mid_queue_then_restart_completes_every_job_once(recruiter, app_env, monkeypatch):
    set_env(monkeypatch, PARSER_WORKERS=0)  # this process only queues, like a web instance
    made = [cands.create_candidate(recruiter, f"P{i}", f"p{i}@example.com", resume=resume_pdf(email=f"p{i}@example.com"))
            for i in range(20)]
    first = start_worker(_worker_env(app_env, PLUGIN_SLEEP=0.3), app_env / "worker1.log")
    try:
        wait_until(lambda: sum(_counts(app_env).values()) >= 3, what="a few parses")
    finally:
        kill_tree(first)  # kill -9: no clean-up at all
    assert _statuses(recruiter)["pending"] > 0, "the kill must land while jobs remain"
    second = start_worker(_worker_env(app_env, PLUGIN_SLEEP=0), app_env / "worker2.log")
    try:
        wait_until(lambda: _statuses(recruiter) == {"completed": 20}, timeout=90, what="all 20 completed")
    finally:
        stop(second)
    counts = _counts(app_env)
    assert set(counts) == {c.email for c in made}
    # A parse that finished inside the killed process but was never saved runs again: at most
    # one such job per worker thread of the killed process.
    assert sum(n - 1 for n in counts.values()) <= 2, counts
    assert stored_ids() == {c.id for c in made}, "no orphan file, no orphan row"


def test_sigterm_returns_running_jobs_to_the_queue_within_seconds(recruiter, app_env, monkeypatch):
    set_env(monkeypatch, PARSER_WORKERS=0)
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    worker = start_worker(_worker_env(app_env, PLUGIN_SLEEP=60, JOB_LEASE_SECONDS=300), app_env / "w.log")
    try:
        wait_until(lambda: cands.get_candidate(recruiter, c.id).parse_stage == "parsing", what="the job running")
        worker.send_signal(signal.SIGTERM)
        wait_until(lambda: _lease_owner(c.id) is None, timeout=5, what="lease released")
        assert worker.wait(10) == 0
    finally:
        kill_tree(worker)
    back = cands.get_candidate(recruiter, c.id)
    assert (back.parse_status, back.parse_stage) == ("pending", "queued")
    again = start_worker(_worker_env(app_env, PLUGIN_SLEEP=0), app_env / "w2.log")
    try:
        assert wait_for_status(recruiter, c.id, timeout=60)["parsing_status"] == "completed"
    finally:
        stop(again)


def test_two_worker_processes_on_postgresql_parse_each_resume_exactly_once(app_env, pg_url, monkeypatch):
    set_env(monkeypatch, PARSER_WORKERS=0)
    from core.db import get_engine

    assert get_engine().dialect.name == "postgresql"
    recruiter = make_user("recruiter")
    data = {i: resume_pdf(email=f"pg{i}@example.com") for i in range(100)}
    made = [cands.create_candidate(recruiter, f"P{i}", f"pg{i}@example.com", resume=d) for i, d in data.items()]
    env = _worker_env(app_env, DATABASE_URL=pg_url, JOB_LEASE_SECONDS=60)
    workers = [start_worker(env, app_env / f"pg{n}.log") for n in range(2)]
    try:
        wait_until(lambda: _statuses(recruiter) == {"completed": 100}, timeout=240, interval=0.2, what="100 completed")
    finally:
        for w in workers:
            stop(w)
    counts = _counts(app_env)
    assert counts == collections.Counter({c.email: 1 for c in made}), "each resume parsed exactly once"
    with session_scope(readonly=True) as s:
        owners = s.execute(select(Candidate.parser_backend).distinct()).scalars().all()
    assert owners == ["counted"]
    logs = "".join((app_env / f"pg{n}.log").read_text() for n in range(2))
    assert "Traceback" not in logs
