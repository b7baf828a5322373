"""Faults of the machine: a full disk while saving, a storage directory or a SQLite file on a
read-only file system at start, PostgreSQL connections lost in the middle of a batch. Each ends
in a clear, typed error (core), a clear status (API: 503 or 507), and nothing half-written;
queued jobs finish once the database is back."""
from __future__ import annotations

import threading
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api import errors as api_errors
from api.app import app
from core import candidates as cands
from core import audit, jobs, storage
from core.db import READ_ONLY, UNREACHABLE, session_scope
from core.errors import DatabaseUnavailable, StorageError, StorageFull
from core.models import AuditEvent, Candidate
from utils import (PgProxy, assert_error, audit_rows, create, fill_disk, make_user, reset_core, resume_pdf, set_env,
                   stored_files, terminate_own_backends, wait_until)

def _rows(model=Candidate) -> int:
    with session_scope(readonly=True) as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


# --- a full disk ---------------------------------------------------------------------------

def test_a_full_disk_while_saving_is_a_clear_error_and_stores_nothing(app_env, monkeypatch, tmpfs, recruiter):
    resumes = tmpfs("resumes", 256)
    set_env(monkeypatch, RESUME_STORAGE_DIR=resumes)
    fill_disk(resumes)
    audit_before = _rows(AuditEvent)
    with pytest.raises(StorageFull, match="disk is full, so the resume could not be saved; nothing was stored"):
        cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    assert _rows() == 0 and _rows(AuditEvent) == audit_before, "no row"
    assert stored_files(resumes) == ["filler"], "no file, not even a temporary one"
    (resumes / "filler").unlink()
    made = cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    assert storage.get_resume_file_path(made.id) is not None, "the same upload fits once there is room"


def test_a_full_disk_is_a_507_from_the_api(app_env, monkeypatch, tmpfs, recruiter, as_recruiter_header):
    resumes = tmpfs("resumes", 256)
    set_env(monkeypatch, RESUME_STORAGE_DIR=resumes)
    fill_disk(resumes)
    response = create(TestClient(app), as_recruiter_header, pdf=resume_pdf())
    assert_error(response, 507, "disk is full", "nothing was stored")
    assert _rows() == 0 and stored_files(resumes) == ["filler"]


@pytest.fixture
def as_recruiter_header(admin, recruiter):
    from core import tokens

    _, secret = tokens.create_token(admin, recruiter.id, "tests")
    return {"Authorization": f"Bearer {secret}"}


# --- read-only storage and database at start -------------------------------------------------

def test_a_read_only_storage_directory_at_start_is_a_clear_error_then_recovers(app_env, monkeypatch, tmpfs):
    resumes = tmpfs("resumes", 256)
    tmpfs.remount(resumes, readonly=True)
    set_env(monkeypatch, RESUME_STORAGE_DIR=resumes)
    with pytest.raises(StorageError, match=r"storage directory cannot be written \(Read-only file system\)"):
        jobs.start()
    monkeypatch.setattr(api_errors, "RETRY_AFTER_S", 0)
    with TestClient(app) as client:  # with its lifespan: the start fails, the API stays up
        response = client.get("/candidates")
        assert response.status_code == 503 and response.headers["Retry-After"] == "0"
        assert "storage directory cannot be written" in response.json()["detail"]
        tmpfs.remount(resumes, readonly=False)
        assert client.get("/candidates").status_code == 401, "started: now it asks who is calling"


def test_a_sqlite_file_on_a_read_only_file_system_is_a_clear_error(app_env, monkeypatch, tmpfs):
    folder = tmpfs("db", 4096)
    set_env(monkeypatch, DATABASE_URL=f"sqlite:///{folder / 'resumedesk.db'}")
    make_user("recruiter")  # the database exists, with a user in it
    reset_core()
    tmpfs.remount(folder, readonly=True)
    with pytest.raises(DatabaseUnavailable) as caught:
        jobs.start()
    assert str(caught.value) == READ_ONLY
    monkeypatch.setattr(api_errors, "RETRY_AFTER_S", 0)
    with TestClient(app) as client:
        response = client.get("/candidates")
    assert response.status_code == 503 and response.json()["detail"] == READ_ONLY


# --- PostgreSQL connections lost mid-batch ---------------------------------------------------

def test_postgresql_lost_mid_batch_is_a_clear_error_and_every_job_completes_once_back(
        app_env, pg_url, monkeypatch, as_recruiter_pg):
    name = f"rd_fault_{uuid.uuid4().hex[:8]}"
    proxy = PgProxy()
    try:
        reset_core()
        set_env(monkeypatch, DATABASE_URL=proxy.url(pg_url, name), PARSER_WORKERS=0, JOB_POLL_SECONDS=0.2,
                PLUGIN_SLEEP=0.05, PARSER_BACKEND="counted", PLUGIN_COUNT_FILE=app_env / "parsed.txt")
        import plugins  # noqa: F401 - registers the "counted" backend (tests/plugins.py)

        recruiter, headers = as_recruiter_pg()
        made = [cands.create_candidate(recruiter, f"P{i}", f"p{i}@example.com",
                                       resume=resume_pdf(email=f"p{i}@example.com")) for i in range(30)]
        set_env(monkeypatch, PARSER_WORKERS=2)
        jobs.start()
        wait_until(lambda: cands.status_counts(recruiter)["completed"] >= 3, what="the batch under way")

        proxy.cut()
        terminate_own_backends(name)
        with pytest.raises(DatabaseUnavailable) as caught:
            cands.list_candidates(recruiter)
        assert str(caught.value) == UNREACHABLE
        response = TestClient(app).get("/candidates", headers=headers)
        assert response.status_code == 503 and response.json()["detail"] == UNREACHABLE
        threading.Event().wait(2)  # gone for a while: claims, stages and heartbeats fail meanwhile

        proxy.restore()
        wait_until(lambda: cands.status_counts(recruiter)["pending"] == 0, timeout=60,
                   what="every queued job done once the database is back")
        counts = cands.status_counts(recruiter)
        assert counts["completed"] == 30 and counts["failed"] == 0, counts
        assert audit_rows(audit.PARSE_FAIL) == [], "losing the database is not a failed parse"
        assert {c.id for c in made} == storage.stored_ids()
    finally:
        reset_core()
        proxy.close()


@pytest.fixture
def as_recruiter_pg():
    """make() -> (recruiter, Authorization header), made in the database the test switched to."""
    def make():
        from core import tokens

        recruiter = make_user("recruiter")
        _, secret = tokens.create_token(make_user("admin"), recruiter.id, "tests")
        return recruiter, {"Authorization": f"Bearer {secret}"}
    return make
