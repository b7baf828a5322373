"""ResumeDesk: the entry point. Page set-up, the sign-in gate, navigation per role, and the
parser pool once per process."""
import logging

import streamlit as st

from core import jobs, user_admin
from core.errors import DatabaseUnavailable, StorageError, ValidationError
from core.permissions import Perm, can
from ui import session, sidebar
from ui.common import md

# An emoji icon is drawn in the browser; a :material/…: one would be fetched from Google by every viewer.
st.set_page_config(page_title="ResumeDesk", page_icon="📄", layout="wide")


@st.cache_resource(show_spinner=False)
def start_services() -> int:
    """Once per server process: schema, storage directory, and the parse pool with the jobs
    that were waiting."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return jobs.start()


# Every page's address: a link to one of them opens the page that stands in its place
# (sign-in, a password change) at that address, with its query, and then the page itself.
ADDRESSES = ("candidates", "add_candidate", "bulk_add", "candidate", "duplicates", "users", "audit", "retention",
             "account")


def standing_in(script: str, title: str, icon: str, taken: set[str] = frozenset()) -> list:
    """`script` as the default page, and hidden at every address not in `taken`."""
    return [st.Page(script, title=title, icon=icon, default=True)] + [
        st.Page(script, title=title, icon=icon, url_path=address, visibility="hidden")
        for address in ADDRESSES if address not in taken]


def signed_out_pages() -> list:
    if user_admin.needs_first_admin():
        try:
            user_admin.bootstrap_admin_from_env()
        except ValidationError as exc:
            st.error(md(exc), icon=":material/error:")
    if user_admin.needs_first_admin():
        return [st.Page("pages/setup.py", title="Create the first admin", icon=":material/shield_person:")]
    return standing_in("pages/login.py", "Sign in", ":material/login:")


def signed_in_pages(user) -> list:
    account = st.Page("pages/account.py", title="Account", icon=":material/account_circle:")
    if user.must_change_password:
        return standing_in("pages/account.py", "Account", ":material/account_circle:", {"account"})
    pages = []
    if can(user, Perm.VIEW):
        pages.append(st.Page("pages/candidates.py", title="Candidates", icon=":material/groups:", default=True))
    if can(user, Perm.CREATE):
        pages.append(st.Page("pages/add_candidate.py", title="Add candidate", icon=":material/person_add:"))
        pages.append(st.Page("pages/bulk_add.py", title="Bulk add", icon=":material/group_add:"))
    if can(user, Perm.VIEW):
        pages.append(st.Page("pages/candidate_detail.py", title="Candidate", icon=":material/badge:",
                             url_path="candidate"))
        pages.append(st.Page("pages/duplicates.py", title="Possible duplicates", icon=":material/content_copy:"))
    if can(user, Perm.MANAGE_USERS):
        pages.append(st.Page("pages/users.py", title="Users", icon=":material/manage_accounts:"))
    if can(user, Perm.VIEW_AUDIT):
        pages.append(st.Page("pages/audit.py", title="Audit log", icon=":material/history:"))
    if can(user, Perm.PRIVACY):
        pages.append(st.Page("pages/retention.py", title="Retention", icon=":material/auto_delete:"))
    return pages + [account]


def unavailable_pages(error: Exception) -> list:
    """One page saying what is wrong, while the database or the storage directory cannot be
    used; every rerun (a reload, a click) tries again."""
    def unavailable() -> None:
        st.error(md(error), icon=":material/cloud_off:")
        st.caption("ResumeDesk tries again when you reload this page.")

    return [st.Page(unavailable, title="Unavailable", icon=":material/cloud_off:")]


try:
    start_services()  # not cached when it fails: the next run tries again
    user = session.current_user() or session.resume_from_cookie() or session.try_sso()
    pages = signed_out_pages() if user is None else signed_in_pages(user)
except (DatabaseUnavailable, StorageError) as exc:
    user, pages = None, unavailable_pages(exc)
navigation = st.navigation(pages, position="hidden" if user is None else "sidebar")
if user is not None:
    sidebar.fold_after_choosing()
    with st.sidebar:
        st.caption(f"Signed in as **{md(user.label)}** · {user.role}")
        if st.button("Sign out", icon=":material/logout:", key="sign_out"):
            session.sign_out(user)
            st.rerun()
try:
    session.sync_cookie()
    navigation.run()
except DatabaseUnavailable as exc:  # lost while the page ran
    st.error(md(exc), icon=":material/cloud_off:")
