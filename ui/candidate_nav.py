"""Getting around the candidate page: which candidate it shows, a search box that jumps to
another, previous / next through the list the Candidates table showed last, a Copy link
button, and Delete with a confirmation. UI only: data comes from core/."""
from __future__ import annotations

import html
import json
from urllib.parse import urlsplit

import streamlit as st

from core import candidates as cands
from core.accounts import UserRecord
from core.errors import ResumeDeskError, ValidationError
from core.permissions import Perm, can
from core.validation import parse_id
from ui import common
from ui.common import md

PAGE_FILE = "pages/candidate_detail.py"
PAGE_ADDRESS = "candidate"
RESULTS_KEY = "_result_ids"  # the ids the Candidates table showed last, in its order
FIND_KEY = "find_candidate"
DELETE_KEY = "_delete_one"
OPEN_KEY = "_open_from_table"
TO_TABLE_KEY = "_back_to_table"
MATCHES = 8

# A destructive button looks like one; the PDF preview (st.pdf draws pages at their natural
# width, about 630 px with its margins) is zoomed to fit its column, at every width.
PDF_WIDTH_PX = 650
_STYLE = """<style>
.st-key-delete_for_good button { background-color: #dc2626; border-color: #dc2626; color: #fff; }
.st-key-delete_for_good button:hover { background-color: #b91c1c; border-color: #b91c1c; color: #fff; }
.st-key-pdf_preview { container-type: inline-size; }
""" + "\n".join(
    f"@container (min-width: {w}px) and (max-width: {w + 19.99}px) {{ "
    f".st-key-pdf_preview [data-testid='stElementContainer'] {{ zoom: {w / PDF_WIDTH_PX:.3f}; }} }}"
    for w in range(200, PDF_WIDTH_PX, 20)
) + "\n</style>"


def remember_results(ids: list[int]) -> None:
    """The Candidates table says which candidates it shows, for previous / next."""
    st.session_state[RESULTS_KEY] = list(ids)


def open_from_table(candidate_id: int) -> None:
    """From inside the table's live fragment: open the candidate page from a run of the whole
    page. (Switching pages from a fragment races its own next tick; the browser then gets a
    tick's output for a page it no longer shows and stops drawing.)"""
    st.session_state[OPEN_KEY] = candidate_id
    st.rerun(scope="app")


def follow_open_request() -> None:
    """At the top of the Candidates page: a candidate asked for from the table opens now."""
    if (candidate_id := st.session_state.pop(OPEN_KEY, None)) is not None:
        st.switch_page(PAGE_FILE, query_params={"id": candidate_id})


def _open(candidate_id: int) -> None:
    st.query_params["id"] = str(candidate_id)
    st.session_state.pop(FIND_KEY, None)


def chosen_id() -> int | None:
    """The candidate in the address (`?id=`), or None (and a message for a bad one)."""
    if st.session_state.pop(TO_TABLE_KEY, False):
        st.switch_page("pages/candidates.py")
    raw = st.query_params.get("id")
    if raw is None:
        return None
    try:
        return parse_id(raw, "The candidate id in the address")
    except ValidationError as exc:
        st.error(md(exc))
        return None


def finder(actor: UserRecord, expanded: bool) -> None:
    """A search box that jumps to a candidate: the first matches (or the newest) as buttons."""
    with st.expander("Find a candidate", expanded=expanded, icon=":material/search:"):
        typed = st.text_input("Name or email", key=FIND_KEY, max_chars=cands.MAX_SEARCH,
                              placeholder="Type a name or an email")
        try:
            found = cands.list_candidates(actor, search=typed or None, page_size=MATCHES).items
        except ResumeDeskError as exc:
            st.error(md(exc))
            return
        if not found:
            st.caption("No candidate matches." if typed else "No candidates yet.")
        elif not typed:
            st.caption("The newest:")
        for c in found:
            st.button(f"#{c.id} {md(c.full_name)} · {md(c.email)}", key=f"jump-{c.id}", on_click=_open,
                      args=(c.id,), type="tertiary")


