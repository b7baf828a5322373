"""Helpers the tests share: accounts, PDFs, waiting, settings, worker processes, AppTest.

`tests/` is on sys.path (pytest.ini's `pythonpath`), so a test anywhere under it writes
`from utils import resume_pdf`. The fixtures live in the conftest.py files; this module holds
plain functions and constants, and imports nothing from a conftest.
"""
from __future__ import annotations

import asyncio
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from argon2 import PasswordHasher
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from core import accounts, changes, jobs, passwords
from core.accounts import UserRecord
from core.candidates import parsing_status
from core.config import APP_ROOT, get_settings, reset_settings
from core.db import dispose_engine, session_scope
from core.models import AuditEvent

PASSWORD = "correct horse battery"     # the password of every account make_user makes
NEW_PASSWORD = "a long enough secret"  # another one that meets the policy
# Cheap argon2 parameters: hashing at the production cost would make the suite minutes slower.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


# --- the process's state -----------------------------------------------------------------

def reset_core() -> None:
    """Stop the parse pool, forget the engine and the settings (before a new DATABASE_URL)."""
    jobs.shutdown(wait=True)
    changes.forget()
    dispose_engine()
    reset_settings()


def set_env(monkeypatch, **values: object) -> None:
    """Set environment variables for this test and make core read them again."""
    for name, value in values.items():
        monkeypatch.setenv(name, str(value))
    reset_settings()


# --- accounts ----------------------------------------------------------------------------

def make_user(role: str, email: str | None = None, password: str = PASSWORD, **fields) -> UserRecord:
    """An account straight in the database (no audit row, no password change pending)."""
    with session_scope() as s:
        return accounts.insert_user(s, email or f"{role}@example.com", role, name=role.title(),
                                    password_hash=passwords.hash_password(password), **fields)


# --- PDFs --------------------------------------------------------------------------------

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


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A ZIP holding these members (names as given: folders, `../`, absolute paths)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def blank_pdf() -> bytes:
    """A valid PDF with a page and no text at all (what a scanner gives without OCR)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.rect(50, 50, 200, 200, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()


def stored_files(directory: Path) -> list[str]:
    """The names in a storage directory (none when it does not exist yet)."""
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def stored_ids() -> set[int]:
    """The candidate ids that have a `{id}.pdf` in the storage directory (to find orphans)."""
    return {int(name[:-4]) for name in stored_files(get_settings().resume_storage_dir)
            if name.endswith(".pdf") and name[:-4].isdigit()}


# --- waiting -----------------------------------------------------------------------------

def wait_until(predicate, timeout: float = 60.0, interval: float = 0.05, what: str = "condition"):
    """Poll `predicate` until it returns something true, and return that; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {timeout}s")
        time.sleep(interval)


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


# --- worker processes (python -m core.worker) --------------------------------------------

