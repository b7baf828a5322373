"""The first start: no account exists yet, so whoever installs ResumeDesk creates the admin."""
import streamlit as st

from core import passwords, user_admin
from core.errors import ResumeDeskError, ValidationError
from ui import session
from ui.common import md

st.title("Create the first admin")
st.write("ResumeDesk has no accounts yet. Create the administrator account; it can then add "
         "recruiters and viewers. There is no default password.")
st.caption(f"The password needs at least {passwords.min_password_length()} characters. For unattended "
           "installs set ADMIN_EMAIL and ADMIN_PASSWORD, or run `python -m core.users create-admin EMAIL`.")

with st.form("first_admin"):
    email = st.text_input("Email", key="setup_email", autocomplete="username")
    name = st.text_input("Name", key="setup_name")
    password = st.text_input("Password", type="password", key="setup_password", autocomplete="new-password")
    repeat = st.text_input("Repeat the password", type="password", key="setup_repeat", autocomplete="new-password")
    submitted = st.form_submit_button("Create admin and sign in", type="primary")

if submitted:
    try:
        if password != repeat:
            raise ValidationError("The two passwords differ.")
        admin = user_admin.create_first_admin(email, password, name)
    except ResumeDeskError as exc:
        st.error(md(exc), icon=":material/error:")
    else:
        session.sign_in(admin)
        st.rerun()
