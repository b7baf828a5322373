"""Dates and date ranges as resumes write them, in several languages.

`find_range(text)` finds "Jan 2020 – Present", "2019-01 to 2022-04", "01/2020 - 03.2021",
"2018 — 2020", "since 2021"... and returns a DateRange with start/end as "YYYY-MM" or "YYYY"
(end "" for a current role) and the character span it covers.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from core.rules.text import fold

_MONTHS = {
    1: "jan january janv janvier januar jänner ene enero janeiro gen gennaio januari sty styczeń styczen "
       "tammikuu leden ocak",
    2: "feb february fev fevr fevrier février févr februar febrero fevereiro febbraio februari lut luty "
       "helmikuu unor şubat",
    3: "mar march mars märz marz marzo março marco maart mrt maaliskuu mart",
    4: "apr april avr avril abr abril aprile kwi kwiecień kwiecien huhtikuu duben nisan",
    5: "may mai mayo maio mag maggio mei maj maja toukokuu květen mayıs",
    6: "jun june juin juni junio junho giu giugno cze czerwiec kesäkuu červen haziran",
    7: "jul july juil juillet juli julio julho lug luglio lip lipiec heinäkuu červenec temmuz",
    8: "aug august aout août ago agosto augustus sie sierpień sierpien elokuu srpen ağustos",
    9: "sep sept september septembre septiembre setembro set settembre wrz wrzesień wrzesien syyskuu září "
       "eylül",
    10: "oct october octobre okt oktober octubre out outubro ott ottobre paź październik pazdziernik lokakuu "
        "říjen ekim",
    11: "nov november novembre noviembre novembro lis listopad marraskuu kasım",
    12: "dec december decembre décembre déc dez dezember dic diciembre dezembro dicembre gru grudzień grudzien "
        "joulukuu prosinec aralık",
}
MONTH_WORDS: dict[str, int] = {}    # folded month word -> month number
for _n, _words in _MONTHS.items():
    for _w in _words.split():
        MONTH_WORDS[fold(_w)] = _n

PRESENT_WORDS = (
    "present|current|currently|now|today|ongoing|to date|till date|date|"
    "présent|present|actuel|actuellement|aujourd'hui|aujourd’hui|en cours|"
    "heute|aktuell|jetzt|laufend|bis heute|"
    "actualidad|actual|presente|hoy|la fecha|"
    "atual|atualmente|o momento|"
    "oggi|attuale|in corso|"
    "heden|huidig|nu|obecnie|teraz|nadal|idag|i dag|pågående|dato|nå|nykyhetki|nyt|současnost|dosud|"
    "günümüz|halen|н\\.\\s?в\\.|наст\\.\\s?время|настоящее время|по настоящее время|сейчас|"
    "теперішній час|σήμερα|σημερα|τώρα"
)

_MONTH_RE = "|".join(sorted({re.escape(w) for ws in _MONTHS.values() for w in ws.split()} | set(MONTH_WORDS),
                            key=len, reverse=True))
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
# one date: "Jan 2020", "January, 2020", "2020-01", "01/2020", "01.2020", "1/2020", "2020"
DATE = (
    rf"(?:(?:(?P<mon>{_MONTH_RE})\.?,?\s*(?:de\s+)?(?P<y1>{_YEAR}))"
    rf"|(?:(?P<y2>{_YEAR})[-/.](?P<m2>0?[1-9]|1[0-2])(?![\d]))"
    rf"|(?:(?:\d{{1,2}}[./])?(?P<m3>0?[1-9]|1[0-2])[/.](?P<y3>{_YEAR}))"
    rf"|(?:(?P<y4>{_YEAR})))"
)
_DATE_RE = re.compile(rf"(?<![\w/.-])(?:{DATE})(?![\w/])", re.I)
_SEP = r"\s*(?:-|–|—|‒|−|~|to|until|till|bis|à|au|a|al|hasta|até|ao|fino a|→|>|/)\s*"


@dataclass(frozen=True)
class DateRange:
    start: str
    end: str          # "" = current
    span: tuple[int, int]
    single: bool = False


def _one(m: re.Match) -> str:
    g = m.groupdict()
    if g.get("mon") and g.get("y1"):
        month = MONTH_WORDS.get(fold(g["mon"]).rstrip("."))
        return f"{g['y1']}-{month:02d}" if month else g["y1"]
    if g.get("y2"):
        return f"{g['y2']}-{int(g['m2']):02d}"
    if g.get("y3"):
        return f"{g['y3']}-{int(g['m3']):02d}"
    return g.get("y4") or ""


def parse_date(text: str) -> str:
    """The first date in `text` as "YYYY-MM" or "YYYY"; "" for "present" or no date.

    The one date normaliser: the model backend's dates go through it too."""
    m = _DATE_RE.search(text or "")
    return _one(m) if m else ""


PRESENT_ONLY = re.compile(rf"^\s*(?:{PRESENT_WORDS})(?!\w)", re.I)
_SINCE = re.compile(r"\b(?:since|depuis|seit|desde|dal|da|sinds|od|sedan|siden|с|από)\s*$", re.I)


@functools.lru_cache(maxsize=8192)
def find_range(text: str) -> DateRange | None:
    """The first date range (or lone date) in text."""
    dates = list(_DATE_RE.finditer(text))
    for i, m in enumerate(dates):
        start = _one(m)
        rest = text[m.end():]
        sep = re.match(_SEP, rest, re.I)
        if sep:
            after = rest[sep.end():]
            if i + 1 < len(dates) and dates[i + 1].start() == m.end() + sep.end():
                n = dates[i + 1]
                return DateRange(start, _one(n), (m.start(), n.end()))
            p = PRESENT_ONLY.match(after)
            if p:
                return DateRange(start, "", (m.start(), m.end() + sep.end() + p.end()))
        # "since 2021" / "2021 -" (open range)
        before = text[: m.start()]
        s = _SINCE.search(before)
        if s:
            return DateRange(start, "", (s.start(), m.end()))
        if sep and (not rest[sep.end():].strip() or rest[sep.end():].lstrip().startswith("|")):
            # "2021 –" at the end of the text or of its cell: still going
            return DateRange(start, "", (m.start(), m.end() + sep.end()))
        return DateRange(start, start, m.span(), single=True)
    return None


def strip_span(text: str, span: tuple[int, int]) -> str:
    """Text with the date span removed and dangling separators/brackets cleaned."""
    out = text[: span[0]] + " " + text[span[1]:]
    out = re.sub(r"\(\s*\)|\[\s*\]", " ", out)
    out = re.sub(r"\s+", " ", out).strip()
    out = re.sub(r"^(?:[|·•,;:()\[\]–—-]\s*)+|(?:\s*[|·•,;:()\[\]–—-])+$", "", out).strip()
    return out


@functools.lru_cache(maxsize=8192)
def has_date(text: str) -> bool:
    return _DATE_RE.search(text) is not None
