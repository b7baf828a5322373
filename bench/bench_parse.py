#!/usr/bin/env python3
"""Median ms per resume: bare pypdf extract_text() vs the full rules parse (PDFium's words
with their positions, then the rules), timed alternately on each file.

    python bench/bench_parse.py [DIR ...] [--repeat 5]

Defaults to every corpus under tests/corpora. Prints per corpus and over all files;
never asserts. Goals: full parse <= 1.0x bare pypdf, and <= 15 ms per resume.
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

CORPORA = ROOT / "tests" / "corpora"


def bare(path: Path) -> None:
    reader = pypdf.PdfReader(str(path))
    for page in reader.pages[:50]:
        page.extract_text()


def full(path: Path) -> None:
    parse(extract_pdf_text(path))


def paired_ms(files: list[Path], repeat: int, clock=time.perf_counter) -> tuple[list[float], list[float]]:
    """(bare, full) ms per file, the two timed alternately on each file, best of `repeat`
    each: drift in the machine's speed (a noisy neighbour, frequency changes) then touches
    both sides of the ratio alike instead of one sweep more than the other. `clock` is wall
    time by default; time.process_time leaves out the time other processes hold the cores."""
    bare_best, full_best = [], []
    for f in files:
        b = p = float("inf")
        for _ in range(repeat):
            b = min(b, _time(bare, f, clock))
            p = min(p, _time(full, f, clock))
        bare_best.append(b * 1000)
        full_best.append(p * 1000)
    return bare_best, full_best


def _time(fn, f: Path, clock) -> float:
    t0 = clock()
    fn(f)
    return clock() - t0


def corpora() -> list[Path]:
    return sorted(p for p in CORPORA.iterdir() if p.is_dir() and any(p.glob("*.pdf")))


def measure(dirs: list[Path], repeat: int, clock=time.perf_counter) -> tuple[dict[str, tuple[int, float, float]],
                                                                            tuple[int, float, float]]:
    """Per directory and over all files: (files, median bare ms, median full ms)."""
    per: dict[str, tuple[int, float, float]] = {}
    all_b: list[float] = []
    all_p: list[float] = []
    for d in dirs:
        files = sorted(d.glob("*.pdf"))
        if not files:
            continue
        for f in files[:2]:  # warm caches and imports
            bare(f), full(f)
        b, p = paired_ms(files, repeat, clock)
        per[d.name] = (len(files), statistics.median(b), statistics.median(p))
        all_b += b
        all_p += p
    return per, (len(all_b), statistics.median(all_b) if all_b else 0.0, statistics.median(all_p) if all_p else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cpu", action="store_true", help="CPU time of this process instead of wall time")
    a = ap.parse_args()
    per, (n, b, p) = measure(a.dirs or corpora(), a.repeat, time.process_time if a.cpu else time.perf_counter)
    for name, (k, bb, pp) in per.items():
        print(f"{name} (n={k}): pypdf extract_text {bb:.1f} ms, rules parse {pp:.1f} ms, ratio {pp / bb:.2f}")
    print(f"all (n={n}): pypdf extract_text {b:.1f} ms, rules parse {p:.1f} ms, ratio {p / b:.2f}")


if __name__ == "__main__":
    main()
