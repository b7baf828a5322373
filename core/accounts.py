"""User accounts as the rest of core sees them: `UserRecord`, and the queries on the users table.

Every lookup and insert of a user goes through here; the rules about who may do what are in
core/permissions.py, signing in in core/authentication.py, what admins do in core/user_admin.py.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db import session_scope
from core.errors import DuplicateError
from core.models import User
from core.validation import one_line

MAX_NAME = 200


@dataclass(frozen=True)
class UserRecord:
    """A user as read from the database at one moment (the acting user of every use case)."""

    id: int
    email: str
    name: str
    role: str
    enabled: bool
    must_change_password: bool
    created_at: datetime
    last_sign_in_at: datetime | None
    # What users.session_version was when this record was read: core.permissions.require
    # refuses a record from before a password, role or enabled change.
    session_version: int = 0

    @classmethod
    def from_row(cls, row: User) -> "UserRecord":
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})

    @property
    def label(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


def email_key(email: str | None) -> str:
    """How an email is stored and compared: trimmed, lower-cased, at most 320 characters."""
    return str(email or "").strip().lower()[:320]


def load_user(user_id: int | None) -> UserRecord | None:
    """The enabled user with this id, fresh from the database; None otherwise."""
    if user_id is None:
        return None
    with session_scope(readonly=True) as s:
        row = s.get(User, int(user_id))
        return UserRecord.from_row(row) if row is not None and row.enabled else None


def find_user(s: Session, email: str | None) -> User | None:
    """The user row with this email (any case), in the caller's session."""
    return s.execute(select(User).where(User.email == email_key(email))).scalar_one_or_none()


def end_sessions(row: User) -> None:
    """Every dashboard session of this user ends at its next run, and every record of the user
    read before now stops working (the password, the role or the enabled flag changed)."""
    row.session_version = User.session_version + 1


def count_users() -> int:
    with session_scope(readonly=True) as s:
        return s.execute(select(func.count(User.id))).scalar_one()


def insert_user(s: Session, email: str, role: str, *, name: str = "", password_hash: str | None = None,
                **columns) -> UserRecord:
    """Add a user in the caller's transaction; DuplicateError when the email is taken.

    `email` must already be clean (core.validation.clean_email), `role` one of ROLES.
    """
    if find_user(s, email) is not None:
        raise DuplicateError(f"A user with the email {email} already exists.")
    row = User(email=email, name=one_line(name, MAX_NAME), role=role, password_hash=password_hash, **columns)
    s.add(row)
    try:
        s.flush()
    except IntegrityError:  # inserted by someone else since the lookup
        raise DuplicateError(f"A user with the email {email} already exists.") from None
    return UserRecord.from_row(row)
