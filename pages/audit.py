"""Admins: who did what to which candidate, and when; filterable, exportable as CSV."""
from datetime import datetime, time, timedelta, timezone

import streamlit as st

from core import audit
from core.errors import ResumeDeskError
from core.permissions import Perm
from core.validation import MAX_ID
from ui import common, session

actor = session.require_user(Perm.VIEW_AUDIT)
st.title("Audit log")

action_col, who_col, cand_col, dates_col = st.columns([3, 2, 1, 2])
actions = action_col.multiselect("Actions", audit.ACTIONS, key="audit_actions")
who = who_col.text_input("User email contains", key="audit_who", max_chars=audit.MAX_EMAIL_FILTER)
candidate = cand_col.number_input("Candidate #", min_value=0, max_value=MAX_ID, step=1, key="audit_candidate",
                                  help="0 = every candidate")
dates = dates_col.date_input("Dates", value=(), key="audit_dates")

filters = {"action": actions or None, "actor_email": who or None, "candidate_id": int(candidate) or None}
if isinstance(dates, (tuple, list)) and len(dates) >= 1:
    filters["since"] = datetime.combine(dates[0], time.min, tzinfo=timezone.utc)
    if len(dates) == 2:
        filters["until"] = datetime.combine(dates[1], time.min, tzinfo=timezone.utc) + timedelta(days=1)

try:
    events = audit.list_events(actor, limit=1000, **filters)
except ResumeDeskError as exc:
    st.error(common.md(exc))
    st.stop()

st.dataframe(
    common.table(events, [("when", "at"), ("who", "actor_email"), ("action", "action"), ("candidate", "candidate_id"),
                          ("name", lambda e: e.candidate_name or ("(deleted)" if e.candidate_id else "")),
                          ("detail", "detail")]),
    hide_index=True, key="audit_table",
    column_config={"when": st.column_config.DatetimeColumn("when (UTC)", format="YYYY-MM-DD HH:mm:ss"),
                   "candidate": st.column_config.NumberColumn("#", format="%d")},
)
st.caption(f"{len(events)} event(s) shown (the newest 1000); the CSV holds every matching event.")
st.download_button("Export as CSV", data=lambda: audit.events_csv(actor, **filters), file_name="audit.csv",
                   mime="text/csv", on_click="ignore", icon=":material/table:", key="audit_csv")
