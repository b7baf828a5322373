"""Who may do what: the roles, their permissions, and the check every use case makes.

A use case receives the acting user (a `core.accounts.UserRecord`) and calls
`require(actor, PERM)`. The check reloads the user from the database, so a record held by a
page, or captured by a download callable, stops working the moment an admin disables the
account or changes its role, or its password changes (the record's session version is then
behind the database's). Nothing here imports Streamlit; a page that forgets to hide a
button opens no hole.
"""
from __future__ import annotations

from enum import StrEnum

from core.accounts import UserRecord, load_user
from core.app_settings import VIEWER_DOWNLOADS, get_app_setting
from core.errors import PermissionDenied

ROLES = ("admin", "recruiter", "viewer")


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
    PRIVACY = "privacy"          # a candidate's data export (GDPR), erasure, the retention review


ROLE_PERMS: dict[str, frozenset[Perm]] = {
    "admin": frozenset(Perm),
    "recruiter": frozenset({Perm.VIEW, Perm.CREATE, Perm.EDIT, Perm.REPARSE, Perm.DOWNLOAD,
                            Perm.EXPORT, Perm.DELETE}),
    "viewer": frozenset({Perm.VIEW}),
}
# What a viewer gains when an admin allows viewers to download.
VIEWER_DOWNLOAD_PERMS = frozenset({Perm.DOWNLOAD, Perm.EXPORT})

SESSION_ENDED = "Your password, role or access changed since you signed in: sign in again."

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
    Perm.PRIVACY: "export or erase a candidate's personal data",
}


def viewer_downloads_allowed() -> bool:
    return get_app_setting(VIEWER_DOWNLOADS, "false") == "true"


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
    return check(actor, load_user(actor.id), perm)


def check(actor: UserRecord, current: UserRecord | None, perm: Perm) -> UserRecord:
    """`require`'s rules, given the actor as the database knows it (`current`, None when gone)."""
    if current is None or not current.enabled:
        raise PermissionDenied("Your account is disabled or no longer exists.")
    if current.session_version != actor.session_version:
        raise PermissionDenied(SESSION_ENDED)
    if current.must_change_password:
        raise PermissionDenied("Choose a new password first.")
    if not _role_allows(current.role, perm):
        raise PermissionDenied(f"Your role ({current.role}) may not {_DENIED[perm]}.")
    return current
