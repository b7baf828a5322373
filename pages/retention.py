"""Retention (admins): candidates whose consent ended, or with no activity for RETENTION_DAYS,
listed for review and erased on an explicit action (or by the pool when RETENTION_AUTO_ERASE)."""
import streamlit as st

from core import privacy
from core.config import get_settings
from core.errors import ResumeDeskError
from core.permissions import Perm
from ui import common, session

actor = session.require_user(Perm.PRIVACY)
st.title("Retention")
common.show_flash()

settings = get_settings()
rule = (f"no activity for {settings.retention_days} days" if settings.retention_days
        else "inactivity is not checked (RETENTION_DAYS is 0)")
auto = "erased automatically" if settings.retention_auto_erase else "erased only when you choose to below"
st.caption(f"Listed: candidates whose consent-until date has passed, and {rule}. They are {auto}. "
           "Each erasure is in the audit log.")

due = privacy.due_for_review(actor)
if not due:
    st.success("No candidate is due for review.")
    st.stop()

df = common.table(due, [("id", "candidate_id"), ("name", "full_name"), ("email", lambda i: i.email or ""),
                        ("last activity", "last_activity"), ("consent until", "consent_until"),
                        ("why", "reason")])
event = st.dataframe(df, key="retention_table", on_select="rerun", selection_mode="multi-row", hide_index=True,
                     column_config={"id": st.column_config.NumberColumn("#", width="small"),
                                    "last activity": st.column_config.DatetimeColumn(format="YYYY-MM-DD")})
chosen = [due[i].candidate_id for i in event.selection.rows if i < len(due)]
st.caption(f"{len(due)} candidate(s) due · {len(chosen)} selected")
with st.form("erase_due"):
    reason = st.text_input("Why (kept in the audit log)", value="retention review", max_chars=500)
    sure = st.checkbox("Erase the selected candidates for good (this cannot be undone)")
    if st.form_submit_button("Erase selected", type="primary", icon=":material/delete_forever:",
                             disabled=not chosen):
        if not sure:
            st.error("Tick the box to confirm the erasure.")
        else:
            try:
                n = privacy.erase_due(actor, chosen, reason)
            except ResumeDeskError as exc:
                st.error(common.md(exc))
            else:
                common.flash(f"Erased {n} candidate(s).")
                st.session_state.pop("retention_table", None)
                st.rerun()
