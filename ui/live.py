"""Live parts of a page: they follow changes made anywhere (another user, the API, a worker
process) without a reload, and re-read their rows only when something changed.

Each tick (a fragment's run_every) asks core.changes for the process's shared snapshot (one
database query per process per CHANGES_CACHE_SECONDS, however many pages are open), and a
part re-reads its data only when the snapshot's version differs from the one it last drew.
"""
from __future__ import annotations

from typing import Callable, TypeVar

import streamlit as st

from core import changes
from core.accounts import UserRecord
from core.errors import PermissionDenied

REFRESH = "2s"  # how often a live part asks; changes show within this plus the shared cache's age
T = TypeVar("T")


def snapshot(actor: UserRecord) -> changes.Snapshot:
    """The shared snapshot; a user who may no longer see candidates gets the whole app again
    (which signs them out or shows what their role may see)."""
    try:
        return changes.snapshot(actor)
    except PermissionDenied:
        st.rerun()


def reread(key: str, snap: changes.Snapshot, args: tuple, load: Callable[[], T]) -> T:
    """load()'s answer, read again only when the candidates changed since this session last
    read it or `args` (what it is asked for, e.g. the filters) differ."""
    held = st.session_state.get(key)
    if held is not None and held[0] == snap.version and held[1] == args:
        return held[2]
    value = load()  # after the snapshot was taken: at least as new as its version
    st.session_state[key] = (snap.version, args, value)
    return value


def rerun_on_change(actor: UserRecord) -> None:
    """An invisible part that runs the whole page again once any candidate changes (e.g. the
    empty table's page, when a colleague adds the first candidate)."""
    seen = snapshot(actor).version

    @st.fragment(run_every=REFRESH)
    def watch() -> None:
        if snapshot(actor).version != seen:
            st.rerun()

    watch()
