"""Stage 2: find section headings and split the lines into sections.

A heading is recognised by its wording (the common forms in the languages HEADINGS lists:
English, French, German, Spanish, Portuguese, Italian, Dutch, Polish, the Scandinavian
languages, Finnish, Czech, Turkish, Russian, Ukrainian, Greek) and, for unknown wordings,
by its look: short, in capitals or bold/larger than the body, no dates, no contact
details; a section under an unknown wording takes its kind from what its lines hold.
"""
from __future__ import annotations

import functools
import re
import statistics
from dataclasses import dataclass, field

from core.rules.dates import find_range, has_date
from core.rules.entries import DEGREE_RE, SCHOOL_RE, is_sub_label
from core.rules.layout import Line
from core.rules.text import fold

# kind -> heading wordings (folded: lower case, no accents)
HEADINGS: dict[str, list[str]] = {
    "work": [
        "experience", "work experience", "professional experience", "work history", "employment",
        "employment history", "career history", "career", "professional background", "relevant experience",
        "experience professionnelle", "experiences professionnelles", "experiences", "parcours professionnel",
        "berufserfahrung", "berufliche erfahrung", "beruflicher werdegang", "praxiserfahrung", "erfahrung",
        "experiencia", "experiencia profesional", "experiencia laboral", "trayectoria profesional",
        "experiencia professional", "experiencia profissional", "historico profissional",
        "esperienza", "esperienze", "esperienza professionale", "esperienze professionali",
        "esperienza lavorativa", "esperienze lavorative", "work", "positions held", "professional history",
        "employment experience", "industry experience", "experience & projects",
        "berufliche stationen", "berufspraxis", "beruflicher hintergrund", "berufserfahrungen",
        "parcours", "experiences professionnelles", "historial laboral", "experiencia laboral y profesional",
        "esperienze di lavoro", "experiencia de trabajo",
        "werkervaring", "loopbaan", "arbeidservaring", "werkgeschiedenis",
        "doswiadczenie", "doswiadczenie zawodowe", "przebieg kariery", "historia zatrudnienia",
        "arbetslivserfarenhet", "erfarenhet", "yrkeserfarenhet", "erhvervserfaring", "arbejdserfaring",
        "arbeidserfaring", "tyokokemus", "pracovni zkusenosti", "is deneyimi", "deneyim",
        "опыт работы", "опыт", "трудовая деятельность", "профессиональный опыт", "досвід роботи",
        "επαγγελματικη εμπειρια", "εργασιακη εμπειρια", "εμπειρια", "προϋπηρεσια",
    ],
    "education": [
        "education", "academic background", "education & training", "education and training", "academics",
        "academic history", "studies", "qualifications", "academic qualifications", "educational background",
        "education & certifications", "education and certifications", "training", "degrees",
        "formation", "formations", "etudes", "diplomes", "formation academique", "parcours academique",
        "ausbildung", "bildung", "studium", "bildungsweg", "akademischer werdegang", "schulbildung",
        "educacion", "formacion", "formacion academica", "estudios",
        "educacao", "formacao", "formacao academica", "escolaridade",
        "istruzione", "formazione", "istruzione e formazione", "studi", "titoli di studio",
        "hochschulbildung", "schul- und hochschulbildung", "akademische ausbildung", "werdegang ausbildung",
        "education and qualifications", "education & qualifications", "formation et diplomes",
        "formation academique et professionnelle", "formacion academica", "formacao academica",
        "opleiding", "opleidingen", "wyksztalcenie", "utbildning", "uddannelse", "utdanning", "koulutus",
        "vzdelani", "egitim", "образование", "освіта", "εκπαιδευση", "σπουδες",
    ],
    "skills": [
        "skills", "technical skills", "core competencies", "competencies", "key skills", "expertise",
        "areas of expertise", "skills & tools", "skills and tools", "tools", "technologies", "tech stack",
        "skills & expertise", "core skills", "professional skills", "skill set", "skillset", "abilities",
        "competences", "competences techniques", "savoir-faire", "compétences cles", "competences cles",
        "kenntnisse", "fahigkeiten", "kompetenzen", "fachkenntnisse", "it-kenntnisse", "qualifikationen",
        "habilidades", "competencias", "conocimientos", "aptitudes",
        "competencias tecnicas", "habilidades tecnicas", "conhecimentos",
        "competenze", "competenze tecniche", "abilita", "capacita", "strengths", "technical expertise",
        "core qualifications", "key competencies", "technical competencies", "tools & technologies",
        "tools and technologies", "technical expertise", "it skills", "it-skills", "edv-kenntnisse",
        "it-kompetenzen", "competences cles", "connaissances", "connaissances techniques",
        "vaardigheden", "competenties", "kennis", "umiejetnosci", "kompetencje", "fardigheter", "kompetenser",
        "faerdigheder", "ferdigheter", "taidot", "dovednosti", "yetenekler", "beceriler",
        "навыки", "ключевые навыки", "профессиональные навыки", "компетенции", "навички",
        "δεξιοτητες", "ικανοτητες", "γνωσεις",
    ],
    "languages": [
        "languages", "language skills", "language", "langues", "sprachen", "sprachkenntnisse", "idiomas",
        "lenguas", "linguas", "lingue", "conoscenze linguistiche", "competences linguistiques",
        "talen", "talenkennis", "jezyki", "jezyki obce", "sprak", "sprog", "kielet", "jazyky", "diller",
        "языки", "знание языков", "мови", "γλωσσες", "ξενες γλωσσες",
    ],
    "certificates": [
        "certifications", "certificates", "certification", "licenses & certifications",
        "licenses and certifications", "licences & certifications", "certifications & licenses",
        "professional certifications", "accreditations", "professional qualifications",
        "zertifikate", "zertifizierungen", "certificats", "certificaciones", "certificados",
        "certificacoes", "certificazioni", "courses & certifications", "courses", "awards & certifications",
        "certyfikaty", "certificaten", "certifikat", "certifikater", "sertifikaatit", "certifikáty",
        "certificações", "kursy", "cursos", "formations complémentaires", "weiterbildung", "weiterbildungen",
        "fortbildungen", "cursussen", "corsi", "szkolenia",
    ],
    "contact": [
        "contact", "contact details", "contact information", "personal details", "personal information",
        "details", "kontakt", "coordonnees", "contacto", "contato", "contatti", "informations personnelles",
        "persönliche daten", "personliche daten", "datos personales", "dados pessoais", "dati personali",
        "links", "get in touch", "info",
        "contactgegevens", "persoonlijke gegevens", "dane osobowe", "dane kontaktowe", "kontaktuppgifter",
        "kontaktoplysninger", "yhteystiedot", "iletisim", "контакты", "контактная информация",
        "личные данные", "επικοινωνια", "στοιχεια επικοινωνιας", "προσωπικα στοιχεια",
    ],
    "summary": [
        "summary", "profile", "professional summary", "about me", "about", "objective", "career objective",
        "personal statement", "overview", "profil", "resume", "a propos", "zusammenfassung", "uber mich",
        "sommario", "riepilogo", "presentazione", "samenvatting", "profielschets", "podsumowanie zawodowe",
        "resumo", "resumo profissional", "sobre", "profil professionnel", "résumé professionnel",
        "kurzprofil", "perfil", "perfil profesional", "resumen", "sobre mi", "sobre mim", "perfil profissional",
        "profilo", "profilo professionale", "chi sono", "executive summary", "career summary",
        "profiel", "over mij", "o mnie", "podsumowanie", "om mig", "sammanfattning", "profiili",
        "о себе", "профиль", "обо мне", "προφιλ", "σχετικα με εμενα",
    ],
    "other": [
        "projects", "interests", "hobbies", "references", "publications", "awards", "volunteering",
        "volunteer experience", "achievements", "activities", "honors", "honours", "personal projects",
        "centres d'interet", "centres d’interet", "loisirs", "interessen", "hobbys", "projekte",
        "intereses", "proyectos", "referencias", "interesses", "projetos", "interessi", "progetti",
        "additional information", "memberships", "affiliations", "side projects", "open source",
        "selected projects", "key projects", "projets", "projets personnels", "projekty", "projecten", "projekter",
        "projektit", "zainteresowania", "hobby", "zajęcia", "interets", "centres d'intérêt", "freizeit",
        "freizeitaktivitaten", "interessi personali", "aficiones", "pasatiempos", "hobbies e interesses",
        "interesses pessoais", "interesses", "hobby's", "interesses", "intressen", "interesser", "harrastukset",
        "volontariat", "benevolat", "ehrenamt", "ehrenamtliches engagement", "voluntariado", "volontariato",
        "vrijwilligerswerk", "wolontariat", "publications", "publikationen", "publicaciones", "publicações",
        "pubblicazioni", "awards", "auszeichnungen", "prix", "premios", "premi", "nagrody", "références",
        "referenzen", "referencias", "referências", "referenze", "referenties", "referencje",
    ],
}

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


