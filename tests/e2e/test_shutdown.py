"""A recruiter's server stopped cleanly (SIGTERM) hands its running parse jobs back at once."""
from __future__ import annotations

import signal

from sqlalchemy import select

from core import authentication, jobs
from core import candidates as cands
from core.config import reset_settings
from core.db import dispose_engine, session_scope
from core.models import Candidate
from tests.e2e.helpers import ADMIN_EMAIL, ADMIN_PASSWORD
from utils import resume_pdf, wait_until


def _job(candidate_id: int) -> tuple[str | None, str | None]:
    with session_scope(readonly=True) as s:
        return s.execute(select(Candidate.parse_stage, Candidate.lease_owner)
                         .where(Candidate.id == candidate_id)).one()


def test_sigterm_returns_the_apps_running_job_to_the_queue(start_app, browser, monkeypatch):
    app = start_app(PARSER_PLUGINS="tests.plugins", PARSER_BACKEND="counted", PLUGIN_SLEEP="60")
    # This test process shares the app's database and files but parses nothing itself.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{app.database}")
    monkeypatch.setenv("RESUME_STORAGE_DIR", str(app.storage))
    monkeypatch.setenv("PARSER_WORKERS", "0")
    dispose_engine()
    reset_settings()
    try:
        page = browser.new_page()
        page.goto(app.url)  # the first visit starts the app's services and its pool
        page.get_by_text("Sign in").first.wait_for()
        admin = authentication.authenticate(ADMIN_EMAIL, ADMIN_PASSWORD)
        c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
        wait_until(lambda: _job(c.id)[0] == "parsing", 60, what="the app's pool running the job")
        app.process.send_signal(signal.SIGTERM)
        wait_until(lambda: _job(c.id)[1] is None, 5, what="the lease handed back")
        assert _job(c.id) == ("queued", None)
        assert cands.get_candidate(admin, c.id).parse_status == "pending"
        page.close()
    finally:
        jobs.shutdown(wait=True)
        dispose_engine()
        reset_settings()
