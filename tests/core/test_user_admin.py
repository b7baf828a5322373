"""core/user_admin.py: the first admin, and what admins do to accounts."""
from __future__ import annotations

import pytest

from core import accounts, authentication, user_admin
from core import candidates as cands
from core.errors import AuthenticationError, DuplicateError, NotFoundError, PermissionDenied, ValidationError
from utils import NEW_PASSWORD, PASSWORD, audit_rows, make_user, set_env


def test_first_admin_only_on_an_empty_database(app_env):
    assert user_admin.needs_first_admin()
    admin = user_admin.create_first_admin(" Boss@Example.com ", NEW_PASSWORD, "Boss")
    assert (admin.email, admin.role, admin.must_change_password) == ("boss@example.com", "admin", False)
    assert not user_admin.needs_first_admin()
    with pytest.raises(ValidationError, match="already exists"):
        user_admin.create_first_admin("other@example.com", NEW_PASSWORD)
    assert accounts.count_users() == 1
    assert authentication.authenticate("boss@example.com", NEW_PASSWORD).id == admin.id


def test_env_bootstrap_creates_the_first_admin_once(app_env, monkeypatch):
    assert user_admin.bootstrap_admin_from_env() is None, "nothing set: nothing made, no default password"
    assert user_admin.needs_first_admin()
    set_env(monkeypatch, ADMIN_EMAIL="ops@example.com", ADMIN_PASSWORD=NEW_PASSWORD)
    admin = user_admin.bootstrap_admin_from_env()
    assert admin is not None and admin.role == "admin"
    assert authentication.authenticate("ops@example.com", NEW_PASSWORD).id == admin.id
    # Later starts leave the account alone, even when the variables change.
    set_env(monkeypatch, ADMIN_PASSWORD="another long secret")
    assert user_admin.bootstrap_admin_from_env() is None
    assert authentication.authenticate("ops@example.com", NEW_PASSWORD).id == admin.id
    assert accounts.count_users() == 1


def test_env_bootstrap_refuses_a_weak_password(app_env, monkeypatch):
    set_env(monkeypatch, ADMIN_EMAIL="ops@example.com", ADMIN_PASSWORD="admin")
    with pytest.raises(ValidationError, match="ADMIN_EMAIL/ADMIN_PASSWORD: The password must be at least"):
        user_admin.bootstrap_admin_from_env()
    assert user_admin.needs_first_admin()


def test_invited_user_gets_a_temporary_password_and_must_change_it(app_env, admin):
    new, temporary = user_admin.create_user(admin, "New@Example.com", "recruiter", "New Person")
    assert new.must_change_password and len(temporary) >= 16
    signed_in = authentication.authenticate("new@example.com", temporary)
    with pytest.raises(PermissionDenied, match="new password first"):
        cands.list_candidates(signed_in)
    with pytest.raises(ValidationError, match="current password is wrong"):
        authentication.change_password(signed_in, "not it at all", NEW_PASSWORD)
    with pytest.raises(ValidationError, match="at least 10"):
        authentication.change_password(signed_in, temporary, "short")
    authentication.change_password(signed_in, temporary, NEW_PASSWORD)
    assert cands.list_candidates(authentication.authenticate("new@example.com", NEW_PASSWORD)).total == 0
    with pytest.raises(DuplicateError):
        user_admin.create_user(admin, "new@example.com", "viewer")
    with pytest.raises(ValidationError, match="Unknown role"):
        user_admin.create_user(admin, "x@example.com", "owner")


def test_roles_disable_and_reset(app_env, admin, recruiter):
    assert user_admin.set_role(admin, recruiter.id, "viewer").role == "viewer"
    user_admin.set_enabled(admin, recruiter.id, False)
    assert accounts.load_user(recruiter.id) is None
    user_admin.set_enabled(admin, recruiter.id, True)
    temporary = user_admin.reset_password(admin, recruiter.id)
    with pytest.raises(AuthenticationError):
        authentication.authenticate("recruiter@example.com", PASSWORD)
    assert authentication.authenticate("recruiter@example.com", temporary).must_change_password
    with pytest.raises(NotFoundError):
        user_admin.set_role(admin, 9999, "viewer")
    assert [u.email for u in user_admin.list_users(admin)] == ["admin@example.com", "recruiter@example.com"]


