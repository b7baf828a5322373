#!/usr/bin/env python3
"""Median ms per resume: bare pypdf extract_text() vs the full rules parse (extraction included).

    python bench/bench_parse.py [DIR ...] [--repeat 3]

Defaults to tests/corpora/shared and tests/corpora/resumes. Prints figures;
never asserts. The aim is a ratio <= 1.5 (positions come from the same single pass).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdf  # noqa: E402

from core.pdftext import extract_pdf_text  # noqa: E402
from core.rules import parse  # noqa: E402


def bare(path: Path) -> None:
    reader = pypdf.PdfReader(str(path))
    for page in reader.pages[:50]:
        page.extract_text()


def full(path: Path) -> None:
    parse(extract_pdf_text(path))


def paired_ms(files: list[Path], repeat: int) -> tuple[float, float]:
    """(bare, full) median ms per file, the two timed alternately on each file, best of
    `repeat` each: drift in the machine's speed (a noisy neighbour, frequency changes)
    then touches both sides of the ratio alike instead of one sweep more than the other."""
    bare_best, full_best = [], []
    for f in files:
        b = p = float("inf")
        for _ in range(repeat):
            b = min(b, _time(bare, f))
            p = min(p, _time(full, f))
        bare_best.append(b)
        full_best.append(p)
    return statistics.median(bare_best) * 1000, statistics.median(full_best) * 1000


def _time(fn, f: Path) -> float:
    t0 = time.perf_counter()
    fn(f)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", type=Path,
                    default=[ROOT / "tests" / "corpora" / "shared", ROOT / "tests" / "corpora" / "resumes"])
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    for d in a.dirs:
        files = sorted(d.glob("*.pdf"))
        if not files:
            print(f"{d}: no PDFs")
            continue
        for f in files[:2]:  # warm caches and imports
            bare(f), full(f)
        b, p = paired_ms(files, a.repeat)
        print(f"{d} (n={len(files)}): pypdf extract_text {b:.1f} ms, rules parse {p:.1f} ms, ratio {p / b:.2f}")


if __name__ == "__main__":
    main()
