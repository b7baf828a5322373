"""core/users.py: the command line for accounts and API tokens, run as a shell would."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core import accounts, authentication, tokens
from core.db import session_scope
from core.models import AuditEvent, User
from utils import NEW_PASSWORD, run_cli

pytestmark = pytest.mark.processes  # every test here runs the command line in a process


def _cli(app_env, *args, stdin: str | None = None):
    return run_cli("core.users", *args, stdin=stdin, env={
        "DATABASE_URL": f"sqlite:///{app_env / 'test.db'}", "RESUME_STORAGE_DIR": str(app_env / "resumes")})


def test_cli_creates_an_admin_from_stdin(app_env):
    accounts.count_users()  # the schema exists before the child opens the file
    weak = _cli(app_env, "create-admin", "ops@example.com", stdin="admin\n")
    assert weak.returncode == 1 and "at least 10" in weak.stderr
    done = _cli(app_env, "create-admin", "ops@example.com", "--name", "Ops", stdin=NEW_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "Admin ops@example.com created." in done.stdout
    admin = authentication.authenticate("ops@example.com", NEW_PASSWORD)
    assert (admin.role, admin.name) == ("admin", "Ops")
    again = _cli(app_env, "create-admin", "ops@example.com", stdin=NEW_PASSWORD + "\n")
    assert again.returncode == 1 and "already exists" in again.stderr
    # Recovery: a locked-out admin gets a new password from the shell.
    reset = _cli(app_env, "reset-password", "ops@example.com", stdin="a new long secret\n")
    assert reset.returncode == 0, reset.stderr
    assert authentication.authenticate("ops@example.com", "a new long secret").id == admin.id
    with session_scope(readonly=True) as s:
        assert s.execute(select(User.email)).scalars().all() == ["ops@example.com"]


def test_cli_prints_a_new_token_once(app_env, admin, recruiter):
    done = _cli(app_env, "create-token", "Recruiter@Example.com", "--name", "careers page")
    assert done.returncode == 0, done.stderr
    secret = done.stdout.strip()
    assert secret.startswith("rd_") and "\n" not in secret and "shown only this once" in done.stderr
    assert tokens.authenticate_token(secret).id == recruiter.id
    listed = tokens.list_tokens(admin)
    assert [(t.name, t.created_by) for t in listed] == [("careers page", "command line")]
    with session_scope(readonly=True) as s:
        assert s.execute(select(AuditEvent.actor_email).where(AuditEvent.action == "token_create")).scalar() \
            == "command line"
    unknown = _cli(app_env, "create-token", "nobody@example.com")
    assert unknown.returncode == 1 and "There is no user nobody@example.com" in unknown.stderr
    assert unknown.stdout == ""
