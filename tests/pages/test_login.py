"""pages/login.py: password sign-in, the lockout as the form shows it, and single sign-on."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core import candidates as cands
from core.config import APP_ROOT
from utils import PAGES_BY_ROLE, PASSWORD, app_as, audit_rows, labels, set_env, shown, sign_in


def test_signed_out_session_sees_only_the_sign_in_page(nav, app_env, recruiter):
    cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com")
    at = app_as()
    assert at.title[0].value == "Sign in"
    assert nav.pages == {"login.py"}
    assert not at.dataframe and "Ada" not in str(at.main)
    for page in ("pages/candidates.py", "pages/candidate_detail.py", "pages/users.py", "pages/audit.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)
    at.query_params["id"] = "1"
    at.run()
    assert at.title[0].value == "Sign in" and "Ada" not in str(at.main)


def test_wrong_password_is_refused_then_right_one_signs_in(nav, app_env, recruiter):
    at = sign_in(app_as(), "recruiter@example.com", "not the password")
    assert shown(at.error[0].value) == "Wrong email or password."
    assert nav.pages == {"login.py"} and "user_id" not in at.session_state
    sign_in(at, "nobody@example.com", PASSWORD)
    assert shown(at.error[0].value) == "Wrong email or password."
    sign_in(at, "recruiter@example.com", PASSWORD)
    assert not at.exception
    assert nav.pages == PAGES_BY_ROLE["recruiter"]
    assert at.session_state["user_id"] == recruiter.id
    assert any("recruiter@example.com" in shown(c.value) for c in at.sidebar.caption)


def test_repeated_failures_lock_the_form(nav, app_env, recruiter, monkeypatch):
    set_env(monkeypatch, LOGIN_MAX_FAILURES=2)
    at = app_as()
    sign_in(at, "recruiter@example.com", "wrong one here")
    sign_in(at, "recruiter@example.com", "wrong one here")
    assert "Too many failed sign-ins" in shown(at.error[0].value)
    sign_in(at, "recruiter@example.com", PASSWORD)
    assert "Too many failed sign-ins" in shown(at.error[0].value) and nav.pages == {"login.py"}


SECRETS = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                    "client_id": "id", "client_secret": "secret",
                    "server_metadata_url": "https://idp.example.com/.well-known/openid-configuration"}}


def sso_app(user_info: dict):

    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=30)
    at.secrets.update(SECRETS)
    at.user = user_info
    return at.run()


def test_single_sign_on_maps_an_existing_user_by_email(nav, app_env, recruiter):
    at = sso_app({"is_logged_in": True, "email": "Recruiter@example.com", "email_verified": True})
    assert not at.exception
    assert nav.pages == PAGES_BY_ROLE["recruiter"]
    assert audit_rows("sign_in") == [("recruiter@example.com", "sign_in", None)]


def test_single_sign_on_refuses_unknown_emails(nav, app_env, recruiter):
    at = sso_app({"is_logged_in": True, "email": "stranger@example.com"})
    assert nav.pages == {"login.py"}
    assert "has no access" in at.error[0].value
    at.run()
    assert len(audit_rows("sign_in_failed")) == 1, "refused once, not again at every rerun"


def test_sign_in_page_offers_single_sign_on_only_when_configured(app_env, recruiter):
    at = sso_app({"is_logged_in": False})
    assert "Sign in with single sign-on" in labels(at)
    assert "Sign in with single sign-on" not in labels(app_as())


def test_a_logged_in_identity_without_auth_configured_is_ignored(nav, app_env, recruiter):

    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=30)
    at.user = {"is_logged_in": True, "email": "recruiter@example.com"}
    at.run()
    assert nav.pages == {"login.py"}
