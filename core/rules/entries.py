"""Shared helpers for dated entries (jobs, schools): split a section into entries, split
header lines into pieces, score pieces as title / company / institution / degree / location."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from core.rules.dates import PRESENT_ONLY, DateRange, find_range, has_date, strip_span
from core.rules.headings import is_sub_label
from core.rules.layout import BULLET_GLYPHS, Line, Segment
from core.rules.text import fold

# bullets, including the private-use glyphs Word's Symbol/Wingdings bullets become in a PDF
BULLET_RE = re.compile(rf"^\s*(?:[{BULLET_GLYPHS}–—\ue000-\uf8ff-]|\d+[.)])\s+")
BULLET_ONLY = re.compile(rf"^\s*[{BULLET_GLYPHS}\ue000-\uf8ff]\s*")

JOB_TITLE_WORDS = set(
    """engineer engineering developer manager analyst designer director consultant specialist lead head officer
    intern internship architect scientist representative executive coordinator administrator assistant accountant
    associate teacher nurse programmer president vp vice founder co-founder cofounder owner partner advisor adviser
    technician writer editor researcher professor lecturer supervisor principal staff senior junior sr jr chief cto
    ceo cfo coo cio product marketing sales support strategist recruiter owner agent clerk auditor economist
    developer devops sre qa tester trainee apprentice manager. expert operator planner buyer officer counsel
    attorney lawyer paralegal physician doctor pharmacist therapist chef cook driver mechanic electrician
    controller accountant bookkeeper manager owner product lead growth success consultant editor
    ingénieur ingenieur développeur developpeur chef responsable directeur directrice chargé chargée stagiaire
    consultante analyste gestionnaire conseiller conseillère technicien technicienne assistante commercial
    entwickler leiter leiterin berater beraterin ingenieurin entwicklerin projektleiter geschäftsführer
    softwareentwickler sachbearbeiter referent referentin mitarbeiter werkstudent praktikant teamleiter
    ingeniero ingeniera desarrollador desarrolladora gerente analista jefe jefa director directora coordinador
    coordinadora técnico técnica asesor asesora programador programadora
    engenheiro engenheira desenvolvedor desenvolvedora gerente coordenador coordenadora analista diretor diretora
    sviluppatore sviluppatrice ingegnere responsabile direttore direttrice consulente tecnico programmatore
    ontwikkelaar softwareontwikkelaar projectleider teamleider adviseur beheerder medewerker analist
    programista kierownik analityk specjalista inzynier konsultant dyrektor tester
    utvecklare projektledare systemutvecklare konsult chef radgivare udvikler projektleder
    разработчик программист аналитик руководитель менеджер инженер директор специалист консультант
    ведущий старший тестировщик администратор
    μηχανικος αναλυτης υπευθυνος διευθυντης προγραμματιστης συμβουλος τεχνικος
    consultor consultora consultant consultante enfermera enfermero enfermeira enfermeiro infirmière infirmier
    krankenpfleger krankenschwester pflegefachkraft verpleegkundige pielęgniarka infermiere infermiera nurse
    contrôleur controleur controller controllerin développeuse developpeuse développeur programmeuse
    managerin produktmanager produktmanagerin designerin architektin beraterin leiterin
    vendedor vendedora gerente comercial contable contador contadora abogado abogada advogado advogada avocat
    avocate anwalt rechtsanwalt avvocato advocaat prawnik médico médica medico arzt ärztin arts lekarz
    docente profesor profesora professeur professeure lehrer lehrerin insegnante leraar nauczyciel
    diseñador diseñadora designer projektmanager projektmanagerin teamlead redakteur redakteurin
    """.split()
)
JOB_TITLE_WORDS = {fold(w) for w in JOB_TITLE_WORDS}   # folded like the text they are compared with (ς -> σ)
# title words that end compounds ("Datenanalyst", "Softwareentwickler", "Projektleiterin")
_COMPOUND_ENDS = tuple(w for w in JOB_TITLE_WORDS if len(w) >= 5 and w.isalpha())
COMPANY_SUFFIX = re.compile(
    r"\b(?:inc|llc|ltd|limited|gmbh|ag|kg|kgaa|se|sa|s\.a|sarl|s\.a\.r\.l|sas|plc|corp|corporation|co|company|"
    r"group|holdings?|bv|b\.v|nv|spa|s\.p\.a|srl|s\.r\.l|sl|s\.l|ltda|lda|oy|ab|as|pty|llp|lp|gbr|ohg|e\.v|"
    r"technologies|solutions|systems|labs|partners|consulting|bank|studio|agency|ventures|software|media)\.?$",
    re.I,
)
SCHOOL_RE = re.compile(
    r"universi|univ\.|college|school|institut|academy|académie|academia|accademia|polytechni|politecnico|"
    r"hochschule|fachhochschule|école|ecole|escuela|escola|scuola|liceo|lycée|lycee|gymnasium|faculdade|"
    r"facultad|facoltà|conservatoire|seminary|campus|\bmit\b|\beth\b|\bepfl\b|\bucl\b|\bucla\b|\btu\b|"
    r"universiteit|uniwersytet|politechnika|akademia|hogeschool|högskola|hogskola|yliopisto|korkeakoulu|"
    r"vysoká škola|üniversite|университет|институт|академия|училище|πανεπιστ|πολυτεχν|σχολ",
    re.I,
)
DEGREE_RE = re.compile(
    r"\b(?:b\.?\s?sc|m\.?\s?sc|b\.?\s?a\b|m\.?\s?a\b|b\.?\s?eng|m\.?\s?eng|b\.?\s?s\b|m\.?\s?s\b|mba|phd|ph\.d|"
    r"bachelor|master|masters|doctorate|doctor|diploma|diplôme|diplome|licence|licenciatura|licenciado|"
    r"laurea|grado|graduação|graduacao|mestrado|máster|maestría|dottorato|doctorat|diplom|bachelors|"
    r"associate|certificate|a\.a|a\.s|b\.tech|m\.tech|bsc|msc|beng|meng|llb|llm|md|abitur|baccalauréat|bts|dut|"
    r"mestre|magister|staatsexamen|high school diploma|bacharelado|licencjat|inżynier|inzynier|"
    r"магистр|бакалавр|специалист|кандидат наук|πτυχίο|πτυχιο|μεταπτυχιακ\w*|διδακτορικ\w*)\b",
    re.I,
)
LOCATION_RE = re.compile(r"^[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_][^\W\d_.'’-]*){0,2},\s*[A-Z]{2}$|"
                         r"^(?:remote|hybrid|télétravail|remoto)$", re.I)
STRONG_SEP = re.compile(r"\s+(?:[|·•@]|–|—|-{1,2}|at|chez|bei|presso)\s+|\s*[|·•]\s*|\t|\s{3,}", re.I)
# "Title <at> Company" in other languages, split only where the words before it read as a title
_AT_WORDS = re.compile(r"\s+(?:en|na|no|em|bij|w|à|a|für|for|with|para|per)\s+", re.I)


# how long a job lasted, as profiles print it beside the dates: "2 years 7 months", "(1 yr 3 mos)"
_UNIT = (r"(?:years?|yrs?\.?|months?|mos?\.?|ans?|mois|jahre?|monate?|j\.|m\.|mon\.|años?|anos?|meses|mes|anni|"
         r"anno|mesi|mese|jaar|maanden|maand|mnd\.?|lata|lat|rok|roku|mies\.?|miesi[aą]c\w*)")
DURATION_RE = re.compile(rf"\(?\b\d{{1,2}}\+?\s*{_UNIT}(?!\w)(?:\s*,?\s*(?:and\s+|et\s+|und\s+|y\s+|e\s+)?"
                         rf"\d{{1,2}}\s*{_UNIT}(?!\w))?\)?", re.I)
@dataclass
class Entry:
    header: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    dates: DateRange | None = None
    date_line: int = -1


def is_bullet(line: Line, body_x0: float | None = None) -> bool:
    t = line.text
    if BULLET_RE.match(t) or BULLET_ONLY.match(t):
        return True
    words = t.split()
    if len(words) >= 12 and find_range(t) is None:
        return True
    if len(words) >= 7 and t.rstrip().endswith(".") and find_range(t) is None:
        return True
    return False


def title_score(text: str) -> float:
    """How much `text` reads as a job title: the share of its words that are title words,
    whole, plural, hyphenated ("software-ontwikkelaar") or the end of a compound
    ("Datenanalyst", "Systemadministrator")."""
    words = re.findall(r"[^\W\d_][\w.'-]*", fold(text))
    if not words:
        return 0.0
    hits = sum(1 for w in words if _title_word(w))
    return hits / (len(words) ** 0.5)


@functools.lru_cache(maxsize=4096)
def _title_word(w: str) -> bool:
    if w in JOB_TITLE_WORDS or w.rstrip("s") in JOB_TITLE_WORDS:
        return True
    if "-" in w.strip("-"):
        return any(_title_word(part) for part in w.split("-") if part)
    return len(w) >= 9 and any(w.endswith(t) for t in _COMPOUND_ENDS)


def company_score(text: str) -> float:
    s = 0.0
    if COMPANY_SUFFIX.search(text.strip(" ,.")):
        s += 1.5
    if re.search(r"&|\band\b", text) and title_score(text) == 0:
        s += 0.3
    return s


STRONG_SEP_NOWORDS = re.compile(r"\s+(?:[|·•@]|–|—|-{1,2})\s+|\s*[|·•]\s*|\t|\s{3,}")


def pieces(text: str, words: bool = True) -> list[str]:
    """Split a header line on strong separators (|, ·, —, ' - ', wide gaps; with `words`
    ' at ' and its kin in other languages: "Analista de dados na Logística Tejo")."""
    parts = [p.strip(" ,;:()[]").strip(" –—|·•").lstrip("-").strip()
             for p in (STRONG_SEP if words else STRONG_SEP_NOWORDS).split(text)]
    if words:
        parts = [q for p in parts for q in _split_at_word(p)]
    return [p for p in parts if p and not re.fullmatch(r"[\W_]+", p)]


def _split_at_word(text: str) -> list[str]:
    for m in _AT_WORDS.finditer(text):
        left, right = text[:m.start()].strip(), text[m.end():].strip()
        if left and right and right[:1].isupper() and title_score(left) > 0 and title_score(right) == 0:
            return [left, right]
    return [text]


def comma_split(text: str) -> list[str]:
    """'Senior Engineer, Acme Corp' -> [title, company] when one side looks like a title."""
    if "," not in text:
        return [text]
    idx = [m.start() for m in re.finditer(",", text)]
    best = None
    for i in idx:
        left, right = text[:i].strip(), text[i + 1:].strip()
        if not left or not right:
            continue
        if LOCATION_RE.match(right) or LOCATION_RE.match(right.split(",")[0] + "," + right.split(",")[-1]):
            pass
        tl, tr = title_score(left), title_score(right)
        if tl > 0 and tr == 0:
            best = [left, right]
            break
        if tr > 0 and tl == 0:
            best = [left, right]
            break
    return best or [text]




def _range_carried_on(t: str, nt: str) -> int:
    """How many characters of `nt` (the text under `t`) complete the date range `t` leaves
    unfinished ("January 2024 –" / "May 2025", "Dec. 2023 - June" / "2025", "set 2024 - in" /
    "corso"); 0 when they do not."""
    before = find_range(t)
    if before is None or not (before.single or before.end == "") or not _ENDS_UNFINISHED.search(t):
        return 0
    words = [m.end() for m in re.finditer(r"\S+", nt)][:3]
    for end in words:
        after = find_range(t + " " + nt[:end])
        if after is not None and not after.single and after.span[1] > len(t) and (
                before.single or after.end or PRESENT_ONLY.match(nt)):
            return end
    return 0


# a range left open at the end of a cell: a dash or "to", maybe a month or a word after it
_ENDS_UNFINISHED = re.compile(r"(?:-|–|—|‒|−|\bto|\bbis|\bau|\bal|\ba)(?:\s+[^\W\d_]+\.?)?\s*$", re.I)


def join_wrapped_ranges(lines: list[Line]) -> list[Line]:
    """A date range wrapped in a narrow cell made whole again: what completes it on the line
    below moves up into the segment that left it unfinished."""
    out: list[Line | None] = list(lines)   # None marks a line emptied into the one above
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a is None or b is None:
            continue
        for k, seg in enumerate(a.segs):
            t = seg.text.rstrip()
            if not has_date(t):
                continue
            for j, nseg in enumerate(b.segs):
                if min(seg.x1, nseg.x1) - max(seg.x0, nseg.x0) <= 0:
                    continue   # not under it
                nt = nseg.text.strip()
                end = _range_carried_on(t, nt)
                if not end:
                    continue
                segs_a = list(a.segs)
                segs_a[k] = Segment(t + " " + nt[:end], seg.x0, max(seg.x1, nseg.x1), seg.y, seg.size, seg.bold,
                                    seg.page)
                rest = nt[end:].strip()
                segs_b = [s for m, s in enumerate(b.segs) if m != j]
                if rest:
                    segs_b.insert(j, Segment(rest, nseg.x0, nseg.x1, nseg.y, nseg.size, nseg.bold, nseg.page))
                out[i] = Line(segs=segs_a, page=a.page, y=a.y, col=a.col, heading=a.heading)
                out[i + 1] = Line(segs=segs_b, page=b.page, y=b.y, col=b.col, heading=b.heading) if segs_b else None
                break
            break
    return [ln for ln in out if ln is not None]


def join_wrapped_cells(lines: list[Line]) -> list[Line]:
    """Cells of a header row wrapped in narrow columns ("Nordlys Software" / "AB") made whole:
    a line of two or more cells, each starting (or ending) where a cell of the line just
    above does, with no date of its own, carries on that line's cells."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and len(ln.segs) >= 2 and len(prev.segs) >= len(ln.segs) and ln.page == prev.page \
                and ln.col == prev.col and 0 < ln.y - prev.y <= 1.5 * prev.size and find_range(ln.text) is None \
                and not BULLET_RE.match(ln.text) and not BULLET_ONLY.match(ln.text) \
                and not any(DURATION_RE.fullmatch(s.text.strip(" ()·|")) for s in ln.segs):
            above = [next((k for k, a in enumerate(prev.segs)
                           if abs(a.x0 - b.x0) <= 2 or abs(a.x1 - b.x1) <= 2), None) for b in ln.segs]
            if None not in above and len(set(above)) == len(above):
                segs = list(prev.segs)
                for k, b in zip(above, ln.segs):
                    a = segs[k]
                    segs[k] = Segment(f"{a.text} {b.text}", min(a.x0, b.x0), max(a.x1, b.x1), a.y, a.size, a.bold,
                                      a.page)
                out[-1] = Line(segs=segs, page=prev.page, y=prev.y, col=prev.col, heading=prev.heading)
                continue
        out.append(ln)
    return out


