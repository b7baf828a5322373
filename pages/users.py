"""Admins: add users, change roles, disable accounts, reset passwords, access settings."""
import streamlit as st

from core import tokens, user_admin
from core.errors import ResumeDeskError
from core.permissions import ROLES, Perm, viewer_downloads_allowed
from ui import common, session

actor = session.require_user(Perm.MANAGE_USERS)
st.title("Users")
common.show_flash()

SHOWN_PASSWORD = "_shown_password"  # a temporary password, shown once to the admin who made it
SHOWN_TOKEN = "_shown_token"  # a new API token, shown once to the admin who made it
common.show_secret_once(SHOWN_PASSWORD)

try:
    everyone = user_admin.list_users(actor)
except ResumeDeskError as exc:
    st.error(common.md(exc))
    st.stop()

st.dataframe(common.table(everyone, [("email", "email"), ("name", "name"), ("role", "role"), ("enabled", "enabled"),
                                     ("must change password", "must_change_password"),
                                     ("last sign-in", "last_sign_in_at")]),
             hide_index=True, key="users_table")


def run(action, message: str, shown_once=None) -> None:
    """An admin action: its error shown, or `message` flashed and the page run again.

    `shown_once(result)` gives (key, message, secret) for a secret the action made (a temporary
    password, a token), shown after the rerun and never again; or None.
    """
    try:
        result = action()
    except ResumeDeskError as exc:
        st.error(common.md(exc), icon=":material/error:")
        return
    common.flash(message)
    if shown_once is not None and (held := shown_once(result)):
        common.hold_secret(*held)
    st.rerun()


def password_shown_once(email: str, password: str | None):
    """A temporary password to show the admin once (none for a user without a password)."""
    if password:
        return SHOWN_PASSWORD, f"Temporary password for **{common.md(email)}** (shown once; they must change it at sign-in):", password
    return None


with st.expander("Add a user", expanded=not everyone or len(everyone) == 1):
    with st.form("add_user"):
        new_email = st.text_input("Email", key="new_email")
        new_name = st.text_input("Name", key="new_name")
        new_role = st.selectbox("Role", ROLES, index=ROLES.index("recruiter"), key="new_role")
        new_password = st.text_input("Password (leave empty to make a temporary one)", type="password",
                                     key="new_password", autocomplete="new-password")
        sso_only = st.checkbox("Signs in only through single sign-on (no password)", key="new_sso_only")
        if st.form_submit_button("Add user", type="primary"):
            run(lambda: user_admin.create_user(actor, new_email, new_role, new_name, new_password or None,
                                               sso_only=sso_only),
                f"{new_email} was added.", lambda made: password_shown_once(made[0].email, made[1]))

st.subheader("Change a user")
by_id = {u.id: u for u in everyone}
chosen_id = st.selectbox("User", list(by_id), key="chosen_user", format_func=lambda i: f"{by_id[i].label} · "
                         f"{by_id[i].role}" + ("" if by_id[i].enabled else " · disabled"))
chosen = by_id.get(chosen_id)
if chosen is not None:
    role_col, enable_col, reset_col = st.columns(3)
    role = role_col.selectbox("Role", ROLES, index=ROLES.index(chosen.role), key=f"role-{chosen.id}")
    if role_col.button("Save role", key="save_role", disabled=role == chosen.role):
        run(lambda: user_admin.set_role(actor, chosen.id, role), f"{chosen.email} is now {role}.")
    if chosen.enabled:
        if enable_col.button("Disable", icon=":material/block:", key="disable_user"):
            run(lambda: user_admin.set_enabled(actor, chosen.id, False), f"{chosen.email} was disabled.")
    elif enable_col.button("Enable", icon=":material/check_circle:", key="enable_user"):
        run(lambda: user_admin.set_enabled(actor, chosen.id, True), f"{chosen.email} was enabled.")
    if reset_col.button("Reset password", icon=":material/lock_reset:", key="reset_password"):
        run(lambda: user_admin.reset_password(actor, chosen.id), f"The password of {chosen.email} was reset.",
            lambda password: password_shown_once(chosen.email, password))


st.subheader("API tokens")
st.caption("For the HTTP API (`make api`): send `Authorization: Bearer TOKEN`. A token acts as its user, "
           "with that user's role, until it is revoked or the account is disabled.")
common.show_secret_once(SHOWN_TOKEN)
enabled_ids = [u.id for u in everyone if u.enabled]
with st.form("new_token"):
    token_user = st.selectbox("User", enabled_ids, key="token_user",
                              format_func=lambda i: f"{by_id[i].label} · {by_id[i].role}")
    token_name = st.text_input("What it is for", key="token_name", placeholder="careers page")
    if st.form_submit_button("Create token", icon=":material/key:") and token_user is not None:
        run(lambda: tokens.create_token(actor, token_user, token_name), f"A token for {by_id[token_user].email} was created.",
            lambda made: (SHOWN_TOKEN, f"API token for **{common.md(made[0].user_email)}** (shown once; copy it now, "
                          "it cannot be shown again):", made[1]))
try:
    live_tokens = tokens.list_tokens(actor)
except ResumeDeskError as exc:
    st.error(common.md(exc))
    live_tokens = []
if live_tokens:
    st.dataframe(common.table(live_tokens, [("user", "user_email"), ("for", "name"),
                                            ("starts with", lambda t: f"{t.hint}…"), ("created", "created_at"),
                                            ("created by", "created_by"), ("last used", "last_used_at")]),
                 hide_index=True, key="tokens_table")
    by_token = {t.id: t for t in live_tokens}
    revoke_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    to_revoke = revoke_col.selectbox("Token", list(by_token), key="revoke_token_id",
                                     format_func=lambda i: f"{by_token[i].hint}… · {by_token[i].user_email}"
                                     + (f" · {by_token[i].name}" if by_token[i].name else ""))
    if button_col.button("Revoke", icon=":material/key_off:", key="revoke_token"):
        run(lambda: tokens.revoke_token(actor, to_revoke), "The token was revoked.")
else:
    st.caption("No API tokens.")


def _set_viewer_downloads() -> None:
    wanted = st.session_state.viewer_downloads
    try:
        user_admin.set_viewer_downloads(actor, wanted)
    except ResumeDeskError as exc:
        st.session_state._settings_error = str(exc)
    else:
        common.flash("Viewers may now download." if wanted else "Viewers may no longer download.")


st.subheader("Access settings")
st.session_state.viewer_downloads = viewer_downloads_allowed()  # what the database says now
st.toggle("Viewers may download resumes and export the candidates table", key="viewer_downloads",
          on_change=_set_viewer_downloads)
if error := st.session_state.pop("_settings_error", None):
    st.error(common.md(error))
