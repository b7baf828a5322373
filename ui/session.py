"""Who is signed in to this browser session.

Only the user's id and session version are kept in st.session_state; the user is loaded from
the database on every run, so a disabled account (or a changed role) takes effect at the next
click. A password change or reset, a role change or a disable raises the user's session
version in the database: every other session of that user is then signed out at its next run.
Single sign-on (st.login) is used only when `[auth]` is configured in secrets.toml.

A reload, a new tab or a pasted link starts a new Streamlit session: it is signed in again by
the browser's cookie (core/sessions.py), which a sign-in has the browser fetch from the
server's cookie route (ui/server.py) and a sign-out has it clear. A session signed in that way
(or by the form) also ends when its server-side session does: signed out in another tab, idle
past SESSION_IDLE_HOURS, or older than SESSION_MAX_DAYS.
"""
from __future__ import annotations

import json

import streamlit as st

from core import authentication, sessions
from core.accounts import UserRecord, load_user
from core.errors import AuthenticationError
from core.permissions import SESSION_ENDED, Perm, can
from ui.server import COOKIE_NAME, COOKIE_ROUTE, END_ROUTE

USER_KEY = "user_id"
VERSION_KEY = "session_version"  # the user's session version when this session signed in
ENDED_KEY = "_session_ended"  # why this session was signed out, for the sign-in page
SSO_ERROR_KEY = "_sso_error"
SSO_TRIED_KEY = "_sso_tried"
SESSION_KEY = "_browser_session"  # the id of the server-side session (core/sessions.py)
CODE_KEY = "_cookie_code"  # the one-time code the browser trades for its cookie, until it has
CLEAR_COOKIE_KEY = "_clear_cookie"  # the browser should drop its cookie (signed out, or it is dead)
COOKIE_TRIED_KEY = "_cookie_tried"  # a cookie that signed nobody in is not tried again
SESSION_OVER = "Your sign-in ended (signed out in another tab, or unused for too long): sign in again."


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
        session_id = st.session_state.get(SESSION_KEY)
        if session_id is None or sessions.is_live(session_id, user):
            return user
        _forget_everything()
        st.session_state[ENDED_KEY] = SESSION_OVER
        st.session_state[CLEAR_COOKIE_KEY] = True
        return None
    if user_id is not None:
        _forget_everything()
        st.session_state[ENDED_KEY] = SESSION_ENDED
        st.session_state[CLEAR_COOKIE_KEY] = True
    return None


def resume_from_cookie() -> UserRecord | None:
    """The user this browser's cookie signs in (a reload, a new tab, a pasted link)."""
    token = st.context.cookies.get(COOKIE_NAME)
    if not token or st.session_state.get(COOKIE_TRIED_KEY) == token:
        return None
    resumed = sessions.resume(token)
    if resumed is None:
        st.session_state[COOKIE_TRIED_KEY] = token
        st.session_state[CLEAR_COOKIE_KEY] = True
        return None
    user, session_id = resumed
    st.session_state[USER_KEY] = user.id
    st.session_state[VERSION_KEY] = user.session_version
    st.session_state[SESSION_KEY] = session_id
    return user


def _post_script(route: str, body: str = "") -> str:
    """A script that POSTs `body` to one of the cookie routes (ui/server.py), as only the app's
    own pages can (the X-ResumeDesk header)."""
    base = "".join("/" + p for p in str(st.get_option("server.baseUrlPath") or "").split("/") if p)
    url = base + route
    return (f"<script>fetch({json.dumps(url)}, {{method: 'POST', credentials: 'same-origin', "
            f"headers: {{'X-ResumeDesk': '1'}}, body: {json.dumps(body)}}});</script>")


def sync_cookie() -> None:
    """Have the browser fetch its cookie after a sign-in, or drop it after a sign-out. Runs on
    every run until the server has issued the cookie (the code is good for a minute)."""
    if st.session_state.get(CODE_KEY) and st.session_state.get(SESSION_KEY) is not None:
        if sessions.cookie_issued(st.session_state[SESSION_KEY]):
            del st.session_state[CODE_KEY]
        else:
            st.html(_post_script(COOKIE_ROUTE, st.session_state[CODE_KEY]), unsafe_allow_javascript=True)
    if st.session_state.pop(CLEAR_COOKIE_KEY, False):
        st.html(_post_script(END_ROUTE), unsafe_allow_javascript=True)


def keep_signed_in(user: UserRecord) -> None:
    """This session made a change that ended the user's sessions (its own password): it stays,
    with a new server-side session (and cookie) for this browser."""
    sessions.end(st.session_state.get(SESSION_KEY))
    st.session_state[VERSION_KEY] = user.session_version
    st.session_state[SESSION_KEY], st.session_state[CODE_KEY] = sessions.begin(user)


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
    st.session_state[SESSION_KEY], st.session_state[CODE_KEY] = sessions.begin(user)


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
    sessions.end(st.session_state.get(SESSION_KEY))
    authentication.sign_out(user)
    _forget_everything()
    st.session_state[CLEAR_COOKIE_KEY] = True
    if sso_logged_in():
        st.logout()  # or the provider's cookie would sign us straight back in