def split_wide_gaps(line: Line) -> Line:
    """The line with each segment cut at its wide gaps ("Nov 2022 –   Engineer, Acme"), each
    part placed in proportion to its characters: the cells of a row set close together."""
    if not any("   " in seg.text for seg in line.segs):
        return line
    segs: list[Segment] = []
    for seg in line.segs:
        parts = seg.text.split("   ")
        if len(parts) == 1:
            segs.append(seg)
            continue
        per_char = (seg.x1 - seg.x0) / max(1, len(seg.text))
        offset = 0
        bullet, bullet_x0 = "", None
        for part in parts:
            x0 = seg.x0 + offset * per_char
            if BULLET_ONLY.fullmatch(part.strip() + " "):
                bullet, bullet_x0 = part.strip() + " ", x0   # a bullet set apart stays with its text
            elif part.strip():
                start = x0 if bullet_x0 is None else bullet_x0
                segs.append(Segment(bullet + part.strip(), start, x0 + len(part) * per_char, seg.y, seg.size, seg.bold,
                                    seg.page))
                bullet, bullet_x0 = "", None
            offset += len(part) + 3
    return Line(segs=segs, page=line.page, y=line.y, col=line.col, heading=line.heading)


def group_entries(lines: list[Line]) -> list[Entry]:
    """Entries anchored on date lines: header = non-bullet lines around a date, body = bullets."""
    blocks: list[tuple[list[Line], list[Line]]] = []  # (header lines, bullet lines)
    lines = join_wrapped_cells(join_wrapped_ranges([split_wide_gaps(ln) for ln in lines]))
    last_bullet: Line | None = None
    for ln in lines:
        if is_sub_label(ln.text) or DURATION_RE.fullmatch(ln.text.strip(" ()·|")):
            continue  # "Highlights", "Key achievements:", "2 years 7 months": neither header nor highlight
        if len(ln.segs) > 1 and DURATION_RE.fullmatch(ln.segs[0].text.strip(" ()·|")):
            ln = Line(segs=ln.segs[1:], page=ln.page, y=ln.y, col=ln.col, heading=ln.heading)  # a duration cell
        if last_bullet is not None and blocks and blocks[-1][1] and _continues_bullet(last_bullet, ln):
            blocks[-1][1].append(ln)   # the wrapped rest of a bullet
            continue
        last_bullet = ln if is_bullet(ln) else None
        if is_bullet(ln):
            if not blocks:
                blocks.append(([], []))
            blocks[-1][1].append(ln)
        else:
            if not blocks or blocks[-1][1]:
                blocks.append(([ln], []))
            else:
                blocks[-1][0].append(ln)
    entries: list[Entry] = []
    for header, body in blocks:
        dated = [i for i, ln in enumerate(header) if find_range(ln.text)]
        if len(dated) <= 1:
            e = Entry(header=header, body=body)
            if dated:
                e.date_line = dated[0]
                e.dates = find_range(header[dated[0]].text)
            entries.append(e)
            continue
        # several dated lines in one header block: entries without bullets, cut periodically
        k = len(dated)
        per = len(header) // k if len(header) % k == 0 else None
        if per and all(dated[j] - dated[0] == j * per for j in range(k)):
            off = dated[0] % per
            starts = [d - off for d in dated]
        else:
            # cut before each dated line, keeping any lines preceding it that are not dated
            starts = [0] + [d for d in dated[1:]]
            lead = dated[0]
            if lead > 0:
                starts = [0] + [max(dated[j - 1] + 1, d - lead) for j, d in enumerate(dated) if j > 0]
        for j, s in enumerate(starts):
            end = starts[j + 1] if j + 1 < len(starts) else len(header)
            chunk = header[s:end]
            e = Entry(header=chunk, body=body if j == k - 1 else [])
            di = next((i for i, ln in enumerate(chunk) if find_range(ln.text)), -1)
            if di >= 0:
                e.date_line = di
                e.dates = find_range(chunk[di].text)
            entries.append(e)
    return [e for e in entries if e.header]


