"""Sign in: email and password, or the identity provider when single sign-on is configured."""
import streamlit as st

from core import authentication
from core.errors import AuthenticationError
from ui import session
from ui.common import md

st.title("Sign in")
if ended := st.session_state.pop(session.ENDED_KEY, None):
    st.info(md(ended), icon=":material/logout:")

if session.sso_configured():
    if error := st.session_state.get(session.SSO_ERROR_KEY):
        st.error(md(error), icon=":material/error:")
        if session.sso_logged_in() and st.button("Use another account", key="sso_logout"):
            st.session_state.pop(session.SSO_TRIED_KEY, None)
            st.session_state.pop(session.SSO_ERROR_KEY, None)
            st.logout()
    elif st.button("Sign in with single sign-on", type="primary", icon=":material/key:", key="sso_login"):
        st.login()
    st.divider()

with st.form("sign_in"):
    email = st.text_input("Email", key="login_email", autocomplete="username")
    password = st.text_input("Password", type="password", key="login_password", autocomplete="current-password")
    submitted = st.form_submit_button("Sign in", type="primary")

if submitted:
    try:
        user = authentication.authenticate(email, password)
    except AuthenticationError as exc:
        st.error(md(exc), icon=":material/error:")
    else:
        session.sign_in(user)
        st.rerun()
