"""core/process_identity.py: a lease owner's identity tells a process of the same host whether
the owner still exists; a recycled pid, a zombie, another host, boot or PID namespace, and
identities it cannot read are told apart."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from core import process_identity
from core.process_identity import identity, is_dead


def _with(owner: str, index: int, value: str) -> str:
    parts = owner.split(":")
    parts[index] = value
    return ":".join(parts)


def test_this_process_is_alive_with_or_without_a_claim_suffix():
    me = identity()
    host, boot, pidns, pid, start = me.split(":")
    assert pid == str(os.getpid()) and start.isdigit()
    assert boot == open("/proc/sys/kernel/random/boot_id").read().strip()
    assert pidns == os.readlink("/proc/self/ns/pid")[5:-1]
    assert not is_dead(me) and not is_dead(f"{me}:0a1b2c3d")


def test_a_recycled_pid_is_not_mistaken_for_the_owner():
    # Our pid, but a process that started at another time: the owner is gone.
    me = identity()
    start = int(me.split(":")[4])
    assert is_dead(_with(me, 4, str(start + 1)))


@pytest.mark.parametrize("index, value", [(0, "another-host"), (1, "00000000-0000-0000-0000-000000000000"),
                                          (2, "1"), (4, process_identity.UNKNOWN)])
def test_owners_elsewhere_or_unreadable_are_left_to_the_lease(index, value):
    # A free pid on another host, in another boot, in another container: nothing can be known here.
    free_pid = _free_pid()
    owner = _with(_with(identity(), 3, str(free_pid)), index, value)
    assert not is_dead(owner)


@pytest.mark.parametrize("owner", ["", "dead-host:1:x", "a:b:c:d", "a:b:c:notapid:1", "::::"])
def test_malformed_or_old_style_owners_are_left_to_the_lease(owner):
    assert not is_dead(owner)


def _free_pid() -> int:
    pid = 4_000_000
    while os.path.exists(f"/proc/{pid}"):
        pid -= 1
    return pid


def test_a_pid_with_no_process_is_dead():
    assert is_dead(_with(identity(), 3, str(_free_pid())))


@pytest.mark.processes
def test_a_child_is_alive_then_dead_once_killed_even_before_it_is_reaped():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        owner = identity(child.pid)
        assert owner.split(":")[3] == str(child.pid)
        assert not is_dead(owner)
        child.kill()
        # Not reaped yet: /proc still shows it, as a zombie.
        _wait_for_state(child.pid, "Z")
        assert is_dead(owner)
    finally:
        child.kill()
        child.wait()
    assert is_dead(owner)


def _wait_for_state(pid: int, state: str) -> None:
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = open(f"/proc/{pid}/stat").read()
        if text.rpartition(")")[2].split()[0] == state:
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} never reached state {state}")
