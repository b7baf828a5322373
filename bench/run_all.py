"""Run every benchmark, each in its own process, and write bench/RESULTS.md.

    .venv/bin/python bench/run_all.py [--quick] [--only create,table,...] [--out FILE]

Each benchmark prints its figures as it goes; the table, the machine it ran on, the tree it
measured and the closing notes (how far each missed goal is, why, what would close it) go to
RESULTS.md. `--quick` is a smoke test of the scripts (few runs; not figures to quote).
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import Row, machine  # noqa: E402

BENCHMARKS = [  # (short name, module)
    ("create", "bench.bench_create"),
    ("parse", "bench.bench_parse_rows"),
    ("model", "bench.bench_model"),
    ("table", "bench.bench_table"),
    ("completed", "bench.bench_completed"),
    ("throughput", "bench.bench_throughput"),
    ("restart", "bench.bench_restart"),
    ("search", "bench.bench_search"),
    ("bulk", "bench.bench_bulk"),
    ("load", "bench.bench_load"),
]
# Run only when named (--only fuzz): longer than the rest together (`make fuzz` runs it alone).
ON_REQUEST = [("fuzz", "bench.bench_fuzz")]


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def run_one(module: str, quick: bool) -> tuple[list[Row], float, str]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    cmd = [sys.executable, "-m", module, "--json", out] + (["--quick"] if quick else [])
    print(f"\n== {module}", flush=True)
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO)
    took = time.perf_counter() - t
    try:
        rows = [Row(**r) for r in json.loads(Path(out).read_text() or "[]")]
    except (OSError, ValueError):
        rows = []
    finally:
        Path(out).unlink(missing_ok=True)
    error = "" if proc.returncode == 0 else f"exited with status {proc.returncode} (see the run's output)"
    return rows, took, error


def kept(path: Path, rerun: list[Row]) -> tuple[list[str], list[str]]:
    """From an earlier RESULTS.md, for the benchmarks not run this time (--only): their table
    lines (a row belongs to the benchmark whose number starts its first cell, "4. Table at
    scale") and the closing notes."""
    numbers = {r.bench.split(".", 1)[0] for r in rerun}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return [], []
    notes = [line for line in lines if line.startswith("- **")]
    out, inside = [], False
    for line in lines:
        if line.startswith("| Benchmark | Measure |"):
            inside = True
            continue
        if inside and not line.startswith("|"):
            break
        first = line.strip("| ").split(".", 1)[0]
        if inside and not line.startswith("|---") and first.isdigit() and first not in numbers:
            out.append(line)
    return out, notes


def render(results: list[tuple[str, str, list[Row], float, str]], info: dict, quick: bool,
           earlier: tuple[list[str], list[str]] = ([], [])) -> str:
    lines = ["# Benchmark results", ""]
    if quick:
        lines += ["**Quick run (smoke test of the scripts): too few runs to quote.**", ""]
    lines += [
        f"Written by `make bench` (bench/run_all.py) on {info['date']}; the whole run took "
        f"{info['took'] / 60:.1f} min. Medians over several runs; ratios are measured in the same "
        "run. Every benchmark uses its own temporary SQLite DB and storage directory.",
        "",
        "| Machine | |", "|---|---|",
        *[f"| {k} | {_cell(v)} |" for k, v in info["machine"].items()],
        f"| Load average before / after (1, 5, 15 min) | {info['load_before']} — {info['load_after']} |",
        f"| Tree measured | {info['tree']} |",
        "",
        "| Benchmark | Measure | Result | Goal | Met? | Notes |",
        "|---|---|---|---|---|---|",
    ]
    earlier_rows, earlier_notes = earlier
    table: list[tuple[int, str]] = [(int(line.strip("| ").split(".", 1)[0]), line) for line in earlier_rows]
    for name, module, rows, took, error in results:
        if error:
            table.append((99, f"| {name} | — | **failed** | | | {_cell(error)} |"))
        for r in rows:
            met = "" if r.met is None else ("yes" if r.met else "**no**")
            table.append((int(r.bench.split(".", 1)[0]), f"| {_cell(r.bench)} | {_cell(r.measure)} | {_cell(r.value)} "
                          f"| {_cell(r.goal)} | {met} | {_cell(r.note)} |"))
    lines += [line for _, line in sorted(table, key=lambda t: t[0])]
    if earlier_rows:
        lines += ["", "Rows of benchmarks not run this time are kept from the previous RESULTS.md (their "
                  "own date, load and tree)."]
    lines += ["", "Time per benchmark: " + ", ".join(f"{n} {t:.0f} s" for n, _, _, t, _ in results) + ".", ""]
    notes = []
    for name, module, rows, _, _ in results:
        mod = importlib.import_module(module)
        missed = [r for r in rows if r.met is False]
        text = getattr(mod, "MISSED", "") if missed else ""
        text = text or getattr(mod, "NOTE", "")
        if text:
            how_far = "; ".join(f"{r.measure}: {r.value} vs {r.goal}" + (f" ({r.note.split(';')[0]})"
                                if r.note.startswith(("missed", "off")) else "") for r in missed)
            notes.append(f"- **{text.split(':', 1)[0]}.** " + " ".join(text.split(":", 1)[1].split())
                         + (f" *Missed:* {how_far}." if how_far else ""))
    titles = {n.split("**")[1] for n in notes}
    notes += [n for n in earlier_notes if n.split("**")[1] not in titles]
    if notes:
        lines += ["## Closing notes", "", *notes, ""]
    if float(info["load_before"].split(" / ")[0] or 0) > 1.0:
        lines += ["Other work was running on the machine (see the load average): timings are "
                  "higher and noisier than on an idle machine.", ""]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", help="comma-separated: " + ",".join(n for n, _ in BENCHMARKS + ON_REQUEST)
                    + "; the other benchmarks' rows are kept from the existing file")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS.md")
    args = ap.parse_args()
    chosen = set(args.only.split(",")) if args.only else {n for n, _ in BENCHMARKS}
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = _git("status", "--porcelain", "--untracked-files=no", "--", "core", "pages", "ui", "app.py")
    info = {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": machine(),
        "load_before": _load(),
        "tree": f"commit {commit}" + (" with uncommitted changes in core/, pages/, ui/ or app.py" if dirty else ""),
    }
    t = time.perf_counter()
    results = []
    for name, module in BENCHMARKS + ON_REQUEST:
        if name in chosen:
            rows, took, error = run_one(module, args.quick)
            results.append((name, module, rows, took, error))
    info["took"] = time.perf_counter() - t
    info["load_after"] = _load()
    earlier = kept(args.out, [r for _, _, rows, _, _ in results for r in rows]) if args.only else ([], [])
    args.out.write_text(render(results, info, args.quick, earlier) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out} ({info['took'] / 60:.1f} min)")
    return 1 if any(e for *_, e in results) else 0


if __name__ == "__main__":
    sys.exit(main())
