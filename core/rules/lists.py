"""skills[], languages[], certificates[]: list-like sections."""
from __future__ import annotations

import re

from core.rules.dates import find_range, strip_span
from core.rules.entries import BULLET_ONLY, BULLET_RE
from core.rules.layout import Line
from core.rules.sections import Section

_SEPARATORS = ",;|•·●▪∙⋅‧◦"
_ITEM_SEP = re.compile(rf"\s*[{_SEPARATORS}]\s*|\s{{3,}}|\s+[–—-]\s+")
_LEVEL = re.compile(
    r"\s*(?:\((?:[^()]*)\)|[:–—-]\s*(?:expert|advanced|intermediate|beginner|basic|proficient|fluent|native|"
    r"[ABC][12]|\d+\+?\s*(?:years?|yrs?|ans|jahre|años|anos|anni))\b.*)$",
    re.I,
)


def _items(text: str) -> list[str]:
    text = BULLET_ONLY.sub("", BULLET_RE.sub("", text))
    parts = [p.strip(" :").rstrip(".") for p in _ITEM_SEP.split(text)]   # ".NET" keeps its dot
    return [p for p in parts if p and len(p) <= 60]


def _label_like(text: str) -> bool:
    """A short name with no list in it: "Methods", "Cloud & DevOps", "Frameworks"."""
    t = text.strip()
    return 1 <= len(t.split()) <= 3 and not re.search(rf"[{_SEPARATORS}:]", t) and t[:1].isupper()


def _has_list(text: str) -> bool:
    return bool(re.search(rf"[{_SEPARATORS}]", text))


def _joined_cells(lines: list[Line]) -> list[str]:
    """Cells, with a list wrapped over several lines joined back: after a line that ends on a
    separator, or one that holds separators and runs to the right edge; a word hyphenated at
    the line's end ("scikit-" / "learn", "Py-" / "Torch") made whole. A category's label
    comes out as "Label:": on a line of its own above its list, or in a cell of its own
    before it."""
    out: list[str] = []
    prev_open = False
    right = max((ln.x1 for ln in lines), default=0.0)
    left = min((ln.x0 for ln in lines), default=0.0)
    prev_full = prev_sep = False
    for k, ln in enumerate(lines):
        cells = [c.strip() for c in ln.cells]
        nxt = lines[k + 1].text if k + 1 < len(lines) else ""
        if len(cells) >= 2 and _label_like(cells[0]) and _has_list(" , ".join(cells[1:])):
            cells = [f"{cells[0]}: {', '.join(cells[1:])}"]          # Methods | Scrum, Kanban
        elif len(cells) == 1 and _label_like(cells[0]) and _has_list(nxt) and ":" not in nxt and (
                not (prev_sep or (prev_open and prev_full)) or (ln.bold and k and not lines[k - 1].bold)):
            cells = [cells[0] + ":"]                # Methods / Scrum · Kanban (bold, or after a finished list)
        for t in cells:
            starts_item = bool(BULLET_RE.match(t) or BULLET_ONLY.match(t)) or re.match(r"^[^:]{2,40}:", t) \
                or _LABEL_COLUMN.match(t)
            if out and len(cells) == 1 and not starts_item and (prev_sep or (prev_open and prev_full)):
                if re.search(r"[^\W\d_]-$", out[-1]):
                    out[-1] = out[-1][:-1] + t if t[:1].isupper() else out[-1] + t
                else:
                    out[-1] = out[-1] + " " + t
            else:
                out.append(t)
            last = out[-1]
            prev_sep = bool(re.search(rf"[{_SEPARATORS}]\s*$", last)) or (
                bool(re.search(r"[^\W\d_]-$", last)) and bool(re.search(rf"[{_SEPARATORS}]", last)))
            prev_open = bool(re.search(rf"[{_SEPARATORS}]", last)) and not re.search(r"[.]\s*$", last)
            prev_full = len(cells) == 1 and ln.x1 >= right - 0.2 * max(right - left, 1.0)
    return out


# a category in a column of its own, then its list: "ML   PyTorch, scikit-learn, MLflow"
_LABEL_COLUMN = re.compile(r"^([^,;|•·:\d]{2,30}?)\s{3,}(\S.*[,;|•·].*)$")


