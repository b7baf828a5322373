"""What a parsed resume (a JSON Resume document) says, read the same way by the search index,
the table and the exports: skills, employers, titles, schools, current job, location and years
of experience.

Documents come from a parser or a model: every field may be missing, empty or of the wrong
type, and every reader here copes with that.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MAX_ITEMS = 200  # entries read from one list (skills, jobs...); a resume has far fewer
MAX_VALUE = 200  # characters kept of one value

_YEAR_MONTH = re.compile(r"^\s*((?:19|20)\d\d)(?:[-/.](\d{1,2}))?")
_PRESENT = re.compile(r"(?i)^\s*(?:|present|current|now|today|ongoing|heute|actual|actualidad|aujourd'hui|oggi)\s*$")


def _text(value: object) -> str:
    return " ".join(value.split())[:MAX_VALUE] if isinstance(value, str) else ""


def _list(doc: dict | None, key: str) -> list[dict]:
    items = doc.get(key) if isinstance(doc, dict) else None
    return [i for i in items[:MAX_ITEMS] if isinstance(i, dict)] if isinstance(items, list) else []


def _unique(values) -> list[str]:
    seen, out = set(), []
    for v in values:
        if v and v.casefold() not in seen:
            seen.add(v.casefold())
            out.append(v)
    return out


def basics(doc: dict | None) -> dict:
    b = doc.get("basics") if isinstance(doc, dict) else None
    return b if isinstance(b, dict) else {}


def skills(doc: dict | None) -> list[str]:
    """Every skill in resume order: each group's keywords (a group without keywords is a
    skill itself)."""
    out = []
    for group in _list(doc, "skills"):
        keywords = group.get("keywords")
        keywords = [_text(k) for k in keywords[:MAX_ITEMS]] if isinstance(keywords, list) else []
        out.extend(k for k in keywords if k)
        if not any(keywords):
            out.append(_text(group.get("name")))
    return _unique(out)


def employers(doc: dict | None) -> list[str]:
    return _unique(_text(w.get("name") or w.get("company")) for w in _list(doc, "work"))


def titles(doc: dict | None) -> list[str]:
    return _unique([_text(basics(doc).get("label"))] + [_text(w.get("position")) for w in _list(doc, "work")])


def schools(doc: dict | None) -> list[str]:
    return _unique(_text(e.get("institution")) for e in _list(doc, "education"))


def degrees(doc: dict | None) -> list[str]:
    return _unique(" ".join(filter(None, (_text(e.get("studyType")), _text(e.get("area")))))
                   for e in _list(doc, "education"))


def languages(doc: dict | None) -> list[str]:
    return _unique(_text(lang.get("language")) for lang in _list(doc, "languages"))


def location(doc: dict | None) -> str:
    loc = basics(doc).get("location")
    if isinstance(loc, str):
        return _text(loc)
    if not isinstance(loc, dict):
        return ""
    parts = [_text(loc.get(k)) for k in ("city", "region", "countryCode")]
    return ", ".join(_unique(p for p in parts if p))


def free_text(doc: dict | None) -> list[str]:
    """The sentences of a document: summary, highlights, descriptions."""
    out = [_text(basics(doc).get("summary"))]
    for key in ("work", "volunteer", "projects", "education", "awards", "certificates"):
        for item in _list(doc, key):
            out.append(_text(item.get("summary") or item.get("description")))
            highlights = item.get("highlights") or item.get("courses")
            if isinstance(highlights, list):
                out.extend(_text(h) for h in highlights[:MAX_ITEMS])
            if key == "certificates":
                out.append(_text(item.get("name")))
    return [t for t in out if t]


# --- dates and years of experience ------------------------------------------------------

def month_index(d: date) -> int:
    """Months since year 0: whole months between two dates are a subtraction."""
    return d.year * 12 + d.month - 1


def _month(value: object, *, end: bool) -> int | None:
    """A JSON Resume date (YYYY, YYYY-MM, YYYY-MM-DD) as a month index; a year alone is its
    first month as a start and its last as an end."""
    if not isinstance(value, str):
        return None
    m = _YEAR_MONTH.match(value)
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2) or (12 if end else 1))
    if not 1 <= month <= 12:
        return None
    return year * 12 + month - 1


def _is_present(value: object) -> bool:
    return value is None or (isinstance(value, str) and bool(_PRESENT.match(value)))


@dataclass(frozen=True)
class Experience:
    """Months worked, with overlapping jobs counted once: `closed_months` of finished jobs
    (before `open_since`), plus every month since `open_since` (the first month of the
    earliest job still held), if any. Stored so that the years keep growing without re-indexing."""

    closed_months: int
    open_since: int | None

    def months(self, today: date | None = None) -> int:
        now = month_index(today or date.today())
        return self.closed_months + (max(0, now - self.open_since + 1) if self.open_since is not None else 0)

    def years(self, today: date | None = None) -> float:
        return round(self.months(today) / 12, 1)


def experience(doc: dict | None, today: date | None = None) -> Experience:
    now = month_index(today or date.today())
    closed, open_starts = [], []
    for job in _list(doc, "work"):
        start = _month(job.get("startDate"), end=False)
        if start is None or start > now:
            continue
        if _is_present(job.get("endDate")):
            open_starts.append(start)
            continue
        end = _month(job.get("endDate"), end=True)
        if end is None or end < start:
            continue
        closed.append((start, min(end, now)))
    open_since = min(open_starts) if open_starts else None
    if open_since is not None:  # the part of a finished job that overlaps the open one is in it already
        closed = [(s, min(e, open_since - 1)) for s, e in closed if s < open_since]
    months, last = 0, None
    for s, e in sorted(closed):
        if last is not None and s <= last:
            s = last + 1
        if e >= s:
            months += e - s + 1
            last = e
    return Experience(months, open_since)


def current_job(doc: dict | None) -> tuple[str, str]:
    """(title, employer) of the job held now, else of the latest one."""
    jobs = _list(doc, "work")
    if not jobs:
        return "", ""

    def key(job: dict) -> tuple:
        start = _month(job.get("startDate"), end=False) or 0
        end = 10**6 if _is_present(job.get("endDate")) else (_month(job.get("endDate"), end=True) or start)
        return end, start

    job = max(jobs, key=key)
    return _text(job.get("position")), _text(job.get("name") or job.get("company"))


@dataclass(frozen=True)
class Summary:
    """A resume in one line of a table."""

    title: str
    employer: str
    location: str
    years: float | None  # None: nothing parsed
    skills: list[str]

    @property
    def top_skills(self) -> list[str]:
        return self.skills[:4]


def summary(doc: dict | None, today: date | None = None) -> Summary:
    title, employer = current_job(doc)
    years = experience(doc, today).years(today) if isinstance(doc, dict) else None
    return Summary(title, employer, location(doc), years, skills(doc))
