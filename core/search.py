"""Search over candidates: what they typed (name, email, phone) and what their resumes say
(skills, employers, titles, schools, degrees, languages, location, the full text).

Every word typed must match (accents and case ignored), either as the start of a word
anywhere in the candidate's document or, from three characters on, anywhere inside the name,
email or phone digits ("ernánd", "gmail", "0123"). "Quoted words" must appear together, in
that order. Results are ranked: a word in the name counts most, then contact, titles and
skills, then employers, schools and location, then the resume's text.

Text is folded once, here (`fold`, `words`): both databases index the same words and answer
the same queries alike. The engines:
- SQLite: FTS5 tables (`unicode61 remove_diacritics 2` for words, `trigram` for substrings)
  over candidate_search, kept in step by triggers; ranked by bm25.
- PostgreSQL: a generated tsvector column with a GIN index (`simple` configuration, words
  weighted A-D), and a pg_trgm GIN index for substrings; ranked by ts_rank.

`index_candidate` writes a candidate's row in the caller's transaction (the one that writes
the candidate or its parse); deleting a candidate deletes its rows (foreign keys with
ON DELETE CASCADE, and the triggers take the words out of the FTS5 tables).
"""
from __future__ import annotations

import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time as dtime, timedelta, timezone

from sqlalchemy import Float, and_, bindparam, case, cast, column, delete, func, literal_column, select, table, text, union
from sqlalchemy.orm import Session

from core import resume_facts as facts
from core.candidate_filters import filter_by_consent, filter_by_tag
from core.errors import ValidationError
from core.models import Candidate, CandidateSearch, CandidateSkill
from core.validation import one_line, storable

MAX_SEARCH = 200  # characters of a search; nobody types more
NEEDS_REVIEW = "needs_review"  # a status filter beside the parse statuses (Candidate.needs_review)
MAX_TERMS = 16
MAX_BODY_CHARS = 60_000  # of a resume's text; a long CV is under 20,000
MAX_WORD = 60  # longer "words" (base64, hashes) are not indexed
MIN_SUBSTRING = 3  # trigrams: shorter substrings cannot use the index
# bm25 weights of the FTS5 columns (name, contact, headline, skills, history, body) and the
# same order of importance as PostgreSQL weights A (name, contact), B, C, D.
FTS_WEIGHTS = (10.0, 5.0, 4.0, 4.0, 2.0, 1.0)
PG_WEIGHTS = "{0.1, 0.3, 0.6, 1.0}"  # D, C, B, A

# Letters NFKD does not take apart, and names of languages a tokenizer would cut to one letter.
_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th",
                          "ŀ": "l", "ŧ": "t"})
_SPECIAL = [(re.compile(r"(?<![\w+#])c\+\+(?![\w+])"), " cplusplus "),
            (re.compile(r"(?<![\w+#])c#(?!\w)"), " csharp "),
            (re.compile(r"(?<![\w+#])f#(?!\w)"), " fsharp "),
            (re.compile(r"(?<![\w.])\.net\b"), " dotnet ")]
_WORD = re.compile(r"[^\W_]+")
_PHONE_QUERY = re.compile(r"^[\d\s+().\-/]+$")
_QUOTED = re.compile(r'"([^"]*)"?')


# --- folding ----------------------------------------------------------------------------

def fold(text: object) -> str:
    """Lower case, accents off ("María" -> "maria", "Łódź" -> "lodz", "Straße" -> "strasse")."""
    t = unicodedata.normalize("NFKD", str(text or "").casefold()).translate(_LETTERS)
    return "".join(c for c in t if not unicodedata.combining(c))


def words(text: object, longest: int | None = MAX_WORD) -> list[str]:
    """The folded words of a text, as both engines' tokenizers cut them (letters and digits),
    leaving out words longer than `longest`."""
    t = fold(text)
    for pattern, replacement in _SPECIAL:
        t = pattern.sub(replacement, t)
    return [w for w in _WORD.findall(t) if longest is None or len(w) <= longest]


def _joined(values) -> str:
    return " ".join(w for v in values for w in words(v))


def _digits(phone: object) -> str:
    return re.sub(r"\D", "", str(phone or ""))


# --- what is indexed --------------------------------------------------------------------

