"""What the dashboard shows when the machine fails it: a storage directory or a SQLite file on a
read-only file system at start, a full disk on the add form, the PostgreSQL server gone while a
recruiter looks at the table. A clear message each time, never a traceback; the app recovers by
itself once the fault is gone."""
from __future__ import annotations

import uuid

import pytest
import streamlit as st

from core import candidates as cands
from core.db import READ_ONLY, UNREACHABLE
from utils import (PgProxy, add_candidate, app_as, fill_disk, make_user, reset_core, resume_pdf, set_env,
                   shown, stored_files, terminate_own_backends)


def _errors(at) -> list[str]:
    return [shown(e.value) for e in at.error]


@pytest.fixture(autouse=True)
def _fresh_start():
    st.cache_resource.clear()  # every test starts the app's services (app.start_services) anew
    yield
    st.cache_resource.clear()


def test_a_read_only_storage_directory_at_start_shows_a_clear_page_then_recovers(app_env, monkeypatch, tmpfs):
    resumes = tmpfs("resumes", 256)
    tmpfs.remount(resumes, readonly=True)
    set_env(monkeypatch, RESUME_STORAGE_DIR=resumes)
    at = app_as()
    assert not at.exception
    assert any("storage directory cannot be written (Read-only file system)" in e for e in _errors(at))
    assert str(resumes) not in " ".join(_errors(at)), "the server's paths stay in its log"
    tmpfs.remount(resumes, readonly=False)
    at.run()
    assert not at.exception and not _errors(at)
    assert at.title and at.title[0].value != "Unavailable"


def test_a_sqlite_file_on_a_read_only_file_system_shows_a_clear_page(app_env, monkeypatch, tmpfs):
    folder = tmpfs("db", 4096)
    set_env(monkeypatch, DATABASE_URL=f"sqlite:///{folder / 'resumedesk.db'}")
    make_user("admin")
    reset_core()
    tmpfs.remount(folder, readonly=True)
    at = app_as()
    assert not at.exception
    assert _errors(at) == [READ_ONLY]


def test_a_full_disk_on_the_add_form_is_a_clear_error_and_adds_nothing(app_env, monkeypatch, tmpfs, recruiter):
    resumes = tmpfs("resumes", 256)
    set_env(monkeypatch, RESUME_STORAGE_DIR=resumes)
    at = app_as(recruiter)
    fill_disk(resumes)
    at = add_candidate(at, "Ada Lovelace", "ada@example.com", resume_pdf())
    assert not at.exception
    assert any("disk is full, so the resume could not be saved; nothing was stored" in e for e in _errors(at))
    assert sum(cands.status_counts(recruiter).values()) == 0, "no row"
    assert stored_files(resumes) == ["filler"]


def test_the_table_says_the_database_is_gone_while_it_is_and_comes_back_with_it(app_env, pg_url, monkeypatch):
    name = f"rd_fault_{uuid.uuid4().hex[:8]}"
    proxy = PgProxy()
    try:
        reset_core()
        set_env(monkeypatch, DATABASE_URL=proxy.url(pg_url, name))
        recruiter = make_user("recruiter")
        cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com")
        at = app_as(recruiter, "pages/candidates.py")
        assert not at.exception and not _errors(at)
        proxy.cut()
        terminate_own_backends(name)
        at.run()
        assert not at.exception
        assert UNREACHABLE in _errors(at)
        proxy.restore()
        at.run()
        assert not at.exception and not _errors(at)
        assert "Ada Lovelace" in at.dataframe[0].value.to_string()
    finally:
        reset_core()
        proxy.close()
