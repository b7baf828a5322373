"""Possible duplicates: the pairs the intake rules found (core/contacts.py), what a recruiter
does with each (keep both, or merge), and the merge itself.

A merge keeps one record: the kept candidate takes the other's contact fields where its own
are empty, the newer of the two resumes (with its parse), and the other's audit trail (the
audit log lists a merged candidate's rows under the one it was merged into). The removed
candidate's row and file go; everything happens in one transaction, the file swap included.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased

from core import audit, contacts, jobs, search, storage
from core.accounts import UserRecord
from core.candidates import CandidateRecord, _get_row
from core.db import session_scope
from core.errors import NotFoundError, ValidationError
from core.models import Candidate, CandidateMerge, DuplicatePair, utcnow
from core.permissions import Perm, require
from core.validation import valid_id

log = logging.getLogger(__name__)

# Resume and parse columns that travel together when the newer resume is kept.
_RESUME_COLUMNS = ("resume_filename", "resume_size", "resume_sha256", "resume_uploaded_at", "parse_status",
                   "parse_stage", "parse_error", "parsed_resume", "parser_backend", "hidden_text", "parsed_at")


@dataclass(frozen=True)
class Pair:
    id: int
    rule: str
    reason: str
    found_at: datetime
    newer: CandidateRecord
    older: CandidateRecord


def list_pairs(actor: UserRecord, candidate_id: int | None = None, limit: int = 500) -> list[Pair]:
    """Open pairs (not dismissed), newest first; only one candidate's with `candidate_id`."""
    require(actor, Perm.VIEW)
    newer, older = aliased(Candidate), aliased(Candidate)
    q = (select(DuplicatePair, newer, older)
         .join(newer, newer.id == DuplicatePair.candidate_id)
         .join(older, older.id == DuplicatePair.other_id)
         .where(DuplicatePair.dismissed_at.is_(None))
         .order_by(DuplicatePair.id.desc()).limit(max(1, min(int(limit), 5000))))
    if candidate_id is not None:
        q = q.where((DuplicatePair.candidate_id == candidate_id) | (DuplicatePair.other_id == candidate_id))
    with session_scope(readonly=True) as s:
        return [Pair(p.id, p.rule, contacts.RULE_TEXT.get(p.rule, p.rule), p.found_at,
                     CandidateRecord.from_row(a), CandidateRecord.from_row(b))
                for p, a, b in s.execute(q).all()]


def open_pair_count(actor: UserRecord) -> int:
    require(actor, Perm.VIEW)
    with session_scope(readonly=True) as s:
        return s.execute(select(func.count(DuplicatePair.id)).where(DuplicatePair.dismissed_at.is_(None))).scalar_one()


def _get_pair(s, pair_id: int) -> DuplicatePair:
    pair = s.get(DuplicatePair, pair_id) if valid_id(pair_id) else None
    if pair is None or pair.dismissed_at is not None:
        raise NotFoundError(f"There is no open duplicate pair #{pair_id} (resolved by a colleague?).")
    return pair


def keep_both(actor: UserRecord, pair_id: int) -> None:
    """The two are different people: the pair leaves the list (recorded on both)."""
    actor = require(actor, Perm.EDIT)
    with session_scope() as s:
        pair = _get_pair(s, pair_id)
        pair.dismissed_at, pair.dismissed_by = utcnow(), actor.email
        for one, other in ((pair.candidate_id, pair.other_id), (pair.other_id, pair.candidate_id)):
            audit.record(s, actor, audit.KEEP_BOTH, one, f"not a duplicate of #{other}")


def _newer_resume(a: Candidate, b: Candidate) -> Candidate | None:
    with_file = [c for c in (a, b) if c.resume_path]
    if not with_file:
        return None
    return max(with_file, key=lambda c: (c.resume_uploaded_at or c.created_at, c.id))


def merge_candidates(actor: UserRecord, keep_id: int, remove_id: int) -> CandidateRecord:
    """Merge `remove_id` into `keep_id`: one record, the newer resume, both audit trails."""
    actor = require(actor, Perm.DELETE)
    require(actor, Perm.EDIT)
    if keep_id == remove_id:
        raise ValidationError("A candidate cannot be merged with itself.")
    installed: storage.Installed | None = None
    staged = None
    try:
        with session_scope() as s:
            kept, removed = _get_row(s, keep_id), _get_row(s, remove_id)
            newest = _newer_resume(kept, removed)
            moved = newest is removed
            taken = {f: getattr(removed, f) for f in ("email", "full_name", "name_key", "phone", "phone_e164",
                                                       "phone_typed")}
            resume = {c: getattr(removed, c) for c in _RESUME_COLUMNS}
            s.execute(update(CandidateMerge).where(CandidateMerge.kept_id == remove_id).values(kept_id=keep_id)
                      .execution_options(synchronize_session=False))
            s.add(CandidateMerge(removed_id=remove_id, kept_id=keep_id, actor_email=actor.email))
            audit.record(s, actor, audit.MERGE, remove_id, f"merged into #{keep_id}")
            removed_text = search.indexed_text(s, remove_id)
            s.delete(removed)
            s.flush()  # the removed row's email is free for the kept one
            if kept.email is None and taken["email"]:
                kept.email = taken["email"]
            if kept.name_key is None and taken["name_key"]:
                kept.full_name, kept.name_key = taken["full_name"], taken["name_key"]
            if kept.phone is None and taken["phone"]:
                kept.phone, kept.phone_e164, kept.phone_typed = taken["phone"], taken["phone_e164"], taken["phone_typed"]
            if moved:
                for column, value in resume.items():
                    setattr(kept, column, value)
                if kept.parse_status == "pending":  # its job was the removed row's: queue it again here
                    kept.parse_stage, kept.parse_attempts = "queued", 0
                kept.lease_owner = kept.lease_expires_at = kept.next_attempt_at = None
                staged = storage.link_for_install(remove_id)
                installed = storage.install_resume_file(staged, keep_id)
                staged = None
                kept.resume_path = str(installed.target)
            kept.fill_from_parse = None if kept.parse_status != "pending" else kept.fill_from_parse
            contacts.review(kept)
            s.flush()
            search.index_candidate(s, keep_id, removed_text if moved else None)
            audit.record(s, actor, audit.MERGE, keep_id,
                         f"#{remove_id} merged in; kept the resume of #{remove_id if moved else keep_id}")
            s.flush()
            record = CandidateRecord.from_row(kept)
    except BaseException:
        if installed is not None:
            installed.undo()
        if staged is not None:
            staged.unlink(missing_ok=True)
        raise
    if installed is not None:
        installed.keep()
    storage.delete_resume_file(remove_id)
    log.info("candidate %s merged into %s by %s", remove_id, keep_id, actor.email)
    if record.parse_status == "pending":
        jobs.wake()
    return record
