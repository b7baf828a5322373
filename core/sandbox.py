"""PDF work in child processes, under a deadline and a memory cap.

PDF readers (PDFium in C++, pypdf in Python) get fixes for loops and memory blow-ups every
few months, and PDFium is not thread-safe. A hostile PDF read in-process could hold a pool
thread forever, crash the app or take its memory with it. Here each read runs in a child
process, one task at a time, with RLIMIT_AS set; the calling thread
waits with a timeout and kills the child if it overruns. Children are reused (warm) for a
bounded number of tasks, so the cost is one socket round trip per PDF, not a Python start-up.
The rules parse runs there too: it is pure Python, and in the app's process it would hold
the GIL that the pages need.

Children are plain `python -m core.sandbox` processes (not multiprocessing's spawn, which
re-imports the parent's __main__ — under Streamlit that is app.py).
"""
from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any, Callable

from core.config import APP_ROOT, get_settings
from core.errors import ParseFailure, ValidationError

log = logging.getLogger(__name__)

TASKS_PER_CHILD = 200  # recycle children now and then: reader caches, fragmentation
IN_CHILD = False       # True inside a child: tasks run directly there
LOG_LINES_PER_TASK = 20  # a damaged PDF makes pypdf warn once per broken object: thousands of lines


class _TaskLogLimit(logging.Filter):
    """Lets the first LOG_LINES_PER_TASK records of a task through and counts the rest."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def filter(self, record: logging.LogRecord) -> bool:
        self.seen += 1
        return self.seen <= LOG_LINES_PER_TASK

    def end_task(self, name: str) -> None:
        dropped, self.seen = self.seen - LOG_LINES_PER_TASK, 0
        if dropped > 0:
            log.warning("pdf task %s: %d more log lines on this file left out", name, dropped)
        self.seen = 0


def _child_main(conn: Connection, memory_mb: int, background: bool, limit_log: _TaskLogLimit | None = None) -> None:
    """The child's loop: one task at a time, answers ("ok", value) or (kind, message).

    A task is a module-level function, sent by reference (pickle names its module and
    qualified name; the child imports it), with its arguments. `limit_log` bounds what one
    task may write to the log."""
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform: the deadline still holds
        pass
    global IN_CHILD
    IN_CHILD = True
    if background:
        try:
            os.nice(10)  # parse jobs: the pages and uploads come first when the cores are busy
        except OSError:
            pass

    def report(stage: str) -> None:
        conn.send(("progress", stage))

    while True:
        try:
            fn, args, kwargs, progress = conn.recv()
        except EOFError:
            return
        name = getattr(fn, "__qualname__", str(fn))
        try:
            if progress:
                kwargs = {**kwargs, "on_stage": report}
            answer = ("ok", fn(*args, **kwargs))
        except (ParseFailure, ValidationError) as exc:
            answer = (type(exc).__name__, str(exc))
        except MemoryError:
            answer = ("memory", "")
        except Exception as exc:  # noqa: BLE001 - hostile input raises anything
            log.warning("pdf task %s failed", name, exc_info=True)
            answer = ("error", f"{type(exc).__name__}: {exc}"[:300])
        if limit_log is not None:
            limit_log.end_task(name)   # before the answer: the caller's log is complete when it has it
        conn.send(answer)
        if answer[0] == "memory":
            return  # the heap may be in a bad way: start afresh


class _Child:
    def __init__(self, memory_mb: int, background: bool) -> None:
        ours, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(APP_ROOT), os.environ.get("PYTHONPATH")]))}
        self.background = background
        self.process = subprocess.Popen(
            [sys.executable, "-m", "core.sandbox", str(theirs.fileno()), str(memory_mb), str(int(background))],
            pass_fds=(theirs.fileno(),), cwd=APP_ROOT, env=env, stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.tasks = 0

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.wait(2)
        except Exception:  # noqa: BLE001
            pass
        self.conn.close()


# Two sets of children: background ones (parse jobs) run at a lower priority; interactive ones
# (the check of an upload a recruiter waits for) do not queue behind them.
_lock = threading.Lock()
_idle: dict[bool, list[_Child]] = {True: [], False: []}
_all: set[_Child] = set()


def _acquire(background: bool) -> _Child:
    with _lock:
        idle = _idle[background]
        while idle:
            child = idle.pop()
            if child.alive():
                return child
            _all.discard(child)
    child = _Child(get_settings().pdf_memory_mb, background)
    with _lock:
        _all.add(child)
    return child


def _release(child: _Child) -> None:
    child.tasks += 1
    keep = max(1, get_settings().parser_workers) if child.background else 2
    with _lock:
        if child.tasks < TASKS_PER_CHILD and len(_idle[child.background]) < keep:
            _idle[child.background].append(child)
            return
        _all.discard(child)
    child.kill()


def _discard(child: _Child) -> None:
    with _lock:
        _all.discard(child)
    child.kill()


def run(task: Callable[..., Any], *args: Any, timeout: float, failure: type[Exception] = ParseFailure,
        background: bool = True, on_progress: Callable[[str], None] | None = None,
        failed_as: str = "the file is not a readable PDF", **kwargs: Any) -> Any:
    """Run `task(*args, **kwargs)` in a child; errors come back as `failure` with a readable
    message (`failed_as`, then the cause, for errors the task did not word itself).

    `task` is a module-level function. `timeout` bounds the whole task; with `on_progress`
    the task gets `on_stage=` and `on_progress(stage)` hears each stage it reports (if
    on_progress raises, the task is abandoned and its child killed).
    """
    name = getattr(task, "__qualname__", str(task))
    child = _acquire(background)
    deadline = time.monotonic() + timeout
    try:
        child.conn.send((task, args, kwargs, on_progress is not None))
        while True:
            if not child.conn.poll(max(0.0, deadline - time.monotonic())):
                _discard(child)
                log.warning("pdf task %s overran %.0f s; child killed", name, timeout)
                raise failure(f"reading the PDF took longer than {timeout:g} s")
            kind, value = child.conn.recv()
            if kind != "progress":
                break
            if on_progress is not None:
                on_progress(value)
    except (EOFError, OSError, BrokenPipeError) as exc:
        _discard(child)
        log.warning("pdf task %s: child died: %r", name, exc)
        raise failure("the PDF reader stopped on this file (it may be damaged or hostile)") from None
    except BaseException:
        _discard(child)
        raise
    if kind == "ok":
        _release(child)
        return value
    if kind == "memory":
        _discard(child)
        raise failure(f"reading the PDF needed more than {get_settings().pdf_memory_mb} MB of memory")
    _release(child)
    if kind == "ParseFailure":
        raise ParseFailure(value)
    if kind == "ValidationError":
        raise ValidationError(value)
    log.warning("pdf task %s failed: %s", name, value)
    raise failure(f"{failed_as} ({value})")


def warm_up() -> None:
    """Start a child of each kind ahead of the first upload (a start costs a few hundred ms)."""
    for background in (False, True):
        _release(_acquire(background))


def shutdown() -> None:
    with _lock:
        children = list(_all)
        _all.clear()
        for idle in _idle.values():
            idle.clear()
    for child in children:
        child.kill()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s pdf-child: %(message)s")
    task_log = _TaskLogLimit()
    for handler in logging.getLogger().handlers:
        handler.addFilter(task_log)
    _child_main(Connection(int(sys.argv[1])), int(sys.argv[2]), sys.argv[3] == "1", task_log)
