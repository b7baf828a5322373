"""Sign-in, roles and the audit trail as a browser session sees them (AppTest).

AppTest draws no sidebar navigation: `nav.pages` reads the pages st.navigation
registered for the session, and switching to any other page is refused.
"""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from core import accounts, authentication, storage, user_admin
from core import candidates as cands
from core.db import session_scope
from core.errors import PermissionDenied
from core.models import AuditEvent
from core.permissions import viewer_downloads_allowed
from utils import NEW_PASSWORD, PASSWORD, app_as, make_user, resume_pdf, set_env

ADMIN_PAGES = {"candidates.py", "add_candidate.py", "candidate_detail.py", "users.py", "audit.py", "account.py"}
RECRUITER_PAGES = {"candidates.py", "add_candidate.py", "candidate_detail.py", "account.py"}
VIEWER_PAGES = {"candidates.py", "candidate_detail.py", "account.py"}


def audit_rows(action: str | None = None) -> list[tuple]:
    q = select(AuditEvent.actor_email, AuditEvent.action, AuditEvent.candidate_id)
    if action:
        q = q.where(AuditEvent.action == action)
    with session_scope(readonly=True) as s:
        return [tuple(r) for r in s.execute(q.order_by(AuditEvent.id)).all()]


def sign_in(at, email: str, password: str):
    at.text_input(key="login_email").input(email)
    at.text_input(key="login_password").input(password)
    at.button[-1].click()  # the form's submit button
    return at.run()


def labels(at) -> set[str]:
    return {b.label for b in at.button} | {b.label for b in at.download_button}


def select_rows(at, rows: list[int]):
    at.session_state["table"] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    return at.run()


# --- first run ---------------------------------------------------------------------------

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
    assert nav.pages == ADMIN_PAGES, "the new admin is signed in"
    assert at.title[0].value == "Candidates"
    assert authentication.authenticate("boss@example.com", NEW_PASSWORD).role == "admin"


def test_environment_bootstrap_skips_the_first_run_page(nav, app_env, monkeypatch):
    set_env(monkeypatch, ADMIN_EMAIL="ops@example.com", ADMIN_PASSWORD=NEW_PASSWORD)
    at = app_as()
    assert nav.pages == {"login.py"}, "an account exists now: sign in, no setup page"
    sign_in(at, "ops@example.com", NEW_PASSWORD)
    assert nav.pages == ADMIN_PAGES


def test_environment_bootstrap_with_a_weak_password_says_so(nav, app_env, monkeypatch):
    set_env(monkeypatch, ADMIN_EMAIL="ops@example.com", ADMIN_PASSWORD="changeme")
    at = app_as()
    assert "ADMIN_EMAIL/ADMIN_PASSWORD" in at.error[0].value
    assert nav.pages == {"setup.py"} and user_admin.needs_first_admin()


# --- sign-in and sign-out ----------------------------------------------------------------

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
    assert at.error[0].value == "Wrong email or password."
    assert nav.pages == {"login.py"} and "user_id" not in at.session_state
    sign_in(at, "nobody@example.com", PASSWORD)
    assert at.error[0].value == "Wrong email or password."
    sign_in(at, "recruiter@example.com", PASSWORD)
    assert not at.exception
    assert nav.pages == RECRUITER_PAGES
    assert at.session_state["user_id"] == recruiter.id
    assert any("recruiter@example.com" in c.value for c in at.sidebar.caption)


def test_repeated_failures_lock_the_form(nav, app_env, recruiter, monkeypatch):
    set_env(monkeypatch, LOGIN_MAX_FAILURES=2)
    at = app_as()
    sign_in(at, "recruiter@example.com", "wrong one here")
    sign_in(at, "recruiter@example.com", "wrong one here")
    assert "Too many failed sign-ins" in at.error[0].value
    sign_in(at, "recruiter@example.com", PASSWORD)
    assert "Too many failed sign-ins" in at.error[0].value and nav.pages == {"login.py"}


def test_sign_out_and_disabled_user_is_out_at_the_next_click(nav, app_env, admin, recruiter):
    at = app_as(recruiter)
    assert nav.pages == RECRUITER_PAGES
    at.sidebar.button(key="sign_out").click().run()
    assert nav.pages == {"login.py"} and at.title[0].value == "Sign in"
    assert audit_rows("sign_out") == [("recruiter@example.com", "sign_out", None)]

    at = app_as(recruiter)
    user_admin.set_enabled(admin, recruiter.id, False)
    at.run()
    assert nav.pages == {"login.py"} and "user_id" not in at.session_state


