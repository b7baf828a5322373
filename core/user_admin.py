"""What admins do to accounts: add users, change roles, disable, reset passwords, the access
setting; and the first admin, made once on an empty database (the first-run page,
ADMIN_EMAIL/ADMIN_PASSWORD, or `python -m core.users create-admin`).

There is no default account and no default password.
"""
from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core import audit
from core.accounts import UserRecord, count_users, end_sessions, find_user, insert_user
from core.app_settings import FIRST_ADMIN_CREATED, VIEWER_DOWNLOADS, put_app_setting
from core.authentication import lift_lockout
from core.config import get_settings
from core.db import session_scope
from core.errors import DuplicateError, NotFoundError, ValidationError
from core.models import User, utcnow
from core.passwords import check_password_policy, hash_password, temporary_password
from core.permissions import ROLES, Perm, require
from core.tokens import revoke_user_tokens
from core.validation import clean_email

log = logging.getLogger(__name__)


def _clean_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    return role


def _new_password_hash(password: str, email: str) -> str:
    return hash_password(check_password_policy(password, email))


# --- the first admin ---------------------------------------------------------------------

def needs_first_admin() -> bool:
    return count_users() == 0


def create_first_admin(email: str, password: str, name: str = "", *, via: str = "first-run page") -> UserRecord:
    """Only while there is no user at all; a second attempt (or a racing one) is refused."""
    email = clean_email(email)
    hashed = _new_password_hash(password, email)
    exists = ValidationError("The first admin already exists; sign in instead.")
    try:
        with session_scope() as s:
            if s.execute(select(func.count(User.id))).scalar_one() > 0:
                raise exists
            put_app_setting(s, FIRST_ADMIN_CREATED, utcnow().isoformat())
            s.flush()  # the setting's key is unique: of two racing first admins, one wins here
            record = insert_user(s, email, "admin", name=name, password_hash=hashed)
            audit.record(s, record, audit.USER_CREATE, detail=f"first admin {email} ({via})")
    except (IntegrityError, DuplicateError):
        raise exists from None
    log.info("first admin %s created (%s)", email, via)
    return record


def bootstrap_admin_from_env() -> UserRecord | None:
    """ADMIN_EMAIL/ADMIN_PASSWORD create the first admin on an empty database, and only then."""
    settings = get_settings()
    if not settings.admin_email or not settings.admin_password or not needs_first_admin():
        return None
    try:
        return create_first_admin(settings.admin_email, settings.admin_password, via="ADMIN_EMAIL/ADMIN_PASSWORD")
    except ValidationError as exc:
        if needs_first_admin():
            raise ValidationError(f"ADMIN_EMAIL/ADMIN_PASSWORD: {exc}") from None
        return None  # another process won the race


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
            password = temporary = temporary_password()
        hashed = _new_password_hash(password, email)
    with session_scope() as s:
        record = insert_user(s, email, role, name=name, password_hash=hashed, must_change_password=not sso_only)
        audit.record(s, admin, audit.USER_CREATE,
                     detail=f"{email} as {role}" + (" (single sign-on only)" if sso_only else ""))
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
        end_sessions(row)
        s.flush()
        audit.record(s, admin, audit.USER_ROLE, detail=f"{row.email}: {old} -> {role}")
        return UserRecord.from_row(row)


def _revoked(s, row: User) -> str:
    """Revoke the user's API tokens; what to add to the audit row."""
    n = revoke_user_tokens(s, row.id)
    return f" ({n} API token{'s' if n != 1 else ''} revoked)" if n else ""


def set_enabled(actor: UserRecord, user_id: int, enabled: bool) -> UserRecord:
    """A disabled user is out at their next click (every use case reloads the actor), and their
    API tokens are revoked for good: enabling the account again brings none back."""
    admin = require(actor, Perm.MANAGE_USERS)
    with session_scope() as s:
        row = _get_user_row(s, user_id)
        if row.enabled == bool(enabled):
            return UserRecord.from_row(row)
        if not enabled and row.role == "admin":
            _ensure_another_admin(s, user_id)
        row.enabled = bool(enabled)
        end_sessions(row)
        revoked = "" if enabled else _revoked(s, row)
        s.flush()
        audit.record(s, admin, audit.USER_ENABLE if enabled else audit.USER_DISABLE, detail=row.email + revoked)
        return UserRecord.from_row(row)


def reset_password(actor: UserRecord, user_id: int, new_password: str | None = None) -> str:
    """Sets a password the user must change at the next sign-in; returns it (shown once).

    The user's dashboard sessions end and their API tokens are revoked (a reset is what an
    admin does when an account may be in the wrong hands)."""
    admin = require(actor, Perm.MANAGE_USERS)
    with session_scope(readonly=True) as s:
        email = _get_user_row(s, user_id).email
    password = new_password or temporary_password()
    hashed = _new_password_hash(password, email)
    with session_scope() as s:
        row = _get_user_row(s, user_id)
        row.password_hash, row.must_change_password = hashed, True
        end_sessions(row)
        lift_lockout(s, row.email)
        audit.record(s, admin, audit.PASSWORD_RESET, detail=row.email + _revoked(s, row))
    return password


def set_viewer_downloads(actor: UserRecord, allowed: bool) -> None:
    """Whether viewers may download resumes and export the candidates table."""
    admin = require(actor, Perm.MANAGE_SETTINGS)
    value = "true" if allowed else "false"
    with session_scope() as s:
        if put_app_setting(s, VIEWER_DOWNLOADS, value):
            audit.record(s, admin, audit.SETTING_CHANGE, detail=f"{VIEWER_DOWNLOADS} = {value}")


# --- from a shell (trusted: whoever runs it can read the database anyway) ------------------

def create_admin_from_shell(email: str, password: str, name: str = "") -> UserRecord:
    """The first admin, or one more admin on a running install."""
    if needs_first_admin():
        return create_first_admin(email, password, name, via=audit.SHELL)
    email = clean_email(email)
    hashed = _new_password_hash(password, email)
    try:
        with session_scope() as s:
            record = insert_user(s, email, "admin", name=name, password_hash=hashed)
            audit.record(s, None, audit.USER_CREATE, actor_email=audit.SHELL, detail=f"{email} as admin")
    except DuplicateError:
        raise DuplicateError(f"A user with the email {email} already exists "
                             "(use reset-password to set a new password).") from None
    return record


def recover_account_from_shell(email: str, password: str) -> UserRecord:
    """A new password, the lockout lifted and the account enabled (a locked-out admin's way back)."""
    email = clean_email(email)
    hashed = _new_password_hash(password, email)
    with session_scope() as s:
        row = find_user(s, email)
        if row is None:
            raise NotFoundError(f"There is no user {email}.")
        row.password_hash, row.must_change_password, row.enabled = hashed, False, True
        end_sessions(row)
        lift_lockout(s, email)
        audit.record(s, None, audit.PASSWORD_RESET, actor_email=audit.SHELL, detail=email + _revoked(s, row))
        s.flush()
        return UserRecord.from_row(row)
