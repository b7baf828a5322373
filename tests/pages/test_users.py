"""pages/users.py: admins add users, change roles, disable, reset passwords, make API tokens."""
from __future__ import annotations

from core import accounts, authentication, tokens, user_admin
from core.permissions import viewer_downloads_allowed
from utils import app_as


def test_users_page_invites_changes_and_disables(app_env, admin, viewer):
    at = app_as(admin, "pages/users.py")
    assert not at.exception
    assert set(at.dataframe[0].value["email"]) == {"admin@example.com", "viewer@example.com"}
    at.text_input(key="new_email").input("new@example.com")
    at.selectbox(key="new_role").select("viewer")
    next(b for b in at.button if b.label == "Add user").click().run()
    assert not at.error
    new = next(u for u in user_admin.list_users(admin) if u.email == "new@example.com")
    assert new.role == "viewer" and new.must_change_password
    assert at.code, "the temporary password is shown once"
    temporary = at.code[0].value
    assert authentication.authenticate("new@example.com", temporary).id == new.id
    at.run()
    assert not at.code, "and only once"
    at.selectbox(key="chosen_user").select(new.id)
    at.run()
    at.selectbox(key=f"role-{new.id}").select("recruiter")
    at.run()
    at.button(key="save_role").click().run()
    assert accounts.load_user(new.id).role == "recruiter"
    at.button(key="disable_user").click().run()
    assert accounts.load_user(new.id) is None
    at.toggle(key="viewer_downloads").set_value(True).run()
    assert viewer_downloads_allowed()


def test_users_page_creates_a_token_shown_once_and_revokes_it(admin, recruiter):
    at = app_as(admin, "pages/users.py")
    assert not at.exception
    assert not at.code
    at.selectbox(key="token_user").select(recruiter.id)
    at.text_input(key="token_name").input("careers page")
    next(b for b in at.button if b.label == "Create token").click().run()
    assert not at.exception and not at.error
    assert len(at.code) == 1, "the new token is shown"
    secret = at.code[0].value
    assert tokens.authenticate_token(secret).id == recruiter.id
    listed = tokens.list_tokens(admin)
    assert [(t.user_email, t.name) for t in listed] == [("recruiter@example.com", "careers page")]
    at.run()
    assert not at.code, "and only once"
    shown = at.dataframe[-1].value
    assert list(shown["user"]) == ["recruiter@example.com"] and list(shown["for"]) == ["careers page"]
    assert secret not in str(shown.to_dict())
    at.selectbox(key="revoke_token_id").select(listed[0].id)
    at.button(key="revoke_token").click().run()
    assert not at.exception
    assert tokens.authenticate_token(secret) is None
    assert tokens.list_tokens(admin) == []
