"""Notes, tags, the timeline, a candidate's data export and erasure, in Debian's Chromium
against the app as `make run` starts it (see conftest.py and helpers.py)."""
from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile

from playwright.sync_api import expect

from tests.e2e.helpers import (
    button, candidate_id, go, grid, load_samples, row, sample_path, settled, shows,
)

NAME = "Lukas Becker"


def _open(app, page, name: str) -> int:
    """The candidate's page, by its link (a reload keeps the user signed in)."""
    cid = candidate_id(page, name)
    page.goto(f"{app.url}/candidate?id={cid}")
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    settled(page)
    return cid


def _section(page, key: str):
    """A section of the candidate page (ui/candidate_privacy.py): its container's key."""
    section = page.locator(f".st-key-{key}")
    section.scroll_into_view_if_needed()
    expect(section).to_be_visible()
    return section


def test_a_note_and_a_tag_the_timeline_and_the_tag_filter(app, page):
    load_samples(page)
    cid = _open(app, page, NAME)

    notes = _section(page, "candidate_notes")
    notes.get_by_label("New note").fill("Strong on Kubernetes.\n<b>not bold</b> **nor this**")
    notes.get_by_role("button", name="Add note").click()
    shows(page, page.get_by_text("Note added."))
    expect(notes.get_by_test_id("stText")).to_contain_text("<b>not bold</b> **nor this**")  # as typed
    expect(notes.locator("b", has_text="not bold")).to_have_count(0)

    tags_tab = _section(page, "candidate_tags")
    picker = tags_tab.get_by_test_id("stMultiSelect").locator("input")
    picker.fill("shortlist")
    picker.press("Enter")
    page.keyboard.press("Escape")
    button(page, "Save tags").click()
    shows(page, page.get_by_text("Tags saved."))

    timeline = _section(page, "candidate_timeline")
    table = timeline.get_by_test_id("stDataFrame")
    expect(table).to_contain_text("Tagged: shortlist")
    expect(table).to_contain_text("Note added")
    expect(table).to_contain_text("Parsing completed: rules")
    expect(table).to_contain_text("Created")

    go(page, "Candidates")
    expect(row(page, NAME)).to_contain_text("shortlist")  # the tags column
    page.get_by_label("Tag").click()
    page.get_by_role("option", name="shortlist (1)").click()
    settled(page)
    expect(grid(page).locator("tbody tr")).to_have_count(1)
    expect(row(page, NAME)).to_have_count(1)
    assert cid > 0


def test_export_a_candidate_then_erase_them(app, page, tmp_path):
    names = load_samples(page)
    cid = _open(app, page, NAME)
    assert app.resume_file(cid).exists()

    privacy = _section(page, "candidate_privacy")
    with page.expect_download() as download:
        privacy.get_by_role("button", name="Export personal data (ZIP)").click()
    archive = tmp_path / "export.zip"
    download.value.save_as(archive)
    assert download.value.suggested_filename == f"candidate-{cid}-data.zip"
    zf = zipfile.ZipFile(io.BytesIO(archive.read_bytes()))
    pdfs = [n for n in zf.namelist() if n.startswith("resume/")]
    assert set(zf.namelist()) - set(pdfs) == {"summary.txt", "candidate.json", "parsed_resume.json", "notes.json",
                                              "tags.json", "timeline.json"}
    assert [zf.read(n) for n in pdfs] == [sample_path(NAME).read_bytes()]
    assert json.loads(zf.read("candidate.json"))["email"] == "lukas.becker@example.de"
    assert "Lukas Becker" in zf.read("summary.txt").decode()
    assert [e["action"] for e in json.loads(zf.read("timeline.json"))][-1] == "create"

    privacy.get_by_label("Why (kept in the audit log)").fill("erasure request of today")
    privacy.get_by_text("I understand that this cannot be undone").click()
    privacy.get_by_role("button", name="Erase for good").click()
    shows(page, page.get_by_text(f"Candidate #{cid} was erased."))
    expect(page.get_by_role("heading", name="Candidates", level=1)).to_be_visible()
    expect(grid(page).locator("tbody tr")).to_have_count(len(names) - 1)
    expect(row(page, NAME)).to_have_count(0)

    page.get_by_role("textbox", name=re.compile("^Search")).fill("Becker")
    page.keyboard.press("Enter")
    settled(page)
    expect(page.get_by_text(re.compile(r"^0 candidate\(s\)"))).to_be_visible()

    assert not app.resume_file(cid).exists()
    assert not [f for f in app.stored_files() if str(cid) in f]
    with sqlite3.connect(app.database) as conn:
        assert conn.execute("select count(*) from candidates where id = ?", (cid,)).fetchone() == (0,)
        erased = conn.execute("select actor_email, detail from audit_events where action = 'erase'").fetchall()
    assert erased == [("admin@example.com", "erasure request of today")]
    for path in [app.database, *app.storage.rglob("*")]:
        if path.is_file():
            assert b"lukas.becker@example.de" not in path.read_bytes(), path
