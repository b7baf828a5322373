"""Who holds a job's lease, written so that another process on the same host can tell whether
that holder still exists.

An identity is `host:boot:pidns:pid:start`: the host id (/etc/machine-id, else the host name),
the kernel's boot id, the inode of the PID namespace, the pid, and the process's start time in
clock ticks after boot (/proc/PID/stat field 22). A pid alone is not enough: after a crash the
kernel hands the same number to a new process, whose start time differs.

`is_dead(identity)` answers True only when it can be sure: the holder ran on this host, in this
boot and this PID namespace, and no process with that pid and start time is alive now (a zombie
counts as dead). For a holder on another host, another container, another boot, or an identity
it cannot read, it answers False and the lease rule decides.
"""
from __future__ import annotations

import functools
import os
import socket
from pathlib import Path

PROC = Path("/proc")
UNKNOWN = "-"


def _read(path: Path | str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


@functools.cache
def _host() -> tuple[str, str, str]:
    """(host id, boot id, PID namespace) of this process; UNKNOWN where the system has none."""
    host = _read("/etc/machine-id") or socket.gethostname() or UNKNOWN
    boot = _read(PROC / "sys/kernel/random/boot_id") or UNKNOWN
    try:
        pidns = os.readlink(PROC / "self/ns/pid").removeprefix("pid:[").removesuffix("]")
    except OSError:
        pidns = UNKNOWN
    return host.replace(":", "_"), boot, pidns or UNKNOWN


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of a live process, or None when there is no such process."""
    text = _read(PROC / str(pid) / "stat")
    if not text:
        return None
    # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
    fields = text.rpartition(")")[2].split()
    if len(fields) < 20:
        return None
    return fields[0], fields[19]


def identity(pid: int | None = None) -> str:
    """The identity of process `pid` (this process by default)."""
    pid = os.getpid() if pid is None else pid
    stat = _stat(pid)
    start = stat[1] if stat else UNKNOWN
    return ":".join((*_host(), str(pid), start))


def is_dead(owner: str) -> bool:
    """True when `owner` (an identity, optionally followed by `:more`) names a process of this
    host, boot and PID namespace that no longer exists."""
    parts = owner.split(":")
    if len(parts) < 5:
        return False
    host, boot, pidns, pid, start = parts[:5]
    if UNKNOWN in (host, boot, pidns, start) or (host, boot, pidns) != _host() or not pid.isdigit():
        return False
    stat = _stat(int(pid))
    if stat is None:
        return True
    state, started = stat
    return started != start or state in ("Z", "X")
