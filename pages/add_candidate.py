"""Add one candidate with an optional resume PDF, then watch it parse."""
import streamlit as st

from core import candidates as cands
from core.errors import ResumeDeskError
from core.permissions import Perm
from ui import common, session

actor = session.require_user(Perm.CREATE)
st.title("Add candidate")

form_no = st.session_state.setdefault("add_form_no", 0)  # a new number empties the form
with st.form(f"add-{form_no}"):
    full_name = st.text_input("Full name *", key=f"name-{form_no}")
    email = st.text_input("Email *", key=f"email-{form_no}")
    phone = st.text_input("Phone", key=f"phone-{form_no}", placeholder="+44 20 7946 0958")
    # No type= filter: the browser would silently drop a .docx; core says what is wrong instead.
    upload = st.file_uploader("Resume (PDF)", key=f"resume-{form_no}",
                              help="A PDF with a text layer, up to the size limit.")
    submitted = st.form_submit_button("Add candidate", type="primary")

if submitted:
    try:
        created = cands.create_candidate(
            actor, full_name, email, phone or None,
            resume=upload.getvalue() if upload else None,
            filename=upload.name if upload else None,
        )
    except ResumeDeskError as exc:
        st.error(common.md(exc), icon=":material/error:")
    else:
        st.session_state.last_added = created.id
        st.session_state.add_form_no = form_no + 1
        common.flash(f"{created.full_name} was added.")
        st.rerun()

common.show_flash()

last = st.session_state.get("last_added")
if last is not None:
    common.live_status(actor, last)
