"""core.sandbox: tasks in reusable child processes, under a deadline and a memory cap."""
from __future__ import annotations

import os
import time

import pytest

from core import parser, pdftext, sandbox
from core.config import reset_settings
from core.errors import ParseFailure, ValidationError
from utils import resume_pdf


@pytest.fixture
def children(monkeypatch):
    monkeypatch.setenv("PDF_MEMORY_MB", "400")
    monkeypatch.setenv("PARSER_WORKERS", "1")
    reset_settings()
    sandbox.shutdown()
    yield
    sandbox.shutdown()
    reset_settings()


def test_a_task_runs_in_a_child_that_is_kept_for_the_next_one(children):
    first = sandbox.run(os.getpid, timeout=30)
    assert first != os.getpid()
    assert sandbox.run(os.getpid, timeout=30) == first


def test_a_task_past_its_deadline_is_killed_and_its_child_replaced(children):
    pid = sandbox.run(os.getpid, timeout=30)
    started = time.monotonic()
    with pytest.raises(ParseFailure, match="took longer than 0.5 s"):
        sandbox.run(time.sleep, 30, timeout=0.5)
    assert time.monotonic() - started < 5
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert sandbox.run(os.getpid, timeout=30) not in (pid, os.getpid())


def test_memory_past_the_cap_fails_the_task_not_the_caller(children):
    with pytest.raises(ParseFailure, match="more than 400 MB"):
        sandbox.run(bytearray, 2_000_000_000, timeout=30)
    assert sandbox.run(len, "still works", timeout=30) == 11


def test_failures_come_back_worded(children, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(ParseFailure, match="^the file is not a readable PDF$"):
        sandbox.run(pdftext.extract_pdf_text, str(bad), timeout=30)     # the task's own words
    with pytest.raises(ValidationError, match=r"^the rules parser failed on this resume \(ValueError: "):
        sandbox.run(int, "x", timeout=30, failure=ValidationError, failed_as="the rules parser failed on this resume")


def test_stages_reach_the_caller_and_the_result_comes_back(children, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(resume_pdf())
    stages = []
    result = sandbox.run(parser.rules_file, str(path), 5, timeout=30, on_progress=stages.append)
    assert stages == ["parsing"]
    assert result.document["basics"]["email"] == "ada@example.com" and result.backend == "rules"


def test_a_caller_that_gives_up_on_progress_abandons_the_task(children, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(resume_pdf())

    def stop(stage):
        raise RuntimeError("shutting down")

    with pytest.raises(RuntimeError, match="shutting down"):
        sandbox.run(parser.rules_file, str(path), 5, timeout=30, on_progress=stop)
    assert sandbox.run(len, "ok", timeout=30) == 2


def test_a_file_that_makes_the_reader_warn_thousands_of_times_writes_a_bounded_log(children, tmp_path, capfd):
    # A catalog with 3,000 keys that are not names: pypdf warns twice for each, 6,000 lines.
    from malformed import _raw_pdf

    keys = b" ".join(b"%d %d" % (i, i) for i in range(3000))
    path = tmp_path / "noisy.pdf"
    path.write_bytes(_raw_pdf([b"<< /Type /Catalog /Pages 2 0 R " + keys + b" >>",
                               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]))
    capfd.readouterr()
    assert sandbox.run(parser.validate_pdf_in_process, str(path), timeout=30) == 1
    lines = capfd.readouterr().err.splitlines()
    assert len(lines) <= sandbox.LOG_LINES_PER_TASK + 1, len(lines)
    assert "more log lines on this file left out" in lines[-1]
    # The next task starts with a fresh allowance.
    assert sandbox.run(parser.validate_pdf_in_process, str(path), timeout=30) == 1
    assert len(capfd.readouterr().err.splitlines()) == len(lines)