def _continues_bullet(bullet: Line, ln: Line) -> bool:
    """ln is the wrapped second line of a bullet: no date, one cell, and it starts in lower case
    or sits indented under the bullet's text rather than at the entries' left edge."""
    t = ln.text.strip()
    if not t or len(ln.segs) != 1 or find_range(t) or BULLET_RE.match(t) or BULLET_ONLY.match(t):
        return False
    if ln.page != bullet.page or ln.col != bullet.col or not 0 < ln.y - bullet.y <= 1.8 * bullet.size:
        return False
    return t[0].islower() or t[0] in "%)" or ln.x0 > bullet.x0 + 2


def header_pieces(entry: Entry) -> list[tuple[str, int, bool]]:
    """(piece text, line index, bold) for an entry's header with dates removed."""
    out = []
    for i, ln in enumerate(entry.header):
        for seg in ln.segs:
            t = seg.text
            if BULLET_ONLY.match(t) or (BULLET_RE.match(t) and not t.lstrip().startswith(("-", "–", "—"))):
                continue  # a highlight sharing the header's baseline (a table cell), not a header piece
            r = find_range(t)
            while r:
                t = strip_span(t, r.span)
                r = find_range(t)
            t = DURATION_RE.sub(" ", t)
            for p in pieces(t):
                out.append((p, i, seg.bold))
    return out
