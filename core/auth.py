"""Who may do what: roles, and the check every use case makes before it touches a candidate.

A use case receives the acting user (a `UserRecord`) and calls `require(actor, PERM)`. The
check reloads the user from the database, so a record held by a page, or captured by a
download callable, stops working the moment an admin disables the account or changes its
role. Nothing here imports Streamlit; a page that forgets to hide a button opens no hole.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from core.db import session_scope
from core.errors import PermissionDenied
from core.models import AppSetting, User

ROLES = ("admin", "recruiter", "viewer")

VIEWER_DOWNLOADS = "viewer_downloads"  # setting key: may viewers download resumes / export?


@dataclass(frozen=True)
class UserRecord:
    id: int
    email: str
    name: str
    role: str
    enabled: bool
    must_change_password: bool
    created_at: datetime
    last_sign_in_at: datetime | None

    @classmethod
    def from_row(cls, row: User) -> "UserRecord":
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})

    @property
    def label(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


class Perm(StrEnum):
    VIEW = "view"                # list and open candidates, see parsed fields and status
    CREATE = "create"            # add candidates (and the bundled samples)
    EDIT = "edit"                # change contact fields
    REPARSE = "reparse"
    DOWNLOAD = "download"        # resume bytes: download, ZIP, in-page preview
    EXPORT = "export"            # the candidates table as CSV
    DELETE = "delete"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_AUDIT = "view_audit"


ROLE_PERMS: dict[str, frozenset[Perm]] = {
    "admin": frozenset(Perm),
    "recruiter": frozenset({Perm.VIEW, Perm.CREATE, Perm.EDIT, Perm.REPARSE, Perm.DOWNLOAD,
                            Perm.EXPORT, Perm.DELETE}),
    "viewer": frozenset({Perm.VIEW}),
}
# What a viewer gains when an admin allows viewers to download.
VIEWER_DOWNLOAD_PERMS = frozenset({Perm.DOWNLOAD, Perm.EXPORT})

_DENIED = {
    Perm.VIEW: "see candidates",
    Perm.CREATE: "add candidates",
    Perm.EDIT: "edit candidates",
    Perm.REPARSE: "re-parse resumes",
    Perm.DOWNLOAD: "download resumes",
    Perm.EXPORT: "export candidates",
    Perm.DELETE: "delete candidates",
    Perm.MANAGE_USERS: "manage users",
    Perm.MANAGE_SETTINGS: "change settings",
    Perm.VIEW_AUDIT: "see the audit log",
}


def get_setting(key: str, default: str | None = None) -> str | None:
    with session_scope(readonly=True) as s:
        row = s.get(AppSetting, key)
        return row.value if row is not None else default


def viewer_downloads_allowed() -> bool:
    return get_setting(VIEWER_DOWNLOADS, "false") == "true"


def load_user(user_id: int | None) -> UserRecord | None:
    """The enabled user with this id, fresh from the database; None otherwise."""
    if user_id is None:
        return None
    with session_scope(readonly=True) as s:
        row = s.get(User, int(user_id))
        return UserRecord.from_row(row) if row is not None and row.enabled else None


def find_user_by_email(email: str) -> UserRecord | None:
    with session_scope(readonly=True) as s:
        row = s.execute(select(User).where(User.email == email.strip().lower())).scalar_one_or_none()
        return UserRecord.from_row(row) if row is not None else None


def _role_allows(role: str, perm: Perm) -> bool:
    if perm in ROLE_PERMS.get(role, frozenset()):
        return True
    return role == "viewer" and perm in VIEWER_DOWNLOAD_PERMS and viewer_downloads_allowed()


def can(actor: UserRecord | None, perm: Perm) -> bool:
    """For showing or hiding a button; the use case itself still calls `require`."""
    return actor is not None and _role_allows(actor.role, perm)


def require(actor: UserRecord | None, perm: Perm) -> UserRecord:
    """The actor as the database knows it now, if it may do `perm`; PermissionDenied if not."""
    if not isinstance(actor, UserRecord):
        raise PermissionDenied("Sign in first.")
    current = load_user(actor.id)
    if current is None:
        raise PermissionDenied("Your account is disabled or no longer exists.")
    if current.must_change_password:
        raise PermissionDenied("Choose a new password first.")
    if not _role_allows(current.role, perm):
        raise PermissionDenied(f"Your role ({current.role}) may not {_DENIED[perm]}.")
    return current
