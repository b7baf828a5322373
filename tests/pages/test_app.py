"""app.py: the sign-in gate and the navigation each role gets, as a browser session sees them
(AppTest).

AppTest draws no sidebar navigation: `nav.pages` reads the pages st.navigation
registered for the session, and switching to any other page is refused.
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core import candidates as cands
from core import user_admin
from core.config import APP_ROOT
from utils import PAGES_BY_ROLE, app_as, audit_rows, make_user


def test_sign_out_and_disabled_user_is_out_at_the_next_click(nav, app_env, admin, recruiter):
    at = app_as(recruiter)
    assert nav.pages == PAGES_BY_ROLE["recruiter"]
    at.sidebar.button(key="sign_out").click().run()
    assert nav.pages == {"login.py"} and at.title[0].value == "Sign in"
    assert audit_rows("sign_out") == [("recruiter@example.com", "sign_out", None)]

    at = app_as(recruiter)
    user_admin.set_enabled(admin, recruiter.id, False)
    at.run()
    assert nav.pages == {"login.py"} and "user_id" not in at.session_state


def test_page_addresses_stay_as_bookmarked(nav, app_env, admin):
    app_as(admin)
    assert nav.addresses["candidate_detail.py"] == "candidate"  # /candidate?id=7
    assert nav.addresses["add_candidate.py"] == "add_candidate"


def test_role_change_shows_at_the_next_click(nav, app_env, admin, recruiter):
    at = app_as(recruiter)
    user_admin.set_role(admin, recruiter.id, "viewer")
    at.run()
    assert nav.pages == PAGES_BY_ROLE["viewer"]


@pytest.mark.parametrize("role, pages", [
    ("admin", PAGES_BY_ROLE["admin"]), ("recruiter", PAGES_BY_ROLE["recruiter"]), ("viewer", PAGES_BY_ROLE["viewer"])])
def test_each_role_sees_exactly_its_pages(nav, app_env, role, pages):
    user = make_user(role)
    at = app_as(user)
    assert not at.exception
    assert nav.pages == pages


def test_admin_pages_are_not_reachable_by_others(app_env, recruiter):
    at = app_as(recruiter)
    for page in ("pages/users.py", "pages/audit.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


@pytest.mark.parametrize("page, role", [
    ("pages/users.py", "recruiter"), ("pages/audit.py", "viewer"), ("pages/add_candidate.py", "viewer")])
def test_a_page_run_on_its_own_still_checks_the_role(app_env, admin, page, role):
    """As Streamlit's old pages/ mode would run it, bypassing app.py's navigation."""

    cands.create_candidate(admin, "Ada", "ada@example.com")
    at = AppTest.from_file(str(APP_ROOT / page), default_timeout=30)
    at.session_state["user_id"] = make_user(role).id
    at.run()
    assert not at.exception
    assert f"Your role ({role}) may not use this page." in at.error[0].value
    assert not at.dataframe and not at.text_input


def test_a_page_run_on_its_own_without_sign_in_shows_nothing(app_env, admin):

    cands.create_candidate(admin, "Ada", "ada@example.com")
    for page in ("pages/candidates.py", "pages/candidate_detail.py", "pages/users.py", "pages/audit.py"):
        at = AppTest.from_file(str(APP_ROOT / page), default_timeout=30).run()
        assert not at.exception and not at.dataframe and "Ada" not in str(at.main)
