"""Signing in and out: password sign-in with a lockout, single sign-on, a user's own password.

A sign-in for an email nobody has still verifies a password against a dummy hash, and a
lockout counts failures per typed email whether or not it exists, so neither the time taken
nor the message says who has an account. The failure counter is in the database
(login_throttle), so every app process and a restart see the same lockout.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.exc import IntegrityError

from core import audit
from core.accounts import UserRecord, email_key, find_user
from core.config import get_settings
from core.db import session_scope
from core.errors import AuthenticationError, ValidationError
from core.models import LoginThrottle, User, utcnow
from core.passwords import MAX_PASSWORD_LENGTH, check_password_policy, hash_password, needs_rehash, verify_password

WRONG = "Wrong email or password."


def _lock_message(until: datetime) -> str:
    minutes = max(1, -(-int((until - utcnow()).total_seconds()) // 60))
    return f"Too many failed sign-ins. Try again in {minutes} minute{'s' if minutes != 1 else ''}."


def authenticate(email: str, password: str) -> UserRecord:
    """The enabled user with this email and password; AuthenticationError otherwise."""
    key = email_key(email)
    password = str(password or "")[:MAX_PASSWORD_LENGTH]
    with session_scope(readonly=True) as s:
        throttle = s.get(LoginThrottle, key)
        locked_until = throttle.locked_until if throttle is not None else None
        row = find_user(s, key)
        user_id, password_hash, enabled = (row.id, row.password_hash, row.enabled) if row else (None, None, False)
    if locked_until is not None and locked_until > utcnow():
        audit.record_now(None, audit.SIGN_IN_FAILED, detail="locked out", actor_email=key)
        raise AuthenticationError(_lock_message(locked_until))
    # Outside any transaction: a verification takes tens of milliseconds.
    ok = verify_password(password_hash, password) and enabled
    if ok:
        with session_scope() as s:
            s.execute(delete(LoginThrottle).where(LoginThrottle.email == key))
            row = s.get(User, user_id)
            if not row.enabled:  # disabled while we were verifying
                raise AuthenticationError(WRONG)
            row.last_sign_in_at = utcnow()
            if needs_rehash(row.password_hash):
                row.password_hash = hash_password(password)
            s.flush()
            record = UserRecord.from_row(row)
            audit.record(s, record, audit.SIGN_IN, detail="password")
        return record
    locked = _count_failure(key)
    raise AuthenticationError(_lock_message(locked) if locked else WRONG)


def _count_failure(key: str) -> datetime | None:
    """One more failure for this email; returns the lock's end when this one locks it."""
    settings = get_settings()
    now = utcnow()
    window = timedelta(seconds=settings.login_lockout_seconds)
    for attempt in range(2):  # a racing first failure may insert the row first
        try:
            with session_scope() as s:
                s.execute(delete(LoginThrottle).where(  # forget old streaks of other emails
                    LoginThrottle.last_failure_at < now - timedelta(days=1),
                    or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now),
                    LoginThrottle.email != key))
                t = s.get(LoginThrottle, key, with_for_update=True)
                if t is None:
                    t = LoginThrottle(email=key, failures=0)
                    s.add(t)
                if t.last_failure_at is not None and t.last_failure_at < now - window:
                    t.failures = 0  # an old streak is forgotten
                t.failures += 1
                t.last_failure_at = now
                locked = None
                if t.failures >= settings.login_max_failures:
                    locked = t.locked_until = now + window
                    t.failures = 0
                audit.record(s, None, audit.SIGN_IN_FAILED, actor_email=key,
                             detail=f"locked for {settings.login_lockout_seconds} s" if locked
                             else "wrong email or password")
            return locked
        except IntegrityError:
            if attempt:
                raise
    return None


def lift_lockout(s, email: str) -> None:
    """Forget an email's failed sign-ins, in the caller's transaction (a password was reset)."""
    s.execute(delete(LoginThrottle).where(LoginThrottle.email == email_key(email)))


def sso_sign_in(email: str | None, email_verified: object = True) -> UserRecord:
    """Single sign-on maps to an existing, enabled user with that email; nobody else gets in."""
    key = email_key(email)
    if not key or email_verified is False:
        raise AuthenticationError("Your identity provider did not give a verified email address.")
    with session_scope() as s:
        row = find_user(s, key)
        record = None
        if row is not None and row.enabled:
            row.last_sign_in_at = utcnow()
            s.flush()
            record = UserRecord.from_row(row)
            audit.record(s, record, audit.SIGN_IN, detail="single sign-on")
        else:
            audit.record(s, None, audit.SIGN_IN_FAILED, actor_email=key, detail="single sign-on: no enabled user")
    if record is None:
        raise AuthenticationError(f"{key} has no access to ResumeDesk. Ask an admin to add you.")
    return record


def sign_out(actor: UserRecord | None) -> None:
    if actor is not None:
        audit.record_now(actor, audit.SIGN_OUT)


def change_password(actor: UserRecord, current_password: str, new_password: str) -> UserRecord:
    """A user changes their own password (and so clears a `must_change_password`)."""
    with session_scope(readonly=True) as s:
        row = s.get(User, actor.id)
        if row is None or not row.enabled:
            raise AuthenticationError("Your account is disabled or no longer exists.")
        password_hash = row.password_hash
    if not verify_password(password_hash, current_password):
        raise ValidationError("The current password is wrong.")
    check_password_policy(new_password, actor.email)
    if new_password == current_password:
        raise ValidationError("The new password must differ from the current one.")
    hashed = hash_password(new_password)
    with session_scope() as s:
        row = s.get(User, actor.id)
        row.password_hash, row.must_change_password = hashed, False
        s.flush()
        record = UserRecord.from_row(row)
        audit.record(s, record, audit.PASSWORD_CHANGE)
    return record
