"""Signing in and out: password sign-in with a lockout, single sign-on, a user's own password.

The lockout holds however many attempts arrive at once: each attempt is counted first, in one
atomic statement (an upsert with RETURNING, on SQLite and PostgreSQL alike), and only an
attempt that the count lets through has its password checked. At most LOGIN_MAX_FAILURES
passwords are checked per address until a success or the lock's end; a right password whose
check ends after the address was locked is refused too.

A sign-in for an email nobody has still verifies a password against a dummy hash, and counts
against its address like any other, so neither the time taken nor the message says who has an
account. What was typed is stored only when it is a user's address: otherwise the counter is
kept under a keyed hash of it and the audit log says "unknown address" (people type passwords
into the email field). The counter is in the database (login_throttle), so every app process
and a restart see the same lockout.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from core import audit
from core.accounts import UserRecord, email_key, end_sessions, find_user
from core.app_settings import ADDRESS_HASH_KEY, get_app_setting, put_app_setting
from core.config import get_settings
from core.db import session_scope
from core.errors import AuthenticationError, ValidationError
from core.models import LoginThrottle, User, utcnow
from core.passwords import MAX_PASSWORD_LENGTH, check_password_policy, hash_password, needs_rehash, verify_password

WRONG = "Wrong email or password."
UNKNOWN_PREFIX = "unknown:"  # login_throttle rows of addresses that are nobody's: a keyed hash follows


def _lock_message(until: datetime) -> str:
    minutes = max(1, -(-int((until - utcnow()).total_seconds()) // 60))
    return f"Too many failed sign-ins. Try again in {minutes} minute{'s' if minutes != 1 else ''}."


def _address_hash_key() -> bytes:
    """The database's key for hashing unknown addresses, made on first use."""
    value = get_app_setting(ADDRESS_HASH_KEY)
    if value is None:
        try:
            with session_scope() as s:
                if get_app_setting(ADDRESS_HASH_KEY) is None:
                    put_app_setting(s, ADDRESS_HASH_KEY, secrets.token_hex(32))
        except IntegrityError:  # another process made it first
            pass
        value = get_app_setting(ADDRESS_HASH_KEY)
    return bytes.fromhex(value)


def unknown_address_key(typed: str) -> str:
    """How an address that is nobody's is counted: a keyed hash, never the typed text."""
    digest = hmac.new(_address_hash_key(), email_key(typed).encode("utf-8"), hashlib.sha256).hexdigest()
    return UNKNOWN_PREFIX + digest


def _count_attempt(s, key: str, now: datetime) -> tuple[int, datetime | None]:
    """Count one sign-in attempt for `key` in one statement; (attempts so far, lock end).

    A lock that ran out, or a streak older than the window, starts again at 1. The attempt
    past LOGIN_MAX_FAILURES locks the address; while it is locked nothing more is counted.
    """
    settings = get_settings()
    window = timedelta(seconds=settings.login_lockout_seconds)
    t = LoginThrottle.__table__.c
    dialect = s.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    locked = and_(t.locked_until.is_not(None), t.locked_until > now)
    fresh = or_(and_(t.locked_until.is_not(None), t.locked_until <= now),
                and_(t.locked_until.is_(None), t.last_failure_at < now - window))
    statement = insert(LoginThrottle).values(email=key, failures=1, last_failure_at=now, locked_until=None)
    statement = statement.on_conflict_do_update(
        index_elements=[t.email],
        set_={
            "failures": case((locked, t.failures), (fresh, 1), else_=t.failures + 1),
            "last_failure_at": case((locked, t.last_failure_at), else_=now),
            "locked_until": case((locked, t.locked_until), (fresh, None),
                                 (t.failures + 1 > settings.login_max_failures, now + window), else_=None),
        },
    ).returning(t.failures, t.locked_until)
    failures, locked_until = s.execute(statement).one()
    return failures, locked_until


