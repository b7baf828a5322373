"""ui/common.py: the small pieces every page shows the same way."""
from __future__ import annotations

import pytest

from core.candidates import STATUSES
from ui import common


def test_every_status_has_an_icon_and_pending_shows_its_stage():
    assert set(common.STATUS_ICONS) == set(STATUSES)
    assert common.status_label("completed") == "✅ completed"
    assert common.status_label("pending", "parsing") == "⏳ pending · parsing"
    assert common.status_label("failed", "parsing") == "❌ failed", "only a pending job has a stage"


@pytest.mark.parametrize("size, shown", [(None, ""), (0, ""), (2048, "2 KB"), (1536 * 1024, "1.5 MB")])
def test_human_size(size, shown):
    assert common.human_size(size) == shown
