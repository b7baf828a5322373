"""core/sessions.py: a browser's sign-in cookie stands for a server-side session: random,
stored hashed, traded once for a one-time code, ended by sign-out, idle time, absolute age, and
a password, role or enabled change."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import select, update

from core import authentication, sessions, user_admin
from core.db import session_scope
from core.models import UserSession, utcnow
from utils import NEW_PASSWORD, PASSWORD, make_user, set_env


def signed_in(user) -> tuple[int, str]:
    """A session whose browser has its cookie: (session id, token)."""
    session_id, code = sessions.begin(user)
    cookie = sessions.issue_cookie(code)
    assert cookie is not None
    return session_id, cookie.token


def row(session_id: int) -> SimpleNamespace:
    """The session's stored columns."""
    with session_scope(readonly=True) as s:
        t = UserSession.__table__
        return SimpleNamespace(**s.execute(select(t).where(t.c.id == session_id)).one()._mapping)


def shift(session_id: int, **ago: timedelta) -> None:
    """Move a session's times into the past."""
    with session_scope() as s:
        s.execute(update(UserSession).where(UserSession.id == session_id)
                  .values(**{column: utcnow() - delta for column, delta in ago.items()}))


def test_the_cookie_signs_the_same_user_in_again(app_env, admin):
    session_id, token = signed_in(admin)
    user, resumed_id = sessions.resume(token)
    assert (user.id, user.email, resumed_id) == (admin.id, admin.email, session_id)
    assert sessions.is_live(session_id, admin)


def test_only_hashes_are_stored_and_tokens_are_random(app_env, admin):
    session_id, code = sessions.begin(admin)
    stored = row(session_id)
    assert stored.code_hash and code not in stored.code_hash
    token = sessions.issue_cookie(code).token
    stored = row(session_id)
    assert stored.token_hash and token not in stored.token_hash and stored.code_hash is None
    assert len(token) >= 43 and token != signed_in(admin)[1]


def test_the_code_works_once_and_only_for_a_minute(app_env, admin):
    _, code = sessions.begin(admin)
    assert sessions.issue_cookie(code) is not None
    assert sessions.issue_cookie(code) is None  # used
    session_id, late = sessions.begin(admin)
    with session_scope() as s:
        s.execute(update(UserSession).where(UserSession.id == session_id)
                  .values(code_expires_at=utcnow() - timedelta(seconds=1)))
    assert sessions.issue_cookie(late) is None
    assert sessions.cookie_issued(session_id)  # nothing more to wait for
    for bad in ("", None, "x" * 500, "not-a-code"):
        assert sessions.issue_cookie(bad) is None


def test_nothing_but_a_live_token_signs_in(app_env, admin):
    for bad in ("", None, "x" * 500, "forged-token"):
        assert sessions.resume(bad) is None
    _, code = sessions.begin(admin)
    assert sessions.resume(code) is None  # the code is not the token


def test_sign_out_ends_the_session_by_id_or_by_token(app_env, admin):
    first, token = signed_in(admin)
    assert sessions.end(first) is True
    assert sessions.resume(token) is None and not sessions.is_live(first, admin)
    assert sessions.end(first) is False  # twice changes nothing
    second, token = signed_in(admin)
    assert sessions.end(token=token) is True
    assert sessions.resume(token) is None
    assert sessions.end() is False


def test_an_idle_session_ends(app_env, admin, monkeypatch):
    set_env(monkeypatch, SESSION_IDLE_HOURS=12)
    session_id, token = signed_in(admin)
    shift(session_id, last_seen_at=timedelta(hours=11, minutes=59))
    assert sessions.resume(token) is not None  # used within the idle time: and that use counts
    assert utcnow() - row(session_id).last_seen_at < timedelta(minutes=1)
    shift(session_id, last_seen_at=timedelta(hours=12, minutes=1))
    assert sessions.resume(token) is None and not sessions.is_live(session_id, admin)


def test_a_session_ends_at_its_absolute_age_however_active(app_env, admin, monkeypatch):
    set_env(monkeypatch, SESSION_MAX_DAYS=7)
    session_id, code = sessions.begin(admin)
    stored = row(session_id)
    assert timedelta(days=7) - (stored.expires_at - stored.created_at) < timedelta(seconds=1)
    cookie = sessions.issue_cookie(code)
    assert timedelta(days=7).total_seconds() - cookie.max_age < 5  # the browser keeps it as long
    with session_scope() as s:
        s.execute(update(UserSession).where(UserSession.id == session_id)
                  .values(expires_at=utcnow() - timedelta(seconds=1), last_seen_at=utcnow()))
    assert sessions.resume(cookie.token) is None


def test_a_password_role_or_enabled_change_ends_every_session(app_env, admin):
    recruiter = make_user("recruiter", "r@example.com")
    _, by_role = signed_in(recruiter)
    user_admin.set_role(admin, recruiter.id, "viewer")
    assert sessions.resume(by_role) is None
    viewer = sessions.resume(signed_in(authentication.authenticate("r@example.com", PASSWORD))[1])[0]
    _, by_password = signed_in(viewer)
    changed = authentication.change_password(viewer, PASSWORD, NEW_PASSWORD)
    assert sessions.resume(by_password) is None
    _, by_disable = signed_in(changed)
    user_admin.set_enabled(admin, recruiter.id, False)
    assert sessions.resume(by_disable) is None
    user_admin.set_enabled(admin, recruiter.id, True)
    assert sessions.resume(by_disable) is None  # enabling again brings no session back


def test_a_session_is_the_users_own(app_env, admin):
    other = make_user("viewer")
    session_id, _ = signed_in(admin)
    assert not sessions.is_live(session_id, other)


def test_sessions_long_over_are_deleted(app_env, admin):
    old, _ = signed_in(admin)
    sessions.end(old)
    with session_scope() as s:
        s.execute(update(UserSession).where(UserSession.id == old).values(ended_at=utcnow() - timedelta(days=2)))
    live, _ = signed_in(admin)
    with session_scope(readonly=True) as s:
        assert set(s.execute(select(UserSession.id)).scalars()) == {live}
