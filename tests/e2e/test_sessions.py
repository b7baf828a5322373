"""Staying signed in, links that work, the candidate page, and the table following changes made
elsewhere: in Debian's Chromium against the app started as `make run` does."""
from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.e2e.helpers import (
    ADMIN_EMAIL, ADMIN_PASSWORD, APP_ROOT, SETTLED, pdf_preview_painted, resume_pdf, fill_add_form, go, grid, row, settled, shows, sign_in, sign_out,
    submit_add_form,
)

LIVE_WITHIN_MS = 5_000


def test_a_second_browsers_new_candidate_appears_in_the_table_without_a_reload(app, browser, open_app, tmp_path):
    first = open_app(app)
    go(first, "Add candidate")
    fill_add_form(first, "Ada Lovelace", "ada@example.com")
    submit_add_form(first, added="Ada Lovelace")
    go(first, "Candidates")
    expect(row(first, "Ada Lovelace")).to_have_count(1)
    expect(first.get_by_text("no resume 1")).to_be_visible()
    first.evaluate("window.__e2eSamePage = true")  # gone if the page were ever reloaded

    other = browser.new_context(viewport={"width": 1400, "height": 1000})  # another browser profile
    try:
        second = other.new_page()
        second.goto(app.url)
        second.locator(SETTLED).wait_for()
        sign_in(second, ADMIN_EMAIL, ADMIN_PASSWORD)
        go(second, "Add candidate")
        fill_add_form(second, "Bo Brown", "bo@example.com")
        submit_add_form(second, added="Bo Brown")
        added_at = time.monotonic()
        expect(row(first, "Bo Brown")).to_have_count(1, timeout=LIVE_WITHIN_MS)
        expect(first.get_by_text("no resume 2")).to_be_visible(timeout=LIVE_WITHIN_MS)
        seen_after = time.monotonic() - added_at
    finally:
        other.close()
    assert seen_after < LIVE_WITHIN_MS / 1000
    assert first.evaluate("window.__e2eSamePage === true"), "the page was reloaded"
    expect(grid(first).locator("tbody tr")).to_have_count(2)
    settled(first)


def _candidate_page(page, name: str) -> None:
    shows(page, page.get_by_role("heading", name=name, level=1))
    settled(page)


def test_a_reload_on_the_candidate_page_keeps_the_user_and_the_page(page, app, context):
    go(page, "Add candidate")
    fill_add_form(page, "Ada Lovelace", "ada@example.com")
    submit_add_form(page, added="Ada Lovelace")
    page.goto(f"{app.url}/candidate?id=1")
    _candidate_page(page, "Ada Lovelace")
    cookie = next(c for c in context.cookies() if c["name"] == "resumedesk_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and not cookie["secure"]
    assert "resumedesk_session" not in page.evaluate("document.cookie")  # scripts cannot read it

    page.reload()
    _candidate_page(page, "Ada Lovelace")
    expect(page.get_by_test_id("stSidebar").get_by_text("Signed in as")).to_be_visible()
    assert page.url.endswith("/candidate?id=1")

    tab = context.new_page()  # a new tab, a pasted link
    tab.goto(f"{app.url}/candidate?id=1")
    _candidate_page(tab, "Ada Lovelace")

    sign_out(page)  # ends the session everywhere: the other tab's next run signs out too
    tab.reload()
    expect(tab.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    assert not [c for c in context.cookies() if c["name"] == "resumedesk_session"]


def test_a_deep_link_while_signed_out_lands_on_that_candidate_after_sign_in(app, open_app, browser):
    first = open_app(app)
    for name, email in (("Ada Lovelace", "ada@example.com"), ("Bo Brown", "bo@example.com")):
        go(first, "Add candidate")
        fill_add_form(first, name, email)
        submit_add_form(first, added=name)

    stranger = browser.new_context(viewport={"width": 1400, "height": 1000})  # no cookie
    try:
        page = stranger.new_page()
        page.goto(f"{app.url}/candidate?id=2")
        page.locator(SETTLED).wait_for()
        expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        sign_in(page, ADMIN_EMAIL, ADMIN_PASSWORD)
        _candidate_page(page, "Bo Brown")
        assert page.url.endswith("/candidate?id=2")
        expect(page.get_by_text("Page not found")).to_have_count(0)
    finally:
        stranger.close()


def test_the_pdf_preview_fits_its_column_at_1280_1440_and_1920(page, app, tmp_path):
    """st.pdf draws a page at its natural width; the page zooms it to its column. The page's
    right edge (the canvas's box) is inside the preview's box and the window, at each width."""
    pdf = resume_pdf(tmp_path / "ada.pdf", "Ada Lovelace", "ada@example.com")
    go(page, "Add candidate")
    fill_add_form(page, "Ada Lovelace", "ada@example.com", resume=pdf)
    submit_add_form(page, added="Ada Lovelace")
    for width in (1280, 1440, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{app.url}/candidate?id=1")
        _candidate_page(page, "Ada Lovelace")
        pdf_preview_painted(page)
        canvas = page.locator(".react-pdf__Page[data-page-number='1'] canvas").bounding_box()
        preview = page.locator(".st-key-pdf_preview").bounding_box()
        column_right = preview["x"] + preview["width"]
        assert preview["width"] > 300, preview
        assert canvas["x"] >= preview["x"] - 0.5 and canvas["x"] + canvas["width"] <= column_right + 0.5, \
            f"at {width} px the page ends at {canvas['x'] + canvas['width']:.0f}, its column at {column_right:.0f}"
        assert column_right <= width
        assert canvas["width"] > 0.45 * preview["width"], "scaled to the column, not shrunk to a stamp"
        if width in (1280, 1440):
            page.screenshot(path=str(APP_ROOT / "docs" / f"candidate-{width}.png"))


def test_at_390_px_the_sidebar_folds_after_choosing_a_page(app, browser, page):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        small = phone.new_page()
        small.goto(app.url)
        small.locator(SETTLED).wait_for()
        form = small.get_by_test_id("stForm")
        form.get_by_label("Email", exact=True).fill(ADMIN_EMAIL)
        form.get_by_label("Password", exact=True).fill(ADMIN_PASSWORD)
        form.get_by_role("button", name="Sign in").click()
        sidebar = small.get_by_test_id("stSidebar")
        small.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar.get_by_role("link", name="Add candidate")).to_be_in_viewport()
        sidebar.get_by_role("link", name="Add candidate").click()
        shows(small, small.get_by_role("heading", name="Add candidate", level=1))
        expect(sidebar.get_by_role("link", name="Add candidate")).not_to_be_in_viewport()
        box = sidebar.bounding_box()
        assert box is None or box["x"] + box["width"] <= 0, box
    finally:
        phone.close()
    go(page, "Add candidate")  # a wide window keeps it open beside the page
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Candidates")).to_be_in_viewport()
