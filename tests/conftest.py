"""Fixtures every test folder shares: a private database and storage directory per test,
accounts in it, and a private schema on the local PostgreSQL server.

Plain helpers (PDFs, waiting, worker processes, AppTest) are in tests/utils.py.
Users: the `admin`, `recruiter` and `viewer` fixtures are accounts in that database (password
`utils.PASSWORD`); passwords are hashed with cheap argon2 parameters so the suite stays fast.
"""
from __future__ import annotations

import uuid

import pytest

from core import passwords
from core.accounts import UserRecord
from core.config import reset_settings, variables
from utils import FAST_HASHER, make_user, reset_core


def pytest_collection_modifyitems(config, items):
    """A test that uses the PostgreSQL server is marked `postgres`, whichever folder it is in."""
    for item in items:
        if "pg_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """A private database and storage directory; the rules parser; two workers."""
    for var in variables():
        monkeypatch.setenv(var.name, "")  # the defaults: a developer's .env must not leak in
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'test.db'}")
    monkeypatch.setenv("RESUME_STORAGE_DIR", str(tmp_path / "resumes"))
    monkeypatch.setenv("PARSER_BACKEND", "rules")
    monkeypatch.setenv("PARSER_WORKERS", "2")
    monkeypatch.setattr(passwords, "_hasher", FAST_HASHER)
    reset_core()
    yield tmp_path
    reset_core()


@pytest.fixture
def admin(app_env) -> UserRecord:
    return make_user("admin")


@pytest.fixture
def recruiter(app_env) -> UserRecord:
    return make_user("recruiter")


@pytest.fixture
def viewer(app_env) -> UserRecord:
    return make_user("viewer")


PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_url(app_env, monkeypatch):
    """Switch the test to a private schema in the local PostgreSQL server's `test` database."""
    from sqlalchemy import create_engine, text

    try:
        server = create_engine(PG_SERVER, connect_args={"connect_timeout": 3})
        with server.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"PostgreSQL is not answering on 127.0.0.1:5432 ({type(exc).__name__}: {exc}). "
                    "`make test` starts it (as root: .ci/postgres); `make test-fast` leaves these tests out.",
                    pytrace=False)
    schema = f"rd_{uuid.uuid4().hex[:10]}"
    with server.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    url = f"{PG_SERVER}?options=-csearch_path%3D{schema}"
    reset_core()
    monkeypatch.setenv("DATABASE_URL", url)
    reset_settings()
    try:
        yield url
    finally:
        reset_core()
        with server.begin() as conn:
            conn.execute(text(f'drop schema "{schema}" cascade'))
        server.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db(request, app_env):
    """The test once on SQLite and once on the local PostgreSQL server."""
    if request.param == "postgresql":
        request.getfixturevalue("pg_url")
    return request.param


@pytest.fixture
def tmpfs(tmp_path):
    """mount(name, kib) -> a directory on a tmpfs of that size, private to the test (unmounted
    after it); remount(path, readonly=True) makes it read-only. Mounting needs root, which
    the machines and CI are; the tests that use it say so instead of skipping elsewhere."""
    import os
    import subprocess

    if os.geteuid() != 0:
        pytest.fail("this test mounts a small tmpfs to fill a disk or make it read-only: run it as root",
                    pytrace=False)
    mounted = []

    def mount(name: str, kib: int):
        path = tmp_path / name
        path.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kib}k,mode=0700", "tmpfs", str(path)], check=True)
        mounted.append(path)
        return path

    def remount(path, readonly: bool = True):
        subprocess.run(["mount", "-o", f"remount,{'ro' if readonly else 'rw'}", str(path)], check=True)

    mount.remount = remount
    try:
        yield mount
    finally:
        for path in reversed(mounted):
            subprocess.run(["umount", "-l", str(path)], check=False)
