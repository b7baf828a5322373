"""core/authentication.py: password sign-in, the lockout, single sign-on, a user's own password."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from core import accounts, authentication, passwords, user_admin
from core.db import dispose_engine, session_scope
from core.errors import AuthenticationError
from core.models import AuditEvent, LoginThrottle, utcnow
from utils import PASSWORD, set_env


def test_sign_in_right_and_wrong(app_env, recruiter):
    assert authentication.authenticate("Recruiter@Example.com", PASSWORD).id == recruiter.id
    with pytest.raises(AuthenticationError, match="^Wrong email or password.$"):
        authentication.authenticate("recruiter@example.com", PASSWORD + "x")
    with pytest.raises(AuthenticationError, match="^Wrong email or password.$"):
        authentication.authenticate("nobody@example.com", PASSWORD)
    with pytest.raises(AuthenticationError, match="^Wrong email or password.$"):
        authentication.authenticate("", "")


def test_unknown_email_costs_one_verification_too(app_env, recruiter, monkeypatch):
    """No timing difference to find accounts by: every attempt verifies exactly one hash."""
    calls = []
    hasher = passwords._hasher
    original = type(hasher).verify
    monkeypatch.setattr(type(hasher), "verify", lambda self, h, p: calls.append(h) or original(self, h, p))
    for email in ("recruiter@example.com", "nobody@example.com"):
        calls.clear()
        with pytest.raises(AuthenticationError):
            authentication.authenticate(email, "wrong password!")
        assert len(calls) == 1 and calls[0].startswith("$argon2id$")


def test_disabled_user_cannot_sign_in(app_env, admin, recruiter):
    user_admin.set_enabled(admin, recruiter.id, False)
    with pytest.raises(AuthenticationError, match="^Wrong email or password.$"):
        authentication.authenticate("recruiter@example.com", PASSWORD)


def test_lockout_after_repeated_failures_is_kept_in_the_database(app_env, recruiter, monkeypatch):
    set_env(monkeypatch, LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=600)
    for _ in range(2):
        with pytest.raises(AuthenticationError, match="Wrong email"):
            authentication.authenticate("recruiter@example.com", "wrong password!")
    with pytest.raises(AuthenticationError, match="Too many failed sign-ins. Try again in 10 minutes."):
        authentication.authenticate("recruiter@example.com", "wrong password!")
    dispose_engine()  # another process (or a restart) sees the same lock
    with pytest.raises(AuthenticationError, match="Too many failed sign-ins"):
        authentication.authenticate("recruiter@example.com", PASSWORD)  # even the right password
    with session_scope() as s:  # the lock runs out
        s.execute(update(LoginThrottle).values(locked_until=utcnow()))
    assert authentication.authenticate("recruiter@example.com", PASSWORD).id == recruiter.id
    with session_scope(readonly=True) as s:
        assert s.get(LoginThrottle, "recruiter@example.com") is None, "a success clears the streak"


def test_lockout_applies_to_unknown_emails_alike(app_env, monkeypatch):
    set_env(monkeypatch, LOGIN_MAX_FAILURES=2)
    for _ in range(2):
        with pytest.raises(AuthenticationError):
            authentication.authenticate("ghost@example.com", "wrong password!")
    with pytest.raises(AuthenticationError, match="Too many failed sign-ins"):
        authentication.authenticate("ghost@example.com", "wrong password!")


def test_sign_ins_are_audited(app_env, recruiter):
    authentication.authenticate("recruiter@example.com", PASSWORD)
    with pytest.raises(AuthenticationError):
        authentication.authenticate("recruiter@example.com", "nope nope nope")
    with session_scope(readonly=True) as s:
        rows = s.execute(select(AuditEvent.action, AuditEvent.actor_email)
                         .order_by(AuditEvent.id)).all()
    assert rows == [("sign_in", "recruiter@example.com"), ("sign_in_failed", "recruiter@example.com")]


def test_single_sign_on_needs_an_existing_enabled_user(app_env, admin, viewer):
    assert authentication.sso_sign_in("Viewer@example.com").id == viewer.id
    with pytest.raises(AuthenticationError, match="has no access"):
        authentication.sso_sign_in("stranger@example.com")
    with pytest.raises(AuthenticationError, match="verified email"):
        authentication.sso_sign_in("viewer@example.com", email_verified=False)
    user_admin.set_enabled(admin, viewer.id, False)
    with pytest.raises(AuthenticationError, match="has no access"):
        authentication.sso_sign_in("viewer@example.com")
    assert accounts.count_users() == 2, "nobody is created by signing in"