def test_role_change_shows_at_the_next_click(nav, app_env, admin, recruiter):
    at = app_as(recruiter)
    user_admin.set_role(admin, recruiter.id, "viewer")
    at.run()
    assert nav.pages == VIEWER_PAGES


# --- each role: its pages and its actions ------------------------------------------------

@pytest.mark.parametrize("role, pages", [
    ("admin", ADMIN_PAGES), ("recruiter", RECRUITER_PAGES), ("viewer", VIEWER_PAGES)])
def test_each_role_sees_exactly_its_pages(nav, app_env, role, pages):
    user = make_user(role)
    at = app_as(user)
    assert not at.exception
    assert nav.pages == pages


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
    assert nav.pages == RECRUITER_PAGES


@pytest.fixture
def two(recruiter):
    """Two candidates with resumes; the table shows the newest ("Bob") first."""
    return [cands.create_candidate(recruiter, n, f"{n.lower()}@example.com", resume=resume_pdf(), filename=f"{n}.pdf")
            for n in ("Ada", "Bob")]


def test_recruiter_actions_on_the_table(app_env, recruiter, two):
    at = select_rows(app_as(recruiter), [0])
    assert {"Download PDF", "Re-parse", "Open", "Delete", "Export matching candidates as CSV"} <= labels(at)


def test_viewer_sees_candidates_but_no_recruiter_actions(app_env, viewer, two):
    at = select_rows(app_as(viewer), [0, 1])
    assert list(at.dataframe[0].value["name"]) == ["Bob", "Ada"]
    shown = labels(at)
    assert "Open" not in shown  # two rows chosen: "Open" is for one
    assert not shown & {"Download 2 as ZIP", "Re-parse", "Delete", "Export matching candidates as CSV"}
    at = select_rows(at, [0])
    assert "Open" in labels(at) and "Download PDF" not in labels(at)


def test_viewer_downloads_once_an_admin_allows_it(app_env, admin, viewer, two, downloads):
    at = select_rows(app_as(viewer), [0])
    assert "Download PDF" not in labels(at)
    user_admin.set_viewer_downloads(admin, True)
    at.run()
    assert {"Download PDF", "Export matching candidates as CSV"} <= labels(at)
    assert not labels(at) & {"Re-parse", "Delete"}
    data, _ = downloads["Bob.pdf"]
    assert data() == storage.read_resume_file(two[1].id)
    user_admin.set_viewer_downloads(admin, False)
    with pytest.raises(PermissionDenied):
        data()  # a button drawn before the change cannot be used after it


def test_viewer_candidate_page_is_read_only(app_env, viewer, two):
    at = app_as(viewer, "pages/candidate_detail.py", id=two[0].id)
    assert not at.exception
    assert at.title[0].value == "Ada"
    assert not at.text_input, "no edit form"
    assert not labels(at) & {"Save changes", "Re-parse", "Download PDF"}
    assert not at.toggle, "no PDF preview"
    assert any("not the resume file" in i.value for i in at.info)


def test_recruiter_candidate_page_preview_is_recorded_once(app_env, recruiter, two):
    at = app_as(recruiter, "pages/candidate_detail.py", id=two[0].id)
    assert {"Save changes", "Download PDF"} <= labels(at)
    assert at.toggle(key=f"preview-{two[0].id}").value is True, "the PDF shows beside the fields"
    at.run()
    at.run()  # reruns (edits, refresh ticks) reuse the bytes read once
    assert audit_rows("download") == [("recruiter@example.com", "download", two[0].id)]
    at.toggle(key=f"preview-{two[0].id}").set_value(False).run()
    assert audit_rows("download") == [("recruiter@example.com", "download", two[0].id)]


# --- every download and delete writes one audit row --------------------------------------

