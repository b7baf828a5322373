"""core/authentication.py: password sign-in, the lockout, single sign-on, a user's own password."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select, update

from core import accounts, authentication, passwords, user_admin
from core.db import dispose_engine, session_scope
from core.errors import AuthenticationError, ValidationError
from core.models import AuditEvent, LoginThrottle, User, utcnow
from utils import NEW_PASSWORD, PASSWORD, audit_rows, make_user, set_env


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


# --- the lockout under concurrent attempts ------------------------------------------------------

ATTEMPTS_AT_ONCE = 24


def _burst(monkeypatch, email: str, passwords_tried: list[str]) -> tuple[list, list[str]]:
    """Every attempt released at once; each password check is held until every attempt has
    either been refused or reached its check, so none can finish (and clear a lock) early.

    Returns (what each attempt gave: a UserRecord or the AuthenticationError, the passwords
    that were checked).
    """
    checked, lock = [], threading.Lock()
    arrived, all_arrived = [0], threading.Event()
    original = passwords.verify_password

    def arrive() -> None:
        with lock:
            arrived[0] += 1
            if arrived[0] == len(passwords_tried):
                all_arrived.set()

    def verify(password_hash, password):
        with lock:
            checked.append(password)
        arrive()
        all_arrived.wait(30)
        return original(password_hash, password)

    monkeypatch.setattr(authentication, "verify_password", verify)
    start = threading.Barrier(len(passwords_tried))

    def attempt(password):
        start.wait()
        try:
            return authentication.authenticate(email, password)
        except AuthenticationError as exc:
            if not any(c is password for c in checked):
                arrive()  # refused before its check
            return exc

    with ThreadPoolExecutor(max_workers=len(passwords_tried)) as pool:
        results = list(pool.map(attempt, passwords_tried))
    return results, checked


def _lockout_holds_under_a_burst(monkeypatch, recruiter):
    set_env(monkeypatch, LOGIN_MAX_FAILURES=5, LOGIN_LOCKOUT_SECONDS=300)
    tried = [f"wrong guess number {i}" for i in range(ATTEMPTS_AT_ONCE - 1)] + [PASSWORD]
    results, checked = _burst(monkeypatch, "recruiter@example.com", tried)
    assert 1 <= len(checked) <= 5, f"{len(checked)} passwords checked for one address at once"
    assert all(isinstance(r, AuthenticationError) for r in results), "the right password got in past the limit"
    assert any("Too many failed sign-ins" in str(r) for r in results)
    with pytest.raises(AuthenticationError, match="Too many failed sign-ins"):
        authentication.authenticate("recruiter@example.com", PASSWORD)  # and it stays locked


def test_a_burst_of_sign_ins_checks_at_most_the_allowed_passwords(app_env, recruiter, monkeypatch):
    _lockout_holds_under_a_burst(monkeypatch, recruiter)


def test_a_burst_of_sign_ins_checks_at_most_the_allowed_passwords_on_postgresql(app_env, pg_url, monkeypatch):
    _lockout_holds_under_a_burst(monkeypatch, make_user("recruiter"))


def test_a_right_password_while_another_attempt_locks_the_address_is_refused(app_env, recruiter, monkeypatch):
    """The right password is being checked when the attempt past the limit arrives: refused."""
    set_env(monkeypatch, LOGIN_MAX_FAILURES=2)
    original = passwords.verify_password

    def verify(password_hash, password):
        if password == PASSWORD:  # meanwhile, two more attempts: the second one locks the address
            for _ in range(2):
                with pytest.raises(AuthenticationError):
                    authentication.authenticate("recruiter@example.com", "wrong guess here")
        return original(password_hash, password)

    monkeypatch.setattr(authentication, "verify_password", verify)
    with pytest.raises(AuthenticationError, match="Too many failed sign-ins"):
        authentication.authenticate("recruiter@example.com", PASSWORD)
    with session_scope(readonly=True) as s:
        assert s.get(User, recruiter.id).last_sign_in_at is None


# --- what is stored of a typed address ---------------------------------------------------------

def test_an_address_that_is_nobodys_is_never_stored_as_typed(app_env, recruiter, monkeypatch):
    """People type their password into the email field: it must not land in the log or the lockout table."""
    set_env(monkeypatch, LOGIN_MAX_FAILURES=2)
    typed = "My Secret Passw0rd!"
    for _ in range(3):
        with pytest.raises(AuthenticationError):
            authentication.authenticate(typed, PASSWORD)
    with session_scope(readonly=True) as s:
        stored = [str(v) for row in s.execute(select(AuditEvent)).scalars()
                  for v in (row.actor_email, row.detail)]
        stored += [row.email for row in s.execute(select(LoginThrottle)).scalars()]
    assert stored and not any("secret" in v.lower() for v in stored), stored
    assert audit_rows("sign_in_failed")[0][0] == "unknown address"
    # The lockout still works per address: that one is locked, another unknown one is not,
    # and the user's own address neither.
    with pytest.raises(AuthenticationError, match="Too many failed sign-ins"):
        authentication.authenticate(typed, "anything at all")
    with pytest.raises(AuthenticationError, match="^Wrong email or password.$"):
        authentication.authenticate("someone-else@example.com", "anything at all")
    assert authentication.authenticate("recruiter@example.com", PASSWORD).id == recruiter.id


def test_a_users_address_is_counted_under_the_address(app_env, recruiter):
    with pytest.raises(AuthenticationError):
        authentication.authenticate(" Recruiter@Example.com", "wrong guess here")
    with session_scope(readonly=True) as s:
        assert [t.email for t in s.execute(select(LoginThrottle)).scalars()] == ["recruiter@example.com"]
    assert audit_rows("sign_in_failed")[0][0] == "recruiter@example.com"


def test_guessing_the_current_password_counts_against_the_lockout(app_env, recruiter, monkeypatch):
    set_env(monkeypatch, LOGIN_MAX_FAILURES=2)
    with pytest.raises(ValidationError, match="current password is wrong"):
        authentication.change_password(recruiter, "wrong guess here", NEW_PASSWORD)
    with pytest.raises(ValidationError, match="Too many failed sign-ins"):
        authentication.change_password(recruiter, "wrong guess again", NEW_PASSWORD)
    with pytest.raises(AuthenticationError, match="Too many failed sign-ins"):
        authentication.change_password(recruiter, PASSWORD, NEW_PASSWORD)
