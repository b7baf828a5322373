"""What every benchmark shares: a private environment, sample PDFs, statistics, result rows.

Benchmarks never touch the developer's data: `isolated_env()` points DATABASE_URL and
RESUME_STORAGE_DIR at a fresh temporary directory, pins every setting (so a developer's `.env`
cannot change what is measured), and resets the process's engine, settings, pool and model
clients the way the tests do (tests/utils.py).

Each benchmark module has `run(quick=False) -> list[Row]` and a `main()` that prints its
figures; `python -m bench.<module> --json FILE` also writes the rows for bench/run_all.py.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CORPUS_DIR = REPO / "tests" / "corpora" / "shared"
TEST_RESUMES_DIR = REPO / "tests" / "corpora" / "resumes"

# Benchmarks measure the defaults: every variable core.config reads (and any key in the app's
# .env) is set to "" (core.config reads "" as "use the default"; python-dotenv never overrides
# a variable that is set), then the benchmark's own settings are applied.


def _blanked() -> dict[str, str]:
    from core.config import variables

    keys = {var.name for var in variables()}
    try:
        from dotenv import dotenv_values

        keys |= {k for k in dotenv_values(REPO / ".env") if k}
    except Exception:  # noqa: BLE001 - no .env, or unreadable: nothing to blank
        pass
    return dict.fromkeys(keys, "")


def reset_core() -> None:
    """Forget the pool, engine, settings, model clients and PDF children (as tests do)."""
    from core import jobs, llm, sandbox
    from core.config import reset_settings
    from core.db import dispose_engine

    jobs.shutdown(wait=True)
    sandbox.shutdown()
    dispose_engine()
    llm.clear_clients()
    reset_settings()


@contextmanager
def isolated_env(**settings: object) -> Iterator[Path]:
    """A temporary SQLite DB and storage dir; settings as keyword arguments (PARSER_WORKERS=8).

    The default is the rules backend with 4 workers and no model key.
    """
    tmp = Path(tempfile.mkdtemp(prefix="resumedesk-bench-"))
    values = {
        **_blanked(),
        "PARSER_BACKEND": "rules",
        "PARSER_WORKERS": "4",
        # A pool that also polls the queue on a timer would pick up rows while a benchmark
        # is still seeding them; work starts when the benchmark says so (jobs.wake).
        "JOB_POLL_SECONDS": "3600",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
        "RESUME_STORAGE_DIR": str(tmp / "resumes"),
        **{k: str(v) for k, v in settings.items()},
    }
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    reset_core()
    global _actor
    try:
        _actor = _make_actor()
        yield tmp
    finally:
        _actor = None
        reset_core()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def held_jobs() -> Iterator[None]:
    """Creates inside the block wake no worker: their jobs wait, queued, until `release`."""
    from core import jobs

    original = jobs.wake
    jobs.wake = lambda: None  # core.candidates calls jobs.wake through the module
    try:
        yield
    finally:
        jobs.wake = original


# --- the acting user -------------------------------------------------------------------------
# The use cases take the acting user first: benchmarks act as a recruiter made in the
# benchmark's own database, exactly as tests/utils.py makes one.

_actor = None


def _make_actor():
    from core import passwords
    from tests.utils import FAST_HASHER, make_user

    original = passwords._hasher
    passwords._hasher = FAST_HASHER  # what the password costs is not what is measured
    try:
        return make_user("recruiter", email="bench-recruiter@example.com")
    finally:
        passwords._hasher = original


def actor():
    """The benchmark's signed-in user."""
    return _actor


def use_case(fn: Callable) -> Callable:
    """`fn` with the acting user filled in, if the use case takes one."""
    import functools
    import inspect

    params = list(inspect.signature(fn).parameters)
    if params and params[0] == "actor":
        return functools.partial(fn, _actor)
    return fn


_serial = iter(range(10**9))


def create(pdf: bytes | None, name: str = "Ada Lovelace"):
    """One create_candidate call as the add form makes it (a fresh email each time)."""
    from core.candidates import create_candidate

    n = next(_serial)
    return use_case(create_candidate)(f"{name} {n}", f"bench-{n}@example.com", "+44 20 7946 0958",
                                      pdf, "cv.pdf" if pdf is not None else None)


def seed_held(pdfs: list[bytes]) -> list[int]:
    """Candidates with these resumes, stored and `pending`, no worker woken yet."""
    with held_jobs():
        return [create(pdf).id for pdf in pdfs]


def release(ids: list[int]) -> None:
    """Wake the pool once per held job, as their creates would have, all at once."""
    from core import jobs

    for _ in ids:
        jobs.wake()


def wait_until_parsed(timeout: float, poll: float = 0.02) -> dict[str, int]:
    """Poll the status counts until nothing is pending (the table's view of "done")."""
    from core.candidates import status_counts as _counts

    status_counts = use_case(_counts)
    deadline = time.monotonic() + timeout
    while True:
        counts = status_counts()
        if counts["pending"] == 0:
            return counts
        if time.monotonic() > deadline:
            raise TimeoutError(f"still pending after {timeout:g} s: {counts}")
        time.sleep(poll)


