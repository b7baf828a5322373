"""A candidate's contact fields and the parse: filled from it where they were left empty,
compared with it where they were typed, the needs-review flag that says what is missing, and
the duplicate rules that compare them with every other candidate's.

Typed values always win: the parse fills only the fields named in `fill_from_parse` (those
left empty at intake), and the parsed values stay in the parsed document, so the candidate
page can show both and let the recruiter pick. An email is never made up: a candidate whose
resume shows none keeps none and is flagged for review.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.models import Candidate, DuplicatePair
from core.phones import Phone, read_phone
from core.validation import clean_email, one_line, storable

log = logging.getLogger(__name__)

MAX_NAME = 200
FIELDS = ("full_name", "email", "phone")


def clean_name(full_name: str | None) -> str:
    name = storable(one_line(full_name, MAX_NAME + 1), "The name")
    if not name:
        raise ValidationError("The name is empty.")
    if len(name) > MAX_NAME:
        raise ValidationError(f"The name is longer than {MAX_NAME} characters.")
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise ValidationError("The name contains control characters.")
    return name


def placeholder_name(filename: str | None) -> str:
    """What stands in for the name until the parse reads it: the file's name without `.pdf`."""
    stem = re.sub(r"(?i)\.pdf$", "", str(filename or "").replace("\\", "/").split("/")[-1])
    stem = one_line("".join(c for c in stem if unicodedata.category(c)[0] != "C"), MAX_NAME - 2)
    return f"({stem or 'resume'})"


def set_name(row: Candidate, name: str, *, placeholder: bool = False) -> None:
    row.full_name = name
    row.name_key = None if placeholder else name_key(name)


def set_phone(row: Candidate, phone: Phone | None) -> None:
    row.phone = phone.display if phone else None
    row.phone_e164 = phone.e164 if phone else None
    row.phone_typed = phone.typed if phone else None


def missing(row: Candidate) -> list[str]:
    """The contact fields a parse may fill: those still empty (or a placeholder name)."""
    return [f for f, empty in (("full_name", row.name_key is None), ("email", row.email is None),
                               ("phone", row.phone is None)) if empty]


def review(row: Candidate, reasons: list[str] | None = None) -> None:
    """Flag the candidate when it has no email or no real name (and say why)."""
    reasons = list(reasons or [])
    if row.email is None and not any("email" in r for r in reasons):
        reasons.append("no email")
    if row.name_key is None:
        reasons.append("no name (the file's name stands in)")
    row.needs_review = bool(reasons)
    row.review_reason = "; ".join(reasons)[:500] or None


def parsed_region(doc: dict | None) -> str | None:
    """The resume's own country (its location), to read a phone printed without +country code."""
    code = (((doc or {}).get("basics") or {}).get("location") or {}).get("countryCode")
    return code.upper() if isinstance(code, str) and len(code) == 2 and code.isalpha() else None


@dataclass(frozen=True)
class Parsed:
    """The contacts the parse read, cleaned as typed ones are (None where unreadable)."""
    name: str | None
    email: str | None
    phone: Phone | None


def parsed_contacts(doc: dict | None) -> Parsed:
    basics = (doc or {}).get("basics") or {}
    try:
        name = clean_name(basics.get("name")) if isinstance(basics.get("name"), str) else None
    except ValidationError:
        name = None
    try:
        email = clean_email(basics.get("email")) if isinstance(basics.get("email"), str) else None
    except ValidationError:
        email = None
    phone = read_phone(basics.get("phone"), parsed_region(doc)) if isinstance(basics.get("phone"), str) else None
    return Parsed(name, email, phone)


def _fill_email(s: Session, row: Candidate, email: str) -> str | None:
    """Set the parsed email unless another candidate has it; the reason when it could not."""
    owner = s.query(Candidate.id).filter(Candidate.email == email, Candidate.id != row.id).scalar()
    if owner is None:
        try:
            with s.begin_nested():  # a colleague's commit may take the address meanwhile
                row.email = email
                s.flush()
            return None
        except IntegrityError:
            row.email = None
            owner = s.query(Candidate.id).filter(Candidate.email == email).scalar()
    record_pairs(s, row.id, [Match(owner, "", "email")] if owner else [])
    return f"the email in the resume belongs to candidate #{owner}"


def after_parse(s: Session, candidate_id: int) -> None:
    """In the transaction that stores a completed parse: fill what was left empty, flag what
    is still missing, and record the possible duplicates the parsed contacts reveal."""
    row = s.get(Candidate, candidate_id)
    if row is None:
        return
    wanted = set((row.fill_from_parse or "").split(",")) & set(FIELDS)
    found = parsed_contacts(row.parsed_resume)
    reasons = []
    if "full_name" in wanted:
        if found.name:
            set_name(row, found.name)
        else:
            reasons.append("the resume shows no name")
    if "phone" in wanted and found.phone:
        set_phone(row, found.phone)
    if "email" in wanted:
        if found.email is None:
            reasons.append("the resume shows no email")
        elif (why := _fill_email(s, row, found.email)) is not None:
            reasons.append(why)
    row.fill_from_parse = None
    if wanted:
        review(row, reasons)
    s.flush()
    record_pairs(s, row.id, find_matches(s, probe(row), exclude_id=row.id))
    log.info("candidate %s: contacts from the parse (%s)%s", candidate_id, ", ".join(sorted(wanted)) or "none",
             "; needs review" if row.needs_review else "")


