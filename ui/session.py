"""Who is signed in to this browser session.

Only the user's id and session version are kept in st.session_state; the user is loaded from
the database on every run, so a disabled account (or a changed role) takes effect at the next
click. A password change or reset, a role change or a disable raises the user's session
version in the database: every other session of that user is then signed out at its next run.
Single sign-on (st.login) is used only when `[auth]` is configured in secrets.toml.
"""
from __future__ import annotations

import streamlit as st

from core import authentication
from core.accounts import UserRecord, load_user
from core.errors import AuthenticationError
from core.permissions import SESSION_ENDED, Perm, can

USER_KEY = "user_id"
VERSION_KEY = "session_version"  # the user's session version when this session signed in
ENDED_KEY = "_session_ended"  # why this session was signed out, for the sign-in page
SSO_ERROR_KEY = "_sso_error"
SSO_TRIED_KEY = "_sso_tried"


def sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all, or one that does not parse
        return False


def sso_logged_in() -> bool:
    if not sso_configured():
        return False
    try:
        return st.user.get("is_logged_in") is True
    except Exception:
        return False


def current_user() -> UserRecord | None:
    """The signed-in user, or None; a session whose user changed since it began is ended."""
    user_id = st.session_state.get(USER_KEY)
    user = load_user(user_id)
    if user is not None and st.session_state.get(VERSION_KEY) == user.session_version:
        return user
    if user_id is not None:
        _forget_everything()
        st.session_state[ENDED_KEY] = SESSION_ENDED
    return None


def keep_signed_in(user: UserRecord) -> None:
    """This session made a change that ended the user's sessions (its own password): it stays."""
    st.session_state[VERSION_KEY] = user.session_version


def require_user(*perms: Perm) -> UserRecord:
    """For pages: the signed-in user who may use this page, or the page stops.

    app.py only offers a role its pages, but a page file can still be run on its own (e.g.
    Streamlit's old pages/ mode on a server's very first run); the use cases check again.
    """
    user = current_user()
    if user is None:
        st.stop()
    if not all(can(user, perm) for perm in perms):
        st.error(f"Your role ({user.role}) may not use this page.", icon=":material/lock:")
        st.stop()
    return user


def _forget_everything() -> None:
    """Every key this session set (not Streamlit's own: st.session_state.clear() drops those)."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def sign_in(user: UserRecord) -> None:
    _forget_everything()  # nothing from before the sign-in carries over
    st.session_state[USER_KEY] = user.id
    st.session_state[VERSION_KEY] = user.session_version


def try_sso() -> UserRecord | None:
    """An identity from the provider becomes a session for the enabled user with that email."""
    if not sso_logged_in():
        return None
    email = str(st.user.get("email") or "")
    if st.session_state.get(SSO_TRIED_KEY) == email:  # refused once: no retry on every rerun
        return None
    st.session_state[SSO_TRIED_KEY] = email
    try:
        user = authentication.sso_sign_in(email, st.user.get("email_verified", True))
    except AuthenticationError as exc:
        st.session_state[SSO_ERROR_KEY] = str(exc)
        return None
    sign_in(user)
    return user


def sign_out(user: UserRecord | None) -> None:
    authentication.sign_out(user)
    _forget_everything()
    if sso_logged_in():
        st.logout()  # or the provider's cookie would sign us straight back in