def warm_pool(pdf: bytes, workers: int) -> None:
    """Run one job per worker through the pool, untimed: imports, PDF reader processes,
    connections, as in an app that has been up for a while."""
    from core import parser, rules  # noqa: F401

    ids = seed_held([pdf] * workers)
    release(ids)
    wait_until_parsed(120)


# --- PDFs ------------------------------------------------------------------------------------

def resume_pdf(name: str = "Ada Lovelace", email: str = "ada@example.com") -> bytes:
    from tests.utils import resume_pdf as _resume_pdf

    return _resume_pdf(name=name, email=email)


def padded_resume_pdf(target_bytes: int = 1024 * 1024) -> bytes:
    """A one-page resume with a real text layer, padded to about `target_bytes` (within 2%)
    with an incompressible image (what a resume with a photo or a scanned signature weighs)."""
    side = int((target_bytes / 3) ** 0.5)
    data = _resume_with_image(side)
    side = int(side * (target_bytes / len(data)) ** 0.5)  # the image is most of the file
    return _resume_with_image(side)


def _resume_with_image(side: int) -> bytes:
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rng = __import__("random").Random(7)
    img = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(60, 800, "Ada Lovelace")
    c.setFont("Helvetica", 10)
    lines = ["ada@example.com | +44 20 7946 0958 | London, UK", "", "EXPERIENCE",
             "Senior Engineer, Analytical Engines Ltd", "Jan 2020 - Present",
             "Built the difference engine's successor.", "", "EDUCATION",
             "University of London", "BSc Mathematics, 2015 - 2019", "", "SKILLS",
             "Python, SQL, Mathematics"]
    y = 800
    for line in lines:
        y -= 16
        c.drawString(60, y, line)
    c.drawImage(ImageReader(img), 400, 620, width=120, height=120)
    c.showPage()
    c.save()
    return buf.getvalue()


def sample_pdfs() -> list[Path]:
    """The shared corpus and the project's test resumes (whichever exist)."""
    found: list[Path] = []
    for d in (CORPUS_DIR, TEST_RESUMES_DIR):
        if d.is_dir():
            found.extend(sorted(d.glob("*.pdf")))
    return found


# --- statistics ------------------------------------------------------------------------------

def median(xs: list[float]) -> float:
    return statistics.median(xs)


def p95(xs: list[float]) -> float:
    """95th percentile, linear between closest ranks (the max for fewer than 20 samples)."""
    s = sorted(xs)
    if len(s) == 1:
        return s[0]
    k = 0.95 * (len(s) - 1)
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- results ---------------------------------------------------------------------------------

@dataclass
class Row:
    bench: str            # "1. Create latency"
    measure: str          # "median ms, rules backend"
    value: str            # "12.3"
    goal: str = ""        # "≤ 20 ms"
    met: bool | None = None
    note: str = ""


def write_rows(rows: list[Row], path: str | None) -> None:
    if path:
        Path(path).write_text(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1))


def print_rows(rows: list[Row]) -> None:
    for r in rows:
        verdict = "" if r.met is None else ("  [goal met]" if r.met else "  [goal MISSED]")
        goal = f"  (goal {r.goal})" if r.goal else ""
        note = f"  -- {r.note}" if r.note else ""
        print(f"{r.bench} | {r.measure}: {r.value}{goal}{verdict}{note}", flush=True)


def cli(run: Callable[..., list[Row]], doc: str | None = None) -> None:
    ap = argparse.ArgumentParser(description=(doc or "").strip().split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs (a smoke test of the script)")
    ap.add_argument("--json", help="also write the result rows to this file")
    args = ap.parse_args()
    rows = run(quick=args.quick)
    print_rows(rows)
    write_rows(rows, args.json)


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    os_name = platform.platform()
    try:
        info = platform.freedesktop_os_release()
        os_name = f"{info.get('PRETTY_NAME', info.get('NAME', ''))} (kernel {platform.release()})"
    except (OSError, AttributeError):
        pass
    return {
        "CPU": cpu,
        "Cores": f"{os.cpu_count()} logical"
                 + (f", {len(os.sched_getaffinity(0))} usable" if hasattr(os, "sched_getaffinity") else ""),
        "RAM": ram,
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": os_name,
    }


def shortfall(value: float, limit: float, unit: str, *, at_least: bool = False) -> str:
    """'missed by …' for a goal row ("" when met): how far, absolute and relative."""
    missed = value < limit if at_least else value > limit
    if not missed:
        return ""
    gap = abs(value - limit)
    return f"missed by {gap:.3g}{unit} ({gap / limit:.0%} {'short' if at_least else 'over'})"
