"""The recruiter's main flows, in Debian's Chromium against the app started as `make run` does.

Each test starts its own app (empty database and storage directory) and waits only on what a
user would see. See conftest.py for the fixtures and helpers.py for the shared steps.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.helpers import (
    SAMPLES, button, cell, nav_titles, candidate_id, fill_add_form, go, grid, load_samples, pdf_preview_painted,
    resume_pdf, row, sample_path, scanned_pdf, select_rows, settled, shows, sign_in, sign_out, status_line, submit_add_form,
    wait_all,
)
from tests.openai_server import SAMPLE_DOCUMENT, OpenAIServer, answer

SAMPLE_NAMES = [s["full_name"] for s in SAMPLES]



# 1 -------------------------------------------------------------------------------------------

def test_first_start_samples_parse_while_the_table_refreshes_itself(start_app, open_app):
    """First start: create the first admin, load the samples; every row goes pending ->
    completed without a reload.

    The rules parser finishes the five samples in about a second, too fast to watch, so this
    app parses with a model: a local OpenAI-compatible server on 127.0.0.1 answering after
    0.6 s, one job at a time. Each row then stays pending for a while, and only the table's
    own timer (the fragment's run_every) can show it flip.
    """
    with OpenAIServer(default=answer(SAMPLE_DOCUMENT, delay=0.6)) as model:
        app = start_app(PARSER_BACKEND="openai", OPENAI_BASE_URL=model.base_url, PARSER_WORKERS="1",
                        OPENAI_MAX_RETRIES="0", OPENAI_TIMEOUT="20", ADMIN_EMAIL="", ADMIN_PASSWORD="")
        page = open_app(app, signed_in=False)
        page.evaluate("window.__e2eSamePage = true")  # gone if the page were ever reloaded

        expect(page.get_by_role("heading", name="Create the first admin")).to_be_visible()
        expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # no other page before it exists
        form = page.get_by_test_id("stForm")
        form.get_by_label("Email", exact=True).fill("first@example.com")
        form.get_by_label("Name", exact=True).fill("First Admin")
        form.get_by_label("Password", exact=True).fill("a-long-first-password")
        form.get_by_label("Repeat the password", exact=True).fill("a-long-first-password")
        form.get_by_role("button", name="Create admin and sign in").click()
        shows(page, page.get_by_test_id("stSidebar").get_by_text("Signed in as"))
        expect(page.get_by_test_id("stSidebar")).to_contain_text("admin")
        expect(page.get_by_text("No candidates yet.")).to_be_visible()

        page.get_by_role("button", name="Load sample candidates").click()
        shows(page, page.get_by_text("Added 5 sample candidates."))
        expect(grid(page).locator("tbody tr")).to_have_count(5)
        in_progress = re.compile("queued|reading PDF|parsing|saving")
        expect(grid(page)).to_contain_text(in_progress)  # still parsing when the table first shows
        wait_all(page, "completed", SAMPLE_NAMES)
        expect(grid(page)).not_to_contain_text(in_progress)
        expect(page.get_by_text("completed 5")).to_be_visible()

        assert page.evaluate("window.__e2eSamePage === true"), "the page was reloaded"
        assert model.calls == 5


# 2 -------------------------------------------------------------------------------------------

def test_add_candidate_with_pdf_then_open_it(page, tmp_path):
    pdf = resume_pdf(tmp_path / "Ada Lovelace CV.pdf", "Ada Lovelace", "ada@example.com",
                     employer="Analytical Engines Ltd", school="University of London")
    go(page, "Add candidate")
    fill_add_form(page, "Ada Lovelace", "ada@example.com", "+44 20 7946 0958", pdf)
    submit_add_form(page, added="Ada Lovelace")
    expect(status_line(page, 1)).to_contain_text("completed")  # flips on its own
    expect(page.get_by_label("Full name", exact=True)).to_have_value("")  # a fresh form for the next one

    go(page, "Candidates")
    expect(cell(page, "Ada Lovelace", "status")).to_contain_text("completed")
    expect(cell(page, "Ada Lovelace", "skills")).to_have_text("Python, SQL, Mathematics")
    select_rows(page, "Ada Lovelace")
    button(page, "Open").click()

    expect(page.get_by_role("heading", name="Ada Lovelace", level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/candidate\?id=1$"))
    expect(status_line(page, 1)).to_contain_text("completed")
    expect(page.get_by_role("heading", name="Parsed resume")).to_be_visible()
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Parsed by rules")
    expect(main).to_contain_text("ada@example.com")
    expect(main.get_by_role("link", name="ada@example.com")).to_have_count(0)  # text from a PDF: never a link
    expect(main).to_contain_text("Analytical Engines Ltd")
    expect(main).to_contain_text("University of London")
    expect(main).to_contain_text("Python")
    pdf_preview_painted(page)


# 3 -------------------------------------------------------------------------------------------

def test_download_one_pdf_and_three_as_zip(page, tmp_path):
    load_samples(page)
    pdf = resume_pdf(tmp_path / "Zoë Ashworth – CV (2024).pdf", "Zoë Ashworth", "zoe@example.com")
    go(page, "Add candidate")
    fill_add_form(page, "Zoë Ashworth", "zoe@example.com", resume=pdf)
    submit_add_form(page, added="Zoë Ashworth")

    go(page, "Candidates")
    wait_all(page, "completed", ["Zoë Ashworth"])
    select_rows(page, "Zoë Ashworth")
    with page.expect_download() as info:
        button(page, "Download PDF").click()
    download = info.value
    assert download.suggested_filename == pdf.name
    assert Path(download.path()).read_bytes() == pdf.read_bytes()

    others = SAMPLE_NAMES[:2]
    select_rows(page, *others)
    with page.expect_download() as info:
        button(page, "Download 3 as ZIP").click()
    download = info.value
    assert download.suggested_filename == "resumes.zip"
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as zf:
        contents = {name: zf.read(name) for name in zf.namelist()}
    expected = {pdf.name: pdf.read_bytes()} | {sample_path(n).name: sample_path(n).read_bytes() for n in others}
    assert sorted(contents) == sorted(expected)
    assert contents == expected


# 4 -------------------------------------------------------------------------------------------

def test_broken_pdf_and_non_pdf_are_refused_with_a_message(app, page, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n")  # cut short
    go(page, "Add candidate")
    fill_add_form(page, "Bob Broken", "bob@example.com", resume=broken)
    submit_add_form(page)
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_be_visible()
    expect(error).to_contain_text("The file is not a readable PDF", timeout=3_000)  # the run is over

    not_pdf = tmp_path / "photo.pdf"  # a PNG with a .pdf name
    not_pdf.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(not_pdf))
    expect(page.get_by_role("button", name="Remove photo.pdf")).to_be_visible()
    submit_add_form(page)
    expect(error).to_contain_text("The file is not a PDF")

    notes = tmp_path / "resume.txt"  # not even named .pdf: refused by the app, not dropped by the browser
    notes.write_text("Bob Broken, bob@example.com, Python developer\n")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(notes))
    expect(page.get_by_role("button", name="Remove resume.txt")).to_be_visible()
    submit_add_form(page)
    expect(error).to_contain_text("The file is not a PDF")

    go(page, "Candidates")
    expect(page.get_by_text("No candidates yet.")).to_be_visible()
    assert [f for f in app.stored_files() if not f.startswith(".")] == []
    assert app.stored_files() == [], f"upload leftovers: {app.stored_files()}"


# 5 -------------------------------------------------------------------------------------------

def test_delete_through_the_confirmation_dialog(app, page):
    load_samples(page)
    victim = "James O'Connor"
    victim_id = candidate_id(page, victim)
    assert app.resume_file(victim_id).exists()

    select_rows(page, victim)
    button(page, "Delete").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Delete 1 candidate(s)")
    expect(dialog).to_contain_text(victim)
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    settled(page)
    expect(row(page, victim)).to_have_count(1)
    assert app.resume_file(victim_id).exists()

    select_rows(page, victim)
    button(page, "Delete").click()
    expect(dialog).to_contain_text(victim)
    dialog.get_by_role("button", name="Delete", exact=True).click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Deleted 1 candidate(s).")).to_be_visible()
    expect(row(page, victim)).to_have_count(0)
    expect(grid(page).locator("tbody tr")).to_have_count(4)
    assert not app.resume_file(victim_id).exists()
    assert len(app.stored_files()) == 4


# 6 -------------------------------------------------------------------------------------------

def test_failed_parse_shows_its_reason_and_reparse_recovers(app, page, tmp_path):
    # A scanned PDF (no text layer) fails for good, and says why.
    go(page, "Add candidate")
    fill_add_form(page, "Sam Scanner", "sam@example.com", resume=scanned_pdf(tmp_path / "scan.pdf"))
    submit_add_form(page, added="Sam Scanner")
    expect(status_line(page, 1)).to_contain_text("failed")
    expect(status_line(page, 1)).to_contain_text("no text layer (scanned PDF?)")

    # A good resume whose file goes missing fails with that reason; once the file is back,
    # Re-parse recovers it.
    pdf = resume_pdf(tmp_path / "grace.pdf", "Grace Hopper", "grace@example.com", employer="Eckert-Mauchly Corp")
    fill_add_form(page, "Grace Hopper", "grace@example.com", resume=pdf)
    submit_add_form(page, added="Grace Hopper")
    expect(status_line(page, 2)).to_contain_text("completed")

    go(page, "Candidates")
    expect(cell(page, "Sam Scanner", "status")).to_contain_text("failed")
    expect(cell(page, "Sam Scanner", "status")).to_contain_text("no text layer (scanned PDF?)")

    stored, aside = app.resume_file(2), tmp_path / "aside.pdf"
    stored.rename(aside)
    select_rows(page, "Grace Hopper")
    button(page, "Re-parse").click()
    expect(cell(page, "Grace Hopper", "status")).to_contain_text("failed")
    expect(cell(page, "Grace Hopper", "status")).to_contain_text("the resume file is missing from storage")

    aside.rename(stored)
    select_rows(page, "Grace Hopper")
    button(page, "Open").click()
    expect(page.get_by_role("heading", name="Grace Hopper", level=1)).to_be_visible()
    expect(status_line(page, 2)).to_contain_text("Parsing failed: the resume file is missing from storage")
    button(page, "Re-parse").click()
    expect(status_line(page, 2)).to_contain_text("completed")
    expect(page.get_by_test_id("stMain")).to_contain_text("Eckert-Mauchly Corp")
    pdf_preview_painted(page)


# 7 -------------------------------------------------------------------------------------------

def test_viewer_sees_no_delete_or_add(app, page):
    load_samples(page)
    go(page, "Users")
    form = page.get_by_test_id("stForm")
    form.get_by_label("Email", exact=True).fill("viewer@example.com")
    form.get_by_label("Name", exact=True).fill("Vera Viewer")
    form.get_by_label("Role").click()
    page.get_by_role("option", name="viewer", exact=True).click()
    form.get_by_label("Password (leave empty to make a temporary one)").fill("temporary-viewer-pw-1")
    form.get_by_role("button", name="Add user").click()
    settled(page)
    expect(page.get_by_test_id("stMain")).to_contain_text("viewer@example.com")
    sign_out(page)

    sign_in(page, "viewer@example.com", "temporary-viewer-pw-1")
    # the first sign-in must choose a new password before anything else
    expect(page.get_by_role("heading", name="Account", level=1)).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # the Account page only
    page.get_by_label("Current password", exact=True).fill("temporary-viewer-pw-1")
    page.get_by_label("New password", exact=True).fill("viewer-own-password-2")
    page.get_by_label("Repeat the new password", exact=True).fill("viewer-own-password-2")
    page.get_by_role("button", name="Change password").click()
    settled(page)
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Candidates")).to_be_visible()

    assert "Add candidate" not in nav_titles(page)
    assert "Users" not in nav_titles(page)
    go(page, "Candidates")
    wait_all(page, "completed", SAMPLE_NAMES)
    expect(page.get_by_role("button", name="Load sample candidates")).to_have_count(0)
    # The table's own toolbar offers no CSV download (it would bypass the permission and the audit log).
    grid(page).hover()
    toolbar = page.get_by_test_id("stElementToolbar")
    expect(toolbar.get_by_role("button", name=re.compile("Search"))).to_be_visible()
    expect(toolbar.get_by_role("button", name=re.compile("Download as CSV"))).to_have_count(0)
    select_rows(page, SAMPLE_NAMES[0])
    expect(button(page, "Open")).to_be_visible()  # a viewer may look
    for label in ("Delete", "Re-parse", "Download PDF"):  # downloads are off for viewers by default
        expect(button(page, label)).to_have_count(0)
    button(page, "Open").click()
    expect(page.get_by_role("heading", name=SAMPLE_NAMES[0], level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Parsed resume")).to_be_visible()
    expect(button(page, "Re-parse")).to_have_count(0)
    expect(page.get_by_role("button", name="Save changes")).to_have_count(0)
