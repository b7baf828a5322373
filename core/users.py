"""Accounts: passwords, sign-in with a lockout, the first admin, and what admins do to users.

Passwords are stored as argon2id hashes (argon2-cffi). A sign-in for an email nobody has
still verifies a password against a dummy hash, and a lockout counts failures per typed
email whether or not it exists, so neither the time taken nor the message says who has an
account. There is no default password: the first admin is created on the first start (in
the app, from ADMIN_EMAIL/ADMIN_PASSWORD, or with `python -m core.users create-admin`).
"""
from __future__ import annotations

import argparse
import getpass
import logging
import secrets
import sys
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from core import audit
from core.auth import ROLES, VIEWER_DOWNLOADS, Perm, UserRecord, require
from core.config import get_settings
from core.db import session_scope
from core.errors import AuthenticationError, DuplicateError, NotFoundError, ValidationError
from core.models import LoginThrottle, AppSetting, User, utcnow
from core.validation import clean_email

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
BOOTSTRAP_KEY = "first_admin_created"  # a settings row: only one first admin, even in a race
WRONG = "Wrong email or password."


# --- settings from the environment -------------------------------------------------------

def min_password_length() -> int:
    """PASSWORD_MIN_LENGTH may raise the minimum, never lower it below 10."""
    return max(MIN_PASSWORD_LENGTH, get_settings().password_min_length)


# --- passwords ---------------------------------------------------------------------------

_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
_dummy: tuple[PasswordHasher, str] | None = None


def _dummy_hash() -> str:
    """A hash of a random password, made with the current parameters (same verify time)."""
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash(secrets.token_urlsafe(16)))
    return _dummy[1]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str | None, password: str) -> bool:
    """Always does one argon2 verification, whether or not there is a hash to check."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_password_policy(password: str | None, email: str | None = None) -> str:
    password = password or ""
    minimum = min_password_length()
    if len(password) < minimum:
        raise ValidationError(f"The password must be at least {minimum} characters long.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(f"The password must be at most {MAX_PASSWORD_LENGTH} characters long.")
    if len(set(password)) < 4:
        raise ValidationError("The password must not repeat the same few characters.")
    if email and password.strip().lower() in (email.lower(), email.lower().split("@")[0]):
        raise ValidationError("The password must not be the email address.")
    return password


def _temporary_password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, ~96 bits


def _clean_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    return role


def _clean_name(name: str | None) -> str:
    return " ".join(str(name or "").split())[:200]


# --- the first admin ---------------------------------------------------------------------

def count_users() -> int:
    with session_scope(readonly=True) as s:
        return s.execute(select(func.count(User.id))).scalar_one()


def needs_first_admin() -> bool:
    return count_users() == 0


def create_first_admin(email: str, password: str, name: str = "", *, via: str = "first-run page") -> UserRecord:
    """Only while there is no user at all; a second attempt (or a racing one) is refused."""
    email = clean_email(email)
    hashed = hash_password(check_password_policy(password, email))
    try:
        with session_scope() as s:
            if s.execute(select(func.count(User.id))).scalar_one() > 0:
                raise ValidationError("The first admin already exists; sign in instead.")
            s.add(AppSetting(key=BOOTSTRAP_KEY, value=utcnow().isoformat()))  # unique: one wins
            row = User(email=email, name=_clean_name(name), role="admin", password_hash=hashed)
            s.add(row)
            s.flush()
            record = UserRecord.from_row(row)
            audit.record(s, record, audit.USER_CREATE, detail=f"first admin {email} ({via})")
    except IntegrityError:
        raise ValidationError("The first admin already exists; sign in instead.") from None
    log.info("first admin %s created (%s)", email, via)
    return record


def bootstrap_admin_from_env() -> UserRecord | None:
    """ADMIN_EMAIL/ADMIN_PASSWORD create the first admin on an empty database, and only then."""
    settings = get_settings()
    email, password = settings.admin_email, settings.admin_password
    if not email or not password or not needs_first_admin():
        return None
    try:
        return create_first_admin(email, password, via="ADMIN_EMAIL/ADMIN_PASSWORD")
    except ValidationError as exc:
        if needs_first_admin():
            raise ValidationError(f"ADMIN_EMAIL/ADMIN_PASSWORD: {exc}") from None
        return None  # another process won the race


# --- sign-in -----------------------------------------------------------------------------

def _throttle_key(email: str | None) -> str:
    return str(email or "").strip().lower()[:320]


def _lock_message(until) -> str:
    minutes = max(1, -(-int((until - utcnow()).total_seconds()) // 60))
    return f"Too many failed sign-ins. Try again in {minutes} minute{'s' if minutes != 1 else ''}."


def authenticate(email: str, password: str) -> UserRecord:
    """The enabled user with this email and password; AuthenticationError otherwise."""
    key = _throttle_key(email)
    password = str(password or "")[:MAX_PASSWORD_LENGTH]
    with session_scope(readonly=True) as s:
        throttle = s.get(LoginThrottle, key)
        locked_until = throttle.locked_until if throttle is not None else None
        row = s.execute(select(User).where(User.email == key)).scalar_one_or_none()
        user_id, password_hash, enabled = (row.id, row.password_hash, row.enabled) if row else (None, None, False)
    if locked_until is not None and locked_until > utcnow():
        audit.record_now(None, audit.SIGN_IN_FAILED, detail="locked out", actor_email=key)
        raise AuthenticationError(_lock_message(locked_until))
    # Outside any transaction: a verification takes tens of milliseconds.
    ok = _verify(password_hash, password) and enabled
    if ok:
        with session_scope() as s:
            s.execute(delete(LoginThrottle).where(LoginThrottle.email == key))
            row = s.get(User, user_id)
            if not row.enabled:  # disabled while we were verifying
                raise AuthenticationError(WRONG)
            row.last_sign_in_at = utcnow()
            if _hasher.check_needs_rehash(row.password_hash):
                row.password_hash = hash_password(password)
            s.flush()
            record = UserRecord.from_row(row)
            audit.record(s, record, audit.SIGN_IN, detail="password")
        return record
    locked = _count_failure(key)
    raise AuthenticationError(_lock_message(locked) if locked else WRONG)


def _count_failure(key: str):
    """One more failure for this email; returns the lock's end when this one locks it."""
    now = utcnow()
    settings = get_settings()
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
                             detail=f"locked for {settings.login_lockout_seconds} s" if locked else "wrong email or password")
            return locked
        except IntegrityError:
            if attempt:
                raise
    return None


