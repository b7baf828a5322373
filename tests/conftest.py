"""Each test gets its own SQLite file and storage directory, and a fresh pool."""
from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from core import jobs
from core.candidates import parsing_status
from core.config import reset_settings
from core.db import dispose_engine

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
    _reset()
    yield tmp_path
    _reset()


def resume_pdf(
    name: str = "Ada Lovelace",
    email: str = "ada@example.com",
    phone: str = "+44 20 7946 0958",
    extra: list[str] | None = None,
) -> bytes:
    """A small one-page resume with a real text layer."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 800
    c.setFont("Helvetica-Bold", 20)
    c.drawString(60, y, name)
    c.setFont("Helvetica", 10)
    lines = [f"{email} | {phone} | London, UK", "", "EXPERIENCE",
             "Senior Engineer, Analytical Engines Ltd", "Jan 2020 - Present",
             "Built the difference engine's successor.", "", "EDUCATION",
             "University of London", "BSc Mathematics, 2015 - 2019", "", "SKILLS",
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


def wait_for_status(candidate_id: int, wanted=("completed", "failed"), timeout: float = 30.0) -> dict:
    """Poll the status until it is one of `wanted` (fails the test after `timeout`)."""
    deadline = time.monotonic() + timeout
    while True:
        status = parsing_status(candidate_id)
        if status["parsing_status"] in wanted:
            return status
        if time.monotonic() > deadline:
            raise AssertionError(f"candidate {candidate_id} still {status} after {timeout}s")
        time.sleep(0.02)