def start_worker(env_overrides: dict[str, str], log_path: Path) -> subprocess.Popen:
    """A worker process with the counting parser plug-in (tests/plugins.py), in its own session."""
    env = {**os.environ, "PYTHONPATH": str(APP_ROOT), "PARSER_PLUGINS": "tests.plugins", **env_overrides}
    log = open(log_path, "ab")
    return subprocess.Popen([sys.executable, "-m", "core.worker"], cwd=APP_ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
    if proc.poll() is None:
        proc.send_signal(sig)
    return proc.wait(timeout)


def kill_tree(proc: subprocess.Popen) -> None:
    """kill -9 the worker and its PDF-reader children (all in its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(10)


def run_cli(module: str, *args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess:
    """`python -m module args...` in the app's folder, with these environment variables added."""
    return subprocess.run([sys.executable, "-m", module, *args], input=stdin, capture_output=True, text=True,
                          cwd=APP_ROOT, env={**os.environ, **env}, timeout=60,
                          stdin=None if stdin is not None else subprocess.DEVNULL)


# --- pages (AppTest) ---------------------------------------------------------------------

def shown(markdown: str) -> str:
    """What a person reads from Markdown the app escaped (ui.common.md): the escapes and the
    invisible word joiners removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def signed_in_as(at, user: UserRecord):
    """What the sign-in page leaves in the session: the user's id and session version."""
    at.session_state["user_id"] = user.id
    at.session_state["session_version"] = user.session_version
    return at


def app_as(user: UserRecord | None = None, page: str | None = None, **query):
    """The app in AppTest, signed in as `user` (as the sign-in page leaves it)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=30)
    if user is not None:
        signed_in_as(at, user)
    at.run()
    if page is not None:
        at.switch_page(page)
        at.query_params.update({k: str(v) for k, v in query.items()})
        at.run()
    return at


def run_until(at, predicate, timeout: float = 30.0):
    """Tick the app (as a fragment's run_every would; AppTest never fires it) until predicate(at)."""
    deadline = time.monotonic() + timeout
    while not predicate(at):
        assert time.monotonic() < deadline, "the page never reached the expected state"
        time.sleep(0.05)
        at.run()
    return at


# Which pages st.navigation offers each role (file names).
PAGES_BY_ROLE = {
    "admin": {"candidates.py", "add_candidate.py", "bulk_add.py", "candidate_detail.py", "duplicates.py", "users.py",
              "audit.py", "retention.py", "account.py"},
    "recruiter": {"candidates.py", "add_candidate.py", "bulk_add.py", "candidate_detail.py", "duplicates.py",
                  "account.py"},
    "viewer": {"candidates.py", "candidate_detail.py", "duplicates.py", "account.py"},
}


def audit_rows(action: str | None = None, *, detail: bool = False) -> list[tuple]:
    """(actor_email, action, candidate_id[, detail]) of every audit row, oldest first; one action's only."""
    columns = [AuditEvent.actor_email, AuditEvent.action, AuditEvent.candidate_id]
    q = select(*columns, *([AuditEvent.detail] if detail else []))
    if action:
        q = q.where(AuditEvent.action == action)
    with session_scope(readonly=True) as s:
        return [tuple(r) for r in s.execute(q.order_by(AuditEvent.id)).all()]


def sign_in(at, email: str, password: str):
    """Fill in and submit the sign-in form."""
    at.text_input(key="login_email").input(email)
    at.text_input(key="login_password").input(password)
    at.button[-1].click()  # the form's submit button
    return at.run()


def labels(at) -> set[str]:
    """The labels of every button and download button the page shows."""
    return {b.label for b in at.button} | {b.label for b in at.download_button}


def select_rows(at, rows: list[int]):
    """Select these rows of the candidates table (as clicking their checkboxes would)."""
    at.session_state["table"] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    return at.run()


def table_rows(at):
    """The first table's data frame (None when the page shows no table)."""
    return at.dataframe[0].value if at.dataframe else None


def statuses(at) -> list[str]:
    """The candidates table's status column, without icons and failure reasons."""
    df = table_rows(at)
    return [] if df is None else [s.split(" ", 1)[1].split(":")[0] for s in df["status"]]


def add_candidate(at, name: str, email: str, pdf: bytes | None, filename="cv.pdf"):
    """Fill in and submit the add form (with a PDF when one is given)."""
    at.switch_page("pages/add_candidate.py").run()
    at.text_input[0].input(name)
    at.text_input[1].input(email)
    if pdf is not None:
        at.file_uploader[0].upload(filename, pdf, "application/pdf")
    at.button[0].click()  # the form's submit button
    return at.run()


# --- the HTTP API ------------------------------------------------------------------------

# The API's parsing-status document (core's has resume_path where this has resume_url).
STATUS_KEYS = {"candidate_id", "parsing_status", "message", "has_resume_file", "has_parsed_data", "resume_url"}


def call_asgi(coroutine) -> None:
    """Run one raw ASGI call to the end on a fresh event loop in its own thread (the browser
    tests' Playwright keeps an event loop running in the main thread for the whole session)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def person(name="Ada Lovelace", email="ada@example.com", phone="+44 20 7946 0958") -> dict:
    """The `candidate_in` form field."""
    return {"candidate_in": json.dumps({"full_name": name, "email": email, "phone": phone})}


def create(client, headers, *, pdf: bytes | None = None, filename="ada.pdf", **who):
    """POST /candidates/ as the add form of a client would, with an optional PDF."""
    files = {"resume": (filename, pdf, "application/pdf")} if pdf is not None else None
    return client.post("/candidates/", data=person(**who), files=files, headers=headers)


def assert_error(response, status: int, *fragments: str) -> dict:
    """The response is an error of this status: JSON, one sentence holding every fragment."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], str)
    assert "Traceback" not in body["detail"]
    for fragment in fragments:
        assert fragment in body["detail"], body["detail"]
    return body


# Every (method, path) of the API, with candidate id 1.
ENDPOINTS = [
    ("post", "/candidates/"), ("get", "/candidates/"), ("get", "/candidates/1"),
    ("delete", "/candidates/1"), ("post", "/candidates/1/reparse"),
    ("get", "/candidates/1/parsing-status"), ("get", "/candidates/1/resume"), ("put", "/candidates/1/resume"),
    ("post", "/candidates/bulk"), ("get", "/candidates/bulk/{batch_id}"),
    ("get", "/candidates/1/notes"), ("post", "/candidates/1/notes"), ("patch", "/candidates/1/notes/{note_id}"),
    ("delete", "/candidates/1/notes/{note_id}"), ("get", "/candidates/1/tags"), ("put", "/candidates/1/tags"),
    ("get", "/tags"), ("post", "/tags/change"), ("get", "/candidates/1/timeline"), ("get", "/candidates/1/export"),
    ("post", "/candidates/1/erase"), ("get", "/retention"),
]


# --- faults of the machine -------------------------------------------------------------

def fill_disk(directory: Path) -> None:
    """Write into `directory` until its file system says it is full (a small tmpfs)."""
    with open(directory / "filler", "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass


# --- losing the PostgreSQL server ------------------------------------------------------

class PgProxy:
    """A TCP relay to the PostgreSQL server that the test can cut: every open connection
    closes and new ones are dropped, as when the server or the network goes away."""

    def __init__(self, target=("127.0.0.1", 5432)):
        self.target = target
        self.up = threading.Event()
        self.up.set()
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up.is_set():
                client.close()
                continue
            server = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        self.up.clear()
        with self.lock:
            doomed, self.sockets = self.sockets, []
        for s in doomed:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def restore(self) -> None:
        self.up.set()

    def url(self, pg_url: str, application_name: str) -> str:
        """`pg_url` through this relay, its connections named (for terminate_own_backends)."""
        return pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{self.port}") + f"&application_name={application_name}"

    def close(self) -> None:
        self.cut()
        self.listener.close()


def terminate_own_backends(name: str) -> int:
    """pg_terminate_backend on the connections that carry this test's application_name only."""
    from sqlalchemy import create_engine, text

    server = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    try:
        with server.begin() as conn:
            return len(conn.execute(text("select pg_terminate_backend(pid) from pg_stat_activity "
                                         "where application_name = :n"), {"n": name}).all())
    finally:
        server.dispose()
