"""Add one candidate: a PDF alone is enough (the parse fills the contacts), or type them;
then watch it parse. Look-alikes of existing candidates are shown before anything is added."""
import streamlit as st

from core import candidates as cands
from core.errors import PossibleDuplicate, ResumeDeskError
from core.permissions import Perm
from ui import common, session
from ui import intake as intake_ui

actor = session.require_user(Perm.CREATE)
st.title("Add candidate")
st.caption("Drop the resume and add: name, email and phone are read from it. What you type wins over the "
           "resume. Many resumes at once: Bulk add.")

form_no = st.session_state.setdefault("add_form_no", 0)  # a new number empties the form
with st.form(f"add-{form_no}"):
    # No type= filter: the browser would silently drop a .docx; core says what is wrong instead.
    upload = st.file_uploader("Resume (PDF)", key=f"resume-{form_no}",
                              help="A PDF with a text layer, up to the size limit.")
    full_name = st.text_input("Full name", key=f"name-{form_no}", help="Optional with a resume.")
    email = st.text_input("Email", key=f"email-{form_no}", help="Optional with a resume.")
    phone = st.text_input("Phone", key=f"phone-{form_no}", placeholder="+44 20 7946 0958",
                          help="With +country code, or as dialled in the default region (DEFAULT_PHONE_REGION).")
    submitted = st.form_submit_button("Add candidate", type="primary")


def create(values: dict, on_duplicate: str) -> None:
    try:
        created = cands.create_candidate(actor, values["full_name"], values["email"], values["phone"] or None,
                                         resume=values["resume"], filename=values["filename"],
                                         on_duplicate=on_duplicate)
    except PossibleDuplicate as exc:
        intake_ui.hold(values, exc.matches, str(exc))
        st.rerun()
    except ResumeDeskError as exc:
        named = f"{values['filename']}: {exc}" if values["filename"] and "file" in str(exc).lower() else str(exc)
        st.error(common.md(named), icon=":material/error:")
    else:
        st.session_state.last_added = created.id
        st.session_state.add_form_no = form_no + 1
        common.flash(f"{created.full_name} was added." if created.name_key
                     else "The candidate was added; name, email and phone will come from the resume.")
        st.rerun()


if submitted:
    st.session_state.pop(intake_ui.HELD, None)
    create({"full_name": full_name, "email": email, "phone": phone,
            "resume": upload.getvalue() if upload else None, "filename": upload.name if upload else None}, "warn")

intake_ui.duplicate_choice(actor, create)
common.show_flash()

last = st.session_state.get("last_added")
if last is not None:
    common.live_status(actor, last)
