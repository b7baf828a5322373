"""The candidate page's notes, tags, source and consent, timeline, and (for admins) the data
export and erasure: `show(actor, candidate)`. UI only: core/notes.py, core/tags.py,
core/timeline.py and core/privacy.py check the roles and write the audit log. Everything a
person or a PDF wrote is shown as text (st.text, dataframes, md())."""
from __future__ import annotations

import streamlit as st

from core import notes, privacy, tags, timeline
from core.accounts import UserRecord
from core.candidates import CandidateRecord
from core.errors import ResumeDeskError
from core.permissions import Perm, can
from core.sources import SOURCE_LABELS, SOURCES
from ui import common
from ui.common import md

# Session keys that may hold an erased candidate's data (the page's PDF preview).
HELD_DATA_KEYS = ("_preview_pdf",)


def show(actor: UserRecord, c: CandidateRecord) -> None:
    """Sections in containers of their own (keys `candidate_notes`, `candidate_tags`,
    `candidate_timeline`, `candidate_privacy`), not tabs: with st.tabs here, Streamlit 1.67's
    frontend failed ("Bad delta path index") when the page's status fragment ticked."""
    st.divider()
    left, right = st.columns(2)
    with left.container(key="candidate_notes"):
        st.subheader("Notes")
        _notes(actor, c)
    with right.container(key="candidate_tags"):
        st.subheader("Tags and source")
        _tags(actor, c)
        _source_and_consent(actor, c)
    with st.container(key="candidate_timeline"):
        st.subheader("Timeline")
        _timeline(actor, c)
    if can(actor, Perm.PRIVACY):
        with st.container(key="candidate_privacy"):
            st.subheader("Privacy (GDPR)")
            _privacy(actor, c)


def _run(action, done: str | None = None) -> bool:
    """Run a change; show its error as text, or flash `done` and rerun."""
    try:
        action()
    except ResumeDeskError as exc:
        st.error(md(exc))
        return False
    if done:
        common.flash(done)
    st.rerun()
    return True


def _notes(actor: UserRecord, c: CandidateRecord) -> None:
    with st.form(f"note-{c.id}", clear_on_submit=True):
        text = st.text_area("New note", max_chars=notes.MAX_NOTE, key=f"note_text-{c.id}",
                            placeholder="What did you think? Plain text.")
        if st.form_submit_button("Add note", icon=":material/note_add:"):
            _run(lambda: notes.add_note(actor, c.id, text), "Note added.")
    for note in notes.list_notes(actor, c.id):
        with st.container(border=True):
            edited = " · edited" if note.edited else ""
            st.caption(f"{md(note.author_email)} · {note.created_at:%Y-%m-%d %H:%M} UTC{edited}")
            st.text(note.body)
            if notes.may_change(actor, note):
                with st.expander("Edit or delete"):
                    body = st.text_area("Note", value=note.body, max_chars=notes.MAX_NOTE, key=f"edit_note-{note.id}")
                    save, delete = st.columns(2)
                    if save.button("Save", key=f"save_note-{note.id}"):
                        _run(lambda: notes.edit_note(actor, note.id, body, c.id), "Note saved.")
                    if delete.button("Delete note", key=f"delete_note-{note.id}"):
                        _run(lambda: notes.delete_note(actor, note.id, c.id), "Note deleted.")


def _tags(actor: UserRecord, c: CandidateRecord) -> None:
    current = tags.tags_of(actor, c.id)
    if not can(actor, Perm.EDIT):
        st.text("Tags: " + (", ".join(current) or "none"))
        return
    known = list(dict.fromkeys([*current, *(t for t, _ in tags.tags_in_use(actor))]))
    chosen = st.multiselect("Tags", known, default=current, key=f"tags-{c.id}", accept_new_options=True,
                            placeholder="Pick or type tags", help="Type a new tag and press Enter.")
    if st.button("Save tags", key=f"save_tags-{c.id}", disabled=sorted(chosen) == current):
        _run(lambda: tags.set_tags(actor, c.id, chosen), "Tags saved.")


def _source_and_consent(actor: UserRecord, c: CandidateRecord) -> None:
    if not can(actor, Perm.EDIT):
        detail = f" ({c.source_detail})" if c.source_detail else ""
        st.text(f"Source: {SOURCE_LABELS.get(c.source, c.source)}{detail}")
        st.text(f"Consent to be kept until: {c.consent_until or 'not recorded'}")
        return
    with st.form(f"source-{c.id}"):
        left, right = st.columns(2)
        source = left.selectbox("Source", SOURCES, index=SOURCES.index(c.source) if c.source in SOURCES else 0,
                                format_func=SOURCE_LABELS.get)
        detail = right.text_input("Batch, referrer or client", value=c.source_detail or "", max_chars=200)
        consent = st.date_input("Consent to be kept until", value=c.consent_until, format="YYYY-MM-DD",
                                help="Empty: no date recorded. Past it, the candidate is listed for review.")
        if st.form_submit_button("Save source and consent"):
            def save():
                privacy.set_source(actor, c.id, source, detail)
                privacy.set_consent(actor, c.id, consent)
            _run(save, "Saved.")


def _timeline(actor: UserRecord, c: CandidateRecord) -> None:
    entries = timeline.candidate_timeline(actor, c.id)
    st.dataframe(common.table(entries, [("when", "at"), ("who", "who"), ("what", "what")]), hide_index=True,
                 key=f"timeline-{c.id}",
                 column_config={"when": st.column_config.DatetimeColumn("when", format="YYYY-MM-DD HH:mm:ss")})


def _privacy(actor: UserRecord, c: CandidateRecord) -> None:
    st.caption("For a candidate's access request: everything kept about them, as a ZIP (the download is audited).")
    st.download_button("Export personal data (ZIP)", data=lambda: privacy.export_candidate(actor, c.id)[1],
                       file_name=f"candidate-{c.id}-data.zip", mime="application/zip", on_click="ignore",
                       icon=":material/folder_zip:", key=f"export_data-{c.id}")
    st.markdown("**Erase this candidate**")
    st.caption("The row, the resume file, notes and tags are destroyed; the audit log keeps that an erasure "
               "happened, by whom and why, and nothing personal. This cannot be undone.")
    with st.form(f"erase-{c.id}"):
        reason = st.text_input("Why (kept in the audit log)", max_chars=500,
                               placeholder="erasure request of 2026-11-30")
        sure = st.checkbox("I understand that this cannot be undone")
        if st.form_submit_button("Erase for good", type="primary", icon=":material/delete_forever:"):
            if not sure:
                st.error("Tick the box to confirm the erasure.")
                return
            try:
                privacy.erase_candidate(actor, c.id, reason)
            except ResumeDeskError as exc:
                st.error(md(exc))
                return
            for key in HELD_DATA_KEYS:
                st.session_state.pop(key, None)
            common.flash(f"Candidate #{c.id} was erased.")
            st.switch_page("pages/candidates.py")
