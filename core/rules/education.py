"""education[]: institution, area, studyType, dates."""
from __future__ import annotations

import re

from core.rules.dates import find_range, strip_span
from core.rules.entries import DEGREE_RE, SCHOOL_RE, is_bullet, pieces
from core.rules.layout import Line
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


def parse_education(sections: list[Section]) -> list[dict]:
    out: list[dict] = []
    for sec in sections:
        if sec.kind != "education":
            continue
        lines = [ln for ln in sec.lines if not is_bullet(ln)]
        current: dict | None = None
        pending_degree = ""
        pending_dates = None
        for ln in lines:
            for seg_text in ln.cells:
                text, rng = _strip_dates(seg_text)
                ps = pieces(text, words=False) if text else []
                school = None
                degree = ""
                for p in ps:
                    s = _school_piece(p)
                    if s and school is None:
                        school = s
                    elif DEGREE_RE.search(p) and not degree:
                        degree = p
                if school:
                    current = {"institution": school}
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
        if not any(sec.kind == "education" for sec in []) and not out:
            pass
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
