"""What an attacker tried in the browser: Markdown in a name and in a PDF, framing, the
metrics endpoint. The app is started as `make run` starts it (serve.py)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.e2e.helpers import (
    button, fill_add_form, go, resume_pdf, select_rows, settled, status_line, submit_add_form, wait_all,
)

PAYLOAD = ("Eve ![n](http://198.51.100.7/pixel.png) [verify](https://evil.example/login) "
           "<img src=http://198.51.100.7/x.png> www.evil.example")
LOOPBACK = {"127.0.0.1", "localhost"}


def visible_text(locator) -> str:
    """What a person reads (the invisible word joiners that stop autolinks left out)."""
    return locator.inner_text().replace("\u2060", "")


def test_markdown_in_a_name_and_a_pdf_is_shown_as_text_and_fetches_nothing(app, context, open_app, tmp_path):
    """Every request the browser makes is logged; none may leave the machine (they are
    stopped here either way), and the payload reads as the characters it is made of."""
    outside = []

    def guard(route):
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = open_app(app)
    pdf = resume_pdf(tmp_path / "Eve [verify](evil).pdf", PAYLOAD[:60], "eve@example.com",
                     employer=PAYLOAD, school=PAYLOAD)
    go(page, "Add candidate")
    fill_add_form(page, PAYLOAD, "eve@example.com", resume=pdf)
    submit_add_form(page)
    expect(status_line(page, 1)).to_contain_text("completed")

    go(page, "Candidates")
    expect(page.get_by_role("heading", name="Candidates", level=1)).to_be_visible()
    wait_all(page, "completed", [PAYLOAD[:13]])
    select_rows(page, PAYLOAD[:13])
    button(page, "Delete").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Eve ![n](http")
    assert PAYLOAD in visible_text(dialog)
    dialog.get_by_role("button", name="Cancel").click()
    settled(page)
    button(page, "Open").click()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Parsed resume")).to_be_visible()
    settled(page)
    assert visible_text(page.get_by_role("heading", level=1)) == PAYLOAD
    assert "[verify](https://evil.example/login)" in visible_text(main)

    links = page.locator("a[href*='evil.example'], a[href^='mailto:']")
    assert links.count() == 0, f"links from the payload: {[link.get_attribute('href') for link in links.all()]}"
    assert page.locator("img[src*='198.51.100.7']").count() == 0, "an image came from the payload"
    assert outside == [], f"the browser reached outside: {outside}"


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read().decode("utf-8", "replace")


def test_no_framing_and_no_metrics(app):
    status, headers, _ = _get(app.url + "/")
    assert status == 200
    assert headers["x-frame-options"] == "DENY"
    assert headers["content-security-policy"] == "frame-ancestors 'none'"
    status, _, body = _get(app.url + "/_stcore/metrics")
    assert status == 404 and "session" not in body
    status, _, body = _get(app.url + "/_stcore/host-config")
    assert json.loads(body)["allowedOrigins"] == [], "no parent frame may drive the app"

