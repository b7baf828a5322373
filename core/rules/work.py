"""work[]: company, position, dates, location, highlights."""
from __future__ import annotations

import re

from core.rules.dates import find_range, strip_span
from core.rules.entries import (
    BULLET_RE, BULLET_ONLY, COMPANY_SUFFIX, LOCATION_RE, SCHOOL_RE, Entry, comma_split, company_score, group_entries,
    header_pieces, title_score,
)
from core.rules.layout import Line
from core.rules.sections import Section

_TABLE_HEAD = {
    "position": ("title", "position", "role", "job", "poste", "fonction", "position", "stelle", "puesto", "cargo",
                 "ruolo", "funktion"),
    "name": ("company", "employer", "organisation", "organization", "entreprise", "société", "firma",
             "unternehmen", "arbeitgeber", "empresa", "azienda", "società"),
    "dates": ("dates", "period", "date", "years", "période", "zeitraum", "periodo", "período", "when"),
    "location": ("location", "lieu", "ort", "lugar", "local", "luogo", "city", "place"),
}


def _table_columns(line: Line) -> dict[int, str] | None:
    """Map cell index -> field when `line` is a table's header row."""
    if len(line.segs) < 2:
        return None
    mapping = {}
    for i, cell in enumerate(line.cells):
        c = cell.strip().casefold()
        for field_, words in _TABLE_HEAD.items():
            if c in words:
                mapping[i] = field_
    return mapping if len(mapping) >= 2 else None


def _kept(entry: Entry) -> tuple[list[tuple[str, int, bool]], str]:
    """Header pieces without the dates, minus a location piece; splits 'Title, Company'."""
    loc = ""
    kept = []
    for p, i, bold in header_pieces(entry):
        if LOCATION_RE.match(p) and not loc:
            loc = p
            continue
        kept.append((p, i, bold))
    if len(kept) == 1:
        parts = comma_split(kept[0][0])
        if len(parts) == 2:
            kept = [(parts[0], kept[0][1], kept[0][2]), (parts[1], kept[0][1], kept[0][2])]
    return kept, loc


def _title_strength(p: str) -> float:
    ts, cs = title_score(p), company_score(p)
    return 2 * ts - (0.3 * cs if ts > 0 else cs)


def _slot(entry: Entry, kept: list, idx: int) -> tuple:
    """Where a piece sits: line offset from the date line, order within its line, bold."""
    p, i, bold = kept[idx]
    same_line = [k for k, q in enumerate(kept) if q[1] == i]
    return (i - entry.date_line if entry.date_line >= 0 else i, same_line.index(idx), bold)


def _confident_title(kept: list) -> int | None:
    strengths = [_title_strength(p) for p, _, _ in kept]
    pos = [k for k, v in enumerate(strengths) if v > 0]
    if len(pos) == 1:
        return pos[0]
    if len(pos) > 1:
        best = max(pos, key=lambda k: strengths[k])
        if sorted(strengths)[-1] - sorted(strengths)[-2] >= 0.5:
            return best
    return None


def _assign(entry: Entry, kept: list, title_slot: tuple | None) -> tuple[str, str]:
    """(company, position) from the header pieces of one entry."""
    if not kept:
        return "", ""
    if len(kept) == 1:
        p = kept[0][0]
        return ("", p) if _title_strength(p) > 0 else (p, "")
    t_idx = _confident_title(kept)
    if t_idx is None and title_slot is not None:
        t_idx = next((k for k in range(len(kept)) if _slot(entry, kept, k) == title_slot), None)
        if t_idx is None:
            t_idx = next((k for k in range(len(kept)) if _slot(entry, kept, k)[:2] == title_slot[:2]), None)
    if t_idx is None:
        c_idx = next((k for k, (p, _, _) in enumerate(kept) if company_score(p) > 0), None)
        t_idx = (0 if c_idx != 0 else 1) if c_idx is not None else 0
    # the company: the most company-like piece; then one that opens its line (a right-hand cell
    # beside a company is its town); then the nearest to the title
    rest = [(company_score(p) - title_score(p), _slot(entry, kept, k)[1] == 0, -abs(k - t_idx), k)
            for k, (p, _, _) in enumerate(kept) if k != t_idx]
    c_idx = max(rest)[-1]
    return kept[c_idx][0], kept[t_idx][0]


_PLACE_AFTER = re.compile(r"^(?P<company>.+?),\s*(?P<place>[^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*)?)$")


