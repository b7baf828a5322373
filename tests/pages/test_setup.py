"""pages/setup.py: the first start, when no account exists yet."""
from __future__ import annotations

from core import authentication, user_admin
from utils import NEW_PASSWORD, PAGES_BY_ROLE, app_as, set_env, shown, sign_in


def test_first_run_asks_for_the_first_admin(nav, app_env):
    at = app_as()
    assert not at.exception
    assert at.title[0].value == "Create the first admin"
    assert nav.pages == {"setup.py"}
    at.text_input(key="setup_email").input("boss@example.com")
    at.text_input(key="setup_password").input(NEW_PASSWORD)
    at.text_input(key="setup_repeat").input(NEW_PASSWORD + "!")
    at.button[-1].click().run()
    assert "differ" in at.error[0].value and user_admin.needs_first_admin()
    at.text_input(key="setup_password").input("short")
    at.text_input(key="setup_repeat").input("short")
    at.button[-1].click().run()
    assert "at least 10" in at.error[0].value and user_admin.needs_first_admin()
    at.text_input(key="setup_password").input(NEW_PASSWORD)
    at.text_input(key="setup_repeat").input(NEW_PASSWORD)
    at.button[-1].click().run()
    assert not at.exception and not at.error
    assert nav.pages == PAGES_BY_ROLE["admin"], "the new admin is signed in"
    assert at.title[0].value == "Candidates"
    assert authentication.authenticate("boss@example.com", NEW_PASSWORD).role == "admin"


def test_environment_bootstrap_skips_the_first_run_page(nav, app_env, monkeypatch):
    set_env(monkeypatch, ADMIN_EMAIL="ops@example.com", ADMIN_PASSWORD=NEW_PASSWORD)
    at = app_as()
    assert nav.pages == {"login.py"}, "an account exists now: sign in, no setup page"
    sign_in(at, "ops@example.com", NEW_PASSWORD)
    assert nav.pages == PAGES_BY_ROLE["admin"]


def test_environment_bootstrap_with_a_weak_password_says_so(nav, app_env, monkeypatch):
    set_env(monkeypatch, ADMIN_EMAIL="ops@example.com", ADMIN_PASSWORD="changeme")
    at = app_as()
    assert "ADMIN_EMAIL/ADMIN_PASSWORD" in shown(at.error[0].value)
    assert nav.pages == {"setup.py"} and user_admin.needs_first_admin()