def sso_sign_in(email: str | None, email_verified: object = True) -> UserRecord:
    """Single sign-on maps to an existing, enabled user with that email; nobody else gets in."""
    key = _throttle_key(email)
    if not key or email_verified is False:
        raise AuthenticationError("Your identity provider did not give a verified email address.")
    with session_scope() as s:
        row = s.execute(select(User).where(User.email == key)).scalar_one_or_none()
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
    if not _verify(password_hash, str(current_password or "")[:MAX_PASSWORD_LENGTH]):
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


# --- admin use cases ---------------------------------------------------------------------

def list_users(actor: UserRecord) -> list[UserRecord]:
    require(actor, Perm.MANAGE_USERS)
    with session_scope(readonly=True) as s:
        rows = s.execute(select(User).order_by(User.email)).scalars()
        return [UserRecord.from_row(r) for r in rows]


def create_user(
    actor: UserRecord, email: str, role: str, name: str = "", password: str | None = None,
    *, sso_only: bool = False,
) -> tuple[UserRecord, str | None]:
    """A new user; with no password, a temporary one is made and returned (shown once).

    A password chosen by an admin must be changed at the first sign-in. `sso_only` users
    have no password at all and can sign in only through single sign-on.
    """
    admin = require(actor, Perm.MANAGE_USERS)
    email, role = clean_email(email), _clean_role(role)
    temporary = None
    if sso_only:
        hashed = None
    else:
        if not password:
            password = temporary = _temporary_password()
        hashed = hash_password(check_password_policy(password, email))
    try:
        with session_scope() as s:
            if s.execute(select(User.id).where(User.email == email)).scalar() is not None:
                raise DuplicateError(f"A user with the email {email} already exists.")
            row = User(email=email, name=_clean_name(name), role=role, password_hash=hashed,
                       must_change_password=not sso_only)
            s.add(row)
            s.flush()
            record = UserRecord.from_row(row)
            audit.record(s, admin, audit.USER_CREATE,
                         detail=f"{email} as {role}" + (" (single sign-on only)" if sso_only else ""))
    except IntegrityError:
        raise DuplicateError(f"A user with the email {email} already exists.") from None
    return record, temporary


def _get_user_row(s, user_id: int) -> User:
    row = s.get(User, user_id)
    if row is None:
        raise NotFoundError(f"There is no user #{user_id}.")
    return row


def _ensure_another_admin(s, user_id: int) -> None:
    others = s.execute(select(func.count(User.id)).where(
        User.role == "admin", User.enabled.is_(True), User.id != user_id)).scalar_one()
    if others == 0:
        raise ValidationError("This is the last enabled admin; make another admin first.")


def set_role(actor: UserRecord, user_id: int, role: str) -> UserRecord:
    admin = require(actor, Perm.MANAGE_USERS)
    role = _clean_role(role)
    with session_scope() as s:
        row = _get_user_row(s, user_id)
        old = row.role
        if old == role:
            return UserRecord.from_row(row)
        if old == "admin" and row.enabled:
            _ensure_another_admin(s, user_id)
        row.role = role
        s.flush()
        audit.record(s, admin, audit.USER_ROLE, detail=f"{row.email}: {old} -> {role}")
        return UserRecord.from_row(row)


