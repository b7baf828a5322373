"""Has anything changed in the candidates table? One answer per process per tick, shared.

A live page (the candidates table, a status line) asks every couple of seconds. Asking must
stay cheap however many pages are open, so:

- one grouped query, answered from an index on (parse_status, updated_at, change_count),
  gives per status the number of rows, the sum of their change counters, the newest
  `updated_at` and the highest id. Every UPDATE of a row raises its `change_count` (ORM and
  Core statements alike), so the sum moves with any change, in whatever order concurrent
  transactions commit; an added row moves the count and the newest `updated_at`, a deleted
  one the count;
- the answer is kept for CHANGES_CACHE_SECONDS by the process, and only one thread asks the
  database when it runs out (the others wait for that answer): 25 open dashboards make one
  query per tick, not 25;
- the same tick also reads each user's role and session version (a small table), so a page
  asking on behalf of a user is checked against the database's view of that user as fresh
  as the answer itself, without a query per page.

A page keeps the `version` it last drew and re-reads its rows only when the version differs.
Whatever writes (this process, another app instance, the API, a worker process) is seen,
since the answer comes from the database, not from this process's memory.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import func, select

from core.accounts import UserRecord
from core.config import get_settings
from core.db import session_scope
from core.errors import PermissionDenied
from core.models import STATUSES, Candidate, User
from core.permissions import Perm, check

@dataclass(frozen=True)
class Snapshot:
    """The candidates table at one moment, as far as a live page needs to know."""

    counts: dict[str, int]       # rows per parse status (every status present, 0 when none)
    version: tuple               # differs whenever a candidate was added, changed or deleted
    taken_at: float              # time.monotonic() when it was read
    users: dict[int, UserRecord] = field(repr=False, default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def read_snapshot() -> Snapshot:
    """Ask the database now (two small queries in one read transaction); no cache."""
    c = Candidate.__table__.c
    query = (
        select(c.parse_status, func.count(), func.sum(c.change_count), func.max(c.updated_at), func.max(c.id))
        .group_by(c.parse_status)
        .order_by(c.parse_status)
    )
    with session_scope(readonly=True) as s:
        rows = s.execute(query).all()
        users = {row.id: UserRecord.from_row(row) for row in s.execute(select(User)).scalars()}
    counts = dict.fromkeys(STATUSES, 0)
    version = []
    for status, n, changed, newest, top_id in rows:
        counts[status] = n
        version.append((status, n, int(changed or 0), newest.isoformat() if newest else None, top_id))
    return Snapshot(counts=counts, version=tuple(version), taken_at=time.monotonic(), users=users)


class SharedSnapshot:
    """One Snapshot per process, read again when it is older than `max_age` seconds.

    Only one thread reads at a time; the threads that asked meanwhile get its answer.
    """

    def __init__(self, max_age: float | None = None) -> None:
        self._max_age = max_age
        self._lock = threading.Lock()
        self._current: Snapshot | None = None
        self.reads = 0  # how many times the database was asked (for tests and benchmarks)

    @property
    def max_age(self) -> float:
        return get_settings().changes_cache_seconds if self._max_age is None else self._max_age

    def get(self) -> Snapshot:
        current = self._current
        if current is not None and time.monotonic() - current.taken_at < self.max_age:
            return current
        with self._lock:
            current = self._current  # another thread may have read it while this one waited
            if current is None or time.monotonic() - current.taken_at >= self.max_age:
                current = read_snapshot()
                self.reads += 1
                self._current = current
            return current

    def clear(self) -> None:
        with self._lock:
            self._current = None


_shared = SharedSnapshot()


def snapshot(actor: UserRecord) -> Snapshot:
    """The process's shared snapshot, for a user who may see candidates.

    The user is checked against the users read with the snapshot (at most
    CHANGES_CACHE_SECONDS old): a disabled user, a changed role or password is refused
    (PermissionDenied) like every use case does.
    """
    snap = _shared.get()
    if not isinstance(actor, UserRecord):
        raise PermissionDenied("Sign in first.")
    check(actor, snap.users.get(actor.id), Perm.VIEW)
    return snap


def forget() -> None:
    """Drop the process's snapshot: the next question asks the database. The use cases call
    it after each change they make, so that the user who made it sees it on the next run
    (tests call it when they switch databases)."""
    _shared.clear()
