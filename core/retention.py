"""Retention: which candidates are due for review (no activity for RETENTION_DAYS, or a
consent-until date gone by), and the pool's periodic task that erases them when
RETENTION_AUTO_ERASE is on. The review page and its explicit erasures are core/privacy.py.

Activity is anything done to a candidate but reading it: downloads, exports and the parse
jobs' own events do not keep a candidate.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from core import audit, erasure
from core.config import get_settings
from core.db import session_scope
from core.errors import NotFoundError
from core.models import AuditEvent, Candidate, utcnow

log = logging.getLogger(__name__)

RETENTION_ACTOR = "retention policy"  # the audit log's actor of automatic erasures
PASSIVE = (audit.DOWNLOAD, audit.DATA_EXPORT, audit.EXPORT, audit.PARSE_START, audit.PARSE_DONE,
           audit.PARSE_FAIL)


@dataclass(frozen=True)
class RetentionItem:
    candidate_id: int
    full_name: str
    email: str | None
    created_at: datetime
    last_activity: datetime
    consent_until: date | None
    reason: str

    def as_dict(self) -> dict:
        return {k: v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in asdict(self).items()}


def due() -> list[RetentionItem]:
    """Candidates whose consent has ended, or (with RETENTION_DAYS) with no activity for that
    long and no consent date; by id."""
    settings = get_settings()
    now = utcnow()
    cutoff = now - timedelta(days=settings.retention_days) if settings.retention_days else None
    latest = (select(AuditEvent.candidate_id, func.max(AuditEvent.at).label("at"))
              .where(AuditEvent.candidate_id.is_not(None), AuditEvent.action.not_in(PASSIVE))
              .group_by(AuditEvent.candidate_id).subquery())
    q = (select(Candidate.id, Candidate.full_name, Candidate.email, Candidate.created_at,
                Candidate.consent_until, latest.c.at)
         .outerjoin(latest, latest.c.candidate_id == Candidate.id).order_by(Candidate.id))
    items = []
    with session_scope(readonly=True) as s:
        for cid, name, email, created, consent, at in s.execute(q):
            if at is not None and at.tzinfo is None:  # SQLite's max() comes back without the zone
                at = at.replace(tzinfo=created.tzinfo)
            last = max(created, at) if at is not None else created
            if consent is not None and consent < now.date():
                reason = f"consent ended on {consent.isoformat()}"
            elif cutoff is not None and consent is None and last < cutoff:
                reason = f"no activity for {(now - last).days} days"
            else:
                continue
            items.append(RetentionItem(cid, name, email, created, last, consent, reason))
    return items


def sweep() -> int:
    """The parser pool's periodic task: settle leftovers, and with RETENTION_AUTO_ERASE erase
    every candidate due; returns how many were erased."""
    erasure.settle()
    if not get_settings().retention_auto_erase:
        return 0
    erased = 0
    for item in due():
        try:
            erasure.erase(item.candidate_id, f"automatic retention: {item.reason}", None, RETENTION_ACTOR)
            erased += 1
        except NotFoundError:
            continue
    if erased:
        log.info("retention: erased %d candidates", erased)
    return erased