def authenticate(email: str, password: str) -> UserRecord:
    """The enabled user with this email and password; AuthenticationError otherwise."""
    typed = email_key(email)
    password = str(password or "")[:MAX_PASSWORD_LENGTH]
    unknown = unknown_address_key(typed)
    now = utcnow()
    with session_scope() as s:  # counted before anything is checked
        row = find_user(s, typed)
        user_id, password_hash, enabled = (row.id, row.password_hash, row.enabled) if row else (None, None, False)
        key = row.email if row else unknown
        failures, locked_until = _count_attempt(s, key, now)
    who = key if user_id is not None else audit.UNKNOWN_ADDRESS
    if locked_until is not None and locked_until > now:
        audit.record_now(None, audit.SIGN_IN_FAILED, detail="locked out", actor_email=who)
        raise AuthenticationError(_lock_message(locked_until))
    # Outside any transaction: a verification takes tens of milliseconds.
    ok = verify_password(password_hash, password) and enabled
    if ok:
        return _signed_in(key, user_id, password)
    locked = _count_failure(key, who, failures)
    raise AuthenticationError(_lock_message(locked) if locked else WRONG)


def _signed_in(key: str, user_id: int, password: str) -> UserRecord:
    """The right password: clears the streak, unless the address was locked meanwhile."""
    with session_scope() as s:
        throttle = s.get(LoginThrottle, key, with_for_update=True)
        locked_until = throttle.locked_until if throttle is not None else None
        record = None
        if locked_until is not None and locked_until > utcnow():
            audit.record(s, None, audit.SIGN_IN_FAILED, actor_email=key, detail="locked out (right password)")
        else:
            s.execute(delete(LoginThrottle).where(LoginThrottle.email == key))
            row = s.get(User, user_id)
            if row.enabled:  # not disabled while we were verifying
                row.last_sign_in_at = utcnow()
                if needs_rehash(row.password_hash):
                    row.password_hash = hash_password(password)
                s.flush()
                record = UserRecord.from_row(row)
                audit.record(s, record, audit.SIGN_IN, detail="password")
    if record is not None:
        return record
    raise AuthenticationError(_lock_message(locked_until) if locked_until is not None else WRONG)


def _count_failure(key: str, who: str, failures: int) -> datetime | None:
    """A wrong password, already counted; returns the lock's end when this one locks the address."""
    settings = get_settings()
    now = utcnow()
    window = timedelta(seconds=settings.login_lockout_seconds)
    with session_scope() as s:
        s.execute(delete(LoginThrottle).where(  # forget other addresses' streaks that ran out
            LoginThrottle.last_failure_at < now - window,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now),
            LoginThrottle.email != key))
        locked = None
        if failures >= settings.login_max_failures:
            t = s.get(LoginThrottle, key, with_for_update=True)
            if t is not None:
                if t.locked_until is None or t.locked_until <= now:
                    t.locked_until = now + window
                locked = t.locked_until
        audit.record(s, None, audit.SIGN_IN_FAILED, actor_email=who,
                     detail=f"locked for {settings.login_lockout_seconds} s" if locked
                     else "wrong email or password")
    return locked


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
    """A user changes their own password (and so clears a `must_change_password`).

    The current password is a guess like a sign-in's, counted against the same lockout. The
    user's other dashboard sessions end; the record returned carries the new session version,
    for the session that made the change.
    """
    check_password_policy(new_password, actor.email)
    if new_password == current_password:
        raise ValidationError("The new password must differ from the current one.")
    now = utcnow()
    with session_scope() as s:
        row = s.get(User, actor.id)
        if row is None or not row.enabled:
            raise AuthenticationError("Your account is disabled or no longer exists.")
        password_hash, key = row.password_hash, row.email
        failures, locked_until = _count_attempt(s, key, now)
    if locked_until is not None and locked_until > now:
        raise AuthenticationError(_lock_message(locked_until))
    if not verify_password(password_hash, current_password):
        locked = _count_failure(key, key, failures)
        raise ValidationError(_lock_message(locked) if locked else "The current password is wrong.")
    hashed = hash_password(new_password)
    with session_scope() as s:
        row = s.get(User, actor.id)
        row.password_hash, row.must_change_password = hashed, False
        end_sessions(row)
        s.execute(delete(LoginThrottle).where(LoginThrottle.email == key))
        s.flush()
        record = UserRecord.from_row(row)
        audit.record(s, record, audit.PASSWORD_CHANGE)
    return record
