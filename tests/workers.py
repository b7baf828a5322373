"""Start and stop `python -m core.worker` processes for tests."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from core.config import APP_ROOT


def start_worker(env_overrides: dict[str, str], log_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(APP_ROOT), "PARSER_PLUGINS": "tests.plugins", **env_overrides}
    log = open(log_path, "ab")
    return subprocess.Popen([sys.executable, "-m", "core.worker"], cwd=APP_ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
    if proc.poll() is None:
        proc.send_signal(sig)
    return proc.wait(timeout)


def kill_tree(proc: subprocess.Popen) -> None:
    """kill -9 the worker and its PDF-reader children (all in its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(10)


def wait_until(predicate, timeout: float = 60.0, interval: float = 0.05, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {timeout}s")
        time.sleep(interval)
