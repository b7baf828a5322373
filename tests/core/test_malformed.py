"""Every bad upload gets a clear message or status; the app and the pool keep working."""
from __future__ import annotations

import resource

import pytest

from core import candidates as cands
from core import storage
from core.errors import ValidationError
from tests import malformed
from utils import resume_pdf, wait_for_status

CASES = malformed.cases()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 25


def test_every_malformed_input_is_handled(recruiter, app_env, monkeypatch):
    monkeypatch.setenv("PDF_TIMEOUT_SECONDS", "20")
    monkeypatch.setenv("PDF_MEMORY_MB", "700")
    from core.config import reset_settings

    reset_settings()
    peak_before = _rss_mb()
    outcomes, rows = {}, {}
    for i, (name, data, filename, allowed) in enumerate(CASES):
        try:
            c = cands.create_candidate(recruiter, f"Case {i}", f"case{i}@example.com", resume=data, filename=filename)
        except ValidationError as exc:
            message = str(exc)
            assert message and "Traceback" not in message and len(message) < 300, (name, message)
            outcomes[name] = ("refused", message)
            continue
        rows[name] = (c.id, allowed)
    for name, (candidate_id, allowed) in rows.items():
        status = wait_for_status(recruiter, candidate_id, timeout=120)
        outcomes[name] = (status["parsing_status"], status["message"])
        if status["parsing_status"] == "failed":
            assert status["message"].startswith("Parsing failed: ") and len(status["message"]) > 20, name
    wrong = {n: outcomes[n] for n, _, _, allowed in CASES if outcomes[n][0] not in allowed}
    assert not wrong, wrong
    # Nothing half-stored: a file for every row and a row for every file.
    ids = {c.id for c in cands.list_candidates(recruiter, page_size=1000).items}
    assert storage.stored_ids() == {cid for cid, _ in rows.values()} and set(rows[n][0] for n in rows) <= ids
    assert not any(p.name.endswith(".tmp") for p in storage.ensure_resume_directory().iterdir())
    # The bomb and friends were read in capped child processes, not in ours.
    assert _rss_mb() - peak_before < 150, f"the app's peak memory grew by {_rss_mb() - peak_before:.0f} MB"
    # And the app still works.
    good = cands.create_candidate(recruiter, "After", "after@example.com", resume=resume_pdf(email="after@example.com"))
    assert wait_for_status(recruiter, good.id)["parsing_status"] == "completed"


@pytest.mark.parametrize("name", ["user password", "zero bytes", "png renamed .pdf", "html renamed .pdf"])
def test_refusals_say_what_is_wrong(recruiter, app_env, name):
    expected = {"user password": "password-protected", "zero bytes": "empty",
                "png renamed .pdf": "not a PDF", "html renamed .pdf": "not a PDF"}[name]
    data = next(d for n, d, _, _ in CASES if n == name)
    with pytest.raises(ValidationError, match=expected):
        cands.create_candidate(recruiter, "X", "x@example.com", resume=data)


def test_a_reader_that_overruns_its_deadline_is_killed(recruiter, app_env, monkeypatch):
    monkeypatch.setenv("PDF_TIMEOUT_SECONDS", "0.3")
    from core.config import reset_settings

    reset_settings()
    data = next(d for n, d, _, _ in CASES if n == "flate bomb")
    c = cands.create_candidate(recruiter, "Bomb", "bomb@example.com", resume=data)
    status = wait_for_status(recruiter, c.id, timeout=60)
    assert status["parsing_status"] == "failed"
    assert "took longer than 0.3 s" in status["message"] or "memory" in status["message"] or \
        "limit" in status["message"].lower(), status


def test_the_filename_is_made_safe(recruiter, app_env):
    c = cands.create_candidate(recruiter, "N", "n@example.com", resume=resume_pdf(), filename="../../etc/pass\x00wd.pdf")
    assert c.resume_filename == "passwd.pdf"
    assert storage.get_resume_file_path(c.id).name == f"{c.id}.pdf"


def test_a_pdf_whose_only_text_is_hidden_says_so(recruiter, app_env):
    c = cands.create_candidate(recruiter, "Hidden", "h@example.com", resume=malformed.invisible_text_only())
    status = wait_for_status(recruiter, c.id)
    assert status["message"] == "Parsing failed: the PDF's only text is hidden from a reader (invisible, white or tiny text)"
