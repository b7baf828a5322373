"""tests/fuzz.py: the generator is reproducible, and a 60-second slice of the fuzz run finds
nothing (the full run is `make fuzz`; FUZZ_SEED picks another slice of inputs)."""
from __future__ import annotations

import os
import random

import pytest

from tests import fuzz

SEED = int(os.environ.get("FUZZ_SEED") or 20261130)


@pytest.fixture(scope="module")
def seeds():
    return fuzz.pdf_seeds()


def test_an_input_is_the_same_for_the_same_seed_and_index(seeds):
    a = [fuzz.make_input(7, i, seeds, b"%PDF-good") for i in range(40)]
    b = [fuzz.make_input(7, i, seeds, b"%PDF-good") for i in range(40)]
    assert a == b
    assert a != [fuzz.make_input(8, i, seeds, b"%PDF-good") for i in range(40)]


def test_the_seeds_are_real_pdfs_of_several_producers(seeds):
    assert len(seeds) >= 10 and all(data.startswith(b"%PDF-") for _, data in seeds)


@pytest.mark.parametrize("name", sorted(fuzz.MUTATIONS))
def test_each_mutation_changes_the_pdf_and_stays_under_the_cap(seeds, name):
    rng = random.Random(name)
    changed = 0
    for _ in range(30):
        _, data = rng.choice(seeds)
        out = fuzz.MUTATIONS[name](rng, data, seeds)
        assert isinstance(out, bytes) and len(out) <= fuzz.MAX_PDF + len(data)
        changed += out != data
    assert changed >= 20, f"{name} changed {changed} of 30"


def test_the_api_form_carries_any_string_byte_for_byte():
    inp = fuzz.Input(0, "api", "odd fields", "A\ud800", "a@example.com", None, "c\x00v.pdf", b"%PDF-1.7")
    body = fuzz._multipart(inp, "XYZ")
    assert b'"A\\ud800"' in body and b'filename="c\x00v.pdf"' in body and b"%PDF-1.7\r\n--XYZ--" in body


@pytest.mark.slow
def test_a_minute_of_hostile_input_ends_in_refusals_and_parses_only(recruiter, monkeypatch):
    monkeypatch.setenv("JOB_POLL_SECONDS", "1")
    report = fuzz.run(recruiter, seconds=50, seed=SEED, drain_timeout=60)
    print(report.summary())
    assert not report.findings, report.summary()
    assert report.inputs >= 300, report.summary()   # the machine may be busy; a stalled run is not
    assert min(report.outcomes["refused"], report.outcomes["failed"], report.outcomes["completed"]) > 0, report.outcomes