def document(full_name: str, email: str | None, phone: str | None, parsed: dict | None,
             text: str | None = None) -> dict:
    """candidate_search's columns for a candidate; `text` is the resume's visible text (the
    parsed document's sentences stand in when it is not known)."""
    b = facts.basics(parsed)
    names = [full_name, facts._text(b.get("name"))]
    phones = [phone, facts._text(b.get("phone"))]
    emails = [email, facts._text(b.get("email"))]
    profiles = b.get("profiles") if isinstance(b.get("profiles"), list) else []
    links = [facts._text(p.get(k)) for p in profiles[:20] if isinstance(p, dict) for k in ("url", "username")]
    links.append(facts._text(b.get("url")))
    location = facts.location(parsed)
    employers = facts.employers(parsed)
    body = text[:MAX_BODY_CHARS] if text else " ".join(facts.free_text(parsed))
    exp = facts.experience(parsed)
    digits = [d for d in dict.fromkeys(_digits(p) for p in phones) if d]
    return dict(
        name_text=_joined(names),
        contact_text=_joined(emails + digits + links),
        headline_text=_joined(facts.titles(parsed)),
        skills_text=_joined(facts.skills(parsed) + facts.languages(parsed)),
        history_text=_joined(employers + facts.schools(parsed) + facts.degrees(parsed) + [location]),
        body_text=_joined([body]),
        contact_key="\n".join(dict.fromkeys(" ".join(fold(v).split()) for v in names + emails + digits if v)),
        location_key=" ".join(fold(location).split())[:200],
        employers_key="\n".join(" ".join(fold(e).split()) for e in employers),
        exp_closed_months=exp.closed_months,
        exp_open_since=exp.open_since,
    )


def skill_rows(parsed: dict | None) -> dict[str, str]:
    """{folded skill: the label it was first spelt with}."""
    out: dict[str, str] = {}
    for label in facts.skills(parsed):
        key = " ".join(fold(label).split())[:200]
        if key:
            out.setdefault(key, label[:200])
    return out


def index_candidate(s: Session, candidate_id: int, text: str | None = None) -> None:
    """(Re)write the candidate's search rows in the session's transaction. `text` is the
    resume's text from a new parse; None keeps the text indexed before."""
    row = s.get(Candidate, candidate_id)
    if row is None:
        return
    existing = s.get(CandidateSearch, candidate_id)
    values = document(row.full_name, row.email, row.phone, row.parsed_resume, text)
    if text is None and existing is not None and existing.body_text and row.parsed_resume is not None:
        values["body_text"] = existing.body_text
    if existing is None:
        s.add(CandidateSearch(candidate_id=candidate_id, **values))
    else:
        for key, value in values.items():
            if getattr(existing, key) != value:
                setattr(existing, key, value)
    wanted = skill_rows(row.parsed_resume)
    have = {k.skill: k for k in s.scalars(select(CandidateSkill).where(CandidateSkill.candidate_id == candidate_id))}
    for key in have.keys() - wanted.keys():
        s.delete(have[key])
    for key in wanted.keys() - have.keys():
        s.add(CandidateSkill(candidate_id=candidate_id, skill=key, label=wanted[key]))
    s.flush()


def indexed_text(s: Session, candidate_id: int) -> str | None:
    """The resume text indexed for a candidate (its folded words), to index again elsewhere."""
    row = s.get(CandidateSearch, candidate_id)
    return row.body_text if row is not None and row.body_text else None


def remove_candidate(s: Session, candidate_id: int) -> None:
    """Take a candidate out of the index (the foreign keys also do it when the row goes)."""
    s.execute(delete(CandidateSkill).where(CandidateSkill.candidate_id == candidate_id))
    s.execute(delete(CandidateSearch).where(CandidateSearch.candidate_id == candidate_id))


def purge(s: Session) -> None:
    """Leave no word of a deleted candidate in the index's storage. FTS5 (SQLite 3.40, before
    its secure-delete option) marks deleted rows and drops their words only when it merges its
    segments: 'optimize' merges them all now, and the pages it frees are zeroed (secure_delete).
    PostgreSQL's tsvector lives in the deleted row itself."""
    if s.get_bind().dialect.name == "sqlite":
        for fts in ("candidate_fts", "candidate_trgm"):
            s.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('optimize')"))


_DOC_COLUMNS = ("name_text", "contact_text", "headline_text", "skills_text", "history_text", "body_text",
                "contact_key", "location_key", "employers_key", "exp_closed_months", "exp_open_since")
# Plain table descriptions with only these columns: the migration that made them uses them too.
_SEARCH_ROWS = table("candidate_search", column("candidate_id"), *(column(c) for c in _DOC_COLUMNS))
_SKILL_ROWS = table("candidate_skills", column("candidate_id"), column("skill"), column("label"))


