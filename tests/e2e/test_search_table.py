"""Search and the candidates table in Chromium: by a skill, by an employer, by an accented name
typed without its accents; and at 1280 and 1440 px every column header inside the table's box.

    E2E_SCREENSHOTS=docs .venv/bin/python -m pytest tests/e2e/test_search_table.py

keeps the pictures (docs/table-1280.png, docs/table-1440.png); without it they go to a temporary folder.
"""
from __future__ import annotations

import os

from playwright.sync_api import expect

from tests.e2e.helpers import APP_ROOT, grid, load_samples, settled

OUT = os.environ.get("E2E_SCREENSHOTS")
HEADERS = ["name", "#", "title", "employer", "location", "yrs", "skills", "status", "step", "added", "tags"]  # the pinned name first


def search(page, text: str) -> None:
    box = page.get_by_role("textbox", name="Search", exact=True)
    box.fill(text)
    box.press("Enter")
    settled(page)


def test_search_by_skill_employer_and_a_name_without_its_accents(page):
    load_samples(page)
    search(page, "spark")  # a skill of Maria's parsed resume only
    expect(grid(page).locator("tbody tr")).to_have_count(1)
    expect(grid(page)).to_contain_text("Maria Fernández")
    search(page, "nubeva")  # her employer
    expect(grid(page).locator("tbody tr")).to_have_count(1)
    expect(grid(page)).to_contain_text("Maria Fernández")
    search(page, "fernandez")  # typed without the accent
    expect(grid(page).locator("tbody tr")).to_have_count(1)
    expect(grid(page)).to_contain_text("Maria Fernández")
    search(page, "zzyzx")
    expect(page.get_by_text("0 candidate(s) · page 1 of 1")).to_be_visible()
    search(page, "")
    expect(grid(page).locator("tbody tr")).to_have_count(5)


def test_every_column_header_shows_at_1280_and_1440(page, tmp_path):
    out = APP_ROOT / OUT if OUT else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    load_samples(page)
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 800})
        settled(page)
        table = grid(page)
        table.scroll_into_view_if_needed()
        page.mouse.move(0, 0)
        page.screenshot(path=str(out / f"table-{width}.png"), animations="disabled")
        frame = table.bounding_box()
        assert frame["x"] + frame["width"] <= width, f"the table itself fits {width} px"
        heads = table.locator("thead th")
        expect(heads).to_have_count(len(HEADERS))  # the grid writes only the columns in view
        assert [t.strip() for t in heads.all_inner_texts()] == HEADERS
        scroller = table.locator(".dvn-scroller").first  # the grid's scrolling box
        box = scroller.bounding_box()
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1, (box, frame)
        content, shown = scroller.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert content <= shown + 1, f"at {width} px the columns need {content} px and get {shown}: some are cut off"
        assert (out / f"table-{width}.png").read_bytes().startswith(b"\x89PNG")
