import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import update

from core import candidates as cands
from core import jobs, parser
from core.db import session_scope
from core.errors import ParseFailure
from core.models import Candidate, utcnow
from utils import blank_pdf, resume_pdf, wait_for_status


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
    monkeypatch.setenv("PARSER_BACKEND", "gated")
    from core.config import reset_settings

    reset_settings()
    return opened, calls


def _wait(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def test_stages_are_recorded_while_running(app_env, admin, gate):
    opened, calls = gate
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    _wait(lambda: calls)
    running = cands.get_candidate(admin, c.id)
    assert (running.parse_status, running.parse_stage) == ("pending", "parsing")
    assert cands.parsing_status(admin, c.id)["message"] == "Parsing is in progress (parsing)."
    opened.set()
    assert wait_for_status(admin, c.id)["parsing_status"] == "completed"
    assert cands.get_candidate(admin, c.id).parse_stage is None


def test_a_slow_parse_does_not_slow_creation(app_env, admin, monkeypatch):
    def slow(doc):
        time.sleep(3)
        return parser.BACKENDS["rules"](doc)

    monkeypatch.setitem(parser.BACKENDS, "slow", slow)
    monkeypatch.setenv("PARSER_BACKEND", "slow")
    from core.config import reset_settings

    reset_settings()
    data = resume_pdf()
    started = time.perf_counter()
    made = [cands.create_candidate(admin, f"P{i}", f"p{i}@example.com", resume=data) for i in range(4)]
    elapsed = time.perf_counter() - started
    # Four creations return long before even one 3 s parse could have finished.
    assert elapsed < 2.5, f"creation waited for parsing ({elapsed:.2f}s)"
    assert all(cands.get_candidate(admin, c.id).parse_status == "pending" for c in made)


def test_reparse_while_pending_is_one_job(app_env, admin, gate):
    opened, calls = gate
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    _wait(lambda: calls)
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
    monkeypatch.setenv("PARSER_BACKEND", "broken")
    from core.config import reset_settings

    reset_settings()
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    status = wait_for_status(admin, c.id)
    assert status["parsing_status"] == "failed"
    assert "unexpected error while parsing (KeyError" in status["message"]
    assert any("crashed" in r.message for r in caplog.records)


def test_missing_file_fails_the_job(app_env, admin, gate):
    opened, calls = gate
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    _wait(lambda: calls)
    opened.set()
    wait_for_status(admin, c.id)
    from core import storage

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


def test_live_lease_is_not_stolen_and_late_worker_is_fenced(app_env, admin, gate):
    opened, calls = gate
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    _wait(lambda: calls)
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
