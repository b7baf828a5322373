"""A parse worker without the dashboard: `python -m core.worker`.

Run one or more beside the app (or on other machines sharing DATABASE_URL and the storage
directory) to add parsing capacity; set PARSER_WORKERS=0 on the app instances to leave all
parsing to them. SIGTERM or Ctrl-C returns running jobs to the queue and exits.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

from core import jobs, sandbox
from core.config import get_settings
from core.errors import ResumeDeskError

log = logging.getLogger("core.worker")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m core.worker", description=__doc__.split("\n")[0])
    ap.add_argument("--exit-when-idle", action="store_true",
                    help="exit once no job is pending (for batch runs and tests)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if get_settings().parser_workers < 1:
        print("PARSER_WORKERS must be at least 1 for a worker process", file=sys.stderr)
        return 2
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    try:
        waiting = jobs.start()
    except ResumeDeskError as exc:  # the database or the storage directory cannot be used
        print(f"the worker cannot start: {exc}", file=sys.stderr)
        return 1
    log.info("worker %s ready; %d jobs waiting", jobs.PROCESS, waiting)
    poll = get_settings().job_poll_seconds
    while not stop.wait(poll):
        if args.exit_when_idle and jobs.pending_count() == 0:
            break
    jobs.shutdown(wait=False)  # running jobs go back to the queue now
    sandbox.shutdown()
    log.info("worker %s stopped", jobs.PROCESS)
    logging.shutdown()
    # Threads still waiting on a model or a PDF would hold the exit for minutes; their jobs
    # are already back in the queue and their late writes are fenced off, so leave now.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
