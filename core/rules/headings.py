"""Section headings by their wording, in the languages resumes are written in.

`heading_kind(text)` says which section a heading's wording names ("Berufserfahrung" ->
"work"), or None. Layout uses it to see headings on both sides of a gutter; sections uses it
to split a resume.
"""
from __future__ import annotations

import functools
import re

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

_WORDING: dict[str, str] = {}
for _kind, _words in HEADINGS.items():
    for _w in _words:
        _WORDING.setdefault(fold(_w), _kind)


def clean_wording(text: str) -> str:
    t = fold(text).strip()
    t = re.sub(r"^[\W\d_]+|[\W_]+$", "", t)          # bullets, numbering, trailing colon
    t = re.sub(r"\s*&\s*", " & ", t)
    t = re.sub(r"\s+", " ", t)
    return t


@functools.lru_cache(maxsize=8192)
def heading_kind(text: str) -> str | None:
    """Section kind for a heading wording, or None if the wording is not a known heading."""
    t = clean_wording(text)
    if not t:
        return None
    if t in _WORDING:
        return _WORDING[t]
    spaced = unspaced(fold(text).strip(" :"))   # "E X P E R I E N C E", "P R O F I L E   P E R S O"
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


def unspaced(t: str) -> str:
    """Words spelled out letter by letter, or in bits, joined again ("w o r k   h i s t o r y"
    -> "work history", "esp eri enze   lavorat i v e" -> "esperienze lavorative")."""
    words = re.split(r"\s{2,}", t)
    bits = [b for w in words for b in w.split(" ")]
    if len(bits) > len(words) and all(len(b) <= 7 for b in bits) and \
            sum(1 for b in bits if len(b) == 1 and b.isalpha()) >= 2 and \
            sum(len(b) <= 3 for b in bits) * 2 >= len(bits):
        return " ".join(w.replace(" ", "") for w in words)
    return t


# labels inside one job that introduce its bullets
SUB_LABELS = {
    "highlights", "key highlights", "achievements", "key achievements", "accomplishments", "responsibilities",
    "key responsibilities", "main responsibilities", "duties", "tasks", "main tasks", "projects", "key projects",
    "tech stack", "technologies", "technologies used", "tools", "environment", "results", "impact",
    "realisations", "réalisations", "missions", "principales missions", "responsabilites", "responsabilités",
    "aufgaben", "tätigkeiten", "taetigkeiten", "erfolge", "schwerpunkte", "verantwortlichkeiten",
    "logros", "responsabilidades", "funciones", "tareas", "realizações", "atividades", "conquistas",
    "responsabilità", "attività", "risultati", "mansioni", "taken", "verantwoordelijkheden", "resultaten",
    "missions clés", "missions cles", "principales réalisations", "résultats", "principais resultados",
    "resultados", "principales logros", "logros principales", "risultati principali", "attività principali",
    "belangrijkste resultaten", "kernaufgaben", "ergebnisse", "osiągnięcia", "obowiązki", "zadania", "realizacje",
    "najważniejsze osiągnięcia", "key results", "selected achievements", "what i did",
}
SUB_LABELS = {fold(w) for w in SUB_LABELS}


def is_sub_label(text: str) -> bool:
    t = fold(text.strip().rstrip(":").strip())
    return t in SUB_LABELS
