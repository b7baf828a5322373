"""education[]: institution, area, studyType, dates."""
from __future__ import annotations

import re

from core.rules.dates import find_range, strip_span
from core.rules.entries import BULLET_ONLY, BULLET_RE, DEGREE_RE, SCHOOL_RE, is_bullet, pieces
from core.rules.sections import Section


def _strip_dates(t: str) -> tuple[str, object]:
    r = find_range(t)
    first = r
    while r:
        t = strip_span(t, r.span)
        r = find_range(t)
    return t, first


def _split_degree(text: str) -> tuple[str, str]:
    """'M.Sc. in Computer Science' -> ('M.Sc.', 'Computer Science')."""
    m = re.match(r"^(.*?)\s+(?:in|of|en|em|in der|für|fur|di|de)\s+(.+)$", text)
    if m and DEGREE_RE.search(m.group(1)):
        return m.group(1).strip(" ,"), m.group(2).strip(" ,")
    return text, ""


def _school_piece(t: str) -> str | None:
    """The institution inside a piece that may hold a comma-joined degree or location."""
    if not SCHOOL_RE.search(t):
        return None
    parts = [p.strip() for p in t.split(",")]
    if len(parts) > 1:
        # degree and field come before the institution ("MSc, Physics, Uni X"): start at the school
        first = next((i for i, p in enumerate(parts) if SCHOOL_RE.search(p)), 0)
        parts = parts[first:]
        keep = [p for p in parts if not DEGREE_RE.search(p) or SCHOOL_RE.search(p)]
        # drop a trailing 2-letter country code or short city only when a school word is elsewhere
        return ", ".join(keep)
    return t


def _without_place(school: str) -> str:
    """"Ohio State University, Raleigh" -> "Ohio State University": a town after a name that
    ends on its school word, or that the name already holds ("University of Manchester,
    Manchester"); not "University of California, Berkeley", a campus."""
    m = re.match(r"^(.+?),\s*([^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*)?)$", school)
    if m and not SCHOOL_RE.search(m.group(2)) and (SCHOOL_RE.search(m.group(1).split()[-1])
                                                   or m.group(2) in m.group(1)):
        return m.group(1)
    return school


def _named(piece: str) -> bool:
    """A short capitalised name ("Sciences Po", "INSA Toulouse"): a school without a school word."""
    words = piece.split()
    return 1 <= len(words) <= 6 and piece[:1].isupper() and not DEGREE_RE.search(piece) and \
        not re.search(r"\d|[.:;]$", piece)


def parse_education(sections: list[Section]) -> list[dict]:
    """One entry per school. A school is a piece with a school word; failing that, a short
    capitalised name beside or just above a degree that has no school. Bullets that name a
    school or a degree are entries too; other bullets are details."""
    out: list[dict] = []
    for sec in sections:
        if sec.kind != "education":
            continue
        current: dict | None = None
        pending_degree = ""
        pending_dates = None
        pending_name = ""
        for ln in sec.lines:
            bullet = is_bullet(ln)
            if bullet and not (SCHOOL_RE.search(ln.text) or DEGREE_RE.search(ln.text)):
                continue
            for seg_text in ln.cells:
                text, rng = _strip_dates(BULLET_ONLY.sub("", BULLET_RE.sub("", seg_text)))
                ps = pieces(text, words=False) if text else []
                school = None
                degree = ""
                for p in ps:
                    found = _school_piece(p)
                    if found and school is None:
                        school = found
                    elif DEGREE_RE.search(p) and not degree:
                        degree = p
                waiting = current is not None and "studyType" not in current   # a school above, no degree yet
                if school is None and degree and "," in degree and not waiting:
                    # "Master Marketing digital, Sciences Po, Rennes": the degree, then its school
                    parts = [q.strip() for q in degree.split(",")]
                    k = next((i for i, q in enumerate(parts) if DEGREE_RE.search(q)), 0)
                    rest = [q for q in parts[k + 1:] if _named(q)]
                    if rest:
                        degree, school = ", ".join(parts[:k + 1]), ", ".join(rest[:1])
                if school is None and degree and not waiting:
                    named = [p for p in ps if p != degree and _named(p)]
                    if named:
                        school = named[0]
                    elif pending_name and (current is None or "studyType" in current):
                        school = pending_name
                elif school is None and not degree and len(ps) == 1 and _named(ps[0]) and not bullet:
                    if not pending_degree:
                        pending_name = ps[0]
                        continue
                    school = ps[0]   # the school's name under its degree
                if ps:
                    pending_name = ""
                if school:
                    current = {"institution": _without_place(school)}
                    out.append(current)
                    if pending_degree:
                        _set_degree(current, pending_degree)
                        pending_degree = ""
                    if pending_dates:
                        _set_dates(current, pending_dates)
                        pending_dates = None
                    if degree:
                        _set_degree(current, degree)
                    if rng:
                        _set_dates(current, rng)
                    continue
                if degree or (ps and DEGREE_RE.search(" ".join(ps))):
                    d = degree or " ".join(ps)
                    if current is not None and "studyType" not in current and "area" not in current:
                        _set_degree(current, d)
                    else:
                        pending_degree = d
                        current = None
                if rng:
                    if current is not None and not current.get("endDate"):
                        _set_dates(current, rng)
                    else:
                        pending_dates = rng
    return out


def _set_degree(entry: dict, text: str) -> None:
    st, area = _split_degree(text)
    entry["studyType"] = st
    if area:
        entry["area"] = area


def _set_dates(entry: dict, rng) -> None:
    if rng.single:
        entry["endDate"] = rng.start
    else:
        entry["startDate"] = rng.start
        entry["endDate"] = rng.end
