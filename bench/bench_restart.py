"""7. Restart after kill -9, and the lease and heartbeat defaults.

Restart: 20 resumes queued; a worker process (`python -m core.worker`, the same start-up as the
app) parses them until `kill -9` lands while it holds a job; then a fresh process starts with the
default settings. Measured: from the fresh start to all 20 `completed` (rules backend), on SQLite
and on PostgreSQL (a private schema in the local server), with PARSER_WORKERS=1 (the case in
which the job the dead process held used to wait for its lease) and the default 4. The killed
process parses slowly (the tests' `counted` plug-in, 0.5 s a resume) so the kill lands mid-queue.

Heartbeat: while 4 workers parse 200 resumes on SQLite, the pool's own heartbeat (the write that
renews running leases) is run every 0.1 s from a side thread: its duration shows how long a
renewal can be held up by the parse writes on a busy machine, which the lease must outlast.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from bench.common import (REPO, Row, cli, isolated_env, median, p95, release, resume_pdf, sample_pdfs,
                          seed_held, wait_until_parsed, warm_pool)

BENCH = "7. Restart after kill -9 (20 queued)"
BENCH_HB = "8. Lease heartbeat under load"
QUEUED = 20
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

NOTE = ("Restart after kill -9: the fresh process takes over the dead process's job at start "
        "(its lease owner names a process of this host, boot and PID namespace whose pid and start "
        "time no longer match a live process), so nothing waits for JOB_LEASE_SECONDS. The lease "
        "now only decides for owners on other hosts: 60 s, renewed every 10 s (lease/6), outlasts "
        "a renewal held up by SQLite's 30 s busy timeout (10 + 30 < 60), which a 30 s lease "
        "renewed every 10 s would not; a remote crash then costs at most 60 s plus one poll (5 s).")


def _counts(env: dict) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(env["DATABASE_URL"])
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("select parse_status, count(*) from candidates group by parse_status")).all()
            held = conn.execute(text("select count(*) from candidates where lease_owner is not null")).scalar()
    finally:
        engine.dispose()
    return {**{k: v for k, v in rows}, "leased": held}


def _worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "core.worker"], cwd=REPO, env=env,
                            stdout=open(log, "ab"), stderr=subprocess.STDOUT, start_new_session=True)


def _wait(predicate, timeout: float, what: str, interval: float = 0.02):
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:g} s")
        time.sleep(interval)
    return value


def restart_once(database_url: str, workers: int, tmp: Path) -> float:
    """Seconds from a fresh start after kill -9 to all QUEUED completed."""
    from core.config import variables

    pdfs = [resume_pdf(f"Person {i}", f"person{i}@example.com") for i in range(QUEUED)]
    seed_held(pdfs)
    base = {**os.environ, **dict.fromkeys((v.name for v in variables()), ""),
            "PYTHONPATH": str(REPO), "DATABASE_URL": database_url,
            "RESUME_STORAGE_DIR": os.environ["RESUME_STORAGE_DIR"]}
    if workers != 4:
        base["PARSER_WORKERS"] = str(workers)
    slow = {**base, "PARSER_PLUGINS": "tests.plugins", "PARSER_BACKEND": "counted", "PLUGIN_SLEEP": "0.5"}
    first = _worker(slow, tmp / "first.log")
    try:
        _wait(lambda: (c := _counts(base)).get("completed", 0) >= 1 and c["leased"] >= 1, 60, "first parses")
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
    before = _counts(base)
    if not before["leased"] or before.get("pending", 0) < 2:
        raise RuntimeError(f"the kill did not land mid-queue: {before}")
    t = time.perf_counter()
    fresh = _worker(base, tmp / "fresh.log")
    try:
        _wait(lambda: _counts(base).get("completed", 0) == QUEUED, 300, "all completed")
        return time.perf_counter() - t
    finally:
        fresh.send_signal(signal.SIGTERM)
        fresh.wait(30)


def _pg_schema():
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    server = create_engine(PG_SERVER)
    with server.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    return server, schema, f"{PG_SERVER}?options=-csearch_path%3D{schema}"


def restart_rows(repeats: int) -> list[Row]:
    from sqlalchemy import text

    rows = []
    for database in ("SQLite", "PostgreSQL"):
        for workers in (1, 4):
            times = []
            for _ in range(repeats):
                server = None
                settings = {"PARSER_WORKERS": 0}
                if database == "PostgreSQL":
                    server, schema, url = _pg_schema()
                    settings["DATABASE_URL"] = url
                try:
                    with isolated_env(**settings) as tmp:
                        times.append(restart_once(os.environ["DATABASE_URL"], workers, tmp))
                finally:
                    if server is not None:
                        with server.begin() as conn:
                            conn.execute(text(f'drop schema "{schema}" cascade'))
                        server.dispose()
            rows.append(Row(BENCH, f"{database}, PARSER_WORKERS={workers}: fresh start to all completed, "
                                   f"median s (max; n={repeats})",
                            f"{median(times):.1f} ({max(times):.1f})", "≤ 30 s", max(times) <= 30,
                            "default settings otherwise (JOB_LEASE_SECONDS 60); includes the start "
                            "(imports, migrations check, PDF reader warm-up)"))
    return rows


def heartbeat_rows(quick: bool) -> list[Row]:
    from core import jobs

    files = sample_pdfs()
    n = 40 if quick else 200
    pdfs = [files[i % len(files)].read_bytes() for i in range(n)]
    durations: list[float] = []
    with isolated_env(PARSER_WORKERS=4):
        warm_pool(pdfs[0], 4)
        ids = seed_held(pdfs)
        done = threading.Event()

        def beat():
            pool = jobs._get_pool()
            while not done.wait(0.1):
                t = time.perf_counter()
                pool.heartbeat()
                durations.append(time.perf_counter() - t)

        side = threading.Thread(target=beat)
        side.start()
        t = time.perf_counter()
        release(ids)
        wait_until_parsed(600)
        took = time.perf_counter() - t
        done.set()
        side.join()
    ms = [d * 1000 for d in durations]
    return [
        Row(BENCH_HB, f"SQLite, 4 workers parsing {n} resumes: lease renewal, median / p95 / max ms",
            f"{median(ms):.1f} / {p95(ms):.1f} / {max(ms):.1f}", "", None,
            f"{len(ms)} renewals over {took:.1f} s of parsing; the lease (60 s) must outlast one "
            "heartbeat interval (10 s) plus a renewal held up this long"),
    ]


def run(quick: bool = False) -> list[Row]:
    return restart_rows(1 if quick else 3) + heartbeat_rows(quick)


if __name__ == "__main__":
    cli(run, __doc__)
