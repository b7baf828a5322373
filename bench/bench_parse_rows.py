"""2. Parse speed, as result rows: bench/bench_parse.py's own measurement (median ms per resume,
bare pypdf extract_text vs the full rules parse, extraction included), per directory.

bench_parse.py belongs to the parser's owner; this only calls it and names the goal.
"""
from __future__ import annotations

from bench.common import CORPUS_DIR, TEST_RESUMES_DIR, Row, cli, shortfall

BENCH = "2. Parse speed (rules vs bare pypdf)"
GOAL_RATIO = 1.5


def run(quick: bool = False) -> list[Row]:
    from bench import bench_parse as bp

    repeat = 1 if quick else 5
    rows: list[Row] = []
    for label, d in (("shared corpus", CORPUS_DIR), ("tests/resumes", TEST_RESUMES_DIR)):
        files = sorted(d.glob("*.pdf")) if d.is_dir() else []
        if not files:
            rows.append(Row(BENCH, f"{label}", "skipped", note=f"no PDFs at {d.resolve()}"))
            continue
        if quick:
            files = files[:6]
        for f in files[:2]:  # warm caches and imports, as bench_parse.main does
            bp.bare(f), bp.full(f)
        bare, full = bp.paired_ms(files, repeat)
        ratio = full / bare
        rows += [
            Row(BENCH, f"{label} (n={len(files)}): bare pypdf / full rules parse, median ms",
                f"{bare:.1f} / {full:.1f}",
                note=f"per file the best of {repeat} alternating runs of each, then the median over files (bench_parse.py)"),
            Row(BENCH, f"{label}: ratio full / bare", f"{ratio:.2f}", f"≤ {GOAL_RATIO:g}", ratio <= GOAL_RATIO,
                shortfall(ratio, GOAL_RATIO, "")),
        ]
    return rows


MISSED = """Parse speed: the rules parse costs more than the text extraction it builds on (the
layout, heading and field passes are pure Python). It belongs to the parser's owner
(bench/bench_parse.py, core/rules, core/pdftext)."""


if __name__ == "__main__":
    cli(run, __doc__)