def _neighbours(actor: UserRecord, candidate_id: int) -> tuple[int | None, int | None, str]:
    """(previous, next, where we are) in the table's list, or in the default order outside it."""
    ids = st.session_state.get(RESULTS_KEY) or []
    if candidate_id in ids:
        at = ids.index(candidate_id)
        return (ids[at - 1] if at else None, ids[at + 1] if at + 1 < len(ids) else None,
                f"{at + 1} of {len(ids)} in the list")
    newer, older = cands.adjacent_ids(actor, candidate_id)
    return newer, older, "newest first"


def link_to(candidate_id: int) -> str:
    """The address of a candidate's page, as the browser reaches this server."""
    base = "".join("/" + p for p in str(st.get_option("server.baseUrlPath") or "").split("/") if p)
    path = f"{base}/{PAGE_ADDRESS}?id={int(candidate_id)}"
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}{path}" if parts.scheme and parts.netloc else path


def _copy_link_button(url: str) -> None:
    """A Copy link button; where the clipboard is not allowed (plain HTTP off this machine) it
    shows the address to copy by hand."""
    st.html(
        f"""<button type="button" id="rd-copy-link" class="rd-copy-link" data-url="{html.escape(url)}"
  style="font: inherit; font-size: 0.875rem; padding: 0.25rem 0.75rem; border: 1px solid rgba(49, 51, 63, 0.2);
         border-radius: 0.5rem; background: transparent; cursor: pointer; min-height: 2.5rem;">Copy link</button>
<script>
(() => {{
  const button = document.getElementById("rd-copy-link");
  if (!button || button.dataset.ready) return;
  button.dataset.ready = "1";
  button.addEventListener("click", async () => {{
    const url = {json.dumps(url)};
    try {{ await navigator.clipboard.writeText(url); button.textContent = "Link copied"; }}
    catch (e) {{ window.prompt("Copy this link:", url); }}
    setTimeout(() => {{ button.textContent = "Copy link"; }}, 2000);
  }});
}})();
</script>""",
        unsafe_allow_javascript=True, width="content")


@st.dialog("Delete candidate", on_dismiss=lambda: st.session_state.pop(DELETE_KEY, None))
def _confirm_delete(actor: UserRecord, c: cands.CandidateRecord, then: int | None) -> None:
    st.markdown(f"Delete **{md(c.full_name)}** ({md(c.email)}) and their resume file? This cannot be undone.")
    yes, no = st.columns(2)
    if yes.button("Delete permanently", icon=":material/delete_forever:", key="delete_for_good"):
        try:
            cands.delete_candidate(actor, c.id)
        except ResumeDeskError as exc:
            st.error(md(exc))
            return
        st.session_state.pop(DELETE_KEY, None)
        remember_results([i for i in st.session_state.get(RESULTS_KEY) or [] if i != c.id])
        common.flash(f"Deleted {c.full_name}.")
        if then is None:
            st.session_state[TO_TABLE_KEY] = True  # switched to from a whole run (see open_from_table)
        else:
            _open(then)
        st.rerun()
    if no.button("Cancel", key="cancel_delete_one"):
        st.session_state.pop(DELETE_KEY, None)
        st.rerun()


def toolbar(actor: UserRecord, c: cands.CandidateRecord) -> None:
    """Previous / next, where we are, Copy link, Delete."""
    st.html(_STYLE)
    previous, following, where = _neighbours(actor, c.id)
    cols = st.columns([1, 1, 2, 1, 1], vertical_alignment="center")
    cols[0].button("Previous", icon=":material/arrow_back:", key="previous", disabled=previous is None,
                   on_click=_open, args=(previous,), width="stretch")
    cols[1].button("Next", icon=":material/arrow_forward:", icon_position="right", key="next",
                   disabled=following is None, on_click=_open, args=(following,), width="stretch")
    cols[2].caption(where)
    with cols[3]:
        _copy_link_button(link_to(c.id))
    if can(actor, Perm.DELETE):
        if cols[4].button("Delete", icon=":material/delete:", key="delete_one", width="stretch"):
            st.session_state[DELETE_KEY] = c.id
        if st.session_state.get(DELETE_KEY) == c.id:
            _confirm_delete(actor, c, following if following is not None else previous)