def test_the_last_admin_stays(app_env, admin):
    with pytest.raises(ValidationError, match="last enabled admin"):
        user_admin.set_role(admin, admin.id, "viewer")
    with pytest.raises(ValidationError, match="last enabled admin"):
        user_admin.set_enabled(admin, admin.id, False)
    other = make_user("admin", "second@example.com")
    user_admin.set_role(admin, other.id, "recruiter")
    second = make_user("admin", "third@example.com")
    user_admin.set_enabled(second, admin.id, False)  # another admin exists: fine
    assert accounts.load_user(admin.id) is None


def test_sso_only_user_has_no_password(app_env, admin):
    u, temporary = user_admin.create_user(admin, "sso@example.com", "viewer", sso_only=True)
    assert temporary is None and not u.must_change_password
    with pytest.raises(AuthenticationError):
        authentication.authenticate("sso@example.com", "")
    assert authentication.sso_sign_in("sso@example.com").id == u.id


def _version(user_id: int) -> int:
    return accounts.load_user(user_id).session_version if accounts.load_user(user_id) else -1


def test_password_role_and_enabled_changes_end_the_users_sessions(app_env, admin, recruiter):
    """Each raises the user's session version: records (and dashboard sessions) from before stop working."""
    versions = [accounts.load_user(recruiter.id).session_version]
    user_admin.set_role(admin, recruiter.id, "viewer")
    versions.append(accounts.load_user(recruiter.id).session_version)
    user_admin.reset_password(admin, recruiter.id, NEW_PASSWORD)
    versions.append(accounts.load_user(recruiter.id).session_version)
    changed = authentication.change_password(accounts.load_user(recruiter.id), NEW_PASSWORD, "another long secret")
    versions.append(changed.session_version)
    user_admin.set_enabled(admin, recruiter.id, False)
    user_admin.set_enabled(admin, recruiter.id, True)
    versions.append(accounts.load_user(recruiter.id).session_version)
    assert versions == sorted(set(versions)) and len(versions) == 5, versions
    assert changed.session_version == accounts.load_user(recruiter.id).session_version - 2
    assert admin.session_version == accounts.load_user(admin.id).session_version, "the admin's own sessions go on"


def test_disable_and_reset_revoke_the_users_api_tokens(app_env, admin, recruiter, viewer):
    from core import tokens

    _, first = tokens.create_token(admin, recruiter.id)
    _, kept = tokens.create_token(admin, viewer.id)
    user_admin.reset_password(admin, recruiter.id)
    assert tokens.authenticate_token(first) is None
    _, second = tokens.create_token(admin, recruiter.id)
    user_admin.set_enabled(admin, recruiter.id, False)
    user_admin.set_enabled(admin, recruiter.id, True)
    assert tokens.authenticate_token(second) is None, "enabling the account again brings no token back"
    assert tokens.authenticate_token(kept).id == viewer.id, "other users' tokens are untouched"
    assert tokens.list_tokens(admin, recruiter.id) == []
    details = [d for _, action, _, d in audit_rows(detail=True) if action in ("password_reset", "user_disable")]
    assert details == ["recruiter@example.com (1 API token revoked)", "recruiter@example.com (1 API token revoked)"]


def test_recovery_from_a_shell_ends_sessions_and_revokes_tokens(app_env, admin, recruiter):
    from core import tokens

    _, secret = tokens.create_token(admin, recruiter.id)
    before = accounts.load_user(recruiter.id).session_version
    user_admin.recover_account_from_shell("recruiter@example.com", NEW_PASSWORD)
    assert accounts.load_user(recruiter.id).session_version > before
    assert tokens.authenticate_token(secret) is None
