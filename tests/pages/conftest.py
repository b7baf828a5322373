"""Fixtures of the page tests (AppTest): the app as a server runs it, what st.navigation
was given, what a click would download, and two candidates to act on."""
from __future__ import annotations

from pathlib import Path

import pytest

from core import candidates as cands
from utils import resume_pdf


@pytest.fixture
def downloads(monkeypatch):
    """What a page hands Streamlit to serve on a click: {file_name: (callable, mimetype)}.

    Calling the callable is what a click does (it runs in the media endpoint, not the script).
    """
    from streamlit.runtime.media_file_manager import MediaFileManager

    seen = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        seen[file_name] = (data_callable, mimetype)
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return seen


@pytest.fixture(autouse=True)
def _apptest_runs_app_py_every_time(monkeypatch):
    """Make AppTest run app.py on every run, as a server does.

    AppTest resets Streamlit's "pages/ folder" flag before each run, so each run after the
    first one executes the requested page file directly (Streamlit's old multipage mode),
    skipping app.py: its sign-in gate and per-role navigation would go untested. A server
    sets that flag once; after app.py's first st.navigation call it always runs app.py.
    (The pages still guard themselves: see ui.session.require_user.)
    """
    import types

    from streamlit.runtime.scriptrunner import script_runner

    def run_main_script(main_script_path) -> None:
        path = Path(main_script_path)
        module = types.ModuleType("__main__")
        module.__file__ = str(path)
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module.__dict__)

    monkeypatch.setattr(script_runner, "_mpa_v1", run_main_script)


class Navigation:
    """The pages st.navigation was last given (AppTest draws no sidebar to read them from)."""

    def __init__(self):
        self.calls: list[dict[str, str]] = []  # page file name -> its address (url path)

    @property
    def pages(self) -> set[str]:
        assert self.calls, "st.navigation was never called"
        return set(self.calls[-1])

    @property
    def addresses(self) -> dict[str, str]:
        assert self.calls, "st.navigation was never called"
        return self.calls[-1]


@pytest.fixture
def nav(monkeypatch) -> Navigation:
    import streamlit as st

    seen, original = Navigation(), st.navigation

    def spy(pages, *args, **kwargs):
        seen.calls.append({Path(str(p._page)).name: p.url_path for p in pages})
        return original(pages, *args, **kwargs)

    monkeypatch.setattr(st, "navigation", spy)
    return seen


@pytest.fixture
def two(recruiter):
    """Two candidates with resumes; the table shows the newest ("Bob") first."""
    return [cands.create_candidate(recruiter, n, f"{n.lower()}@example.com", resume=resume_pdf(), filename=f"{n}.pdf")
            for n in ("Ada", "Bob")]
