"""Live pages at scale: what "has anything changed?" (core/changes.py) costs.

For 10,000 and 100,000 candidates (bulk-inserted as bench_table seeds them, private SQLite
file): the grouped query itself (read_snapshot, no cache), median and p95 of 30 runs; then
25 threads standing in for 25 open dashboards, each asking every 2 s for 10 s through the
process's shared answer (CHANGES_CACHE_SECONDS=1): how many times the database was asked.

    .venv/bin/python -m bench.bench_changes [--sizes 10000,100000]

Prints figures; asserts nothing. Run it with `nice -n 10` and note `uptime` beside them.
"""
from __future__ import annotations

import argparse
import threading
import time

from bench.bench_table import seed
from bench.common import actor, isolated_env, median, p95

DASHBOARDS, TICK_S, WATCH_S = 25, 2.0, 10.0


def measure(n: int) -> None:
    from core import changes

    with isolated_env(PARSER_WORKERS=0, CHANGES_CACHE_SECONDS=1):
        seed(n)
        changes.read_snapshot()  # warm the page cache, as a running server has it
        times = []
        for _ in range(30):
            t = time.perf_counter()
            snap = changes.read_snapshot()
            times.append(time.perf_counter() - t)
        print(f"{n:>7} candidates: snapshot query median {median(times) * 1000:.1f} ms, "
              f"p95 {p95(times) * 1000:.1f} ms (total {snap.total})")

        shared = changes.SharedSnapshot()
        who = actor()
        stop = time.monotonic() + WATCH_S
        asked = []

        def dashboard(offset: float) -> None:
            time.sleep(offset)
            while time.monotonic() < stop:
                shared.get()  # what changes.snapshot() asks, on this instance
                asked.append(who.id)
                time.sleep(TICK_S)

        threads = [threading.Thread(target=dashboard, args=(i * TICK_S / DASHBOARDS,)) for i in range(DASHBOARDS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"{n:>7} candidates: {DASHBOARDS} dashboards asked {len(asked)} times in {WATCH_S:.0f} s; "
              f"the database was asked {shared.reads} times")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    for n in (int(x) for x in ap.parse_args().sizes.split(",")):
        measure(n)


if __name__ == "__main__":
    main()
