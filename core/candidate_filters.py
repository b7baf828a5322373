"""Filters on the candidates list that come with notes, tags and consent: by tag, and by the
consent-until date. Shared by core/candidates.py (the list, the CSV export) and core/tags.py."""
from __future__ import annotations

import unicodedata
from datetime import date

from sqlalchemy import select

from core.errors import ValidationError
from core.models import Candidate, CandidateTag
from core.validation import one_line

MAX_TAG = 40
# The consent filter: no date, a date still to come (today counts), a date gone by.
CONSENT_FILTERS = ("none", "valid", "expired")


def clean_tag(raw: str | None) -> str:
    """A tag as stored: one line, lower case, at most MAX_TAG characters; '#java' is 'java'."""
    tag = one_line(raw).lower().lstrip("#").strip()
    if not tag:
        raise ValidationError("A tag is empty.")
    if len(tag) > MAX_TAG:
        raise ValidationError(f"The tag {tag[:MAX_TAG]!r}… is longer than {MAX_TAG} characters.")
    if any(unicodedata.category(c)[0] == "C" for c in tag):
        raise ValidationError("A tag contains control characters.")
    return tag


def filter_by_tag(query, tag: str | None):
    """Only candidates carrying `tag` (None or empty: no filter)."""
    if tag is None or not str(tag).strip():
        return query
    tagged = select(CandidateTag.candidate_id).where(CandidateTag.tag == clean_tag(tag))
    return query.where(Candidate.id.in_(tagged))


def filter_by_consent(query, consent: str | None, today: date | None = None):
    """Only candidates whose consent-until date is `none`, `valid` (today or later) or `expired`."""
    if not consent:
        return query
    if consent not in CONSENT_FILTERS:
        raise ValidationError(f"Unknown consent filter {consent!r}; use one of {', '.join(CONSENT_FILTERS)}.")
    today = today or date.today()
    if consent == "none":
        return query.where(Candidate.consent_until.is_(None))
    if consent == "valid":
        return query.where(Candidate.consent_until >= today)
    return query.where(Candidate.consent_until < today)
