"""core/changes.py: "has anything changed?" answered from the database, once per tick per
process, for every kind of write, whoever made it."""
from __future__ import annotations

import threading
import time

import pytest

from core import candidates as cands
from core import changes, user_admin
from core.db import get_engine, session_scope
from core.errors import PermissionDenied
from core.models import Candidate
from utils import make_user, resume_pdf, set_env, start_worker, stop, wait_until


def fresh(actor):
    changes.forget()
    return changes.snapshot(actor)


def test_every_kind_of_write_changes_the_version(app_env, admin, monkeypatch):
    set_env(monkeypatch, PARSER_WORKERS=0)  # nothing parses behind the test's back
    empty = fresh(admin)
    assert empty.counts == {"no_resume": 0, "pending": 0, "completed": 0, "failed": 0} and empty.total == 0
    seen = [empty.version]

    def changed() -> changes.Snapshot:
        snap = fresh(admin)
        assert snap.version not in seen
        seen.append(snap.version)
        return snap

    a = cands.create_candidate(admin, "Ada Lovelace", "ada@example.com")
    assert changed().counts["no_resume"] == 1
    assert fresh(admin).version == seen[-1]  # nothing happened: the same version
    b = cands.create_candidate(admin, "Bo Brown", "bo@example.com", resume=resume_pdf(), filename="b.pdf")
    assert changed().counts == {"no_resume": 1, "pending": 1, "completed": 0, "failed": 0}
    cands.update_candidate(admin, a.id, phone="+44 20 7946 0958")  # same status, same count
    changed()
    with session_scope() as s:  # a Core UPDATE statement, as the job queue writes (a stage change)
        s.execute(Candidate.__table__.update().where(Candidate.id == b.id).values(parse_stage="extracting"))
    changed()
    cands.delete_candidate(admin, a.id)
    assert changed().counts["no_resume"] == 0
    cands.reparse_candidate(admin, b.id)  # already pending: no write, no change
    assert fresh(admin).version == seen[-1]


def test_a_deleted_row_replaced_by_a_new_one_with_its_id_is_seen(app_env, admin):
    """SQLite may give a new row the id of the last one deleted: the newest change still moves."""
    a = cands.create_candidate(admin, "Ada Lovelace", "ada@example.com")
    before = fresh(admin)
    cands.delete_candidate(admin, a.id)
    b = cands.create_candidate(admin, "Ada Again", "ada2@example.com")
    assert b.id == a.id
    after = fresh(admin)
    assert after.counts == before.counts and after.version != before.version


def test_the_question_is_one_query_on_the_index(app_env, admin):
    cands.create_candidate(admin, "Ada Lovelace", "ada@example.com")
    statements = []

    def spy(conn, cursor, statement, *args):
        statements.append(statement)

    from sqlalchemy import event
    engine = get_engine()
    event.listen(engine, "before_cursor_execute", spy)
    try:
        fresh(admin)
    finally:
        event.remove(engine, "before_cursor_execute", spy)
    on_candidates = [s for s in statements if "FROM candidates" in s]
    assert len(on_candidates) == 1, statements
    with engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + on_candidates[0], _bind_params(on_candidates[0])).all())
    assert "COVERING INDEX ix_candidates_status_updated" in plan, plan


def _bind_params(statement: str) -> tuple:
    from core.models import utcnow
    return tuple(utcnow().isoformat(" ") for _ in range(statement.count("?")))


