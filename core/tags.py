"""Free tags on candidates (`java`, `referral`, `shortlist`): set and cleared one candidate or
many at a time by whoever may edit candidates; the tags in use are offered for autocomplete
and as a filter (core/candidate_filters.py). One audit row per candidate changed, naming the
tags."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from core import audit
from core.accounts import UserRecord
from core.candidate_filters import clean_tag
from core.candidates import _get_row
from core.db import session_scope
from core.errors import ValidationError
from core.models import Candidate, CandidateTag, utcnow
from core.permissions import Perm, require
from core.validation import valid_id

MAX_TAGS = 30          # per candidate
MAX_AT_ONCE = 1000     # candidates changed by one call


def clean_tags(raw: Iterable[str] | str | None) -> list[str]:
    """Tags from a list, or from text separated by commas; cleaned, each once, in order."""
    items = raw.split(",") if isinstance(raw, str) else list(raw or [])
    return list(dict.fromkeys(clean_tag(t) for t in items if str(t or "").strip()))


def _ids(candidate_ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(candidate_ids))
    if len(ids) > MAX_AT_ONCE:
        raise ValidationError(f"Tag at most {MAX_AT_ONCE} candidates at once.")
    return [i for i in ids if valid_id(i)]


def tags_of(actor: UserRecord, candidate_id: int) -> list[str]:
    require(actor, Perm.VIEW)
    with session_scope(readonly=True) as s:
        _get_row(s, candidate_id)
        return list(s.execute(select(CandidateTag.tag).where(CandidateTag.candidate_id == candidate_id)
                              .order_by(CandidateTag.tag)).scalars())


def tags_for(actor: UserRecord, candidate_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each candidate's tags (sorted), for a page of the table: one query."""
    require(actor, Perm.VIEW)
    ids = _ids(candidate_ids)
    out: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return out
    with session_scope(readonly=True) as s:
        for cid, tag in s.execute(select(CandidateTag.candidate_id, CandidateTag.tag)
                                  .where(CandidateTag.candidate_id.in_(ids)).order_by(CandidateTag.tag)):
            out[cid].append(tag)
    return out


def tags_in_use(actor: UserRecord) -> list[tuple[str, int]]:
    """(tag, how many candidates carry it), the most used first: what autocomplete offers."""
    require(actor, Perm.VIEW)
    with session_scope(readonly=True) as s:
        n = func.count(CandidateTag.candidate_id)
        return [(t, c) for t, c in s.execute(select(CandidateTag.tag, n).group_by(CandidateTag.tag)
                                            .order_by(n.desc(), CandidateTag.tag))]


def _change(actor: UserRecord, candidate_ids: Iterable[int], add: list[str], remove: list[str],
            replace: bool = False) -> int:
    """Add and remove tags on each existing candidate; returns how many candidates changed."""
    actor = require(actor, Perm.EDIT)
    ids = _ids(candidate_ids)
    try:
        return _apply(actor, ids, add, remove, replace)
    except IntegrityError:  # the same tag added to the same candidate at the same moment elsewhere
        return _apply(actor, ids, add, remove, replace)


def _apply(actor: UserRecord, ids: list[int], add: list[str], remove: list[str], replace: bool) -> int:
    changed = 0
    with session_scope() as s:
        present = set(s.execute(select(Candidate.id).where(Candidate.id.in_(ids))).scalars()) if ids else set()
        for cid in (i for i in ids if i in present):
            had = set(s.execute(select(CandidateTag.tag).where(CandidateTag.candidate_id == cid)).scalars())
            gone = (had - set(add)) if replace else (had & set(remove))
            new = [t for t in add if t not in had]
            if len(had) - len(gone) + len(new) > MAX_TAGS:
                raise ValidationError(f"Candidate #{cid} would have more than {MAX_TAGS} tags.")
            if gone:
                s.execute(delete(CandidateTag).where(CandidateTag.candidate_id == cid, CandidateTag.tag.in_(gone)))
                audit.record(s, actor, audit.TAG_REMOVE, cid, ", ".join(sorted(gone)))
            if new:
                s.add_all(CandidateTag(candidate_id=cid, tag=t, created_by=actor.email) for t in new)
                audit.record(s, actor, audit.TAG_ADD, cid, ", ".join(new))
            if gone or new:  # the candidate changed: live tables re-read it (core/changes.py)
                s.execute(update(Candidate).where(Candidate.id == cid).values(updated_at=utcnow())
                          .execution_options(synchronize_session=False))
                changed += 1
    return changed


def add_tags(actor: UserRecord, candidate_ids: Iterable[int], tags: Iterable[str] | str) -> int:
    """Tag several candidates at once (those gone meanwhile are skipped); returns how many changed."""
    wanted = clean_tags(tags)
    if not wanted:
        raise ValidationError("Give at least one tag.")
    return _change(actor, candidate_ids, wanted, [])


def remove_tags(actor: UserRecord, candidate_ids: Iterable[int], tags: Iterable[str] | str) -> int:
    """Clear these tags from several candidates at once; returns how many changed."""
    wanted = clean_tags(tags)
    if not wanted:
        raise ValidationError("Give at least one tag.")
    return _change(actor, candidate_ids, [], wanted)


def set_tags(actor: UserRecord, candidate_id: int, tags: Iterable[str] | str) -> list[str]:
    """Make the candidate's tags exactly these; returns them, sorted."""
    wanted = clean_tags(tags)
    require(actor, Perm.EDIT)
    with session_scope(readonly=True) as s:
        _get_row(s, candidate_id)
    _change(actor, [candidate_id], wanted, [], replace=True)
    return tags_of(actor, candidate_id)
