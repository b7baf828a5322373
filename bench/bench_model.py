"""3. Model concurrency: 40 resumes through a model that answers after 1 s, 1/4/8/16 workers.

The model is tests/openai_server.py's OpenAI-compatible server on 127.0.0.1 (one thread per
connection, so answers overlap), reached through the real OpenAI SDK exactly as in production
(PARSER_BACKEND=openai, OPENAI_BASE_URL). The ideal wall time is 40 / workers seconds (the
model is the only wait); efficiency = ideal / measured.
"""
from __future__ import annotations

import time

from bench.common import Row, cli, isolated_env, release, resume_pdf, seed_held, wait_until_parsed

BENCH = "3. Model concurrency (1 s model)"
DELAY_S = 1.0
RESUMES = 40
WORKER_COUNTS = (1, 4, 8, 16)


def _one(base_url: str, workers: int, pdf: bytes, n: int) -> tuple[float, dict]:
    with isolated_env(PARSER_BACKEND="openai", PARSER_WORKERS=workers, OPENAI_API_KEY="bench-key",
                      OPENAI_BASE_URL=base_url, OPENAI_MODEL="local-model", OPENAI_TIMEOUT=30,
                      OPENAI_MAX_RETRIES=0):
        ids = seed_held([pdf] * n)
        t = time.perf_counter()
        release(ids)
        counts = wait_until_parsed(timeout=n * DELAY_S * 3 + 30, poll=0.01)
        return time.perf_counter() - t, counts


def run(quick: bool = False) -> list[Row]:
    from tests.openai_server import SAMPLE_DOCUMENT, OpenAIServer, answer

    n = 8 if quick else RESUMES
    counts_to_run = (1, 8) if quick else WORKER_COUNTS
    pdf = resume_pdf(name="Jane Doe", email="jane@example.com")
    rows: list[Row] = []
    with OpenAIServer(default=answer(SAMPLE_DOCUMENT, delay=DELAY_S)) as srv:
        # Untimed warm-up: the SDK import and its client, one request.
        _one(srv.base_url, 1, pdf, 1)
        for workers in counts_to_run:
            srv.reset()
            wall, counts = _one(srv.base_url, workers, pdf, n)
            ideal = n * DELAY_S / workers
            eff = ideal / wall
            goal, met = ("≥ 0.85", eff >= 0.85) if workers == 8 else ("", None)
            problems = "" if counts["completed"] == n else f"only {counts['completed']}/{n} completed: {counts}"
            rows.append(Row(BENCH, f"{workers} workers: wall s (ideal {ideal:g} s) / efficiency",
                            f"{wall:.2f} s / {eff:.2f}", goal, met if not problems else False,
                            "; ".join(x for x in (problems, f"max {srv.max_in_flight} requests in flight") if x)))
    return rows


if __name__ == "__main__":
    cli(run, __doc__)
