"""The signed-in user's own account: who they are, and a new password."""
import streamlit as st

from core import authentication
from core.errors import ResumeDeskError, ValidationError
from ui import common, session

user = session.require_user()
st.title("Account")
common.show_flash()
st.write(f"**{common.md(user.label)}** · role: {user.role}")

if user.must_change_password:
    st.warning("Your password was set by an admin. Choose your own password to continue.",
               icon=":material/lock_reset:")

with st.form("change_password", clear_on_submit=True):
    st.subheader("Change password")
    current = st.text_input("Current password", type="password", autocomplete="current-password")
    new = st.text_input("New password", type="password", autocomplete="new-password")
    repeat = st.text_input("Repeat the new password", type="password", autocomplete="new-password")
    submitted = st.form_submit_button("Change password")

if submitted:
    try:
        if new != repeat:
            raise ValidationError("The two new passwords differ.")
        changed = authentication.change_password(user, current, new)
    except ResumeDeskError as exc:
        st.error(common.md(exc), icon=":material/error:")
    else:
        session.keep_signed_in(changed)  # the user's other sessions end; this one goes on
        common.flash("Your password was changed.")
        st.rerun()
