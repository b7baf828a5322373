"""Staying signed in: a browser's cookie stands for a server-side session.

Signing in (ui/session.py) begins a session: a row in user_sessions and a one-time code,
valid for CODE_SECONDS. The page hands the code to the browser, which trades it at the
server's cookie route (ui/server.py) for the session's token: 32 random bytes, sent back as an
HttpOnly, SameSite=Strict cookie (Secure over HTTPS) and never shown to the page's scripts.
Only SHA-256 hashes of the code and the token are stored (secrets with that much entropy need
no salt or slow hash), so a copy of the database signs nobody in.

A reload, a new tab or a pasted link sends the cookie; `resume` gives back its user while the
session is live:
- not ended (sign-out ends it; so may an admin),
- used within SESSION_IDLE_HOURS (each use moves this on, at most once a minute) and younger
  than SESSION_MAX_DAYS (fixed at sign-in),
- its user enabled, with the session_version it signed in with: a password change or reset,
  a role change or a disable raises the user's version and so ends every session.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update

from core.accounts import UserRecord
from core.config import get_settings
from core.db import session_scope
from core.models import User, UserSession, utcnow

CODE_SECONDS = 60
MAX_TOKEN_LENGTH = 200
TOUCH_RESOLUTION = timedelta(minutes=1)
PURGE_AFTER = timedelta(days=1)  # ended and expired rows are kept this long, then deleted


@dataclass(frozen=True)
class Cookie:
    """What the cookie route sends: the token and how long the browser may keep it."""

    token: str
    max_age: int  # seconds, to the session's absolute end


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _live(row: UserSession, user: User | None, now: datetime) -> bool:
    idle = timedelta(hours=get_settings().session_idle_hours)
    return (row.ended_at is None and now < row.expires_at and now < row.last_seen_at + idle
            and user is not None and user.enabled and user.session_version == row.session_version)


def begin(user: UserRecord) -> tuple[int, str]:
    """A new session for a user who just signed in: (its id, the one-time code for the cookie)."""
    now = utcnow()
    code = secrets.token_urlsafe(32)
    with session_scope() as s:
        s.execute(delete(UserSession).where(  # forget sessions long over
            or_(UserSession.expires_at < now - PURGE_AFTER, UserSession.ended_at < now - PURGE_AFTER)))
        row = UserSession(user_id=user.id, session_version=user.session_version, code_hash=_hash(code),
                          code_expires_at=now + timedelta(seconds=CODE_SECONDS), created_at=now,
                          last_seen_at=now, expires_at=now + timedelta(days=get_settings().session_max_days))
        s.add(row)
        s.flush()
        return row.id, code


def issue_cookie(code: str | None) -> Cookie | None:
    """Trade a session's one-time code for its cookie; None for a code that is unknown, used,
    expired, or whose session is no longer live."""
    code = str(code or "").strip()
    if not code or len(code) > MAX_TOKEN_LENGTH:
        return None
    now = utcnow()
    digest = _hash(code)
    with session_scope() as s:
        found = s.execute(select(UserSession, User).join(User, User.id == UserSession.user_id)
                          .where(UserSession.code_hash == digest).with_for_update()).first()
        if found is None:
            return None
        row, user = found
        if not hmac.compare_digest(row.code_hash, digest):
            return None
        row.code_hash, expired = None, row.code_expires_at is None or now >= row.code_expires_at  # used once
        if expired or not _live(row, user, now):
            return None
        token = secrets.token_urlsafe(32)
        row.token_hash = _hash(token)
        return Cookie(token=token, max_age=max(1, int((row.expires_at - now).total_seconds())))


def resume(token: str | None) -> tuple[UserRecord, int] | None:
    """The user a cookie's token signs in, and the session's id; None unless it is live."""
    token = str(token or "").strip()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    digest = _hash(token)
    with session_scope(readonly=True) as s:
        found = s.execute(select(UserSession, User).join(User, User.id == UserSession.user_id)
                          .where(UserSession.token_hash == digest)).first()
        if found is None:
            return None
        row, user = found
        if not hmac.compare_digest(row.token_hash, digest) or not _live(row, user, utcnow()):
            return None
        session_id, last_seen, record = row.id, row.last_seen_at, UserRecord.from_row(user)
    _touch(session_id, last_seen)
    return record, session_id


def is_live(session_id: int, user: UserRecord) -> bool:
    """Whether a browser session that signed in (or resumed) as `user` may go on; a use counts
    against the idle time."""
    with session_scope(readonly=True) as s:
        row = s.get(UserSession, int(session_id))
        if row is None or row.user_id != user.id or not _live(row, s.get(User, row.user_id), utcnow()):
            return False
        last_seen = row.last_seen_at
    _touch(session_id, last_seen)
    return True


def cookie_issued(session_id: int) -> bool:
    """Whether the browser has traded the session's code for its cookie (or the code is over)."""
    with session_scope(readonly=True) as s:
        row = s.get(UserSession, int(session_id))
        return row is None or row.code_hash is None or row.code_expires_at <= utcnow()


def _touch(session_id: int, last_seen: datetime) -> None:
    now = utcnow()
    if now - last_seen >= TOUCH_RESOLUTION:  # not every click turns a read into a write
        with session_scope() as s:
            s.execute(update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now)
                      .execution_options(synchronize_session=False))


def end(session_id: int | None = None, token: str | None = None) -> bool:
    """End a session (sign-out), by its id or its cookie's token; whether one was live."""
    if session_id is None and not token:
        return False
    where = (UserSession.id == int(session_id)) if session_id is not None else \
        (UserSession.token_hash == _hash(str(token)[:MAX_TOKEN_LENGTH]))
    with session_scope() as s:
        result = s.execute(update(UserSession).where(where, UserSession.ended_at.is_(None))
                           .values(ended_at=utcnow(), code_hash=None)
                           .execution_options(synchronize_session=False))
        return result.rowcount > 0
