"""Intake pieces the pages share: the bulk batch's live progress, the duplicate warning with
its choices, the candidate page's resume upload and typed-vs-parsed picker. UI only: data
and every check come from core/."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core import contacts, duplicates, intake
from core import candidates as cands
from core.accounts import UserRecord
from core.errors import PermissionDenied, ResumeDeskError
from core.permissions import Perm, can
from ui import common, live
from ui.common import md

PHASE_ICONS = {"queued": "⏳", "parsing": "⚙️", "done": "✅", "needs review": "📝", "failed": "❌", "skipped": "⏭️"}
CANDIDATE_PAGE = "/candidate?id="


def candidate_link(candidate_id: int | None) -> str | None:
    return f"{CANDIDATE_PAGE}{candidate_id}" if candidate_id else None


# --- bulk progress ----------------------------------------------------------------------

ATTENTION = {"failed": 0, "needs review": 1, "skipped": 2, "parsing": 3, "queued": 4, "done": 5}


def _progress_frame(view: intake.BatchView) -> pd.DataFrame:
    """A line per file, what needs a recruiter first (failed, needs review, skipped), then in
    the order dropped."""
    rows = []
    for i in sorted(view.items, key=lambda i: (ATTENTION.get(i.phase, 9), not i.duplicate_of, i.position)):
        dups = ", ".join(f"#{other} ({contacts.RULE_TEXT.get(rule, rule)})" for other, rule in i.duplicate_of)
        rows.append({
            "file": i.filename,
            "status": f"{PHASE_ICONS.get(i.phase, '')} {i.phase}",
            "candidate": candidate_link(i.candidate_id) or "",
            "name": i.name or "", "email": i.email or "", "phone": i.phone or "",
            "possible duplicate of": dups,
            "duplicate": candidate_link(i.duplicate_of[0][0]) if i.duplicate_of else "",
            "reason": i.reason or "",
        })
    return pd.DataFrame(rows, columns=["file", "status", "candidate", "name", "email", "phone",
                                       "possible duplicate of", "duplicate", "reason"])


def _show_progress(view: intake.BatchView) -> None:
    counts = view.counts
    total = len(view.items)
    finished = total - counts["queued"] - counts["parsing"]
    st.progress(finished / total if total else 1.0,
                text=f"Batch #{view.id}: {finished} of {total} files finished")
    cols = st.columns(len(intake.PHASES) + 1)
    for col, phase in zip(cols, intake.PHASES):
        col.metric(f"{PHASE_ICONS[phase]} {phase}", counts[phase])
    cols[-1].metric("👥 possible duplicates", view.duplicates)
    st.dataframe(_progress_frame(view), hide_index=True, width="stretch", key=f"batch_table_{view.id}",
                 column_config={
                     "candidate": st.column_config.LinkColumn("candidate", display_text=r"candidate\?id=(\d+)"),
                     "duplicate": st.column_config.LinkColumn("duplicate", display_text=r"candidate\?id=(\d+)"),
                 })


def batch_progress(actor: UserRecord, batch_id: int) -> None:
    """The batch's live view: counts at the top, a line per file; it refreshes itself while
    any file is queued or parsing, and re-reads its rows only when a candidate changed."""
    def read() -> intake.BatchView:
        return live.reread("_batch_view", live.snapshot(actor), (batch_id,),
                           lambda: intake.batch_progress(actor, batch_id))

    try:
        in_flight = read().in_flight
    except ResumeDeskError as exc:
        st.error(md(exc))
        return

    @st.fragment(run_every=live.REFRESH if in_flight else None)
    def view() -> None:
        try:
            current = read()
        except PermissionDenied:
            st.rerun()
        except ResumeDeskError as exc:
            st.error(md(exc))
            return
        _show_progress(current)
        if in_flight and not current.in_flight:
            st.rerun()  # the whole page again, so the timer stops

    view()


# --- the single form's duplicate warning ------------------------------------------------

HELD = "_intake_held"  # the form's values and file while the recruiter decides on a duplicate


def hold(values: dict, matches: list[contacts.Match], message: str) -> None:
    st.session_state[HELD] = {"values": values, "matches": matches, "message": message}


def duplicate_choice(actor: UserRecord, create) -> None:
    """The warning for a held upload: each look-alike linked, and keep both / skip this one /
    attach this PDF to the existing candidate. `create(values, on_duplicate)` adds it."""
    held = st.session_state.get(HELD)
    if not held:
        return
    values, matches = held["values"], held["matches"]
    with st.container(border=True):
        st.warning(md(held["message"]), icon=":material/content_copy:")
        for m in matches:
            st.page_link("pages/candidate_detail.py", query_params={"id": m.other_id},
                         label=md(f"#{m.other_id} {m.other_name} — {m.reason}"), icon=":material/person:")
        keep, skip, attach = st.columns(3)
        if keep.button("Keep both", key="dup_keep", type="primary"):
            st.session_state.pop(HELD, None)
            create(values, "keep")
        if skip.button("Skip this one", key="dup_skip"):
            st.session_state.pop(HELD, None)
            common.flash("Nothing was added.")
            st.rerun()
        target = matches[0].other_id
        if values.get("resume") is not None and can(actor, Perm.EDIT) and attach.button(
                f"Attach this PDF to #{target}", key="dup_attach"):
            try:
                intake.attach_resume(actor, target, values["resume"], values.get("filename"))
            except ResumeDeskError as exc:
                st.error(md(exc))
            else:
                st.session_state.pop(HELD, None)
                common.flash(f"The PDF was attached to candidate #{target}; it is being parsed.")
                st.session_state.last_added = target
                st.rerun()


# --- the candidate page -----------------------------------------------------------------

def candidate_panel(actor: UserRecord, c: cands.CandidateRecord) -> None:
    """Needs review, the contacts the resume shows where they differ from the stored ones
    (pick one), possible duplicates, and attaching or replacing the resume."""
    if c.needs_review:
        st.warning(f"Needs review: {md(c.review_reason or 'contacts missing')}", icon=":material/rate_review:")
    may_edit = can(actor, Perm.EDIT)
    differences = contacts.differences(c, c.parsed_resume) if c.parse_status == "completed" else []
    if differences:
        with st.expander("The resume shows other contact details", expanded=True):
            for d in differences:
                left, right, button = st.columns([3, 3, 2])
                left.markdown(f"**{d.label}** now: {md(d.current) if d.current else '_empty_'}")
                right.markdown(f"in the resume: {md(d.parsed)}")
                if may_edit and button.button("Use the resume's", key=f"pick_{d.field}"):
                    try:
                        cands.update_candidate(actor, c.id, **{d.field: d.parsed})
                    except ResumeDeskError as exc:
                        st.error(md(exc))
                    else:
                        common.flash(f"{d.label} taken from the resume.")
                        st.rerun()
    pairs = duplicates.list_pairs(actor, c.id)
    if pairs:
        with st.expander(f"Possible duplicates ({len(pairs)})", expanded=True):
            for p in pairs:
                other = p.older if p.newer.id == c.id else p.newer
                st.page_link("pages/candidate_detail.py", query_params={"id": other.id},
                             label=md(f"#{other.id} {other.full_name} — {p.reason}"), icon=":material/person:")
            st.page_link("pages/duplicates.py", label="Review and merge", icon=":material/merge:")
    if may_edit:
        _resume_upload(actor, c)


def _resume_upload(actor: UserRecord, c: cands.CandidateRecord) -> None:
    label = "Replace the resume" if c.resume_path else "Attach a resume"
    with st.expander(label, expanded=not c.resume_path):
        with st.form(f"resume_upload_{c.id}", clear_on_submit=True):
            upload = st.file_uploader("Resume (PDF)", key=f"resume_file_{c.id}",
                                      help="It takes the place of the current file at once; the new one is parsed.")
            sent = st.form_submit_button(label, icon=":material/upload_file:")
        if sent:
            if upload is None:
                st.error("Choose a PDF first.")
                return
            try:
                intake.attach_resume(actor, c.id, upload.getvalue(), upload.name)
            except ResumeDeskError as exc:
                st.error(md(f"{upload.name}: {exc}"), icon=":material/error:")
            else:
                st.session_state.pop("_preview_pdf", None)
                st.session_state.pop("_live_status", None)  # the status line reads the new parse, not a cached one
                common.flash("The resume was replaced; parsing it." if c.resume_path
                             else "The resume was attached; parsing it.")
                st.rerun()
