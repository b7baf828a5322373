"""Screenshots of the main pages, from a real run: the README's pictures.

    E2E_SCREENSHOTS=docs .venv/bin/python -m pytest tests/e2e/test_screenshots.py

writes docs/candidates.png (the table with statuses), docs/add-candidate.png (the form) and
docs/candidate.png (parsed fields beside the PDF). Install `fonts-noto-color-emoji` first, or the
status icons show as empty boxes. Without E2E_SCREENSHOTS the same run writes them to a
temporary folder: the walk through the three pages is a test of its own.
"""
from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.helpers import (
    APP_ROOT, button, cell, fill_add_form, go, load_samples, pdf_preview_painted, resume_pdf,
    select_rows, status_line, submit_add_form,
)

OUT = os.environ.get("E2E_SCREENSHOTS")



def test_readme_screenshots(page, tmp_path):
    out = APP_ROOT / OUT if OUT else tmp_path / "docs"
    out.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1600, "height": 900})

    load_samples(page)
    pdf = resume_pdf(tmp_path / "Ada Lovelace CV.pdf", "Ada Lovelace", "ada@example.com")
    go(page, "Add candidate")
    fill_add_form(page, "Ada Lovelace", "ada@example.com", "+44 20 7946 0958", pdf)
    submit_add_form(page, added="Ada Lovelace")
    expect(status_line(page, 6)).to_contain_text("completed")
    grace = resume_pdf(tmp_path / "Grace Hopper resume.pdf", "Grace Hopper", "grace@example.com")
    fill_add_form(page, "Grace Hopper", "grace@example.com", "+1 202 555 0143", grace)
    shot(page, out / "add-candidate.png")

    go(page, "Candidates")
    expect(cell(page, "Ada Lovelace", "status")).to_contain_text("completed")
    select_rows(page, "Maria Fernández")
    expect(button(page, "Download PDF")).to_be_visible()
    shot(page, out / "candidates.png")

    button(page, "Open").click()
    expect(page.get_by_role("heading", name="Parsed resume")).to_be_visible()
    pdf_preview_painted(page)
    shot(page, out / "candidate.png")
    for name in ("add-candidate.png", "candidates.png", "candidate.png"):
        assert (out / name).read_bytes().startswith(b"\x89PNG"), name


def shot(page, path: Path) -> None:
    page.mouse.move(0, 0)  # no hover effects in the picture
    page.screenshot(path=str(path), animations="disabled")
