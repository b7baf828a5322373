"""Small UI pieces the pages share. UI only: data comes from core/."""
from __future__ import annotations

import re
from typing import Any, Callable, Sequence

import pandas as pd
import streamlit as st

from core import candidates as cands
from core.accounts import UserRecord
from core.errors import DatabaseUnavailable, NotFoundError, PermissionDenied
from ui import live

STATUS_ICONS = {"no_resume": "⚪", "pending": "⏳", "completed": "✅", "failed": "❌"}
# Every ASCII punctuation character may be backslash-escaped in (GitHub-flavoured) Markdown.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub's autolinks (www.…, https://…, a@b.c) are found in the text after the escapes are
# read: an invisible WORD JOINER breaks each one where it would start.
WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?i)\b(?:www(?=\.)|https?(?=:)|ftp(?=:)|mailto(?=:)|xmpp(?=:))|(?=@)")


def md(value: object) -> str:
    """Text from a candidate, a PDF, a file name, a user or an error, made safe to put in
    Markdown (st.markdown, st.title, st.caption, st.write, st.toast, st.error and the like, and
    widget labels): on one line, every punctuation character escaped, so links, images, HTML,
    headings, lists, LaTeX and Streamlit's :directives: show as the literal characters, and a
    word joiner (invisible) where an autolink would start (`www.`, `https:`, `@`). Texts meant
    as Markdown are written in code and put this around what they quote."""
    text = " ".join(str(value if value is not None else "").split())
    text = _AUTOLINK_START.sub(lambda m: m.group(0) + WORD_JOINER, text)
    return _PUNCTUATION.sub(r"\\\1", text)


def flash(message: str) -> None:
    """A toast that survives the st.rerun() that follows a change; `message` is shown as text."""
    st.session_state.setdefault("_flash", []).append(message)


def show_flash() -> None:
    for message in st.session_state.pop("_flash", []):
        st.toast(md(message), icon=":material/check_circle:")


def table(records: Sequence[Any], columns: list[tuple[str, str | Callable[[Any], Any]]]) -> pd.DataFrame:
    """A table of records: one row each; a column per (header, attribute name or function)."""
    return pd.DataFrame({header: [getattr(r, value) if isinstance(value, str) else value(r) for r in records]
                         for header, value in columns})


def hold_secret(key: str, message: str, secret: str) -> None:
    """Keep a secret an action made (a temporary password, a token) to show after the rerun."""
    st.session_state[key] = (message, secret)


def show_secret_once(key: str) -> None:
    """Show a held secret under its message (Markdown, quoting through md()), then forget it:
    it is never shown again."""
    if held := st.session_state.pop(key, None):
        message, secret = held
        st.warning(message, icon=":material/key:")
        st.code(secret, language=None)


def status_label(status: str, stage: str | None = None, error: str | None = None) -> str:
    """The status in words with its icon; a job in progress says its stage, a failed one why."""
    label = f"{STATUS_ICONS.get(status, '')} {cands.status_text(status, stage)}"
    return f"{label}: {error}" if status == "failed" and error else label


def live_status(actor: UserRecord, candidate_id: int) -> None:
    """A status line that follows the candidate's parse (whoever changed it); when the status
    changes, the whole page runs again so that what depends on it (parsed fields) shows."""
    def read() -> dict | None:
        try:
            return live.reread("_live_status", live.snapshot(actor), (candidate_id,),
                               lambda: cands.parsing_status(actor, candidate_id))
        except NotFoundError:
            return None
        except DatabaseUnavailable as exc:
            st.error(md(exc), icon=":material/cloud_off:")
            return None
        except PermissionDenied:
            st.rerun()  # signed out or disabled meanwhile: the whole app decides what to show

    at_load = read()
    if at_load is None:
        return

    @st.fragment(run_every=live.REFRESH)
    def line() -> None:
        status = read()
        if status is None:
            return
        state = status["parsing_status"]
        if state != at_load["parsing_status"]:
            st.rerun()  # the whole page again, with what the new status brings
        text = f"Candidate #{candidate_id}: **{state}** — {md(status['message'])}"
        {"completed": st.success, "failed": st.error, "pending": st.info}.get(state, st.write)(text)

    line()
