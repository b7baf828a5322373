"""2. Parse speed, as result rows: bench/bench_parse.py's own measurement (ms per resume, bare
pypdf extract_text vs the full rules parse with PDFium's extraction, timed alternately on
each file), per corpus and over every corpus under tests/corpora.
"""
from __future__ import annotations

import time

from bench.common import Row, cli, shortfall

BENCH = "2. Parse speed (rules vs bare pypdf)"
GOAL_RATIO = 1.0
GOAL_MS = 15.0


def run(quick: bool = False) -> list[Row]:
    from bench import bench_parse as bp

    repeat = 1 if quick else 5
    dirs = bp.corpora()
    if not dirs:
        return [Row(BENCH, "corpora", "skipped", note=f"no PDFs under {bp.CORPORA}")]
    per, (n, bare, full) = bp.measure(dirs, repeat)
    note = f"per file the best of {repeat} alternating runs of each, then the median over files (bench_parse.py)"
    rows = [Row(BENCH, f"{name} (n={k}): bare pypdf / full rules parse, median ms", f"{b:.1f} / {p:.1f}")
            for name, (k, b, p) in per.items()]
    ratio = full / bare
    _, (_, cpu_bare, cpu_full) = bp.measure(dirs, repeat, time.process_time)
    rows += [
        Row(BENCH, f"all corpora (n={n}): bare pypdf / full rules parse, median ms", f"{bare:.1f} / {full:.1f}",
            f"≤ {GOAL_MS:g} ms", full <= GOAL_MS, shortfall(full, GOAL_MS, " ms") if full > GOAL_MS else note),
        Row(BENCH, "all corpora: ratio full / bare", f"{ratio:.2f}", f"≤ {GOAL_RATIO:g}", ratio <= GOAL_RATIO,
            shortfall(ratio, GOAL_RATIO, "")),
        Row(BENCH, "all corpora: the same in CPU time of the parsing process, median ms",
            f"{cpu_bare:.1f} / {cpu_full:.1f}",
            note="leaves out the time other processes hold the cores (wall time above counts it)"),
    ]
    return rows


MISSED = """Parse speed: the full parse reads PDFium's words (C++) and runs the pure-Python rules
on them. It belongs to the parser's owner (bench/bench_parse.py, core/rules, core/pdftext)."""


if __name__ == "__main__":
    cli(run, __doc__)
