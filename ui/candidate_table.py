"""The candidates table: the search and filters above it, what each row shows and how its
columns are drawn, and the exports. UI only: data comes from core/ (what a resume says from
core.resume_facts)."""
from __future__ import annotations

from datetime import date
from typing import Sequence

import pandas as pd
import streamlit as st

from core import candidates as cands
from core import resume_facts as facts
from core.accounts import UserRecord
from core.errors import ResumeDeskError
from core.permissions import Perm, can
from ui import candidate_tags, common

ANY = ""
MAX_YEARS = 40  # the years slider's right end, meaning "no upper bound"
# Widths in pixels: at 1280 px with the sidebar open the table gets about 820 px (these and the
# selection column take 794), and every column shows; narrower, the name stays pinned and the
# rest scrolls.
COLUMNS = {
    "open": st.column_config.LinkColumn("#", display_text=r"/candidate\?id=(\d+)", width=34,
                                        help="Open the candidate's page"),
    "name": st.column_config.TextColumn("name", width=112, pinned=True),
    "title": st.column_config.TextColumn("title", width=90),
    "employer": st.column_config.TextColumn("employer", width=84),
    "location": st.column_config.TextColumn("location", width=72),
    "years": st.column_config.NumberColumn("yrs", width=38, format="%.1f", help="Years of experience"),
    "skills": st.column_config.TextColumn("skills", width=84),
    "status": st.column_config.TextColumn("status", width=86),
    "progress": st.column_config.ProgressColumn("step", width=38, min_value=0, max_value=4, format="%d/4",
                                                help="Parsing: queued, reading the PDF, parsing, saving"),
    "added": st.column_config.DateColumn("added", width=80, format="YYYY-MM-DD"),
    "tags": st.column_config.TextColumn("tags", width=44),  # ui/candidate_tags.py adds it
}
_STEPS = {"queued": 0, "extracting": 1, "parsing": 2, "saving": 3}


def progress(status: str, stage: str | None) -> int | None:
    """Steps done of a parse: 4 when completed, None when no parse runs or ran."""
    if status == "completed":
        return 4
    if status == "pending":
        return _STEPS.get(stage or "queued", 0)
    return None


def frame(items: Sequence[cands.CandidateRecord]) -> pd.DataFrame:
    """One row per candidate, columns in the order of COLUMNS."""
    rows = []
    for c in items:
        s = facts.summary(c.parsed_resume)
        rows.append({
            "open": f"/candidate?id={c.id}", "name": c.full_name, "title": s.title, "employer": s.employer,
            "location": s.location, "years": s.years, "skills": ", ".join(s.top_skills),
            "status": common.status_label(c.parse_status, c.parse_stage, c.parse_error)
                      + (" · needs review" if c.needs_review else ""),
            "progress": progress(c.parse_status, c.parse_stage), "added": c.created_at.date(),
        })
    return pd.DataFrame(rows, columns=list(COLUMNS))


def filter_bar(actor: UserRecord) -> tuple[str, str | None, dict]:
    """The search box and filters; (search, status, the other filters for core.candidates)."""
    search_col, status_col, skill_col, tag_col = st.columns([4, 2, 2, 2])
    search = search_col.text_input(
        "Search", key="search", max_chars=cands.MAX_SEARCH,
        placeholder="name, email, phone, skill, employer, title, school, city…",
        help='Every word must match (accents and case do not matter); "quoted words" match together.')
    status = status_col.selectbox("Status", [ANY, *cands.STATUSES, cands.NEEDS_REVIEW], key="status_filter",
                                  format_func=lambda s: cands.status_text(s) if s else "any")
    skill = skill_col.selectbox("Skill", [ANY, *cands.skill_choices(actor)], key="skill_filter",
                                format_func=lambda s: s or "any")
    tag = candidate_tags.tag_filter(actor, tag_col)
    with st.expander("More filters"):
        loc_col, emp_col, years_col, added_col = st.columns(4)
        location = loc_col.text_input("Location", key="location_filter", max_chars=100)
        employer = emp_col.text_input("Employer", key="employer_filter", max_chars=100)
        years = years_col.slider("Years of experience", 0, MAX_YEARS, (0, MAX_YEARS), key="years_filter")
        added = added_col.date_input("Added", value=(), max_value=date.today(), key="added_filter")
    filters = {
        "skill": skill or None, "tag": tag, "location": location or None, "employer": employer or None,
        "min_years": years[0] or None, "max_years": years[1] if years[1] < MAX_YEARS else None,
        "added_from": added[0] if len(added) > 0 else None, "added_to": added[1] if len(added) > 1 else None,
    }
    return search, status or None, {k: v for k, v in filters.items() if v is not None}


def page_number(page: int, pages: int) -> None:
    """The page box, under the table (above it, the table's toolbar covered it), showing the
    page the table shows: a number past the last page became the last page."""
    if st.session_state.get("page_no") != page:
        st.session_state["page_no"] = page
    st.number_input("Page", min_value=1, max_value=pages, step=1, key="page_no", width=140)


def exports(actor: UserRecord, search: str, status: str | None, filters: dict) -> None:
    """CSV and Excel of every candidate the table matches (the use case writes the audit row
    when the file is made, on the click)."""
    if not can(actor, Perm.EXPORT):
        return

    def made(export):
        try:
            return export(actor, search, status, **filters)
        except ResumeDeskError as exc:  # a colleague changed something meanwhile
            st.error(common.md(exc))
            return b""

    row = st.container(horizontal=True)
    row.download_button("Export CSV", data=lambda: made(cands.export_csv), file_name="candidates.csv",
                            mime="text/csv", on_click="ignore", icon=":material/table:", key="export_csv")
    row.download_button(
        "Export Excel", data=lambda: made(cands.export_xlsx), file_name="candidates.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
        icon=":material/grid_on:", key="export_xlsx")
