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
    top.setTimeout(() => {{
      const fold = top.document.querySelector("[data-testid='stSidebarCollapseButton'] button");
      if (fold) fold.click();
    }}, 50);
  }}, true);
}})();
</script>"""


def fold_after_choosing() -> None:
    """Call once per run, signed in (when there is a sidebar)."""
    st.html(_SCRIPT, unsafe_allow_javascript=True)