def after_failure(s: Session, candidate_id: int) -> None:
    """A parse that failed for good leaves its empty fields to the recruiter: flag them."""
    row = s.get(Candidate, candidate_id)
    if row is not None and row.fill_from_parse:
        row.fill_from_parse = None
        review(row, ["the parse failed: fill in the contacts by hand"] if row.email is None else [])


@dataclass(frozen=True)
class Difference:
    field: str    # full_name / email / phone
    label: str
    current: str | None
    parsed: str


def differences(row_or_record, doc: dict | None) -> list[Difference]:
    """The contact fields whose parsed value differs from the stored one (to pick from)."""
    found = parsed_contacts(doc)
    out = []
    if found.name and name_key(found.name) != row_or_record.name_key:
        out.append(Difference("full_name", "Name", row_or_record.full_name, found.name))
    if found.email and found.email != row_or_record.email:
        out.append(Difference("email", "Email", row_or_record.email, found.email))
    if found.phone and found.phone.e164 != row_or_record.phone_e164:
        out.append(Difference("phone", "Phone", row_or_record.phone, found.phone.display))
    return out


# --- duplicates ---------------------------------------------------------------------------

# Strongest first: a pair is recorded once, under the strongest rule that matched.
RULES = ("file", "name_contact", "email", "phone", "name")
RULE_TEXT = {
    "file": "the same resume file",
    "name_contact": "the same name and a shared email or phone",
    "email": "the same email",
    "phone": "the same phone number",
    "name": "the same name (ignoring accents, case and word order)",
}
MAX_MATCHES = 20


def name_key(name: str | None) -> str | None:
    """The name folded for matching: accents, case, punctuation and word order do not count
    ("José  GARCÍA-López" and "Lopez, Jose Garcia" give the same key)."""
    text = "".join(c for c in unicodedata.normalize("NFKD", name or "") if not unicodedata.combining(c)).casefold()
    words = sorted(w for w in re.split(r"[\W_]+", text) if w)
    return " ".join(words)[:200] or None


@dataclass(frozen=True)
class Match:
    other_id: int
    other_name: str
    rule: str

    @property
    def reason(self) -> str:
        return RULE_TEXT.get(self.rule, self.rule)


@dataclass(frozen=True)
class Probe:
    """What a candidate is matched on: its file, folded name, and every email and phone it
    has, typed or parsed."""
    sha256: str | None
    name_key: str | None
    emails: frozenset[str]
    phones: frozenset[str]


def probe(row: Candidate) -> Probe:
    found = parsed_contacts(row.parsed_resume)
    return Probe(row.resume_sha256, row.name_key,
                 frozenset(e for e in (row.email, found.email) if e),
                 frozenset(p for p in (row.phone_e164, found.phone.e164 if found.phone else None) if p))


def find_matches(s: Session, p: Probe, exclude_id: int | None = None) -> list[Match]:
    """Other candidates that look like the same person, each under its strongest rule."""
    conditions = []
    if p.sha256:
        conditions.append(Candidate.resume_sha256 == p.sha256)
    if p.emails:
        conditions.append(Candidate.email.in_(p.emails))
    if p.phones:
        conditions.append(Candidate.phone_e164.in_(p.phones))
    if p.name_key:
        conditions.append(Candidate.name_key == p.name_key)
    if not conditions:
        return []
    q = select(Candidate).where(or_(*conditions)).order_by(Candidate.id).limit(MAX_MATCHES)
    if exclude_id is not None:
        q = q.where(Candidate.id != exclude_id)
    matches = []
    for other in s.execute(q).scalars():
        theirs = probe(other)
        same_name = p.name_key is not None and other.name_key == p.name_key
        if p.sha256 and other.resume_sha256 == p.sha256:
            rule = "file"
        elif same_name and (p.emails & theirs.emails or p.phones & theirs.phones):
            rule = "name_contact"
        elif other.email in p.emails:
            rule = "email"
        elif other.phone_e164 in p.phones:
            rule = "phone"
        else:
            rule = "name"
        matches.append(Match(other.id, other.full_name, rule))
    return matches


def record_pairs(s: Session, candidate_id: int, matches: list[Match]) -> None:
    """Remember each match as a pair (newer candidate, older one) unless the two are already
    paired; a stronger rule replaces a weaker one."""
    for m in matches:
        if m.other_id == candidate_id:
            continue
        pair = s.execute(select(DuplicatePair).where(or_(
            (DuplicatePair.candidate_id == candidate_id) & (DuplicatePair.other_id == m.other_id),
            (DuplicatePair.candidate_id == m.other_id) & (DuplicatePair.other_id == candidate_id),
        ))).scalar()
        if pair is None:
            s.add(DuplicatePair(candidate_id=max(candidate_id, m.other_id), other_id=min(candidate_id, m.other_id),
                                rule=m.rule))
        elif RULES.index(m.rule) < RULES.index(pair.rule) if pair.rule in RULES else True:
            pair.rule = m.rule
    s.flush()
