"""core/db.py: one engine per process, migrated on first use; sessions that commit or roll back;
SQLite set up for several writers."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from core import db
from core.models import Candidate
from utils import set_env


def _count() -> int:
    with db.session_scope(readonly=True) as s:
        return s.execute(select(func.count(Candidate.id))).scalar_one()


def test_the_engine_is_made_once_and_migrated(app_env):
    engine = db.get_engine()
    assert db.get_engine() is engine
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from alembic_version")).scalar() == 1
    assert str(engine.url) == f"sqlite:///{app_env / 'test.db'}"


def test_sqlite_is_set_up_for_several_writers(app_env):
    with db.get_engine().connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.SQLITE_BUSY_TIMEOUT_S * 1000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_session_commits_on_success_and_rolls_back_on_error(app_env):
    with db.session_scope() as s:
        s.add(Candidate(full_name="Ada", email="ada@example.com"))
    assert _count() == 1
    with pytest.raises(RuntimeError):
        with db.session_scope() as s:
            s.add(Candidate(full_name="Bob", email="bob@example.com"))
            s.flush()
            raise RuntimeError("something after the write failed")
    assert _count() == 1


def test_a_readonly_session_keeps_nothing(app_env):
    with db.session_scope(readonly=True) as s:
        s.add(Candidate(full_name="Ada", email="ada@example.com"))
        s.flush()
    assert _count() == 0


def test_write_transactions_take_the_lock_at_begin(app_env):
    """BEGIN IMMEDIATE: a second writer waits for the first instead of failing half-way."""
    db.get_engine()
    first_in, release, order = threading.Event(), threading.Event(), []

    def first():
        with db.session_scope() as s:
            s.execute(select(Candidate.id)).all()  # a read first: DEFERRED would not lock yet
            first_in.set()
            release.wait(10)
            s.add(Candidate(full_name="Ada", email="ada@example.com"))
        order.append("first")

    t = threading.Thread(target=first)
    t.start()
    first_in.wait(10)
    threading.Timer(0.3, release.set).start()
    with db.session_scope() as s:
        s.execute(select(Candidate.id)).all()  # begins the transaction: waits for the first writer
        order.append("second")
        s.add(Candidate(full_name="Bob", email="bob@example.com"))
    t.join(10)
    assert order == ["first", "second"] and _count() == 2


def test_dispose_lets_a_new_database_url_take_effect(app_env, monkeypatch):
    db.get_engine()
    set_env(monkeypatch, DATABASE_URL=f"sqlite:///{app_env / 'other.db'}")
    db.dispose_engine()
    assert str(db.get_engine().url).endswith("other.db")
    assert (app_env / "other.db").exists()


def test_the_sqlite_files_are_readable_by_their_owner_only(app_env, monkeypatch):
    """Password hashes and candidates' data: 0600 whatever the umask, -wal and -shm too."""
    import os
    import stat

    from core.config import get_settings

    old = os.umask(0o022)
    try:
        db.dispose_engine()
        path = make_url(get_settings().database_url).database
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.unlink(path + suffix)
        with db.session_scope() as s:  # creates and migrates the file; WAL files while open
            s.add(Candidate(full_name="Ada", email="ada@example.com"))
            s.flush()
            files = [path + suffix for suffix in ("", "-wal", "-shm") if os.path.exists(path + suffix)]
            assert len(files) == 3
            assert {f: oct(stat.S_IMODE(os.stat(f).st_mode)) for f in files} == {f: "0o600" for f in files}
        db.dispose_engine()
        os.chmod(path, 0o644)  # a file made before this rule: narrowed on start
        db.get_engine()
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    finally:
        os.umask(old)
