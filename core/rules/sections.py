"""Stage 2: find section headings and split the lines into sections.

A heading is recognised by its wording (core.rules.headings: the common forms in
English, French, German, Spanish, Portuguese, Italian, Dutch, Polish, the Scandinavian
languages, Finnish, Czech, Turkish, Russian, Ukrainian, Greek) and, for unknown wordings,
by its look: short, in capitals or bold/larger than the body, no dates, no contact
details; a section under an unknown wording takes its kind from what its lines hold.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from core.rules.dates import find_range, has_date
from core.rules.entries import DEGREE_RE, SCHOOL_RE
from core.rules.headings import clean_wording, heading_kind, is_sub_label, unspaced
from core.rules.layout import Line
from core.rules.text import fold

_KEYWORDS = [  # substring hints for unknown wordings, checked in order
    ("certificates", ("certif", "licen", "zertifi", "certyf")),
    ("languages", ("language", "langue", "sprach", "idioma", "lingu")),
    ("work", ("experience", "employment", "work history", "career", "erfahrung", "experiencia",
              "esperienz", "werdegang", "ervaring", "doswiadcz", "опыт", "εμπειρ")),
    ("education", ("educat", "academ", "studies", "ausbildung", "formation", "formacion", "formacao",
                   "istruzione", "formazione", "bildung", "opleiding", "wyksztalc", "образован", "εκπαιδευ")),
    ("skills", ("skill", "competen", "expertise", "technolog", "kenntnis", "habilidad", "competenz", "stack",
                "vaardighed", "umiejetn", "навык", "δεξιοτητ")),
    ("contact", ("contact", "kontakt", "contatt", "contato", "contacto", "контакт", "επικοινων")),
    ("summary", ("summary", "profile", "profil", "about", "objective")),
]


def _keyword_kind(text: str) -> str:
    t = clean_wording(text)
    for kind, keys in _KEYWORDS:
        if any(k in t for k in keys):
            return kind
    return "other"


_DEGREE_ABBR = re.compile(r"^(?:MBA|PHD|PH\.D\.?|B\.?SC|M\.?SC|B\.?A|M\.?A|BS|MS|BENG|MENG|LLB|LLM|MD|JD)\.?$")
_CONTACTISH = re.compile(r"@|https?://|www\.|\.com\b|\+?\d[\d\s().-]{6,}")


@dataclass
class Section:
    kind: str
    title: str
    lines: list[Line] = field(default_factory=list)
    guessed: bool = False     # the wording was unknown: the kind is settled by the content
    title_lines: list = field(default_factory=list)


def classify_content(lines: list[Line]) -> str | None:
    """The kind of a section whose heading wording is unknown, from what its lines hold."""
    texts = [ln.text for ln in lines if ln.text.strip()]
    if not texts:
        return None
    n = len(texts)
    contact = sum(1 for t in texts if _CONTACT_STRONG.search(t))
    if contact and contact * 3 >= n:
        return "contact"
    ranges = [t for t in texts if (r := find_range(t)) is not None and not r.single]
    dated = [t for t in texts if has_date(t)]
    school = sum(1 for t in texts if SCHOOL_RE.search(t) or DEGREE_RE.search(t))
    if ranges or len(dated) >= 2:
        return "education" if school >= max(1, len(dated)) * 0.5 else "work"
    if school and school * 2 >= n:
        return "education"
    if sum(1 for t in texts if _FLUENCY_HINT.search(t)) * 2 >= n:
        return "languages"
    words = [len(t.split()) for t in texts]
    if sum(words) / n >= 9 and not any("," in t and len(t.split(",")) >= 4 for t in texts):
        return "summary"
    if sum(1 for w in words if w <= 4) * 2 >= n or any(len(re.split(r"[,|;·•]", t)) >= 3 for t in texts):
        return "skills"
    return None


_CONTACT_STRONG = re.compile(r"@[\w-]+\.|https?://|www\.|linkedin|github|\+\d[\d\s().-]{7,}")
_FLUENCY_HINT = re.compile(r"\b(?:[ABC][12]|native|fluent|mother tongue|muttersprache|langue maternelle|nativ[oa]|"
                           r"madrelingua|moedertaal|courant|fließend|fliessend|conversational|basic|intermediate|"
                           r"advanced)\b|родн|μητρικ", re.I)


def body_size(lines: list[Line]) -> float:
    sizes = [s.size for ln in lines for s in ln.segs for _ in range(max(1, len(s.text) // 10))]
    return statistics.median(sizes) if sizes else 10.0


def is_heading(line: Line, body: float, known_size: float | None = None) -> str | None:
    """Section kind if `line` is a heading, else None."""
    if len(line.segs) > 2:
        return None
    text = line.segs[0].text if len(line.segs) == 1 else line.text
    if len(line.segs) == 2:
        # a heading with something flush right is rare; accept only known wordings on the left
        text = line.segs[0].text
        k = heading_kind(text)
        if k and (line.segs[0].bold or text.isupper()):
            return k
        return None
    words = text.split()
    if len(words) > 6:
        words = unspaced(text).split()   # a heading spelled out counts its words, not its letters
    if not words or len(words) > 6 or len(text) > 60:
        return None
    if _CONTACTISH.search(text) or has_date(text):
        return None
    kind = heading_kind(text)
    seg = line.segs[0]
    letters = [c for c in text if c.isalpha()]
    caps = bool(letters) and all(c.isupper() for c in letters) and len(letters) >= 3
    styled = caps or seg.bold or seg.size >= body * 1.12
    if kind:
        # known wording: needs to look like a heading unless it ends with a colon or stands alone
        if styled or text.rstrip().endswith(":") or len(words) <= 3:
            return kind
        return None
    # unknown wording, not in capitals: bold and clearly larger than the body, short, capitalised
    if not caps and seg.bold and seg.size >= body * 1.18 and len(words) <= 4 and text[:1].isupper() \
            and not text.endswith((".", ",", ";")) and not re.search(r"[|·•,]", text):
        if known_size is not None and seg.size < known_size - 0.5:
            return None
        if _DEGREE_ABBR.search(text):
            return None
        return _keyword_kind(text)
    # unknown wording: only capitals + (bold or larger) and short
    if caps and len(words) <= 4 and (seg.bold or seg.size >= body * 1.05) and not text.endswith((".", ",")):
        if known_size is not None and seg.size < known_size - 0.5:
            return None  # smaller than the document's real headings: an entry title, a degree
        if _DEGREE_ABBR.search(text):
            return None
        return _keyword_kind(text)
    return None


# what a resume is called at its top, folded ("Curriculum Vitae", "Résumé"): never a heading, nor the name
DOCUMENT_TITLES = {fold(w) for w in (
    "curriculum vitae", "curriculum", "curriculum vitæ", "curriculum vitae et studiorum", "currículum", "cv",
    "c.v", "c.v.", "vita", "resume", "résumé", "resumé", "lebenslauf", "hoja de vida", "currículo", "portfolio")}


def split_sections(lines: list[Line], name_line: Line | None = None,
                   name: str = "") -> tuple[list[Line], list[Section]]:
    """(preamble lines before any heading, sections in reading order).

    The name's line is never a heading, nor a document title ("Resume", "CV") above it.
    """
    body = body_size(lines)
    preamble: list[Line] = []
    sections: list[Section] = []
    current_by_col: dict[tuple[int, int], Section] = {}
    head_size: dict[tuple[int, int], float] = {}
    known = [ln.size for ln in lines if ln is not name_line and heading_kind(ln.text) and is_heading(ln, body)]
    known_size = statistics.median(known) if known else None
    for ln in lines:
        kind = None if ln is name_line else is_heading(ln, body, known_size)
        if kind and ln.page == 0 and clean_wording(ln.text) in DOCUMENT_TITLES and (
                name_line is None or ln.y <= name_line.y + 1 or ln.y < 120):
            kind = None
        cur = current_by_col.get((ln.page, ln.col))
        if kind and cur is not None and cur.kind == "work" and is_sub_label(ln.text):
            kind = None   # "Achievements" over one job's bullets
        if kind and name and ln.page == 0 and fold(ln.text) in fold(name):
            kind = None   # the rest of a name set over two lines
        if kind and cur is not None and ln.size < head_size.get((ln.page, ln.col), 0) - 0.5 and (
                cur.kind == kind or (cur.kind == "skills" and (known_size is None or ln.size < known_size - 0.5))):
            # a sub-heading smaller than the section's own: "Tools:" in a list of tools, a skill
            # category ("Languages", "Tools") in a skills section
            kind = None
        if kind:
            prev = current_by_col.get((ln.page, ln.col))
            if prev is not None and not prev.lines and prev.title_lines and \
                    _continues_heading(prev.title_lines[-1], ln):
                # one heading wrapped over two lines ("EDUCATION AND" / "QUALIFICATIONS")
                prev.title_lines.append(ln)
                prev.title = prev.title + " " + ln.text
                joined = heading_kind(prev.title)
                if joined:
                    prev.kind, prev.guessed = joined, False
                elif prev.guessed and not _is_guess(ln.text):
                    prev.kind, prev.guessed = kind, False
                ln.heading = prev.kind
                continue
            head_size[(ln.page, ln.col)] = ln.size
            ln.heading = kind
            sec = Section(kind=kind, title=ln.text, guessed=_is_guess(ln.text))
            sec.title_lines = [ln]
            sections.append(sec)
            current_by_col[(ln.page, ln.col)] = sec
            continue
        sec = current_by_col.get((ln.page, ln.col))
        if sec is None and ln.col != 0:
            # a column continuing on the same page without heading: continue last section of that col
            # on an earlier page, else the last section at all
            prev = [s for (p, c), s in current_by_col.items() if c == ln.col]
            sec = prev[-1] if prev else None
        if sec is None and ln.page > 0 and sections:
            sec = sections[-1]
        if sec is None:
            preamble.append(ln)
        else:
            sec.lines.append(ln)
    for sec in sections:
        if sec.guessed:
            sec.kind = classify_content(sec.lines) or sec.kind
    return preamble, sections


def _is_guess(text: str) -> bool:
    """True when a heading's kind came from its look or a keyword, not a known wording."""
    return heading_kind(text) is None


def _continues_heading(a: Line, b: Line) -> bool:
    """b carries on heading a: the next line of the same column, same look, aligned with it."""
    if a.page != b.page or a.col != b.col or len(a.segs) != 1 or len(b.segs) != 1:
        return False
    if not 0 < b.y - a.y <= 1.6 * max(a.size, b.size) or abs(a.size - b.size) > 0.5 or a.bold != b.bold:
        return False
    return abs(a.x0 - b.x0) <= 3 or abs(a.x1 - b.x1) <= 3 or abs((a.x0 + a.x1) - (b.x0 + b.x1)) <= 6
