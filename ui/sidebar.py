"""On a phone-sized window the sidebar covers the page: it folds once a page is chosen in it.
(Streamlit leaves it open.)"""
from __future__ import annotations

import streamlit as st

NARROW_PX = 768  # where Streamlit lays the sidebar over the page instead of beside it

_SCRIPT = f"""<script>
(() => {{
  const top = window.parent && window.parent.document ? window.parent : window;
  if (top.__resumedeskSidebarFolds) return;
  top.__resumedeskSidebarFolds = true;
  top.document.addEventListener("click", (event) => {{
    const link = event.target.closest && event.target.closest("[data-testid='stSidebarNavLink']");
    if (!link || !top.matchMedia("(max-width: {NARROW_PX}px)").matches) return;
    const fold = () => {{
      const sidebar = top.document.querySelector("[data-testid='stSidebar']");
      const button = top.document.querySelector("[data-testid='stSidebarCollapseButton'] button");
      if (sidebar && button && sidebar.getBoundingClientRect().right > 0) button.click();
    }};
    // the new page's run may draw the sidebar again: fold once it has settled, and again later
    for (const ms of [100, 600, 1500]) top.setTimeout(fold, ms);
  }}, true);
}})();
</script>"""


def fold_after_choosing() -> None:
    """Call once per run, signed in (when there is a sidebar), outside the sidebar: a folded
    sidebar may not run its scripts."""
    st.html(_SCRIPT, unsafe_allow_javascript=True)