_WORDING: dict[str, str] = {}
for _kind, _words in HEADINGS.items():
    for _w in _words:
        _WORDING.setdefault(fold(_w), _kind)


def _clean(text: str) -> str:
    t = fold(text).strip()
    t = re.sub(r"^[\W\d_]+|[\W_]+$", "", t)          # bullets, numbering, trailing colon
    t = re.sub(r"\s*&\s*", " & ", t)
    t = re.sub(r"\s+", " ", t)
    return t


@functools.lru_cache(maxsize=8192)
def heading_kind(text: str) -> str | None:
    """Section kind for a heading wording, or None if the wording is not a known heading."""
    t = _clean(text)
    if not t:
        return None
    if t in _WORDING:
        return _WORDING[t]
    spaced = _unspaced(fold(text).strip(" :"))   # "E X P E R I E N C E", "P R O F I L E   P E R S O"
    if spaced in _WORDING:
        return _WORDING[spaced]
    # two wordings joined: "Education and Qualifications", "Tools & Technologies", "Formation et
    # diplômes" -- the first known part names the section
    t = re.sub(r"\s+(?:&|and|und|et|y|e)$", "", t)   # a heading wrapped after its joiner
    if t in _WORDING:
        return _WORDING[t]
    parts = [p.strip(" -") for p in _JOINERS.split(t)]
    if len(parts) > 1 and all(parts) and len(parts) <= 3:
        for p in parts:
            if p in _WORDING:
                return _WORDING[p]
    return None


_JOINERS = re.compile(r"\s+(?:&|and|und|et|y|e|en|i|и|και|og|och|ve)\s+|\s*[/,+]\s*")


def _unspaced(t: str) -> str:
    """Words spelled out letter by letter, or in bits, joined again ("w o r k   h i s t o r y"
    -> "work history", "esp eri enze   lavorat i v e" -> "esperienze lavorative")."""
    words = re.split(r"\s{2,}", t)
    bits = [b for w in words for b in w.split(" ")]
    if len(bits) > len(words) and all(len(b) <= 7 for b in bits) and \
            sum(1 for b in bits if len(b) == 1 and b.isalpha()) >= 2 and sum(len(b) <= 3 for b in bits) * 2 >= len(bits):
        return " ".join(w.replace(" ", "") for w in words)
    return t


def _keyword_kind(text: str) -> str:
    t = _clean(text)
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
        if kind and ln.page == 0 and _clean(ln.text) in DOCUMENT_TITLES and (
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
