"""5. Time to completed: submit a candidate with a PDF while 50 others are queued, rules backend,
4 workers; from the create call to its status reading `completed` (polled every 10 ms, as
the status API would be). One private DB for all rounds; the pool is warmed first; each round
starts with the queue empty. Also, for scale, the same with nothing queued.
"""
from __future__ import annotations

import time

from bench.common import (Row, cli, create, isolated_env, median, p95, release, sample_pdfs,
                          seed_held, use_case, wait_until_parsed, warm_pool)

BENCH = "5. Time to completed (rules, 4 workers)"
WORKERS = 4
QUEUED = 50


def _until_done(status, candidate_id: int, t0: float) -> float:
    deadline = t0 + 300
    while True:
        state = status(candidate_id)["parsing_status"]
        if state != "pending":
            break
        if time.perf_counter() > deadline:
            raise TimeoutError(f"candidate {candidate_id} still pending after 300 s")
        time.sleep(0.01)
    if state != "completed":
        raise RuntimeError(f"candidate {candidate_id} ended {state}")
    return time.perf_counter() - t0


def run(quick: bool = False) -> list[Row]:
    from core.candidates import parsing_status

    pdfs = [p.read_bytes() for p in sample_pdfs()]
    rounds = 2 if quick else 7
    loaded, empty = [], []
    with isolated_env(PARSER_BACKEND="rules", PARSER_WORKERS=WORKERS):
        status = use_case(parsing_status)
        warm_pool(pdfs[0], WORKERS)
        for r in range(rounds):
            ids = seed_held([pdfs[(r * QUEUED + i) % len(pdfs)] for i in range(QUEUED)])
            release(ids)
            t = time.perf_counter()
            record = create(pdfs[r % len(pdfs)])
            loaded.append(_until_done(status, record.id, t))
            wait_until_parsed(300)
        for r in range(rounds):
            t = time.perf_counter()
            record = create(pdfs[r % len(pdfs)])
            empty.append(_until_done(status, record.id, t))
    return [
        Row(BENCH, f"{QUEUED} queued ahead: median s (n={rounds})", f"{median(loaded):.2f}"),
        Row(BENCH, f"{QUEUED} queued ahead: p95 s", f"{p95(loaded):.2f}",
            note="its job waits for the queue ahead of it: ≈ 51 × one parse / the speed-up the pool gets"),
        Row(BENCH, f"empty queue: median s (n={rounds})", f"{median(empty):.2f}"),
        Row(BENCH, "empty queue: p95 s", f"{p95(empty):.2f}"),
    ]


if __name__ == "__main__":
    cli(run, __doc__)
