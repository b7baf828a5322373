"""Possible duplicates: pairs the intake found; keep both, or merge into one record."""
import streamlit as st

from core import duplicates
from core.errors import ResumeDeskError
from core.permissions import Perm, can
from ui import common, session
from ui.common import md

actor = session.require_user(Perm.VIEW)
st.title("Possible duplicates")
common.show_flash()
st.caption("Pairs of candidates that share a resume file, an email, a phone number or a name. A merge keeps "
           "one record (the one you pick), the newer resume and both audit trails; the other record goes.")

pairs = duplicates.list_pairs(actor)
if not pairs:
    st.info("No possible duplicates.")
may_merge = can(actor, Perm.EDIT) and can(actor, Perm.DELETE)


def act(label: str, action) -> None:
    try:
        action()
    except ResumeDeskError as exc:
        st.error(md(exc))
    else:
        common.flash(label)
        st.rerun()


def describe(c) -> str:
    parts = [c.email or "no email", c.phone or "no phone", c.resume_filename or "no resume", c.parse_status]
    return " · ".join(md(p) for p in parts)


for p in pairs:
    with st.container(border=True, key=f"pair_{p.id}"):
        st.markdown(f"**{md(p.reason)}**")
        for c in (p.older, p.newer):
            st.page_link("pages/candidate_detail.py", query_params={"id": c.id},
                         label=md(f"#{c.id} {c.full_name}"), icon=":material/person:")
            st.caption(describe(c))
        if may_merge:
            keep_old, keep_new, both = st.columns(3)
            if keep_old.button(f"Merge into #{p.older.id}", key=f"merge_old_{p.id}", icon=":material/merge:"):
                act(f"#{p.newer.id} was merged into #{p.older.id}.",
                    lambda: duplicates.merge_candidates(actor, p.older.id, p.newer.id))
            if keep_new.button(f"Merge into #{p.newer.id}", key=f"merge_new_{p.id}", icon=":material/merge:"):
                act(f"#{p.older.id} was merged into #{p.newer.id}.",
                    lambda: duplicates.merge_candidates(actor, p.newer.id, p.older.id))
            if both.button("Keep both", key=f"keep_{p.id}", icon=":material/call_split:"):
                act("Both kept.", lambda: duplicates.keep_both(actor, p.id))
