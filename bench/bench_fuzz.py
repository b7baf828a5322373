"""Fuzzing at volume: generated hostile PDFs and odd form values through intake and parsing.

    .venv/bin/python -m bench.bench_fuzz [--seconds 300] [--seed 1] [--json FILE]
    make fuzz FUZZ_SECONDS=300 FUZZ_SEED=1

The generator and the checks are tests/fuzz.py (the test suite runs a 60-second slice of the
same, tests/core/test_fuzz.py). Exits 1 when anything was found; the findings name the seed
and the input's index, which tests.fuzz.regenerate(seed, index) makes again.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

from bench.common import Row, isolated_env, print_rows, write_rows

NOTE = ("Fuzzing: every input is made from the seed and its index, so a run is reproducible; "
        "the PDFs are read in the sandboxed readers by the app's own pool, as in production.")


def run(seconds: float, seed: int) -> tuple[list[Row], list[str]]:
    from bench.common import actor
    from tests import fuzz

    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    with isolated_env(PARSER_WORKERS=2, JOB_POLL_SECONDS=1):
        report = fuzz.run(actor(), seconds=seconds, seed=seed,
                          progress=lambda line: print(f"  {line}", file=sys.__stdout__, flush=True))
    print(report.summary(), flush=True)
    bench = "11. Fuzzing (intake and parsing)"
    total = report.inputs
    rows = [
        Row(bench, f"seed {seed}: inputs in {report.seconds:.0f} s (+{report.drain_seconds:.0f} s draining the queue)",
            f"{total:,}", "≥ 10,000", total >= 10_000, f"{total / max(report.seconds, 1):.0f}/s; load before {load}"),
        Row(bench, "routes: use cases / HTTP API", f"{report.by_route['core']:,} / {report.by_route['api']:,}"),
        Row(bench, "refused / failed parse with a reason / completed parse / accepted without a resume",
            " / ".join(f"{report.outcomes[k]:,}" for k in ("refused", "failed", "completed", "no resume"))),
        Row(bench, "unhandled exceptions, orphans, dead pool, other findings", str(len(report.findings)), "0",
            not report.findings, "; ".join(report.findings[:3])),
        Row(bench, "app RSS before / after, MB", f"{report.rss_before_mb:.0f} / {report.rss_after_mb:.0f}",
            "≤ +250 MB, ≤ +100 MB after the first quarter", not any("RSS" in f for f in report.findings),
            f"every 250 inputs: {' '.join(f'{x:.0f}' for x in report.rss_samples[:20])}; "
            f"{report.reader_children} reader processes at the end"),
        Row(bench, "log lines (longest, chars) / stderr bytes",
            f"{report.log_lines:,} ({report.longest_log_line:,}) / {report.stderr_bytes:,}"),
        Row(bench, "most common refusals", "", note="; ".join(f"{k} ×{n}" for k, n in report.refusal_kinds.most_common(6))),
        Row(bench, "most common parse failures", "",
            note="; ".join(f"{k} ×{n}" for k, n in report.failure_kinds.most_common(6))),
    ]
    return rows, report.findings


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().split("\n")[0])
    ap.add_argument("--seconds", type=float, default=float(os.environ.get("FUZZ_SECONDS") or 300))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED") or 1))
    ap.add_argument("--quick", action="store_true", help="20 seconds (a smoke test of the script)")
    ap.add_argument("--json", help="also write the result rows to this file")
    args = ap.parse_args()
    started = time.perf_counter()
    rows, findings = run(20 if args.quick else args.seconds, args.seed)
    print_rows(rows)
    write_rows(rows, args.json)
    print(f"took {time.perf_counter() - started:.0f} s", flush=True)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
