"""End-to-end fixtures: the app as `make run` starts it, driven by Debian's Chromium.

- `start_app(**env)` starts `python -m streamlit run serve.py` (as `make run`) on a free loopback port with its
  own SQLite file and storage directory (plus any extra environment), waits for
  `/_stcore/health`, and stops it when the test ends. `app` is one started with the defaults
  (the offline rules parser).
- `browser` is one Chromium per session (a fresh, empty profile: Playwright's `launch` always
  makes a new temporary user data dir); `page` is a new context per test, opened on the app.
- When a test fails, its page is saved as `test-results/<test>/failure.png`, next to the app's
  log (`app.log`).
- `E2E_APP_ROOT=/some/checkout` serves the app from another folder (default: this repository).

Chromium is `/usr/bin/chromium` from Debian (`make test` installs it when missing); never
`playwright install`. Without it the browser tests fail and say so (`make test-fast` leaves them out).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

import utils
from tests.e2e.helpers import ADMIN_EMAIL, ADMIN_PASSWORD, APP_ROOT, SETTLED, sign_in

RESULTS = APP_ROOT / "test-results"
# The app's folder; E2E_APP_ROOT runs the tests against another checkout (e.g. `git archive HEAD`).
SERVED_ROOT = Path(os.environ.get("E2E_APP_ROOT") or APP_ROOT).resolve()
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
STARTUP_TIMEOUT_S = 60
EXPECT_TIMEOUT_MS = 20_000  # parsing runs in the background; a loaded machine is slow


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _result_dir(node) -> Path:
    return RESULTS / re.sub(r"[^\w.-]+", "_", node.nodeid.split("::", 1)[-1]).strip("_")


def _failed(node) -> bool:
    return any(getattr(getattr(node, f"rep_{when}", None), "failed", False) for when in ("setup", "call"))


# --- the app ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class App:
    url: str
    port: int
    database: Path
    storage: Path
    log: Path
    process: subprocess.Popen

    def resume_file(self, candidate_id: int) -> Path:
        return self.storage / f"{candidate_id}.pdf"

    def stored_files(self) -> list[str]:
        return utils.stored_files(self.storage)


def _app_env(tmp: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OPENAI_", "PARSER_", "STREAMLIT_", "ADMIN_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'app.db'}",
        RESUME_STORAGE_DIR=str(tmp / "resumes"),
        PARSER_BACKEND="rules",
        PYTHONUNBUFFERED="1",
        ADMIN_EMAIL=ADMIN_EMAIL,  # the first admin, made at start (flow 1 clears these to use the page)
        ADMIN_PASSWORD=ADMIN_PASSWORD,
    )
    env.update(extra)
    return env


def _wait_healthy(app: App) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError(f"the app exited with {app.process.returncode}:\n{app.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{app.url}/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)  # polling a server that is starting, not waiting on the page
    raise RuntimeError(f"the app did not answer /_stcore/health in {STARTUP_TIMEOUT_S}s:\n{app.log.read_text()[-3000:]}")


def _stop(app: App) -> None:
    if app.process.poll() is None:
        app.process.terminate()
        try:
            app.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            app.process.kill()
            app.process.wait(timeout=15)


@pytest.fixture
def start_app(request, tmp_path_factory):
    """start_app(**env) -> App: a new server with its own database and storage directory."""
    started: list[App] = []

    def start(**extra_env: str) -> App:
        tmp = tmp_path_factory.mktemp("app")
        port = free_port()
        log = tmp / "app.log"
        cmd = [
            sys.executable, "-m", "streamlit", "run", "serve.py",
            "--server.headless=true", f"--server.port={port}", "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
        ]
        with log.open("wb") as out:
            process = subprocess.Popen(cmd, cwd=SERVED_ROOT, env=_app_env(tmp, extra_env),
                                       stdout=out, stderr=subprocess.STDOUT)
        app = App(url=f"http://127.0.0.1:{port}", port=port, database=tmp / "app.db",
                  storage=tmp / "resumes", log=log, process=process)
        started.append(app)
        _wait_healthy(app)
        return app

    yield start
    for app in started:
        _stop(app)
    if _failed(request.node):
        out = _result_dir(request.node)
        out.mkdir(parents=True, exist_ok=True)
        for n, app in enumerate(started):
            shutil.copyfile(app.log, out / (f"app-{n}.log" if n else "app.log"))


@pytest.fixture
def app(start_app) -> App:
    return start_app()


# --- the browser -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install -y chromium` (`make test` does it as root); "
                    "`make test-fast` leaves the browser tests out.", pytrace=False)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, request, start_app):
    # start_app is set up first, so the apps are still running when the failure screenshot is taken
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    ctx.set_default_timeout(EXPECT_TIMEOUT_MS)
    yield ctx
    if _failed(request.node):
        out = _result_dir(request.node)
        out.mkdir(parents=True, exist_ok=True)
        for n, pg in enumerate(ctx.pages):
            try:
                pg.screenshot(path=str(out / ("failure.png" if n == 0 else f"failure-{n}.png")), full_page=True)
            except Exception as exc:  # a crashed page must not hide the test's own error
                (out / "screenshot-error.txt").write_text(repr(exc))
    ctx.close()


@pytest.fixture
def open_app(context):
    """open_app(app, signed_in=True) -> Page: a new tab on the app, signed in as the admin.

    Each tab is a new Streamlit session, so it signs in (a reload would too).
    """

    def open_(app: App, signed_in: bool = True):
        page = context.new_page()
        page.goto(app.url)
        page.locator(SETTLED).wait_for()
        if signed_in:
            sign_in(page, ADMIN_EMAIL, ADMIN_PASSWORD)
        return page

    return open_


@pytest.fixture
def page(app, open_app):
    return open_app(app)
