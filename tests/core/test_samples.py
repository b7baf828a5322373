"""core/samples.py: the bundled sample resumes, added once, as the acting user."""
from __future__ import annotations

import json

import pytest

from core import candidates as cands
from core import samples
from core.errors import PermissionDenied
from utils import wait_for_status


def test_every_sample_is_a_pdf_with_a_candidate():
    index = json.loads((samples.SAMPLES_DIR / "candidates.json").read_text(encoding="utf-8"))
    assert len(index) == 5
    for entry in index:
        assert (samples.SAMPLES_DIR / entry["file"]).read_bytes().startswith(b"%PDF-")
        assert entry["full_name"] and entry["email"]


def test_samples_are_added_once_and_parse(app_env, recruiter):
    added = samples.load_sample_candidates(recruiter)
    assert len(added) == 5 and all(c.parse_status == "pending" for c in added)
    assert samples.load_sample_candidates(recruiter) == [], "a second load adds nobody twice"
    assert cands.list_candidates(recruiter).total == 5
    for c in added:
        done = wait_for_status(recruiter, c.id)
        assert done["parsing_status"] == "completed", done
    first = cands.get_candidate(recruiter, added[0].id)
    assert first.parsed_resume["basics"]["email"] == first.email


def test_a_viewer_may_not_load_samples(app_env, viewer):
    with pytest.raises(PermissionDenied):
        samples.load_sample_candidates(viewer)
