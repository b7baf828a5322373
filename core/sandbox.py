"""PDF reading in short-lived worker processes, under a deadline and a memory cap.

pypdf is pure Python and still gets denial-of-service fixes every few months (loops, memory
blow-ups). A hostile PDF read in-process could hold a pool thread forever or take the app's
memory with it. Here each read runs in a child process with RLIMIT_AS set; the calling thread
waits with a timeout and kills the child if it overruns. Children are reused (warm) for a
bounded number of tasks, so the cost is one pipe round trip per PDF, not a Python start-up.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from multiprocessing.connection import Connection
from typing import Any

from core.config import get_settings
from core.errors import ParseFailure, ValidationError

log = logging.getLogger(__name__)

TASKS_PER_CHILD = 200  # recycle children now and then: pypdf caches, fragmentation
_ctx = multiprocessing.get_context("spawn")  # never fork a threaded server


def _child_main(conn: Connection, memory_mb: int) -> None:
    """The child's loop: one task at a time, answers ("ok", value) or (kind, message)."""
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform: the deadline still holds
        pass
    from core import pdftext
    from core.parser import validate_pdf_in_process

    tasks = {"extract": pdftext.extract_pdf_text, "validate": validate_pdf_in_process}
    while True:
        try:
            name, args, kwargs = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", tasks[name](*args, **kwargs)))
        except (ParseFailure, ValidationError) as exc:
            conn.send((type(exc).__name__, str(exc)))
        except MemoryError:
            conn.send(("memory", ""))
            return  # the heap may be in a bad way: start afresh
        except Exception as exc:  # noqa: BLE001 - hostile input raises anything
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:300]))


class _Child:
    def __init__(self, memory_mb: int) -> None:
        self.conn, child_conn = _ctx.Pipe()
        self.process = _ctx.Process(target=_child_main, args=(child_conn, memory_mb), daemon=True,
                                    name="pdf-reader")
        self.process.start()
        child_conn.close()
        self.tasks = 0

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(2)
        except Exception:  # noqa: BLE001
            pass
        self.conn.close()


_lock = threading.Lock()
_idle: list[_Child] = []
_all: set[_Child] = set()


def _acquire() -> _Child:
    with _lock:
        while _idle:
            child = _idle.pop()
            if child.process.is_alive():
                return child
            _all.discard(child)
    child = _Child(get_settings().pdf_memory_mb)
    with _lock:
        _all.add(child)
    return child


def _release(child: _Child) -> None:
    child.tasks += 1
    with _lock:
        if child.tasks < TASKS_PER_CHILD and len(_idle) < get_settings().parser_workers:
            _idle.append(child)
            return
        _all.discard(child)
    child.kill()


def _discard(child: _Child) -> None:
    with _lock:
        _all.discard(child)
    child.kill()


def run(task: str, *args: Any, timeout: float, failure: type[Exception] = ParseFailure, **kwargs: Any) -> Any:
    """Run one task in a child; errors come back as `failure` with a readable message."""
    child = _acquire()
    try:
        child.conn.send((task, args, kwargs))
        if not child.conn.poll(timeout):
            _discard(child)
            log.warning("pdf %s task overran %.0f s; child killed", task, timeout)
            raise failure(f"reading the PDF took longer than {timeout:g} s")
        kind, value = child.conn.recv()
    except (EOFError, OSError, BrokenPipeError) as exc:
        _discard(child)
        log.warning("pdf %s child died: %r", task, exc)
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
    log.warning("pdf %s task failed: %s", task, value)
    raise failure(f"the file is not a readable PDF ({value})")


def warm_up() -> None:
    """Start one child ahead of the first upload (a spawn costs a few hundred ms)."""
    _release(_acquire())


def shutdown() -> None:
    with _lock:
        children = list(_all)
        _all.clear()
        _idle.clear()
    for child in children:
        child.kill()


def child_pids() -> list[int]:
    with _lock:
        return [c.process.pid for c in _all if c.process.pid]


os.register_at_fork(after_in_child=lambda: (_idle.clear(), _all.clear()))
