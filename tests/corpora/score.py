#!/usr/bin/env python3
"""The project's scorer: parsed resumes (JSON Resume documents) against truth files.

    python tests/corpora/score.py TRUTH_DIR PARSED_DIR [--by producer|layout] [--json]

Each corpus folder holds X.pdf beside X.json, the truth: name, email, phone, location, links,
skills, experience (company, title, start and end as YYYY-MM or "present"), education
(institution, degree, end), plus `producer` and `layout` for grouping. A field the truth
leaves out (null or absent) is not scored for that resume. PARSED_DIR/X.json is the parser's
document for X.pdf; a missing or unreadable one scores as empty.

Scores are in [0, 1]: exact match after folding for name and email; the last nine digits for
phone; the truth's city inside the parsed location; F1 for links, skills, companies and
schools (companies and schools match when nearly equal); titles and dates of the parsed job
paired with each truth job (same company, and the same title where one company lists several
roles; each parsed job answers for one role). The overall figure is the mean of the per-field
means, so a field counts the same however many resumes score it.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Callable, Iterable

FIELDS = ("name", "email", "phone", "location", "links", "skills",
          "work.company", "work.title", "work.dates", "education")
OPEN_END = {"", "present", "current", "now", "none", "null"}


def fold(text: object) -> str:
    text = unicodedata.normalize("NFKC", "" if text is None else str(text)).casefold()
    return re.sub(r"\s+", " ", text).strip(" ,.;·•-")


def nearly(a: object, b: object, cutoff: float = 0.85) -> bool:
    a, b = fold(a), fold(b)
    if not a or not b:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= cutoff


def _digits(text: object) -> str:
    return re.sub(r"\D", "", "" if text is None else str(text))


def _link(text: object) -> str:
    return re.sub(r"^(https?://)?(www\.)?", "", fold(text)).rstrip("/")


def f1(truth: list, got: list, same: Callable[[object, object], bool]) -> float:
    """Greedy one-to-one matching; 1.0 when both are empty."""
    if not truth and not got:
        return 1.0
    free = list(range(len(got)))
    hits = 0
    for t in truth:
        for i in free:
            if same(t, got[i]):
                free.remove(i)
                hits += 1
                break
    if not hits:
        return 0.0
    precision, recall = hits / len(got), hits / len(truth)
    return 2 * precision * recall / (precision + recall)


def _date_matches(truth: str, got: object) -> bool:
    got = fold(got)
    if truth == "present":
        return got in OPEN_END
    return bool(got) and got[: len(truth)] == truth


def _skills(doc: dict) -> list[str]:
    out: list[str] = []
    for s in doc.get("skills") or []:
        if isinstance(s, str):
            out.append(s)
        elif isinstance(s, dict):
            out.extend(s.get("keywords") or ([s["name"]] if s.get("name") else []))
    return out


def _company(job: dict) -> object:
    return job.get("name") or job.get("company")


def _pair(job: dict, free: list[dict]) -> dict | None:
    """The parsed job that stands for one truth job: same company, the same title where several
    roles share the company; taken out of `free`, so each parsed job answers for one role."""
    same = [w for w in free if nearly(job["company"], _company(w))]
    match = next((w for w in same if nearly(job["title"], w.get("position"))), same[0] if same else None)
    if match is not None:
        free.remove(match)
    return match


def score_resume(truth: dict, doc: dict) -> dict[str, float]:
    """Per-field scores of one parsed document against its truth."""
    doc = doc if isinstance(doc, dict) else {}
    basics = doc.get("basics") if isinstance(doc.get("basics"), dict) else {}
    out: dict[str, float] = {}
    if truth.get("name") is not None:
        out["name"] = float(fold(basics.get("name")) == fold(truth["name"]))
    if truth.get("email") is not None:
        out["email"] = float(fold(basics.get("email")) == fold(truth["email"]))
    if truth.get("phone") is not None:
        want, got = _digits(truth["phone"]), _digits(basics.get("phone"))
        out["phone"] = float(bool(got) and (got == want or (len(got) >= 9 and want.endswith(got[-9:]))))
    if truth.get("location") is not None:
        loc = basics.get("location") or {}
        text = " ".join(str(v) for v in loc.values()) if isinstance(loc, dict) else str(loc)
        city = fold(truth["location"].split(",")[0])
        out["location"] = float(bool(city) and city in fold(text))
    if truth.get("links") is not None:
        got = [p.get("url") for p in basics.get("profiles") or [] if isinstance(p, dict)] + [basics.get("url")]
        out["links"] = f1([_link(x) for x in truth["links"]], [_link(x) for x in got if x], str.__eq__)
    if truth.get("skills") is not None:
        out["skills"] = f1(truth["skills"], _skills(doc), lambda a, b: fold(a) == fold(b))
    if truth.get("experience") is not None:
        jobs = [w for w in doc.get("work") or [] if isinstance(w, dict)]
        want = truth["experience"]
        out["work.company"] = f1([j["company"] for j in want], [_company(w) for w in jobs], nearly)
        titles = dates = dated = 0.0
        free = list(jobs)
        for j in want:
            match = _pair(j, free)
            titles += bool(match) and nearly(j["title"], match.get("position"))
            if j.get("start"):
                dated += 1
                if match:
                    dates += 0.5 * _date_matches(j["start"], match.get("startDate"))
                    dates += 0.5 * _date_matches(j["end"], match.get("endDate"))
        out["work.title"] = titles / len(want) if want else 1.0
        if dated:
            out["work.dates"] = dates / dated
    if truth.get("education") is not None:
        schools = [e.get("institution") for e in doc.get("education") or [] if isinstance(e, dict)]
        out["education"] = f1([e["institution"] for e in truth["education"]], schools, nearly)
    return out


@dataclass
class Report:
    """Field means, group means (by producer and by layout) and the overall score of a corpus."""
    fields: dict[str, float]
    producers: dict[str, float]
    layouts: dict[str, float]
    overall: float
    per_resume: dict[str, dict[str, float]] = field(default_factory=dict)

    def lines(self, by: str | None = None) -> list[str]:
        out = [f"{k:14s} {v:.3f}" for k, v in self.fields.items()]
        groups = {"producer": self.producers, "layout": self.layouts}.get(by or "", {})
        out += [f"{by} {k:22s} {v:.3f}" for k, v in sorted(groups.items())]
        out.append(f"overall {self.overall:.3f}")
        return out


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def score(pairs: Iterable[tuple[str, dict, dict]]) -> Report:
    """Scores (stem, truth, parsed document) triples."""
    per_field: dict[str, list[float]] = {}
    by_producer: dict[str, list[float]] = {}
    by_layout: dict[str, list[float]] = {}
    per_resume: dict[str, dict[str, float]] = {}
    for stem, truth, doc in pairs:
        s = score_resume(truth, doc)
        per_resume[stem] = s
        for k, v in s.items():
            per_field.setdefault(k, []).append(v)
        if s:
            by_producer.setdefault(str(truth.get("producer", "?")), []).append(_mean(s.values()))
            by_layout.setdefault(str(truth.get("layout", "?")), []).append(_mean(s.values()))
    fields = {k: _mean(per_field[k]) for k in FIELDS if k in per_field}
    return Report(fields=fields, producers={k: _mean(v) for k, v in by_producer.items()},
                  layouts={k: _mean(v) for k, v in by_layout.items()},
                  overall=_mean(fields.values()), per_resume=per_resume)


def truths(folder: Path) -> list[tuple[str, dict]]:
    """(stem, truth) for every X.json that has an X.pdf beside it."""
    return [(p.stem, json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(folder.glob("*.json")) if p.with_suffix(".pdf").exists()]


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("truth", type=Path)
    ap.add_argument("parsed", type=Path)
    ap.add_argument("--by", choices=("producer", "layout"))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    pairs = [(stem, t, _read(a.parsed / f"{stem}.json")) for stem, t in truths(a.truth)]
    if not pairs:
        print(f"no truth files in {a.truth}", file=sys.stderr)
        return 2
    report = score(pairs)
    if a.json:
        print(json.dumps({"fields": report.fields, "producers": report.producers,
                          "layouts": report.layouts, "overall": report.overall}, indent=1))
    else:
        print("\n".join(report.lines(a.by)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