def test_each_download_writes_one_row_on_the_click(app_env, recruiter, two, downloads):
    at = select_rows(app_as(recruiter), [0])
    at.run()
    assert audit_rows("download") == [], "drawing the button reads nothing"
    data, _ = downloads["Bob.pdf"]
    data()
    assert audit_rows("download") == [("recruiter@example.com", "download", two[1].id)]
    select_rows(at, [0, 1])
    zipped, _ = downloads["resumes.zip"]
    assert audit_rows("download") == [("recruiter@example.com", "download", two[1].id)]
    zipped()
    assert sorted(r[2] for r in audit_rows("download")[1:]) == sorted(c.id for c in two)
    export, _ = downloads["candidates.csv"]
    export()
    assert audit_rows("export") == [("recruiter@example.com", "export", None)]
    assert len(audit_rows("download")) == 3


def test_delete_through_the_dialog_writes_one_row(app_env, recruiter, two):
    at = select_rows(app_as(recruiter), [0])
    next(b for b in at.button if b.label == "Delete").click().run()
    assert audit_rows("delete") == []
    at.button(key="confirm_delete").click().run()
    assert not at.exception
    assert audit_rows("delete") == [("recruiter@example.com", "delete", two[1].id)]


# --- admin pages -------------------------------------------------------------------------

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


def test_audit_page_filters_and_exports(app_env, admin, recruiter, downloads):
    a = cands.create_candidate(recruiter, "Ada", "ada@example.com")
    cands.create_candidate(admin, "Bob", "bob@example.com")
    at = app_as(admin, "pages/audit.py")
    assert not at.exception
    df = at.dataframe[0].value
    assert list(df["action"]) == ["create", "create"]
    at.text_input(key="audit_who").input("recruiter").run()
    assert list(at.dataframe[0].value["candidate"]) == [a.id]
    assert list(at.dataframe[0].value["name"]) == ["Ada"]
    data, mime = downloads["audit.csv"]
    assert mime == "text/csv"
    exported = list(csv.DictReader(io.StringIO(data().decode())))
    assert [(r["actor_email"], r["action"], r["candidate_id"]) for r in exported] == [
        ("recruiter@example.com", "create", str(a.id))]
    assert audit_rows("export")[-1][:2] == ("admin@example.com", "export")


def test_admin_pages_are_not_reachable_by_others(app_env, recruiter):
    at = app_as(recruiter)
    for page in ("pages/users.py", "pages/audit.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


# --- single sign-on ----------------------------------------------------------------------

SECRETS = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                    "client_id": "id", "client_secret": "secret",
                    "server_metadata_url": "https://idp.example.com/.well-known/openid-configuration"}}


def sso_app(user_info: dict):
    from streamlit.testing.v1 import AppTest

    from core.config import APP_ROOT

    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=30)
    at.secrets.update(SECRETS)
    at.user = user_info
    return at.run()


def test_single_sign_on_maps_an_existing_user_by_email(nav, app_env, recruiter):
    at = sso_app({"is_logged_in": True, "email": "Recruiter@example.com", "email_verified": True})
    assert not at.exception
    assert nav.pages == RECRUITER_PAGES
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
    from streamlit.testing.v1 import AppTest

    from core.config import APP_ROOT

    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=30)
    at.user = {"is_logged_in": True, "email": "recruiter@example.com"}
    at.run()
    assert nav.pages == {"login.py"}


@pytest.mark.parametrize("page, role", [
    ("pages/users.py", "recruiter"), ("pages/audit.py", "viewer"), ("pages/add_candidate.py", "viewer")])
def test_a_page_run_on_its_own_still_checks_the_role(app_env, admin, page, role):
    """As Streamlit's old pages/ mode would run it, bypassing app.py's navigation."""
    from streamlit.testing.v1 import AppTest

    from core.config import APP_ROOT

    cands.create_candidate(admin, "Ada", "ada@example.com")
    at = AppTest.from_file(str(APP_ROOT / page), default_timeout=30)
    at.session_state["user_id"] = make_user(role).id
    at.run()
    assert not at.exception
    assert f"Your role ({role}) may not use this page." in at.error[0].value
    assert not at.dataframe and not at.text_input


def test_a_page_run_on_its_own_without_sign_in_shows_nothing(app_env, admin):
    from streamlit.testing.v1 import AppTest

    from core.config import APP_ROOT

    cands.create_candidate(admin, "Ada", "ada@example.com")
    for page in ("pages/candidates.py", "pages/candidate_detail.py", "pages/users.py", "pages/audit.py"):
        at = AppTest.from_file(str(APP_ROOT / page), default_timeout=30).run()
        assert not at.exception and not at.dataframe and "Ada" not in str(at.main)
