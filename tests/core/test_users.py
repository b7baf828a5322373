"""Accounts and permissions in core: sign-in, lockout, first admin, roles, admin use cases."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import select, update

from core import audit, auth, users
from core import candidates as cands
from core.config import APP_ROOT
from core.db import dispose_engine, session_scope
from core.errors import (
    AuthenticationError, DuplicateError, NotFoundError, PermissionDenied, ValidationError,
)
from core.models import AuditEvent, LoginThrottle, User, utcnow
from utils import PASSWORD, make_user, resume_pdf, set_env, wait_for_status

GOOD = "a long enough secret"


# --- first admin -------------------------------------------------------------------------

def test_first_admin_only_on_an_empty_database(app_env):
    assert users.needs_first_admin()
    admin = users.create_first_admin(" Boss@Example.com ", GOOD, "Boss")
    assert (admin.email, admin.role, admin.must_change_password) == ("boss@example.com", "admin", False)
    assert not users.needs_first_admin()
    with pytest.raises(ValidationError, match="already exists"):
        users.create_first_admin("other@example.com", GOOD)
    assert users.count_users() == 1
    assert users.authenticate("boss@example.com", GOOD).id == admin.id


@pytest.mark.parametrize("password, message", [
    ("", "at least 10"),
    ("short1!", "at least 10"),
    ("aaaaaaaaaaaa", "same few characters"),
    ("boss@example.com", "not be the email"),
    ("x" * 2000 + "abcd", "at most 1024"),
])
def test_password_policy(app_env, password, message):
    with pytest.raises(ValidationError, match=message):
        users.create_first_admin("boss@example.com", password)
    assert users.needs_first_admin()


def test_minimum_length_can_be_raised_not_lowered(app_env, monkeypatch):
    set_env(monkeypatch, PASSWORD_MIN_LENGTH=4)
    assert users.min_password_length() == 10
    set_env(monkeypatch, PASSWORD_MIN_LENGTH=24)
    with pytest.raises(ValidationError, match="at least 24"):
        users.create_first_admin("boss@example.com", GOOD)


def test_env_bootstrap_creates_the_first_admin_once(app_env, monkeypatch):
    assert users.bootstrap_admin_from_env() is None, "nothing set: nothing made, no default password"
    assert users.needs_first_admin()
    set_env(monkeypatch, ADMIN_EMAIL="ops@example.com", ADMIN_PASSWORD=GOOD)
    admin = users.bootstrap_admin_from_env()
    assert admin is not None and admin.role == "admin"
    assert users.authenticate("ops@example.com", GOOD).id == admin.id
    # Later starts leave the account alone, even when the variables change.
    set_env(monkeypatch, ADMIN_PASSWORD="another long secret")
    assert users.bootstrap_admin_from_env() is None
    assert users.authenticate("ops@example.com", GOOD).id == admin.id
    assert users.count_users() == 1


def test_env_bootstrap_refuses_a_weak_password(app_env, monkeypatch):
    set_env(monkeypatch, ADMIN_EMAIL="ops@example.com", ADMIN_PASSWORD="admin")
    with pytest.raises(ValidationError, match="ADMIN_EMAIL/ADMIN_PASSWORD: The password must be at least"):
        users.bootstrap_admin_from_env()
    assert users.needs_first_admin()


# --- sign-in -----------------------------------------------------------------------------

def test_sign_in_right_and_wrong(app_env, recruiter):
    assert users.authenticate("Recruiter@Example.com", PASSWORD).id == recruiter.id
    with pytest.raises(AuthenticationError, match="^Wrong email or password.$"):
        users.authenticate("recruiter@example.com", PASSWORD + "x")
    with pytest.raises(AuthenticationError, match="^Wrong email or password.$"):
        users.authenticate("nobody@example.com", PASSWORD)
    with pytest.raises(AuthenticationError, match="^Wrong email or password.$"):
        users.authenticate("", "")


def test_unknown_email_costs_one_verification_too(app_env, recruiter, monkeypatch):
    """No timing difference to find accounts by: every attempt verifies exactly one hash."""
    calls = []
    hasher = users._hasher
    original = type(hasher).verify
    monkeypatch.setattr(type(hasher), "verify", lambda self, h, p: calls.append(h) or original(self, h, p))
    for email in ("recruiter@example.com", "nobody@example.com"):
        calls.clear()
        with pytest.raises(AuthenticationError):
            users.authenticate(email, "wrong password!")
        assert len(calls) == 1 and calls[0].startswith("$argon2id$")


def test_disabled_user_cannot_sign_in(app_env, admin, recruiter):
    users.set_enabled(admin, recruiter.id, False)
    with pytest.raises(AuthenticationError, match="^Wrong email or password.$"):
        users.authenticate("recruiter@example.com", PASSWORD)


def test_lockout_after_repeated_failures_is_kept_in_the_database(app_env, recruiter, monkeypatch):
    set_env(monkeypatch, LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=600)
    for _ in range(2):
        with pytest.raises(AuthenticationError, match="Wrong email"):
            users.authenticate("recruiter@example.com", "wrong password!")
    with pytest.raises(AuthenticationError, match="Too many failed sign-ins. Try again in 10 minutes."):
        users.authenticate("recruiter@example.com", "wrong password!")
    dispose_engine()  # another process (or a restart) sees the same lock
    with pytest.raises(AuthenticationError, match="Too many failed sign-ins"):
        users.authenticate("recruiter@example.com", PASSWORD)  # even the right password
    with session_scope() as s:  # the lock runs out
        s.execute(update(LoginThrottle).values(locked_until=utcnow()))
    assert users.authenticate("recruiter@example.com", PASSWORD).id == recruiter.id
    with session_scope(readonly=True) as s:
        assert s.get(LoginThrottle, "recruiter@example.com") is None, "a success clears the streak"


def test_lockout_applies_to_unknown_emails_alike(app_env, monkeypatch):
    set_env(monkeypatch, LOGIN_MAX_FAILURES=2)
    for _ in range(2):
        with pytest.raises(AuthenticationError):
            users.authenticate("ghost@example.com", "wrong password!")
    with pytest.raises(AuthenticationError, match="Too many failed sign-ins"):
        users.authenticate("ghost@example.com", "wrong password!")


def test_sign_ins_are_audited(app_env, recruiter):
    users.authenticate("recruiter@example.com", PASSWORD)
    with pytest.raises(AuthenticationError):
        users.authenticate("recruiter@example.com", "nope nope nope")
    with session_scope(readonly=True) as s:
        rows = s.execute(select(AuditEvent.action, AuditEvent.actor_email)
                         .order_by(AuditEvent.id)).all()
    assert rows == [("sign_in", "recruiter@example.com"), ("sign_in_failed", "recruiter@example.com")]


def test_single_sign_on_needs_an_existing_enabled_user(app_env, admin, viewer):
    assert users.sso_sign_in("Viewer@example.com").id == viewer.id
    with pytest.raises(AuthenticationError, match="has no access"):
        users.sso_sign_in("stranger@example.com")
    with pytest.raises(AuthenticationError, match="verified email"):
        users.sso_sign_in("viewer@example.com", email_verified=False)
    users.set_enabled(admin, viewer.id, False)
    with pytest.raises(AuthenticationError, match="has no access"):
        users.sso_sign_in("viewer@example.com")
    assert users.count_users() == 2, "nobody is created by signing in"


# --- roles -------------------------------------------------------------------------------

def test_viewer_gets_permission_denied_for_recruiter_use_cases(app_env, recruiter, viewer):
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    wait_for_status(viewer, c.id)  # viewing is allowed
    assert cands.get_candidate(viewer, c.id).full_name == "Ada"
    assert cands.list_candidates(viewer).total == 1
    for call in (
        lambda: cands.create_candidate(viewer, "Bob", "bob@example.com"),
        lambda: cands.update_candidate(viewer, c.id, full_name="Eve"),
        lambda: cands.reparse_candidate(viewer, c.id),
        lambda: cands.delete_candidate(viewer, c.id),
        lambda: cands.resume_download(viewer, c.id),
        lambda: cands.resumes_zip(viewer, [c.id]),
        lambda: cands.export_csv(viewer),
        lambda: users.list_users(viewer),
        lambda: users.set_viewer_downloads(viewer, True),
        lambda: audit.list_events(viewer),
    ):
        with pytest.raises(PermissionDenied, match=r"Your role \(viewer\) may not"):
            call()
    assert cands.get_candidate(recruiter, c.id).full_name == "Ada"
    assert cands.list_candidates(recruiter).total == 1


def test_recruiter_may_not_administer(app_env, recruiter, viewer):
    for call in (lambda: users.list_users(recruiter), lambda: users.set_role(recruiter, viewer.id, "admin"),
                 lambda: users.create_user(recruiter, "x@example.com", "admin"),
                 lambda: audit.list_events(recruiter)):
        with pytest.raises(PermissionDenied):
            call()


def test_admin_lets_viewers_download(app_env, admin, viewer):
    data = resume_pdf()
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=data, filename="ada.pdf")
    assert not auth.can(viewer, auth.Perm.DOWNLOAD)
    users.set_viewer_downloads(admin, True)
    assert auth.can(viewer, auth.Perm.DOWNLOAD) and auth.can(viewer, auth.Perm.EXPORT)
    assert cands.resume_download(viewer, c.id) == ("ada.pdf", data)
    assert not auth.can(viewer, auth.Perm.DELETE)
    users.set_viewer_downloads(admin, False)
    with pytest.raises(PermissionDenied):
        cands.resume_download(viewer, c.id)


def test_stale_records_lose_their_power_at_once(app_env, admin, recruiter):
    """A page (or a download callable) holding an old record cannot outlive a change."""
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com")
    users.set_role(admin, recruiter.id, "viewer")
    with pytest.raises(PermissionDenied, match="viewer"):
        cands.delete_candidate(recruiter, c.id)  # the record still says "recruiter"
    users.set_enabled(admin, recruiter.id, False)
    with pytest.raises(PermissionDenied, match="disabled"):
        cands.get_candidate(recruiter, c.id)
    with pytest.raises(PermissionDenied, match="Sign in"):
        cands.list_candidates(None)


def test_forged_record_is_checked_against_the_database(app_env, viewer):
    forged = auth.UserRecord(**{**viewer.__dict__, "role": "admin"})
    with pytest.raises(PermissionDenied):
        cands.create_candidate(forged, "Bob", "bob@example.com")


# --- admin use cases ---------------------------------------------------------------------

def test_invited_user_gets_a_temporary_password_and_must_change_it(app_env, admin):
    new, temporary = users.create_user(admin, "New@Example.com", "recruiter", "New Person")
    assert new.must_change_password and len(temporary) >= 16
    signed_in = users.authenticate("new@example.com", temporary)
    with pytest.raises(PermissionDenied, match="new password first"):
        cands.list_candidates(signed_in)
    with pytest.raises(ValidationError, match="current password is wrong"):
        users.change_password(signed_in, "not it at all", GOOD)
    with pytest.raises(ValidationError, match="at least 10"):
        users.change_password(signed_in, temporary, "short")
    users.change_password(signed_in, temporary, GOOD)
    assert cands.list_candidates(users.authenticate("new@example.com", GOOD)).total == 0
    with pytest.raises(DuplicateError):
        users.create_user(admin, "new@example.com", "viewer")
    with pytest.raises(ValidationError, match="Unknown role"):
        users.create_user(admin, "x@example.com", "owner")


def test_roles_disable_and_reset(app_env, admin, recruiter):
    assert users.set_role(admin, recruiter.id, "viewer").role == "viewer"
    users.set_enabled(admin, recruiter.id, False)
    assert auth.load_user(recruiter.id) is None
    users.set_enabled(admin, recruiter.id, True)
    temporary = users.reset_password(admin, recruiter.id)
    with pytest.raises(AuthenticationError):
        users.authenticate("recruiter@example.com", PASSWORD)
    assert users.authenticate("recruiter@example.com", temporary).must_change_password
    with pytest.raises(NotFoundError):
        users.set_role(admin, 9999, "viewer")
    assert [u.email for u in users.list_users(admin)] == ["admin@example.com", "recruiter@example.com"]


def test_the_last_admin_stays(app_env, admin):
    with pytest.raises(ValidationError, match="last enabled admin"):
        users.set_role(admin, admin.id, "viewer")
    with pytest.raises(ValidationError, match="last enabled admin"):
        users.set_enabled(admin, admin.id, False)
    other = make_user("admin", "second@example.com")
    users.set_role(admin, other.id, "recruiter")
    second = make_user("admin", "third@example.com")
    users.set_enabled(second, admin.id, False)  # another admin exists: fine
    assert auth.load_user(admin.id) is None


def test_sso_only_user_has_no_password(app_env, admin):
    u, temporary = users.create_user(admin, "sso@example.com", "viewer", sso_only=True)
    assert temporary is None and not u.must_change_password
    with pytest.raises(AuthenticationError):
        users.authenticate("sso@example.com", "")
    assert users.sso_sign_in("sso@example.com").id == u.id


# --- command line ------------------------------------------------------------------------

def _cli(app_env, *args, stdin: str):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{app_env / 'test.db'}",
           "RESUME_STORAGE_DIR": str(app_env / "resumes")}
    return subprocess.run([sys.executable, "-m", "core.users", *args], input=stdin, capture_output=True,
                          text=True, cwd=APP_ROOT, env=env, timeout=60)


def test_cli_creates_an_admin_from_stdin(app_env):
    users.count_users()  # the schema exists before the child opens the file
    weak = _cli(app_env, "create-admin", "ops@example.com", stdin="admin\n")
    assert weak.returncode == 1 and "at least 10" in weak.stderr
    done = _cli(app_env, "create-admin", "ops@example.com", "--name", "Ops", stdin=GOOD + "\n")
    assert done.returncode == 0, done.stderr
    assert "Admin ops@example.com created." in done.stdout
    admin = users.authenticate("ops@example.com", GOOD)
    assert (admin.role, admin.name) == ("admin", "Ops")
    again = _cli(app_env, "create-admin", "ops@example.com", stdin=GOOD + "\n")
    assert again.returncode == 1 and "already exists" in again.stderr
    # Recovery: a locked-out admin gets a new password from the shell.
    reset = _cli(app_env, "reset-password", "ops@example.com", stdin="a new long secret\n")
    assert reset.returncode == 0, reset.stderr
    assert users.authenticate("ops@example.com", "a new long secret").id == admin.id
    with session_scope(readonly=True) as s:
        assert s.execute(select(User.email)).scalars().all() == ["ops@example.com"]
