"""The candidates table: live status, search, selection -> download / re-parse / delete."""
import streamlit as st

from core import candidates as cands
from core import samples
from core.errors import PermissionDenied, ResumeDeskError
from core.permissions import Perm, can
from ui import candidate_nav, candidate_table, candidate_tags, common, live, session

PAGE_SIZE = 50

actor = session.require_user(Perm.VIEW)
candidate_nav.follow_open_request()
st.title("Candidates")
common.show_flash()

if live.snapshot(actor).total == 0:
    live.rerun_on_change(actor)  # a colleague's first candidate shows without a reload
    if not can(actor, Perm.CREATE):
        st.info("No candidates yet.")
        st.stop()
    st.info("No candidates yet. Add one, or load a few sample resumes and watch them parse.")
    if st.button("Load sample candidates", type="primary", icon=":material/library_add:"):
        added = samples.load_sample_candidates(actor)
        common.flash(f"Added {len(added)} sample candidates.")
        st.rerun()
    st.page_link("pages/add_candidate.py", label="Add a candidate", icon=":material/person_add:")
    st.stop()

search, status, filters = candidate_table.filter_bar(actor)


def _forget_delete() -> None:
    st.session_state.pop("delete_ids", None)


@st.dialog("Delete candidates", on_dismiss=_forget_delete)
def confirm_delete(ids: list[int]) -> None:
    chosen = [c for c in (cands.find_candidate(actor, i) for i in ids) if c]
    st.write(f"Delete {len(chosen)} candidate(s) and their resume files? This cannot be undone.")
    for c in chosen:
        st.markdown(f"- {common.md(c.full_name)} ({common.md(c.email)})")
    yes, no = st.columns(2)
    if yes.button("Delete", type="primary", key="confirm_delete"):
        for c in chosen:
            try:
                cands.delete_candidate(actor, c.id)
            except ResumeDeskError as exc:
                st.error(common.md(exc))
        common.flash(f"Deleted {len(chosen)} candidate(s).")
        _forget_delete()
        st.session_state.pop("table", None)
        st.rerun()
    if no.button("Cancel", key="cancel_delete"):
        _forget_delete()
        st.rerun()


def actions(chosen: list[cands.CandidateRecord]) -> None:
    """Only the buttons the role may use; the use cases check again whatever is shown."""
    cols = st.columns(5)
    with_files = [c for c in chosen if c.resume_path]
    may_download = can(actor, Perm.DOWNLOAD)
    # The data callables run on the click, so that is when the audit row is written.
    if may_download and len(with_files) == 1:
        c = with_files[0]
        cols[0].download_button(
            "Download PDF", data=lambda: cands.resume_download(actor, c.id)[1],
            file_name=c.resume_filename or f"{c.id}.pdf", mime="application/pdf",
            on_click="ignore", icon=":material/download:", key="download_one",
        )
    elif may_download and len(with_files) > 1:
        ids = [c.id for c in with_files]
        cols[0].download_button(
            f"Download {len(ids)} as ZIP", data=lambda: cands.resumes_zip(actor, ids),
            file_name="resumes.zip", mime="application/zip",
            on_click="ignore", icon=":material/folder_zip:", key="download_zip",
        )
    if can(actor, Perm.REPARSE) and cols[1].button(
            "Re-parse", disabled=not with_files, icon=":material/refresh:", key="reparse"):
        try:
            for c in with_files:
                cands.reparse_candidate(actor, c.id)
        except ResumeDeskError as exc:
            st.error(common.md(exc))
        else:
            common.flash(f"Re-parsing {len(with_files)} resume(s).")
            st.rerun()
    if len(chosen) == 1 and cols[2].button("Open", icon=":material/open_in_new:", key="open"):
        candidate_nav.open_from_table(chosen[0].id)
    if can(actor, Perm.DELETE) and cols[3].button("Delete", icon=":material/delete:", key="delete"):
        st.session_state.delete_ids = [c.id for c in chosen]
        st.rerun()  # the whole page: the dialog opens outside this fragment
    candidate_tags.bulk_tagging(actor, [c.id for c in chosen], cols[4])


def read_page(asked: tuple) -> tuple[cands.CandidatePage, dict[int, list[str]]]:
    """One page of the table with its rows' tags (a tag change moves the snapshot too)."""
    found = cands.list_candidates(actor, *asked[:4], **filters)
    return found, candidate_tags.tags_of(actor, [c.id for c in found.items])


@st.fragment(run_every=live.REFRESH)
def table() -> None:
    """Follows every change (another user, the API, a worker) within seconds; re-reads its
    rows only when something changed."""
    snap = live.snapshot(actor)
    st.caption(" · ".join(f"{common.status_label(s)} {n}" for s, n in snap.counts.items()))
    asked = (search, status, st.session_state.get("page_no", 1), PAGE_SIZE, tuple(filters.items()))
    try:
        page, tags_of = live.reread("_table_page", snap, asked, lambda: read_page(asked))
    except PermissionDenied:
        st.rerun()  # signed out, disabled or changed meanwhile: the whole app decides what to show
    except ResumeDeskError as exc:
        st.error(common.md(exc))
        return
    candidate_nav.remember_results([c.id for c in page.items])  # the candidate page's previous / next
    df = candidate_tags.add_column(candidate_table.frame(page.items), tags_of, [c.id for c in page.items])
    event = st.dataframe(df, key="table", on_select="rerun", selection_mode="multi-row", hide_index=True,
                         column_config=candidate_table.COLUMNS)
    st.caption(f"{page.total} candidate(s) · page {page.page} of {page.pages}")
    candidate_table.page_number(page.page, page.pages)
    chosen = [page.items[i] for i in event.selection.rows if i < len(page.items)]
    if chosen:
        actions(chosen)
    candidate_table.exports(actor, search, status, filters)


table()
if st.session_state.get("delete_ids") and can(actor, Perm.DELETE):  # kept until confirmed or dismissed
    confirm_delete(st.session_state.delete_ids)
