"""Each test gets its own SQLite file and storage directory, and a fresh pool.

Users: the `admin`, `recruiter` and `viewer` fixtures are accounts in that database (password
`PASSWORD`); passwords are hashed with cheap argon2 parameters so the suite stays fast.
"""
from __future__ import annotations

import io
import time
import uuid
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from core import jobs, users
from core.auth import User, UserRecord
from core.candidates import parsing_status
from core.config import reset_settings
from core.db import dispose_engine, session_scope

PASSWORD = "correct horse battery"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _reset() -> None:
    jobs.shutdown(wait=True)
    dispose_engine()
    reset_settings()


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """A private database and storage directory; the rules parser; two workers."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'test.db'}")
    monkeypatch.setenv("RESUME_STORAGE_DIR", str(tmp_path / "resumes"))
    monkeypatch.setenv("PARSER_BACKEND", "rules")
    monkeypatch.setenv("PARSER_WORKERS", "2")
    monkeypatch.setenv("PARSER_FALLBACK", "false")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    for name in ("ADMIN_EMAIL", "ADMIN_PASSWORD", "LOGIN_MAX_FAILURES", "LOGIN_LOCKOUT_SECONDS",
                 "PASSWORD_MIN_LENGTH"):
        monkeypatch.setenv(name, "")  # a developer's .env must not leak in (the environment wins)
    monkeypatch.setattr(users, "_hasher", FAST_HASHER)
    _reset()
    yield tmp_path
    _reset()


def make_user(role: str, email: str | None = None, password: str = PASSWORD, **fields) -> UserRecord:
    """An account straight in the database (no audit row, no password change pending)."""
    with session_scope() as s:
        row = User(email=email or f"{role}@example.com", role=role, name=role.title(),
                   password_hash=users.hash_password(password), **fields)
        s.add(row)
        s.flush()
        return UserRecord.from_row(row)


@pytest.fixture
def admin(app_env) -> UserRecord:
    return make_user("admin")


@pytest.fixture
def recruiter(app_env) -> UserRecord:
    return make_user("recruiter")


@pytest.fixture
def viewer(app_env) -> UserRecord:
    return make_user("viewer")


def app_as(user: UserRecord | None = None, page: str | None = None, **query):
    """The app in AppTest, signed in as `user` (as the sign-in page leaves it: the id only)."""
    from streamlit.testing.v1 import AppTest

    from core.config import APP_ROOT

    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=30)
    if user is not None:
        at.session_state["user_id"] = user.id
    at.run()
    if page is not None:
        at.switch_page(page)
        at.query_params.update({k: str(v) for k, v in query.items()})
        at.run()
    return at


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
    _reset()
    monkeypatch.setenv("DATABASE_URL", url)
    reset_settings()
    try:
        yield url
    finally:
        _reset()
        with server.begin() as conn:
            conn.execute(text(f'drop schema "{schema}" cascade'))
        server.dispose()


def resume_pdf(
    name: str = "Ada Lovelace",
    email: str = "ada@example.com",
    phone: str = "+44 20 7946 0958",
    extra: list[str] | None = None,
    employer: str = "Analytical Engines Ltd",
    school: str = "University of London",
) -> bytes:
    """A small one-page resume with a real text layer."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 800
    c.setFont("Helvetica-Bold", 20)
    c.drawString(60, y, name)
    c.setFont("Helvetica", 10)
    lines = [f"{email} | {phone} | London, UK", "", "EXPERIENCE",
             f"Senior Engineer, {employer}", "Jan 2020 - Present",
             "Built the difference engine's successor.", "", "EDUCATION",
             school, "BSc Mathematics, 2015 - 2019", "", "SKILLS",
             "Python, SQL, Mathematics"] + (extra or [])
    for line in lines:
        y -= 16
        c.drawString(60, y, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def blank_pdf() -> bytes:
    """A valid PDF with a page and no text at all (what a scanner gives without OCR)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.rect(50, 50, 200, 200, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()


def wait_for_status(actor: UserRecord, candidate_id: int, wanted=("completed", "failed"),
                    timeout: float = 30.0) -> dict:
    """Poll the status until it is one of `wanted` (fails the test after `timeout`)."""
    deadline = time.monotonic() + timeout
    while True:
        status = parsing_status(actor, candidate_id)
        if status["parsing_status"] in wanted:
            return status
        if time.monotonic() > deadline:
            raise AssertionError(f"candidate {candidate_id} still {status} after {timeout}s")
        time.sleep(0.02)