def _company_and_place(company: str) -> tuple[str, str]:
    """"Halcyon Games, Chicago" -> ("Halcyon Games", "Chicago"): a town of one or two
    capitalised words after the last comma, when it is neither a company form nor a title."""
    m = _PLACE_AFTER.match(company)
    if not m:
        return company, ""
    place = m.group("place")
    if not place[:1].isupper() or company_score(place) > 0 or title_score(place) > 0 or \
            COMPANY_SUFFIX.search(place) or len(m.group("company")) < 2:
        return company, ""
    return m.group("company").strip(), place


def _company_groups(jobs: list[dict]) -> list[dict]:
    """Several roles under one company: a company heading (a company and no title) gives its
    name to the roles under it that name none, and a role with no company of its own
    follows the one above it."""
    out: list[dict] = []
    for job in jobs:
        if not job["name"] and job["position"] and out and out[-1]["name"]:
            job["name"] = out[-1]["name"]
            if not out[-1]["position"] and not out[-1].get("highlights"):
                out.pop()   # the heading itself was no job
        out.append(job)
    return out


def parse_work(sections: list[Section]) -> list[dict]:
    out: list[dict] = []
    for sec in sections:
        if sec.kind != "work":
            continue
        lines = sec.lines
        table = None
        if lines:
            table = _table_columns(lines[0])
        if table:
            out.extend(_parse_table(lines[1:], table, [seg.x0 for seg in lines[0].segs]))
            continue
        entries = [e for e in group_entries(lines) if not (e.dates is None and not e.body and len(e.header) > 3)]
        prepared = [(e, *_kept(e)) for e in entries]
        votes: dict[tuple, int] = {}
        for e, kept, _loc in prepared:
            t = _confident_title(kept) if len(kept) > 1 else None
            if t is not None:
                slot = _slot(e, kept, t)
                votes[slot] = votes.get(slot, 0) + 1
        title_slot = max(votes, key=votes.get) if votes else None
        jobs: list[dict] = []
        for e, kept, loc in prepared:
            company, title = _assign(e, kept, title_slot)
            if not company and not title:
                continue
            company, place = _company_and_place(company)
            loc = loc or place
            if SCHOOL_RE.search(company) and not e.dates:
                continue
            job = {"name": company, "position": title,
                   "startDate": e.dates.start if e.dates else "",
                   "endDate": e.dates.end if e.dates else ""}
            if loc:
                job["location"] = loc
            hl = [BULLET_ONLY.sub("", BULLET_RE.sub("", ln.text)).strip() for ln in e.body]
            hl = [h for h in hl if h]
            if hl:
                job["highlights"] = hl
            jobs.append(job)
        out.extend(_company_groups(jobs))
    return out


def _parse_table(rows: list[Line], mapping: dict[int, str], xs: list[float]) -> list[dict]:
    """Rows of a table whose header row named the columns; cells go by position under the header."""
    out = []
    for ln in rows:
        if out and len(ln.segs) == 1 and (BULLET_RE.match(ln.text) or BULLET_ONLY.match(ln.text)
                                          or not find_range(ln.text)):
            out[-1].setdefault("highlights", []).append(BULLET_ONLY.sub("", BULLET_RE.sub("", ln.text)).strip())
            continue
        job = {"name": "", "position": "", "startDate": "", "endDate": ""}
        for seg in ln.segs:
            # header columns this segment covers (two when a long cell ran into the next one)
            cols = [i for i, x in enumerate(xs) if seg.x0 - 4 <= x <= seg.x1 - 1 and i in mapping] or \
                   [min(mapping, key=lambda i: abs(xs[i] - seg.x0))]
            text = seg.text
            if "dates" in (mapping[c] for c in cols):
                r = find_range(text)
                if r:
                    job["startDate"], job["endDate"] = r.start, r.end
                    text = strip_span(text, r.span)
                cols = [c for c in cols if mapping[c] != "dates"]
            if text and cols:
                f = mapping[cols[0]]
                if f in ("name", "position", "location") and not job.get(f):
                    job[f] = text
        if not job["name"] and not job["position"]:
            if out and len(ln.segs) == 1:
                out[-1].setdefault("highlights", []).append(re.sub(r"^\W+", "", ln.text))
            continue
        if not job["startDate"]:
            r = find_range(ln.text)
            if r:
                job["startDate"], job["endDate"] = r.start, r.end
        out.append(job)
    return out
