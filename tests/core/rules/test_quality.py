"""The quality gate: every corpus under tests/corpora, parsed as a job would, scored by the
project's scorer (tests/corpora/score.py), and held above its floors. Never skips: a corpus
that is missing or smaller than it should be fails."""
from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from core.pdftext import extract_pdf_text
from core.rules import parse

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
_spec = importlib.util.spec_from_file_location("corpus_score", CORPORA / "score.py")
score = sys.modules["corpus_score"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)

# corpus -> (least resumes, overall floor); name, email and phone are held at 0.98 everywhere
FLOORS = {"shared": (24, 0.98), "resumes": (36, 0.98), "unseen": (48, 0.98), "devset": (52, 0.98),
          "producers": (84, 0.95)}
CONTACT_FLOOR = 0.98
PRODUCERS_FIELD_FLOOR = 0.90   # producers: every field, and every producer's mean
PRODUCERS_AT_LEAST = 7


@functools.lru_cache(maxsize=None)
def report(corpus: str):
    folder = CORPORA / corpus
    pairs = []
    for stem, truth in score.truths(folder):
        got = parse(extract_pdf_text(folder / f"{stem}.pdf"))
        pairs.append((stem, truth, json.loads(json.dumps(got))))  # what a JSON file would hold
    return len(pairs), score.score(pairs)


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_corpus_overall_and_contact_fields_above_their_floors(corpus):
    least, floor = FLOORS[corpus]
    n, rep = report(corpus)
    assert n >= least, f"{corpus}: {n} resumes with truth, expected at least {least}"
    assert rep.overall >= floor, (corpus, rep.overall, rep.fields)
    for k in ("name", "email", "phone"):
        assert rep.fields[k] >= CONTACT_FLOOR, (corpus, k, rep.fields)


def test_producers_every_field_and_every_producer_above_090():
    """The independent corpus of real producers: no field and no producer left behind."""
    n, rep = report("producers")
    assert len(rep.producers) >= PRODUCERS_AT_LEAST, rep.producers
    low_fields = {k: round(v, 3) for k, v in rep.fields.items() if v < PRODUCERS_FIELD_FLOOR}
    low_producers = {k: round(v, 3) for k, v in rep.producers.items() if v < PRODUCERS_FIELD_FLOOR}
    assert not low_fields and not low_producers, (low_fields, low_producers)


def test_every_corpus_folder_is_gated():
    folders = {p.name for p in CORPORA.iterdir() if p.is_dir() and any(p.glob("*.json"))}
    assert folders == set(FLOORS), "a corpus folder without floors, or floors without their folder"