def set_enabled(actor: UserRecord, user_id: int, enabled: bool) -> UserRecord:
    """A disabled user is out at their next click: every use case reloads the actor."""
    admin = require(actor, Perm.MANAGE_USERS)
    with session_scope() as s:
        row = _get_user_row(s, user_id)
        if row.enabled == bool(enabled):
            return UserRecord.from_row(row)
        if not enabled and row.role == "admin":
            _ensure_another_admin(s, user_id)
        row.enabled = bool(enabled)
        s.flush()
        audit.record(s, admin, audit.USER_ENABLE if enabled else audit.USER_DISABLE, detail=row.email)
        return UserRecord.from_row(row)


def reset_password(actor: UserRecord, user_id: int, new_password: str | None = None) -> str:
    """Sets a password the user must change at the next sign-in; returns it (shown once)."""
    admin = require(actor, Perm.MANAGE_USERS)
    with session_scope(readonly=True) as s:
        email = _get_user_row(s, user_id).email
    password = new_password or _temporary_password()
    hashed = hash_password(check_password_policy(password, email))
    with session_scope() as s:
        row = _get_user_row(s, user_id)
        row.password_hash, row.must_change_password = hashed, True
        s.execute(delete(LoginThrottle).where(LoginThrottle.email == row.email))
        audit.record(s, admin, audit.PASSWORD_RESET, detail=row.email)
    return password


def set_viewer_downloads(actor: UserRecord, allowed: bool) -> None:
    """Whether viewers may download resumes and export the candidates table."""
    admin = require(actor, Perm.MANAGE_SETTINGS)
    value = "true" if allowed else "false"
    with session_scope() as s:
        row = s.get(AppSetting, VIEWER_DOWNLOADS)
        if row is None:
            s.add(AppSetting(key=VIEWER_DOWNLOADS, value=value))
        elif row.value == value:
            return
        else:
            row.value = value
        audit.record(s, admin, audit.SETTING_CHANGE, detail=f"{VIEWER_DOWNLOADS} = {value}")


# --- command line ------------------------------------------------------------------------

def _cli_admin(email: str, password: str, name: str) -> UserRecord:
    """From a shell (trusted): the first admin, or one more admin on a running install."""
    if needs_first_admin():
        return create_first_admin(email, password, name, via="command line")
    email = clean_email(email)
    hashed = hash_password(check_password_policy(password, email))
    try:
        with session_scope() as s:
            if s.execute(select(User.id).where(User.email == email)).scalar() is not None:
                raise DuplicateError(f"A user with the email {email} already exists "
                                     "(use reset-password to set a new password).")
            row = User(email=email, name=_clean_name(name), role="admin", password_hash=hashed)
            s.add(row)
            s.flush()
            audit.record(s, None, audit.USER_CREATE, actor_email="command line", detail=f"{email} as admin")
            return UserRecord.from_row(row)
    except IntegrityError:
        raise DuplicateError(f"A user with the email {email} already exists.") from None


def _cli_reset(email: str, password: str) -> UserRecord:
    """From a shell: a new password, the lockout lifted and the account enabled (recovery)."""
    email = clean_email(email)
    hashed = hash_password(check_password_policy(password, email))
    with session_scope() as s:
        row = s.execute(select(User).where(User.email == email)).scalar_one_or_none()
        if row is None:
            raise NotFoundError(f"There is no user {email}.")
        row.password_hash, row.must_change_password, row.enabled = hashed, False, True
        s.execute(delete(LoginThrottle).where(LoginThrottle.email == email))
        audit.record(s, None, audit.PASSWORD_RESET, actor_email="command line", detail=email)
        s.flush()
        return UserRecord.from_row(row)


def _read_password(stdin=None) -> str:
    stdin = stdin or sys.stdin
    if stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat it: ") != first:
            raise ValidationError("The two passwords differ.")
        return first
    return stdin.readline().rstrip("\r\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m core.users", description="Manage ResumeDesk accounts from a shell.")
    sub = ap.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create-admin", help="create an admin (the password is prompted for, or read from stdin)")
    create.add_argument("email")
    create.add_argument("--name", default="")
    reset = sub.add_parser("reset-password", help="set a user's password, lift a lockout, enable the account")
    reset.add_argument("email")
    token = sub.add_parser("create-token", help="make an API token for a user and print it (shown once)")
    token.add_argument("email")
    token.add_argument("--name", default="", help="what the token is for, e.g. 'careers page'")
    args = ap.parse_args(argv)
    try:
        if args.command == "create-token":
            from core import tokens

            record, secret = tokens.create_token_cli(args.email, args.name)
            print(f"API token for {record.user_email} ({record.name}); it is shown only this once:",
                  file=sys.stderr)
            print(secret)
            return 0
        password = _read_password()
        if args.command == "create-admin":
            user = _cli_admin(args.email, password, args.name)
            print(f"Admin {user.email} created.")
        else:
            user = _cli_reset(args.email, password)
            print(f"Password of {user.email} set.")
    except (ValidationError, NotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
