"""core/worker.py: worker processes lose no job: kill -9, SIGTERM, a restart, two workers
sharing one queue on PostgreSQL."""
from __future__ import annotations

import collections
import signal

import pytest
from sqlalchemy import select

from core import candidates as cands
from core.db import session_scope
from core.models import Candidate, utcnow
from utils import (
    kill_tree,
    make_user,
    resume_pdf,
    run_cli,
    set_env,
    start_worker,
    stop,
    stored_ids,
    wait_for_status,
    wait_until,
)

pytestmark = pytest.mark.processes  # every test here starts processes


def _lease_owner(candidate_id: int) -> str | None:
    with session_scope(readonly=True) as s:
        return s.get(Candidate, candidate_id).lease_owner


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


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_after_kill_9_a_fresh_start_with_default_settings_takes_over_at_once(database, app_env, monkeypatch, request):
    """The killed process's running job is not left to its lease (JOB_LEASE_SECONDS, 60 s by
    default): the next process of this host sees its owner is gone and takes it over at start."""
    url = request.getfixturevalue("pg_url") if database == "postgresql" else f"sqlite:///{app_env / 'test.db'}"
    set_env(monkeypatch, PARSER_WORKERS=0)
    recruiter = make_user("recruiter")
    made = [cands.create_candidate(recruiter, f"P{i}", f"p{i}@example.com", resume=resume_pdf(email=f"p{i}@example.com"))
            for i in range(20)]
    env = {"DATABASE_URL": url, "RESUME_STORAGE_DIR": str(app_env / "resumes"), "PARSER_BACKEND": "counted",
           "PARSER_WORKERS": "1", "PLUGIN_COUNT_FILE": str(app_env / "parsed.txt")}
    first = start_worker({**env, "PLUGIN_SLEEP": "0.5"}, app_env / "worker1.log")
    try:
        wait_until(lambda: sum(_counts(app_env).values()) >= 2, what="a few parses")
        wait_until(lambda: _leased_by(first.pid), what="a job running")
    finally:
        kill_tree(first)
    held = _leased_by(first.pid)
    assert held and _statuses(recruiter)["pending"] > 1, "the kill must land on a running job with more queued"
    with session_scope(readonly=True) as s:
        expires = s.get(Candidate, held[0]).lease_expires_at
    second = start_worker({**env, "PLUGIN_SLEEP": "0"}, app_env / "worker2.log")
    try:
        wait_until(lambda: _statuses(recruiter) == {"completed": 20}, timeout=30, what="all 20 completed")
        assert utcnow() < expires, "completed before the dead process's lease ran out"
    finally:
        stop(second)
    assert set(_counts(app_env)) == {c.email for c in made}
    assert "took over 1 parse jobs whose process died" in (app_env / "worker2.log").read_text()


def _leased_by(pid: int) -> list[int]:
    """Ids of the jobs whose lease is held by process `pid` of this host."""
    with session_scope(readonly=True) as s:
        owners = s.execute(select(Candidate.id, Candidate.lease_owner)
                           .where(Candidate.lease_owner.is_not(None))).all()
    return [cid for cid, owner in owners if owner.split(":")[3] == str(pid)]


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


def test_a_worker_refuses_to_start_without_workers(app_env):
    done = run_cli("core.worker", env={"DATABASE_URL": f"sqlite:///{app_env / 'test.db'}", "PARSER_WORKERS": "0"})
    assert done.returncode == 2 and "PARSER_WORKERS must be at least 1" in done.stderr


def test_exit_when_idle_drains_the_queue_then_stops(recruiter, app_env, monkeypatch):
    set_env(monkeypatch, PARSER_WORKERS=0)
    made = [cands.create_candidate(recruiter, f"P{i}", f"p{i}@example.com", resume=resume_pdf(email=f"p{i}@example.com"))
            for i in range(3)]
    done = run_cli("core.worker", "--exit-when-idle", env={
        "DATABASE_URL": f"sqlite:///{app_env / 'test.db'}", "RESUME_STORAGE_DIR": str(app_env / "resumes"),
        "PARSER_WORKERS": "2", "JOB_POLL_SECONDS": "0.1"})
    assert done.returncode == 0, done.stderr
    assert "3 jobs waiting" in done.stderr and "stopped" in done.stderr
    assert [cands.get_candidate(recruiter, c.id).parse_status for c in made] == ["completed"] * 3


def test_a_worker_with_a_read_only_storage_directory_says_so_and_exits(app_env, tmpfs):
    resumes = tmpfs("resumes", 256)
    tmpfs.remount(resumes, readonly=True)
    done = run_cli("core.worker", env={"DATABASE_URL": f"sqlite:///{app_env / 'test.db'}",
                                       "RESUME_STORAGE_DIR": str(resumes), "PARSER_WORKERS": "1"})
    assert done.returncode == 1
    assert "the worker cannot start: The resume storage directory cannot be written (Read-only file system)" \
        in done.stderr
    assert "Traceback" not in done.stderr