def bulk_index(conn, candidates) -> int:
    """Insert the search rows of candidates that have none: `candidates` yields (id,
    full_name, email, phone, parsed_resume); 500 to a statement."""
    done, batch = 0, []

    def flush() -> None:
        conn.execute(_SEARCH_ROWS.insert(), [dict(candidate_id=r[0], **document(*r[1:])) for r in batch])
        found = [dict(candidate_id=r[0], skill=k, label=v) for r in batch for k, v in skill_rows(r[4]).items()]
        if found:
            conn.execute(_SKILL_ROWS.insert(), found)

    for row in candidates:
        batch.append(tuple(row))
        if len(batch) == 500:
            flush()
            done, batch = done + len(batch), []
    if batch:
        flush()
    return done + len(batch)


def index_missing(conn) -> int:
    """Index every candidate without a candidate_search row (made before the index, or by a
    path that wrote the table directly); their resumes' text is not known, the parsed fields are."""
    c = Candidate.__table__.c
    missing = (select(c.id, c.full_name, c.email, c.phone, c.parsed_resume)
               .outerjoin(CandidateSearch.__table__).where(CandidateSearch.candidate_id.is_(None)).order_by(c.id))
    return bulk_index(conn, conn.execute(missing).all())


# --- queries ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """One thing that must match: words (the last one a prefix unless quoted), and the folded
    text to find inside the name, email or phone digits (None when too short)."""

    words: tuple[str, ...]
    prefix: bool
    substring: str | None

    def fts5(self) -> str:
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")

    def tsquery(self) -> str:
        parts = [f"'{w}'" for w in self.words]
        if self.prefix:
            parts[-1] += ":*"
        return "(" + " <-> ".join(parts) + ")"


def parse_query(query: str | None) -> list[Term]:
    """The terms of what was typed; raises ValidationError when it is too long."""
    q = storable(one_line(query, MAX_SEARCH + 1), "The search")
    if len(q) > MAX_SEARCH:
        raise ValidationError(f"The search is longer than {MAX_SEARCH} characters; shorten it.")
    if not q:
        return []
    digits = _digits(q)
    if _PHONE_QUERY.match(q) and not q.isdigit() and len(digits) >= MIN_SUBSTRING:
        return [Term((digits,), True, digits)]  # a phone number typed with its separators
    terms = []

    def add(raw: str, prefix: bool) -> None:
        ws = words(raw, longest=None)  # a word longer than any indexed one finds nothing
        if ws:
            sub = " ".join(fold(raw).split())
            terms.append(Term(tuple(ws), prefix, sub if len(sub) >= MIN_SUBSTRING else None))

    pos = 0
    for m in _QUOTED.finditer(q):
        for raw in q[pos:m.start()].split():
            add(raw, True)
        add(m.group(1), False)
        pos = m.end()
    for raw in q[pos:].split():
        add(raw, True)
    terms = list(dict.fromkeys(terms))
    if len(terms) > MAX_TERMS:
        raise ValidationError(f"The search has more than {MAX_TERMS} words; leave some out.")
    return terms


@dataclass(frozen=True)
class Filters:
    """What the table is narrowed to; None (or empty) leaves a filter out."""

    search: str | None = None
    status: str | None = None
    skill: str | None = None
    location: str | None = None
    employer: str | None = None
    min_years: float | None = None
    max_years: float | None = None
    added_from: date | None = None
    added_to: date | None = None
    tag: str | None = None  # core/candidate_filters.py
    consent: str | None = None


def _like(value: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", value) + "%"


def _fts_ids(match: str, name: str, table_name: str):
    fts = table(table_name, column("rowid"), column(table_name))
    return select(fts.c.rowid).where(literal_column(table_name).op("MATCH")(bindparam(name, match)))


def _term_ids_sqlite(term: Term, i: int):
    ids = _fts_ids(term.fts5(), f"fts_{i}", "candidate_fts")
    if term.substring:
        quoted = '"' + term.substring.replace('"', '""') + '"'
        ids = union(ids, _fts_ids(quoted, f"trgm_{i}", "candidate_trgm"))
    return ids


def _tsv():
    return literal_column("candidate_search.tsv")


def _term_pg(term: Term, i: int):
    match = _tsv().op("@@")(func.to_tsquery("simple", bindparam(f"tsq_{i}", term.tsquery())))
    if term.substring:
        return match | CandidateSearch.contact_key.like(bindparam(f"like_{i}", _like(term.substring)), escape="\\")
    return match


def _utc_day(d: date) -> datetime:
    return datetime.combine(d, dtime(0), tzinfo=timezone.utc)


def apply(query, f: Filters, dialect: str, *, ranked: bool = True):
    """The query narrowed to the filters (the status already checked), and ordered best first
    when there is a search."""
    terms = parse_query(f.search)
    query = filter_by_consent(filter_by_tag(query, f.tag), f.consent)
    if f.status == NEEDS_REVIEW:
        query = query.where(Candidate.needs_review.is_(True))
    elif f.status:
        query = query.where(Candidate.parse_status == f.status)
    if f.added_from:
        query = query.where(Candidate.created_at >= _utc_day(f.added_from))
    if f.added_to:
        query = query.where(Candidate.created_at < _utc_day(f.added_to + timedelta(days=1)))
    if f.skill:
        key = " ".join(fold(f.skill).split())
        query = query.where(Candidate.id.in_(select(CandidateSkill.candidate_id).where(CandidateSkill.skill == key)))
    narrow = []
    if f.location and fold(f.location).strip():
        narrow.append(CandidateSearch.location_key.like(_like(" ".join(fold(f.location).split())), escape="\\"))
    if f.employer and fold(f.employer).strip():
        narrow.append(CandidateSearch.employers_key.like(_like(" ".join(fold(f.employer).split())), escape="\\"))
    months = CandidateSearch.exp_closed_months + case(
        (CandidateSearch.exp_open_since.is_(None), 0),
        else_=facts.month_index(date.today()) - CandidateSearch.exp_open_since + 1)
    if f.min_years is not None and f.min_years > 0:
        narrow.append(months >= round(float(f.min_years) * 12))
    if f.max_years is not None:
        narrow.append(months <= round(float(f.max_years) * 12))
    if dialect == "postgresql" and terms:
        narrow.extend(_term_pg(t, i) for i, t in enumerate(terms))
    elif terms:
        for i, t in enumerate(terms):
            query = query.where(Candidate.id.in_(_term_ids_sqlite(t, i)))
    if narrow:
        query = query.where(Candidate.id.in_(select(CandidateSearch.candidate_id).where(and_(*narrow))))
    if not ranked:
        return query
    if terms:
        query, best = _ranked(query, terms, dialect)
        return query.order_by(best, Candidate.created_at.desc(), Candidate.id.desc())
    return query.order_by(Candidate.created_at.desc(), Candidate.id.desc())


def _ranked(query, terms: list[Term], dialect: str):
    """The query joined to each candidate's score (any term counts), and the order by it."""
    if dialect == "postgresql":
        anyterm = " | ".join(t.tsquery() for t in terms)
        rank = func.ts_rank(literal_column(f"'{PG_WEIGHTS}'::float4[]"), _tsv(),
                            func.to_tsquery("simple", bindparam("tsq_rank", anyterm)))
        query = query.outerjoin(CandidateSearch, CandidateSearch.candidate_id == Candidate.id)
        return query, rank.desc()
    anyterm = " OR ".join(t.fts5() for t in terms)
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    ranks = (select(literal_column("rowid").label("id"), literal_column(f"-bm25(candidate_fts, {weights})").label("score"))
             .select_from(table("candidate_fts"))
             .where(literal_column("candidate_fts").op("MATCH")(bindparam("fts_rank", anyterm)))
             .subquery("ranks"))
    query = query.outerjoin(ranks, ranks.c.id == Candidate.id)
    return query, cast(ranks.c.score, Float).desc().nulls_last()


# --- the skill filter's choices ---------------------------------------------------------

_options_lock = threading.Lock()
_options: dict[str, tuple[float, list[tuple[str, int]]]] = {}
OPTIONS_TTL_S = 30.0


def skill_options(s: Session, limit: int = 500) -> list[tuple[str, int]]:
    """(label, candidates) of the most common skills, most common first. Kept for
    OPTIONS_TTL_S per database: counting them reads every candidate's skills."""
    key = str(s.get_bind().url)
    with _options_lock:
        hit = _options.get(key)
        if hit and time.monotonic() - hit[0] < OPTIONS_TTL_S:
            return hit[1]
    n = func.count().label("n")
    rows = s.execute(select(func.min(CandidateSkill.label), n).group_by(CandidateSkill.skill)
                     .order_by(n.desc(), CandidateSkill.skill).limit(limit)).all()
    result = [(label, count) for label, count in rows]
    with _options_lock:
        _options[key] = (time.monotonic(), result)
    return result


def forget_skill_options() -> None:
    with _options_lock:
        _options.clear()
