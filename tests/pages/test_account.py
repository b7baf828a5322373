"""pages/account.py: a user's own account and password."""
from __future__ import annotations

from core import user_admin
from utils import NEW_PASSWORD, PAGES_BY_ROLE, app_as, sign_in


def test_must_change_password_shows_only_the_account_page(nav, app_env, admin):
    new, temporary = user_admin.create_user(admin, "new@example.com", "recruiter")
    at = sign_in(app_as(), "new@example.com", temporary)
    assert nav.pages == {"account.py"}
    assert "Choose your own password" in at.warning[0].value
    at.text_input[0].input(temporary)
    at.text_input[1].input(NEW_PASSWORD)
    at.text_input[2].input(NEW_PASSWORD)
    next(b for b in at.button if b.label == "Change password").click().run()
    assert not at.error
    assert nav.pages == PAGES_BY_ROLE["recruiter"]
