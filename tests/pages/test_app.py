"""app.py: the sign-in gate and the navigation each role gets, as a browser session sees them
(AppTest).

AppTest draws no sidebar navigation: `nav.pages` reads the pages st.navigation
registered for the session, and switching to any other page is refused.
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core import candidates as cands
from core import authentication, user_admin
from core.config import APP_ROOT
from utils import NEW_PASSWORD, PAGES_BY_ROLE, PASSWORD, app_as, audit_rows, make_user, shown, sign_in, signed_in_as


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
    """The session ends (its user changed); signed in again, the user has the new role's pages."""
    at = app_as(recruiter)
    user_admin.set_role(admin, recruiter.id, "viewer")
    at.run()
    assert nav.pages == {"login.py"}
    assert "sign in again" in at.info[0].value
    sign_in(at, "recruiter@example.com", PASSWORD)
    assert nav.pages == PAGES_BY_ROLE["viewer"]


def _change_password(at, current: str, new: str):
    """Fill in and submit the Account page's form."""
    inputs = at.text_input
    inputs[0].input(current)
    inputs[1].input(new)
    inputs[2].input(new)
    next(b for b in at.button if b.label == "Change password").click()
    return at.run()


@pytest.mark.parametrize("change", ["reset", "disable", "role", "own password elsewhere"])
def test_a_change_to_the_user_ends_their_other_sessions(nav, app_env, admin, recruiter, change):
    """Each of these ends every dashboard session of the user at its next run."""
    at = app_as(recruiter)
    assert nav.pages == PAGES_BY_ROLE["recruiter"]
    if change == "reset":
        user_admin.reset_password(admin, recruiter.id)
    elif change == "disable":
        user_admin.set_enabled(admin, recruiter.id, False)
    elif change == "role":
        user_admin.set_role(admin, recruiter.id, "viewer")
    else:
        authentication.change_password(recruiter, PASSWORD, NEW_PASSWORD)
    at.run()
    assert not at.exception
    assert nav.pages == {"login.py"}
    assert "user_id" not in at.session_state


def test_changing_ones_own_password_keeps_this_session_and_ends_the_others(nav, app_env, recruiter):
    here, elsewhere = app_as(recruiter), app_as(recruiter)
    here.switch_page("pages/account.py").run()
    _change_password(here, PASSWORD, NEW_PASSWORD)
    assert not here.exception and not here.error
    assert any("Your password was changed." in shown(t.value) for t in here.toast)
    elsewhere.run()
    assert nav.pages == {"login.py"}, "the other session is over"
    here.run()
    assert nav.pages == PAGES_BY_ROLE["recruiter"], "the session that made the change goes on"


def test_a_session_without_its_version_is_not_signed_in(nav, app_env, recruiter):
    """A session that holds only a user id (never signed in through the page) gets nothing."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=30)
    at.session_state["user_id"] = recruiter.id
    at.run()
    assert nav.pages == {"login.py"}


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
    signed_in_as(at, make_user(role))
    at.run()
    assert not at.exception
    assert f"Your role ({role}) may not use this page." in at.error[0].value
    assert not at.dataframe and not at.text_input


def test_a_page_run_on_its_own_without_sign_in_shows_nothing(app_env, admin):

    cands.create_candidate(admin, "Ada", "ada@example.com")
    for page in ("pages/candidates.py", "pages/candidate_detail.py", "pages/users.py", "pages/audit.py"):
        at = AppTest.from_file(str(APP_ROOT / page), default_timeout=30).run()
        assert not at.exception and not at.dataframe and "Ada" not in str(at.main)
