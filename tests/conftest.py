"""Fixtures every test folder shares: a private database and storage directory per test,
accounts in it, and a private schema on the local PostgreSQL server.

Plain helpers (PDFs, waiting, worker processes, AppTest) are in tests/utils.py.
Users: the `admin`, `recruiter` and `viewer` fixtures are accounts in that database (password
`utils.PASSWORD`); passwords are hashed with cheap argon2 parameters so the suite stays fast.
"""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from core import passwords
from core.accounts import UserRecord
from core.config import reset_settings, variables

# tests/test_parser.py, tests/test_malformed.py and tests/malformed.py import these from here.
from utils import FAST_HASHER, blank_pdf, make_user, reset_core, resume_pdf, wait_for_status  # noqa: F401


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


@pytest.fixture
def downloads(monkeypatch):
    """What a page hands Streamlit to serve on a click: {file_name: (callable, mimetype)}.

    Calling the callable is what a click does (it runs in the media endpoint, not the script).
    """
    from streamlit.runtime.media_file_manager import MediaFileManager

    seen = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        seen[file_name] = (data_callable, mimetype)
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return seen


@pytest.fixture(autouse=True)
def _apptest_runs_app_py_every_time(monkeypatch):
    """Make AppTest run app.py on every run, as a server does.

    AppTest resets Streamlit's "pages/ folder" flag before each run, so each run after the
    first one executes the requested page file directly (Streamlit's old multipage mode),
    skipping app.py: its sign-in gate and per-role navigation would go untested. A server
    sets that flag once; after app.py's first st.navigation call it always runs app.py.
    (The pages still guard themselves: see ui.session.require_user.)
    """
    import types

    from streamlit.runtime.scriptrunner import script_runner

    def run_main_script(main_script_path) -> None:
        path = Path(main_script_path)
        module = types.ModuleType("__main__")
        module.__file__ = str(path)
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module.__dict__)

    monkeypatch.setattr(script_runner, "_mpa_v1", run_main_script)


class Navigation:
    """The pages st.navigation was last given (AppTest draws no sidebar to read them from)."""

    def __init__(self):
        self.calls: list[set[str]] = []

    @property
    def pages(self) -> set[str]:
        assert self.calls, "st.navigation was never called"
        return self.calls[-1]


@pytest.fixture
def nav(monkeypatch) -> Navigation:
    import streamlit as st

    seen, original = Navigation(), st.navigation

    def spy(pages, *args, **kwargs):
        seen.calls.append({Path(str(p._page)).name for p in pages})
        return original(pages, *args, **kwargs)

    monkeypatch.setattr(st, "navigation", spy)
    return seen


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
        pytest.skip(f"no PostgreSQL server on 127.0.0.1:5432 ({type(exc).__name__}); CI runs this test")
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
