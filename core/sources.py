"""Where a candidate's resume came from: a kind, and a detail (a batch name, who referred them,
which API client). Set at intake, editable later (core/privacy.py set_source)."""
from __future__ import annotations

import unicodedata

from core.errors import ValidationError
from core.validation import one_line

SOURCES = ("upload", "bulk", "api", "referral", "other")
SOURCE_LABELS = {
    "upload": "Upload (the add form)",
    "bulk": "Bulk batch",
    "api": "API client",
    "referral": "Referral",
    "other": "Other",
}
MAX_SOURCE_DETAIL = 200


def clean_source(kind: str | None, detail: str | None = None) -> tuple[str, str | None]:
    """(kind, detail) checked and on one line; an empty kind is `upload`, an empty detail None."""
    kind = str(kind or "upload").strip().lower()
    if kind not in SOURCES:
        raise ValidationError(f"Unknown source {kind!r}; use one of {', '.join(SOURCES)}.")
    text = one_line(detail)
    if len(text) > MAX_SOURCE_DETAIL:
        raise ValidationError(f"The source detail is longer than {MAX_SOURCE_DETAIL} characters.")
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise ValidationError("The source detail contains control characters.")
    return kind, text or None
