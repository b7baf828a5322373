"""Settings an admin changes in the app, one row each in the app_settings table.

The environment's settings (DATABASE_URL and the rest) are core.config.Settings; these are
the few that belong to the running team rather than to the installation.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from core.db import session_scope
from core.models import AppSetting

VIEWER_DOWNLOADS = "viewer_downloads"        # "true": viewers may download resumes and export
FIRST_ADMIN_CREATED = "first_admin_created"  # written with the first admin: only one, even in a race
# A random key (hex), made once: the lockout counts addresses that are nobody's under their
# keyed hash, never as typed (core/authentication.py).
ADDRESS_HASH_KEY = "address_hash_key"


def get_app_setting(key: str, default: str | None = None) -> str | None:
    with session_scope(readonly=True) as s:
        row = s.get(AppSetting, key)
        return row.value if row is not None else default


def put_app_setting(s: Session, key: str, value: str) -> bool:
    """Write a setting in the caller's transaction; False when it already had that value."""
    row = s.get(AppSetting, key)
    if row is None:
        s.add(AppSetting(key=key, value=value))
    elif row.value == value:
        return False
    else:
        row.value = value
    return True
