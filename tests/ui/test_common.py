"""ui/common.py: the small pieces every page shows the same way."""
from __future__ import annotations

import re

import pytest

from core.candidates import STATUSES
from ui import common
from utils import shown


def test_every_status_has_an_icon_and_pending_shows_its_stage():
    assert set(common.STATUS_ICONS) == set(STATUSES)
    assert common.status_label("completed") == "✅ completed"
    assert common.status_label("no_resume") == "⚪ no resume", "words, not codes"
    assert common.status_label("pending", "extracting") == "⏳ reading PDF"
    assert common.status_label("pending") == "⏳ in progress", "the counts line: no stage"
    assert common.status_label("failed", "parsing") == "❌ failed", "only a pending job has a stage"
    assert common.status_label("failed", None, "no text layer") == "❌ failed: no text layer"


def test_table_has_a_row_per_record_and_a_column_per_header():
    from dataclasses import dataclass

    @dataclass
    class Row:
        name: str
        size: int

    df = common.table([Row("a", 1), Row("b", 2048)], [("who", "name"), ("size", lambda r: f"{r.size // 1024} KB")])
    assert list(df.columns) == ["who", "size"]
    assert df.to_dict("records") == [{"who": "a", "size": "0 KB"}, {"who": "b", "size": "2 KB"}]
    assert list(common.table([], [("who", "name")]).columns) == ["who"]


@pytest.mark.parametrize("text", [
    "Eve ![n](http://198.51.100.7/p.png) [verify](https://evil.example)",
    "<img src=x onerror=alert(1)> <https://evil.example> www.evil.example eve@evil.example",
    "# heading\n- item\n1. item\n> quote\n[ref]: https://evil.example",
    "$\\href{https://evil.example}{x}$ :red[alert] :material/warning: **bold** `code` \\[",
])
def test_md_escapes_every_markdown_construct(text):
    escaped = common.md(text)
    assert "\n" not in escaped, "kept on one line: no new block can start"
    # Every ASCII punctuation character is escaped: without the escape pairs, none is left.
    assert not re.search(r"[!-/:-@\[-`{-~]", re.sub(r"\\[!-/:-@\[-`{-~]", "", escaped)), escaped
    assert "evil.example" not in escaped and "](" not in escaped
    # No autolink can start: every www., scheme: and @ is cut by an invisible word joiner.
    assert not re.search(r"(?i)(www|https?|mailto)\\?[.:]|[^\u2060]\\@", escaped), escaped
    assert shown(escaped) == " ".join(text.split()), "a person reads exactly the text"
    assert common.md(None) == "" and common.md(7) == "7" and common.md("Zoë Ashworth") == "Zoë Ashworth"
