"""work[]: company, position, dates, location, highlights."""
from __future__ import annotations

import re

from core.rules.entries import (
    BULLET_RE, BULLET_ONLY, LOCATION_RE, SCHOOL_RE, Entry, comma_split, company_score, group_entries,
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


def _assign(entry: Entry) -> tuple[str, str, str]:
    """(company, position, location) from the header pieces of one entry."""
    ps = header_pieces(entry)
    loc = ""
    kept = []
    for p, i, bold in ps:
        if LOCATION_RE.match(p) and not loc:
            loc = p
            continue
        kept.append((p, i, bold))
    if len(kept) == 1:
        parts = comma_split(kept[0][0])
        if len(parts) == 2:
            kept = [(parts[0], kept[0][1], kept[0][2]), (parts[1], kept[0][1], kept[0][2])]
    if not kept:
        return "", "", loc
    if len(kept) == 1:
        p = kept[0][0]
        return ("", p, loc) if title_score(p) > 0 else (p, "", loc)
    # score title candidates
    scored = []
    for idx, (p, i, bold) in enumerate(kept):
        ts, cs = title_score(p), company_score(p)
        scored.append((ts - cs, idx))
    t_idx = max(scored)[1] if max(scored)[0] > 0 else None
    if t_idx is None:
        # no vocabulary hint: a company suffix marks the company, else first piece is the title
        c_idx = next((idx for idx, (p, _, _) in enumerate(kept) if company_score(p) > 0), None)
        if c_idx is not None:
            t_idx = 0 if c_idx != 0 else 1
        else:
            t_idx = 0
    title = kept[t_idx][0]
    # the company: the best remaining piece by company score, then by closeness to the title
    rest = [(company_score(p) - title_score(p), -abs(idx - t_idx), idx) for idx, (p, _, _) in enumerate(kept)
            if idx != t_idx]
    c_idx = max(rest)[2]
    company = kept[c_idx][0]
    # a leftover piece that looks like a city goes to location
    return company, title, loc


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
            out.extend(_parse_table(lines[1:], table))
            continue
        for e in group_entries(lines):
            if e.dates is None and not e.body and len(e.header) > 3:
                continue
            company, title, loc = _assign(e)
            if not company and not title:
                continue
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
            out.append(job)
    return out


def _parse_table(rows: list[Line], mapping: dict[int, str]) -> list[dict]:
    from core.rules.dates import find_range

    out = []
    for ln in rows:
        cells = ln.cells
        job = {"name": "", "position": "", "startDate": "", "endDate": ""}
        for i, c in enumerate(cells):
            f = mapping.get(i)
            if f == "dates":
                r = find_range(c)
                if r:
                    job["startDate"], job["endDate"] = r.start, r.end
            elif f in ("name", "position", "location"):
                job[f] = c
        if not job["name"] and not job["position"]:
            if out and len(cells) == 1:
                out[-1].setdefault("highlights", []).append(re.sub(r"^\W+", "", cells[0]))
            continue
        if not job["startDate"]:
            r = find_range(ln.text)
            if r:
                job["startDate"], job["endDate"] = r.start, r.end
        out.append(job)
    return out
