"""Bulk add: many PDFs and ZIPs of PDFs at once, then each file's progress, live."""
import streamlit as st

from core import intake
from core.errors import ResumeDeskError
from core.permissions import Perm
from core.validation import parse_id
from ui import common, session
from ui import intake as intake_ui
from ui.common import md

actor = session.require_user(Perm.CREATE)
st.title("Bulk add")
common.show_flash()
st.caption("Drop resumes (PDF) or ZIP files of resumes. Each PDF becomes a candidate at once; name, email and "
           "phone are filled in from the resume as it is parsed. Files that are not PDFs are listed as skipped.")

form_no = st.session_state.setdefault("bulk_form_no", 0)  # a new number empties the uploader
with st.form(f"bulk-{form_no}"):
    uploads = st.file_uploader("Resumes (PDF) and ZIP files", accept_multiple_files=True, key=f"bulk-files-{form_no}")
    sent = st.form_submit_button("Add all", type="primary", icon=":material/group_add:")

if sent:
    if not uploads:
        st.error("Choose at least one PDF or ZIP file.")
    else:
        bar = st.progress(0.0, text=f"Adding {len(uploads)} files…")
        try:
            batch_id = intake.bulk_intake(
                actor, [(u.name, u.getvalue()) for u in uploads],
                on_progress=lambda done, total: bar.progress(done / total, text=f"Added {done} of {total} files"))
        except ResumeDeskError as exc:
            bar.empty()
            st.error(md(exc), icon=":material/error:")
        else:
            st.session_state.bulk_form_no = form_no + 1
            st.query_params["batch"] = str(batch_id)
            st.rerun()

batch_id = None
if (raw := st.query_params.get("batch")) is not None:
    try:
        batch_id = parse_id(raw, "The batch number in the address")
    except ResumeDeskError as exc:
        st.error(md(exc))
recent = intake.recent_batches(actor)
if batch_id is None and recent:
    batch_id = recent[0][0]
if batch_id is not None:
    intake_ui.batch_progress(actor, batch_id)
if len(recent) > 1:
    with st.expander("Earlier batches"):
        for number, when, who, files in recent:
            st.page_link("pages/bulk_add.py", query_params={"batch": number},
                         label=md(f"#{number} · {when:%Y-%m-%d %H:%M} UTC · {who} · {files} files"))