def _category_labels(lines: list[Line]) -> set[str]:
    """Lines that name a group of skills by their look: bold where the items are not (or
    smaller, as sub-labels are), a few words, no separators."""
    if not lines:
        return set()
    items = [ln for ln in lines if not ln.bold]
    if not items:
        return set()
    item_size = sorted(ln.size for ln in items)[len(items) // 2]
    return {ln.text.strip() for ln in lines
            if ln.bold and len(ln.segs) == 1 and len(ln.text.split()) <= 3 and not re.search(r"[,;|•·:]", ln.text)
            and ln.size <= item_size + 0.5}


def parse_skills(sections: list[Section]) -> list[dict]:
    groups: list[dict] = []
    for sec in sections:
        if sec.kind != "skills":
            continue
        default = {"name": sec.title.strip(" :").title() if sec.title else "Skills", "keywords": []}
        pending_cat: dict | None = None
        labels = _category_labels(sec.lines)
        for cell in _joined_cells(sec.lines):
            if cell in labels:
                pending_cat = {"name": cell, "keywords": []}
                groups.append(pending_cat)
                continue
            if True:
                t = BULLET_ONLY.sub("", BULLET_RE.sub("", cell)).strip()
                if not t:
                    continue
                m = re.match(r"^([^:]{2,40}):\s*(.*)$", t) or _LABEL_COLUMN.match(t)
                if m and m.group(2):
                    cat = {"name": m.group(1).strip(), "keywords": _items(m.group(2))}
                    groups.append(cat)
                    pending_cat = None
                    continue
                if m and not m.group(2):
                    pending_cat = {"name": m.group(1).strip(), "keywords": []}
                    groups.append(pending_cat)
                    continue
                if len(t.split()) > 8 and not re.search(rf"[{_SEPARATORS}]", t):
                    continue  # prose in a skills section is not a skill list
                target = pending_cat if pending_cat is not None else default
                for it in _items(t):
                    it = _LEVEL.sub("", it).strip()
                    if it:
                        target["keywords"].append(it)
        if default["keywords"]:
            groups.insert(0, default)
    return [g for g in groups if g["keywords"]]


_FLUENCY = re.compile(
    r"\b(native|mother tongue|bilingual|fluent|professional|proficient|advanced|intermediate|basic|beginner|"
    r"conversational|elementary|working proficiency|full professional|limited working|"
    r"[ABC][12]|langue maternelle|courant|bilingue|notions|muttersprache|fließend|fliessend|verhandlungssicher|"
    r"grundkenntnisse|nativo|nativa|fluido|fluida|básico|basico|intermedio|avanzado|madrelingua|"
    r"intermedio|avanzato|ottimo|buono|fluente|intermediário|avançado)\b.*",
    re.I,
)


def parse_languages(sections: list[Section]) -> list[dict]:
    out: list[dict] = []
    for sec in sections:
        if sec.kind != "languages":
            continue
        for ln in sec.lines:
            text = BULLET_ONLY.sub("", BULLET_RE.sub("", ln.text))
            for part in re.split(r"\s*[,;|•·]\s*|\s{3,}", text):
                part = part.strip()
                if not part:
                    continue
                m = re.match(r"^([^\W\d_][^\W\d_ ]{1,25}?)\s*(?:[:(–—-]\s*|\s+)(.*?)\)?$", part)
                if m and m.group(2):
                    lang, flu = m.group(1).strip(), m.group(2).strip(" ()")
                    out.append({"language": lang, "fluency": flu})
                elif re.fullmatch(r"[^\W\d_]{2,25}", part):
                    out.append({"language": part})
    return out


def parse_certificates(sections: list[Section]) -> list[dict]:
    out: list[dict] = []
    for sec in sections:
        if sec.kind != "certificates":
            continue
        for ln in sec.lines:
            text = BULLET_ONLY.sub("", BULLET_RE.sub("", ln.text)).strip()
            if not text:
                continue
            cert: dict = {}
            r = find_range(text)
            if r:
                cert["date"] = r.start
                text = strip_span(text, r.span)
            parts = [p.strip() for p in re.split(r"\s+[–—|·-]\s+|\s*\|\s*|,\s+(?=[A-Z])", text) if p.strip()]
            if not parts:
                continue
            cert["name"] = parts[0]
            if len(parts) > 1:
                cert["issuer"] = parts[1]
            out.append({"name": cert.pop("name"), **cert})
    return out