def test_many_pages_asking_at_once_share_one_read(app_env, admin):
    shared = changes.SharedSnapshot(max_age=60)
    start = threading.Barrier(25)
    answers = []

    def page():
        start.wait()
        answers.append(shared.get())

    threads = [threading.Thread(target=page) for _ in range(25)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert shared.reads == 1
    assert len(answers) == 25 and all(a is answers[0] for a in answers)


def test_the_shared_answer_is_read_again_once_it_is_older_than_its_age(app_env, admin):
    shared = changes.SharedSnapshot(max_age=0.2)
    first = shared.get()
    cands.create_candidate(admin, "Ada Lovelace", "ada@example.com")
    assert shared.get() is first and shared.reads == 1  # within the tick: the same answer
    time.sleep(0.25)
    second = shared.get()
    assert shared.reads == 2 and second.version != first.version and second.counts["no_resume"] == 1


def test_the_process_wide_answer_is_reused_within_the_configured_seconds(app_env, admin, monkeypatch):
    set_env(monkeypatch, CHANGES_CACHE_SECONDS=60)
    a = cands.create_candidate(admin, "Ada Lovelace", "ada@example.com")
    first = fresh(admin)
    with session_scope() as s:  # a write by someone else (a job, another process): seen at the next tick
        s.execute(Candidate.__table__.update().where(Candidate.id == a.id).values(parse_stage="extracting"))
    assert changes.snapshot(admin) is first


def test_a_change_made_through_this_process_is_seen_by_the_next_question(app_env, admin, monkeypatch):
    """The user who just added, edited or deleted sees it on the page's next run."""
    set_env(monkeypatch, CHANGES_CACHE_SECONDS=60)
    first = fresh(admin)
    a = cands.create_candidate(admin, "Ada Lovelace", "ada@example.com")
    added = changes.snapshot(admin)
    assert added.counts["no_resume"] == 1
    cands.update_candidate(admin, a.id, full_name="Ada King")
    edited = changes.snapshot(admin)
    cands.delete_candidate(admin, a.id)
    deleted = changes.snapshot(admin)
    assert first.version != added.version != edited.version != deleted.version
    assert deleted.counts["no_resume"] == 0


def test_a_user_who_may_no_longer_see_candidates_is_refused(app_env, admin):
    viewer = make_user("viewer")
    assert fresh(viewer).total == 0
    user_admin.set_enabled(admin, viewer.id, False)
    with pytest.raises(PermissionDenied, match="disabled"):
        fresh(viewer)
    with pytest.raises(PermissionDenied, match="Sign in"):
        changes.snapshot(None)


def test_a_user_whose_role_changed_is_refused(app_env, admin):
    recruiter = make_user("recruiter")
    fresh(recruiter)
    user_admin.set_role(admin, recruiter.id, "viewer")
    with pytest.raises(PermissionDenied, match="changed since you signed in"):
        fresh(recruiter)


def test_a_transaction_that_commits_after_a_later_one_is_still_seen(pg_url, admin):
    """PostgreSQL lets two writers overlap: A stamps its row first and commits last. The
    newest updated_at is B's both times, yet the answer changes when A commits."""
    a = cands.create_candidate(admin, "Ada Lovelace", "ada@example.com")
    b = cands.create_candidate(admin, "Bo Brown", "bo@example.com")
    engine = get_engine()
    with engine.connect() as slow:
        tx = slow.begin()
        slow.execute(Candidate.__table__.update().where(Candidate.id == a.id).values(phone="+1 202 555 0100"))
        time.sleep(0.01)
        cands.update_candidate(admin, b.id, phone="+1 202 555 0101")  # stamped later, committed first
        before = fresh(admin)
        tx.commit()
    after = fresh(admin)
    assert after.counts == before.counts
    assert after.version != before.version


@pytest.mark.processes
def test_a_worker_process_finishing_a_parse_is_seen(app_env, admin, monkeypatch, tmp_path):
    set_env(monkeypatch, PARSER_WORKERS=0)  # this process only queues; the worker process parses
    c = cands.create_candidate(admin, "Ada Lovelace", "ada@example.com", resume=resume_pdf(), filename="a.pdf")
    queued = fresh(admin)
    assert queued.counts["pending"] == 1
    worker = start_worker({"DATABASE_URL": f"sqlite:///{app_env / 'test.db'}", "RESUME_STORAGE_DIR": str(app_env / "resumes"),
                           "PARSER_WORKERS": "1", "PARSER_BACKEND": "rules", "JOB_POLL_SECONDS": "0.1"},
                          tmp_path / "worker.log")
    try:
        snap = wait_until(lambda: (s := fresh(admin)).counts["completed"] == 1 and s, timeout=60,
                          what="the worker's parse in the snapshot")
    finally:
        stop(worker)
    assert snap.version != queued.version and snap.counts["pending"] == 0
    assert cands.get_candidate(admin, c.id).parse_status == "completed"
