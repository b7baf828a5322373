"""core/accounts.py: the user record and the one lookup and insert of users."""
from __future__ import annotations

import pytest

from core import accounts, user_admin
from core.db import session_scope
from core.errors import DuplicateError
from utils import make_user


def test_insert_then_find_by_email_in_any_case(app_env):
    with session_scope() as s:
        made = accounts.insert_user(s, "ada@example.com", "viewer", name="  Ada \n Lovelace ")
    assert (made.email, made.name, made.role, made.enabled, made.must_change_password) == (
        "ada@example.com", "Ada Lovelace", "viewer", True, False)
    with session_scope(readonly=True) as s:
        assert accounts.find_user(s, " ADA@Example.com ").id == made.id
        assert accounts.find_user(s, "bob@example.com") is None
    assert accounts.count_users() == 1


def test_a_taken_email_is_a_duplicate_and_nothing_is_added(app_env):
    make_user("viewer", "ada@example.com")
    with pytest.raises(DuplicateError, match="A user with the email ada@example.com already exists."):
        with session_scope() as s:
            accounts.insert_user(s, "ada@example.com", "admin")
    assert accounts.count_users() == 1


def test_load_user_gives_enabled_users_only(app_env, admin, viewer):
    assert accounts.load_user(viewer.id) == viewer
    assert accounts.load_user(None) is None and accounts.load_user(9999) is None
    user_admin.set_enabled(admin, viewer.id, False)
    assert accounts.load_user(viewer.id) is None


def test_label_and_email_key():
    record = accounts.UserRecord(1, "ada@example.com", "Ada", "viewer", True, False, None, None)
    assert record.label == "Ada <ada@example.com>"
    assert accounts.UserRecord(1, "ada@example.com", "", "viewer", True, False, None, None).label == "ada@example.com"
    assert accounts.email_key("  Ada@Example.COM ") == "ada@example.com"
    assert accounts.email_key(None) == "" and len(accounts.email_key("x" * 400)) == 320
