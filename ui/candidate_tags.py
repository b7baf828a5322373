"""Tags on the candidates table: the tag filter, a tags column, and tagging the selected rows.
UI only: core/tags.py checks the role and writes the audit log."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core import tags
from core.accounts import UserRecord
from core.errors import ResumeDeskError
from core.permissions import Perm, can
from ui import common

ALL = ""


def tag_filter(actor: UserRecord, where) -> str | None:
    """A select box of the tags in use (with how many carry each); None for all candidates."""
    in_use = dict(tags.tags_in_use(actor))
    chosen = st.session_state.get("tag_filter")
    options = [ALL, *in_use, *([chosen] if chosen and chosen not in in_use else [])]
    picked = where.selectbox("Tag", options, key="tag_filter",
                             format_func=lambda t: "all" if t == ALL else f"{t} ({in_use.get(t, 0)})")
    return picked or None


def tags_of(actor: UserRecord, ids: list[int]) -> dict[int, list[str]]:
    """The tags of these candidates (one query)."""
    return tags.tags_for(actor, ids)


def add_column(df: pd.DataFrame, of: dict[int, list[str]], ids: list[int]) -> pd.DataFrame:
    """The table with a `tags` column."""
    df["tags"] = [", ".join(of.get(i, [])) for i in ids]
    return df


def bulk_tagging(actor: UserRecord, ids: list[int], where) -> None:
    """A popover that adds or clears tags on every selected row at once."""
    if not can(actor, Perm.EDIT):
        return
    with where.popover("Tags", icon=":material/sell:"):
        known = [t for t, _ in tags.tags_in_use(actor)]
        wanted = st.multiselect("Tags", known, key="bulk_tags", accept_new_options=True,
                                placeholder="Pick or type tags", help="Type a new tag and press Enter.")
        add, clear = st.columns(2)
        try:
            if add.button(f"Add to {len(ids)}", key="bulk_tags_add", disabled=not wanted):
                n = tags.add_tags(actor, ids, wanted)
                common.flash(f"Tagged {n} candidate(s).")
                st.rerun()
            if clear.button(f"Clear from {len(ids)}", key="bulk_tags_clear", disabled=not wanted):
                n = tags.remove_tags(actor, ids, wanted)
                common.flash(f"Cleared the tags from {n} candidate(s).")
                st.rerun()
        except ResumeDeskError as exc:
            st.error(common.md(exc))
