"""One candidate: contact fields (editable), the parsed resume, the PDF beside it, status."""
import json

import streamlit as st

from core import candidates as cands
from core.errors import NotFoundError, ResumeDeskError
from core.permissions import Perm, can
from ui import candidate_nav, candidate_privacy, common, session
from ui import intake as candidate_intake
from ui.common import md

actor = session.require_user(Perm.VIEW)
common.show_flash()

candidate_id = candidate_nav.chosen_id()
candidate_nav.finder(actor, expanded=candidate_id is None)
if candidate_id is None:
    st.info("Find a candidate above, or open one from the Candidates table.", icon=":material/badge:")
    st.stop()

try:
    c = cands.get_candidate(actor, candidate_id)
except NotFoundError as exc:
    st.error(md(exc))
    st.stop()

st.query_params["id"] = str(c.id)
st.title(md(c.full_name))
candidate_nav.toolbar(actor, c)
common.live_status(actor, c.id)
candidate_intake.candidate_panel(actor, c)  # needs review, contacts from the resume, duplicates, attach/replace
if c.hidden_text:
    st.warning("This resume contains hidden text (invisible to a reader); it was ignored for the fields.",
               icon=":material/visibility_off:")
    with st.expander("Show the hidden text"):
        st.code(c.hidden_text)
if c.resume_path and c.parse_status != "pending" and can(actor, Perm.REPARSE):
    if st.button("Re-parse", icon=":material/refresh:", key="reparse_one"):
        try:
            cands.reparse_candidate(actor, c.id)
        except ResumeDeskError as exc:
            st.error(md(exc))
        else:
            st.rerun()

left, right = st.columns([1, 1])

with left:
    if can(actor, Perm.EDIT):
        with st.form("edit"):
            st.subheader("Contact")
            full_name = st.text_input("Full name", value=c.full_name)
            email = st.text_input("Email", value=c.email)
            phone = st.text_input("Phone", value=c.phone or "")
            if st.form_submit_button("Save changes"):
                try:
                    cands.update_candidate(actor, c.id, full_name=full_name, email=email, phone=phone)
                except ResumeDeskError as exc:
                    st.error(md(exc))
                else:
                    common.flash("Saved.")
                    st.rerun()
    else:
        st.subheader("Contact")
        st.markdown(" · ".join(md(x) for x in (c.email, c.phone) if x))

    # Everything below comes from the PDF (or a model reading it): shown through md(), as text.
    doc = c.parsed_resume or {}
    if doc:
        st.subheader("Parsed resume")
        st.caption(f"Parsed by {md(c.parser_backend)} on {c.parsed_at:%Y-%m-%d %H:%M} UTC" if c.parsed_at else "")
        basics = doc.get("basics") or {}
        location = basics.get("location") or {}
        place = ", ".join(v for v in (location.get("city"), location.get("region"), location.get("countryCode")) if v)
        contact = [basics.get("name"), basics.get("email"), basics.get("phone"), place]
        st.markdown(" · ".join(md(x) for x in contact if x) or "_no contact details found_")
        for p in basics.get("profiles") or []:
            if p.get("url"):
                st.markdown(f"- {md(p.get('network') or 'Link')}: {md(p['url'])}")
        if doc.get("work"):
            st.markdown("**Experience**")
            for w in doc["work"]:
                dates = f"{w.get('startDate') or '?'} – {w.get('endDate') or 'present'}"
                st.markdown(f"- **{md(w.get('position'))}** · {md(w.get('name'))} ({md(dates)})")
        if doc.get("education"):
            st.markdown("**Education**")
            for e in doc["education"]:
                degree = " ".join(str(x) for x in (e.get("studyType"), e.get("area")) if x)
                st.markdown(f"- {md(e.get('institution'))}{' — ' + md(degree) if degree else ''}"
                            f"{' (' + md(e['endDate']) + ')' if e.get('endDate') else ''}")
        if doc.get("skills"):
            st.markdown("**Skills**")
            for s in doc["skills"]:
                keywords = ", ".join(str(k) for k in s.get("keywords") or [])
                st.markdown(f"- {md(s.get('name'))}{': ' if keywords and s.get('name') else ''}{md(keywords)}")
        if doc.get("languages"):
            st.markdown("**Languages**: " + ", ".join(
                md(" ".join(str(x) for x in (lang.get("language"), f"({lang['fluency']})" if lang.get("fluency") else "")
                            if x))
                for lang in doc["languages"]))
        with st.expander("Raw JSON"):
            st.code(json.dumps(doc, indent=2, ensure_ascii=False), language="json")

PREVIEW_KEY = "_preview_pdf"  # (candidate id, bytes or error): read once per candidate shown


def _preview(candidate_id: int) -> bytes | str:
    """The file for the inline preview, read (and recorded) once, not on every rerun."""
    held = st.session_state.get(PREVIEW_KEY)
    if not held or held[0] != candidate_id:
        try:
            held = (candidate_id, cands.resume_download(actor, candidate_id, purpose="preview")[1])
        except ResumeDeskError as exc:
            held = (candidate_id, str(exc))
        st.session_state[PREVIEW_KEY] = held
    return held[1]


with right:
    if not c.resume_path:
        st.info("No resume was uploaded for this candidate.")
    elif not can(actor, Perm.DOWNLOAD):
        st.info("Your role may see the parsed fields, not the resume file.", icon=":material/lock:")
    else:
        # Deferred: the file is read (and the download recorded) only when the button is clicked.
        st.download_button("Download PDF", data=lambda: cands.resume_download(actor, c.id)[1],
                           file_name=c.resume_filename or f"{c.id}.pdf", mime="application/pdf",
                           on_click="ignore", icon=":material/download:", key="download_pdf")
        if st.toggle("Show the PDF", value=True, key=f"preview-{c.id}"):
            preview = _preview(c.id)
            if isinstance(preview, bytes):
                with st.container(key="pdf_preview"):  # zoomed to fit the column (ui/candidate_nav.py)
                    st.pdf(preview, height=800)
            else:
                st.error(md(preview))

candidate_privacy.show(actor, c)  # notes, tags, source and consent, timeline, export and erasure
