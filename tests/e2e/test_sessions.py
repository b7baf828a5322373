"""Staying signed in, links that work, the candidate page, and the table following changes made
elsewhere: in Debian's Chromium against the app started as `make run` does."""
from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.e2e.helpers import (
    ADMIN_EMAIL, ADMIN_PASSWORD, SETTLED, fill_add_form, go, grid, row, settled, sign_in, submit_add_form,
)

LIVE_WITHIN_MS = 5_000


def test_a_second_browsers_new_candidate_appears_in_the_table_without_a_reload(app, browser, open_app, tmp_path):
    first = open_app(app)
    go(first, "Add candidate")
    fill_add_form(first, "Ada Lovelace", "ada@example.com")
    submit_add_form(first, added="Ada Lovelace")
    go(first, "Candidates")
    expect(row(first, "Ada Lovelace")).to_have_count(1)
    expect(first.get_by_text("no_resume 1")).to_be_visible()
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
        expect(first.get_by_text("no_resume 2")).to_be_visible(timeout=LIVE_WITHIN_MS)
        seen_after = time.monotonic() - added_at
    finally:
        other.close()
    assert seen_after < LIVE_WITHIN_MS / 1000
    assert first.evaluate("window.__e2eSamePage === true"), "the page was reloaded"
    expect(grid(first).locator("tbody tr")).to_have_count(2)
    settled(first)
