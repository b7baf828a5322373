#!/usr/bin/env python3
"""Generate the unseen test resumes (PDF + truth JSON in the shared corpus's format).

    python tests/corpora/resumes/make_resumes.py [--out tests/corpora/resumes] [--n 36]

Deterministic (seeded); layouts and wordings deliberately differ from the shared corpus:
title before the name, names in capitals / with accents / non-Latin / single word, sidebars
on either side drawn in either order, experience as a table, multi-page, headings in six
languages with or without rules, many date formats and company/title arrangements.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import phonenumbers

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
from pdfgen import PdfDoc  # noqa: E402

LOCALES = {
    "en_US": dict(region="US", cities=["Austin, TX", "Denver, CO", "Portland, OR", "Raleigh, NC"], lang="en"),
    "en_GB": dict(region="GB", cities=["Leeds, UK", "Bristol, UK", "Glasgow, UK"], lang="en"),
    "fr_FR": dict(region="FR", cities=["Lyon, FR", "Nantes, FR", "Besançon, FR"], lang="fr"),
    "de_DE": dict(region="DE", cities=["München, DE", "Köln, DE", "Leipzig, DE"], lang="de"),
    "es_ES": dict(region="ES", cities=["Sevilla, ES", "Málaga, ES", "Zaragoza, ES"], lang="es"),
    "pt_BR": dict(region="BR", cities=["Curitiba, BR", "Recife, BR"], lang="pt"),
    "pt_PT": dict(region="PT", cities=["Porto, PT", "Braga, PT"], lang="pt"),
    "it_IT": dict(region="IT", cities=["Bologna, IT", "Torino, IT"], lang="it"),
}

NAMES = {
    "en": ["Olivia Bennett", "Marcus O'Neill", "Priya Raman", "Ethan Calloway", "Grace Whitfield", "Tomás Rivera",
           "Hannah Kowalski", "Daniel Okafor", "Zoë Ashworth", "Liam McAllister"],
    "fr": ["Élodie Marchand", "Jérôme Lefèvre", "Anaïs Dubois", "François Gauthier", "Céline Roux"],
    "de": ["Jürgen Weiß", "Lena Schäfer", "Matthias Groß", "Anneliese Köhler", "Björn Müller"],
    "es": ["José María Núñez", "Lucía Fernández", "Iñigo Etxeberria", "Ana Belén Ruiz"],
    "pt": ["João Gonçalves", "Inês Araújo", "Conceição Lima", "Luís Magalhães"],
    "it": ["Niccolò Ferrari", "Giulia Esposito", "Lorenzo Bianchi", "Chiara Colombo"],
    "other": ["Дмитрий Иванов", "Αλέξανδρος Παπαδόπουλος", "Łukasz Wróbel", "Nguyễn Văn An", "Søren Kierkegaard",
              "Ayşe Yılmaz", "Björk", "Oğuz Kaya"],
}
TITLES = {
    "en": ["Backend Engineer", "Product Manager", "Data Scientist", "UX Designer", "Site Reliability Engineer",
           "Marketing Analyst", "Technical Writer", "Customer Success Manager", "Financial Controller",
           "QA Engineer", "Solutions Consultant", "Head of Growth", "Platform Developer", "Office Manager"],
    "fr": ["Ingénieur logiciel", "Chef de projet", "Développeur Python", "Responsable marketing",
           "Analyste financier", "Consultant SAP"],
    "de": ["Softwareentwickler", "Projektleiter", "Data Engineer", "Teamleiter Vertrieb", "Berater IT",
           "Entwickler Frontend"],
    "es": ["Desarrollador Java", "Jefe de proyecto", "Analista de datos", "Ingeniero de software",
           "Gerente comercial"],
    "pt": ["Desenvolvedor Backend", "Analista de sistemas", "Gerente de produto", "Engenheiro de dados"],
    "it": ["Sviluppatore Java", "Responsabile vendite", "Analista dati", "Ingegnere del software"],
}
COMPANIES = {
    "en": ["Northwind Traders", "Globex Corporation", "Initech LLC", "Vandelay Industries", "Acme Robotics Inc.",
           "Bluebird Analytics", "Stark & Wayne Ltd", "Pied Piper", "Umbrella Health", "Hooli",
           "Brightline Partners", "Copperleaf Software"],
    "fr": ["Dupont & Fils SARL", "Groupe Lumière", "Boulanger SA", "Atelier Numérique", "Société Générale des Eaux"],
    "de": ["Müller Logistik GmbH", "Schwarzwald Software AG", "Brauerei Köhler KG", "Nordlicht Digital",
           "Weber & Söhne GmbH"],
    "es": ["Telefónica Digital", "Construcciones Ibéricas S.L.", "Banco del Sur", "Grupo Andalucía"],
    "pt": ["Natura Tech Ltda", "Banco Atlântico", "Lusodata Lda", "Grupo Serra"],
    "it": ["Ferretti S.p.A.", "Banca di Romagna", "Tessuti Colombo Srl", "Gruppo Alpino"],
}
SCHOOLS = {
    "en": ["University of Michigan", "Imperial College London", "Georgia State University", "Boston College",
           "University of Leeds", "Rice University"],
    "fr": ["Université de Lyon", "École Centrale de Nantes", "Université Paris-Saclay", "INSA Institut de Lyon"],
    "de": ["Technische Universität München", "Universität zu Köln", "Hochschule Leipzig"],
    "es": ["Universidad de Sevilla", "Universidad Complutense de Madrid", "Escuela Politécnica de Zaragoza"],
    "pt": ["Universidade do Porto", "Universidade Federal do Paraná", "Instituto Superior Técnico"],
    "it": ["Università di Bologna", "Politecnico di Torino", "Università degli Studi di Milano"],
}
DEGREES = {
    "en": ["B.Sc. in Computer Science", "MBA", "Master of Science in Statistics", "BA in Economics", "PhD in Physics"],
    "fr": ["Master en informatique", "Licence en économie", "Diplôme d'ingénieur"],
    "de": ["Master in Informatik", "Bachelor in BWL", "Diplom in Physik"],
    "es": ["Grado en Ingeniería Informática", "Máster en Finanzas", "Licenciatura en Economía"],
    "pt": ["Mestrado em Engenharia", "Licenciatura em Gestão", "Bacharelado em Ciência da Computação"],
    "it": ["Laurea in Ingegneria", "Master in Economia", "Laurea in Informatica"],
}
SKILLS = ["Python", "Go", "Kubernetes", "PostgreSQL", "React", "TypeScript", "Terraform", "Figma", "Excel",
          "Tableau", "SAP", "Scrum", "SEO", "Negotiation", "Public Speaking", "Docker", "GraphQL", "Spark",
          "Power BI", "Salesforce", "Rust", "Java", "Kotlin", "AWS", "Azure", "dbt", "Airflow", "Jira",
          "CI/CD", "C++", "Node.js", "Machine Learning", "Copywriting", "Budgeting"]
HEAD = {
    "en": [dict(work="Work History", edu="Education & Training", skills="Core Competencies", lang="Languages",
                contact="Contact", summary="Profile", cert="Certifications"),
           dict(work="Professional Experience", edu="Qualifications", skills="Expertise", lang="Languages",
                contact="Details", summary="Summary", cert="Licenses & Certifications"),
           dict(work="Employment", edu="Academic Background", skills="Technical Skills", lang="Language Skills",
                contact="Get in touch", summary="About Me", cert="Certificates"),
           dict(work="Career History", edu="Education", skills="Skills & Tools", lang="Languages",
                contact="Contact Information", summary="Professional Summary", cert="Certifications")],
    "fr": [dict(work="Expérience professionnelle", edu="Formation", skills="Compétences", lang="Langues",
                contact="Coordonnées", summary="Profil", cert="Certifications")],
    "de": [dict(work="Berufserfahrung", edu="Ausbildung", skills="Kenntnisse", lang="Sprachen",
                contact="Kontakt", summary="Profil", cert="Zertifikate")],
    "es": [dict(work="Experiencia profesional", edu="Formación académica", skills="Habilidades", lang="Idiomas",
                contact="Contacto", summary="Perfil", cert="Certificaciones")],
    "pt": [dict(work="Experiência profissional", edu="Formação acadêmica", skills="Competências", lang="Idiomas",
                contact="Contato", summary="Perfil", cert="Certificações")],
    "it": [dict(work="Esperienza professionale", edu="Istruzione", skills="Competenze", lang="Lingue",
                contact="Contatti", summary="Profilo", cert="Certificazioni")],
}
PRESENT = {"en": ["Present", "Current", "now"], "fr": ["aujourd'hui", "présent"], "de": ["heute", "aktuell"],
           "es": ["actualidad", "presente"], "pt": ["atual", "presente"], "it": ["oggi", "presente"]}
MONTHS = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
    "en_long": "January February March April May June July August September October November December".split(),
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split(),
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.".split(),
    "es": "ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.".split(),
    "pt": "jan fev mar abr mai jun jul ago set out nov dez".split(),
    "it": "gen feb mar apr mag giu lug ago set ott nov dic".split(),
}
LANG_NAMES = {"en": ["English", "Spanish", "German"], "fr": ["Français", "Anglais"], "de": ["Deutsch", "Englisch"],
              "es": ["Español", "Inglés"], "pt": ["Português", "Inglês"], "it": ["Italiano", "Inglese"]}
BULLETS = ["Cut cloud spend by {n}% by rightsizing clusters", "Led a team of {n} people across two offices",
           "Shipped a customer portal used by {n}k users", "Reduced onboarding time by {n} days",
           "Automated month-end reporting with Python and SQL", "Negotiated {n} supplier contracts"]


def phone_for(rng: random.Random, region: str, style: int) -> str:
    ex = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    num = ex
    for _ in range(20):
        nsn = str(ex.national_number)
        cand = nsn[:-4] + "".join(str(rng.randint(0, 9)) for _ in range(4))
        try:
            p = phonenumbers.parse("+" + str(ex.country_code) + cand, None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(p):
            num = p
            break
    fmt = [phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.NATIONAL,
           phonenumbers.PhoneNumberFormat.E164][style % 3]
    return phonenumbers.format_number(num, fmt)


def fmt_date(ym: tuple[int, int], style: str, lang: str) -> str:
    y, m = ym
    if style == "mon":
        key = lang if lang in MONTHS else "en"
        return f"{MONTHS[key][m - 1]} {y}"
    if style == "long":
        return f"{MONTHS['en_long'][m - 1]} {y}"
    if style == "iso":
        return f"{y}-{m:02d}"
    if style == "slash":
        return f"{m:02d}/{y}"
    if style == "dot":
        return f"{m:02d}.{y}"
    return str(y)


def make_truth_dates(rng: random.Random, n: int) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    y, m = 2025, rng.randint(1, 10)
    out = []
    end = None  # current first
    for i in range(n):
        dur = rng.randint(10, 40)
        sy, sm = y, m
        total = sy * 12 + sm - 1 - dur
        start = (total // 12, total % 12 + 1)
        out.append((start, end))
        gap = rng.randint(1, 4)
        t2 = total - gap
        end = (t2 // 12, t2 % 12 + 1)
        y, m = end
    return out


class Resume:
    """Random content for one resume plus its truth."""

    def __init__(self, rng: random.Random, i: int, min_jobs: int = 2):
        loc_key = rng.choice(list(LOCALES))
        self.locale = loc_key
        info = LOCALES[loc_key]
        self.lang = info["lang"]
        pool = NAMES["other"] if rng.random() < 0.2 else NAMES[self.lang]
        self.name = pool[(i * 7 + rng.randint(0, 100)) % len(pool)]
        ascii_name = "".join(c for c in self.name.lower() if c.isascii() and (c.isalpha() or c == " ")).split()
        handle = (ascii_name[0][0] + ascii_name[-1]) if len(ascii_name) >= 2 else (ascii_name[0] if ascii_name else "cand")
        handle = (handle + str(rng.randint(1, 99)))[:20]
        self.email = f"{handle}@{rng.choice(['gmail.com', 'mailbox.org', 'example.net', 'posteo.de', 'hey.com'])}"
        self.phone = phone_for(rng, info["region"], rng.randint(0, 2))
        self.location = rng.choice(info["cities"])
        self.links = []
        if rng.random() < 0.8:
            self.links.append(f"linkedin.com/in/{handle}")
        if rng.random() < 0.5:
            self.links.append(f"github.com/{handle}")
        if rng.random() < 0.2:
            self.links.append(f"{handle}.dev")
        self.link_scheme = rng.random() < 0.4
        self.label = rng.choice(TITLES[self.lang])
        n_jobs = rng.randint(min_jobs, max(5, min_jobs))
        dates = make_truth_dates(rng, n_jobs)
        titles = rng.sample(TITLES[self.lang] + (TITLES["en"] if self.lang != "en" else []), n_jobs)
        pool = COMPANIES[self.lang] + [c for c in COMPANIES["en"][:4] if c not in COMPANIES[self.lang]]
        comps = rng.sample(pool, n_jobs)
        self.jobs = [dict(company=c, title=t, start=s, end=e,
                          bullets=[b.format(n=rng.randint(2, 40)) for b in rng.sample(BULLETS, rng.randint(1, 3))])
                     for c, t, (s, e) in zip(comps, titles, dates)]
        n_edu = rng.randint(1, 2)
        self.edu = [dict(institution=s, degree=d, end=(dates[-1][0][0] - 1 - 3 * k, rng.choice([6, 7, 9])))
                    for k, (s, d) in enumerate(zip(rng.sample(SCHOOLS[self.lang], n_edu),
                                                   rng.sample(DEGREES[self.lang], n_edu)))]
        self.skills = rng.sample(SKILLS, rng.randint(4, 9))
        self.skill_groups = None
        if rng.random() < 0.35:
            k = len(self.skills) // 2
            self.skill_groups = [("Tools", self.skills[:k]), ("Methods", self.skills[k:])]
        self.languages = LANG_NAMES[self.lang]
        self.head = rng.choice(HEAD[self.lang])
        self.date_style = rng.choice(["mon", "long", "iso", "slash", "dot", "year"] if self.lang == "en"
                                     else ["mon", "iso", "slash", "dot", "year"])
        self.date_sep = rng.choice([" - ", " – ", " — ", " to "] if self.lang == "en" else [" - ", " – ", " — "])
        self.present = rng.choice(PRESENT[self.lang])
        # "ı".upper() == "I": a capitalised Turkish name cannot be lowered back, so the truth would lie
        self.caps_name = rng.random() < 0.25 and "ı" not in self.name
        self.title_before = rng.choice([None, None, "Curriculum Vitae", "Resume", "CV"])
        self.caps_heads = rng.random() < 0.5
        self.rules = rng.random() < 0.5
        self.certs = [("AWS Certified Solutions Architect", "Amazon", 2021)] if rng.random() < 0.3 else []
        self.summary = ("Hands-on professional who enjoys untangling hard problems, mentoring colleagues and "
                        "keeping things simple. Comfortable with ambiguity and with customers.")
        self.hidden = rng.random() < 0.3

    def d(self, ym) -> str:
        return self.present if ym is None else fmt_date(ym, self.date_style, self.lang)

    def rng_text(self, job) -> str:
        return self.d(job["start"]) + self.date_sep + self.d(job["end"])

    def link_text(self, u: str) -> str:
        return ("https://" + u) if self.link_scheme else u

    def h(self, key: str) -> str:
        t = self.head[key]
        return t.upper() if self.caps_heads else t

    def truth(self, layout: str) -> dict:
        def ym(v):
            if v is None:
                return "present"
            return str(v[0]) if self.date_style == "year" else f"{v[0]}-{v[1]:02d}"
        return {
            "layout": layout, "locale": self.locale, "name": self.name, "email": self.email, "phone": self.phone,
            "location": self.location, "links": self.links, "skills": self.skills,
            "experience": [dict(company=j["company"], title=j["title"], start=ym(j["start"]), end=ym(j["end"]))
                           for j in self.jobs],
            "education": [dict(institution=e["institution"], degree=e["degree"], end=f"{e['end'][0]}-{e['end'][1]:02d}")
                          for e in self.education_truth()],
        }

    def education_truth(self):
        return self.edu


# --------------------------------------------------------------------------- drawing


class Cursor:
    def __init__(self, doc: PdfDoc, x: float, y: float, width: float, bottom: float = 800):
        self.doc, self.x, self.y, self.width, self.bottom = doc, x, y, width, bottom

    def line(self, s: str, size=10, bold=False, dx=0.0, gap=1.35, color=(0, 0, 0)):
        if self.y > self.bottom:
            self.doc.new_page()
            self.y = 60
        self.doc.text(self.x + dx, self.y, s, size, bold, color=color)
        self.y += size * gap

    def wrap(self, s: str, size=9.5, dx=0.0):
        words, cur = s.split(), ""
        for w in words:
            t = (cur + " " + w).strip()
            if self.doc.width(t, size) > self.width - dx and cur:
                self.line(cur, size, dx=dx)
                cur = w
            else:
                cur = t
        if cur:
            self.line(cur, size, dx=dx)

    def heading(self, r: Resume, s: str, size=12):
        self.y += 6
        self.line(s, size, bold=True, gap=1.1)
        if r.rules:
            self.doc.hline(self.x, self.y - size * 0.6, self.x + self.width)
            self.y += 4
        self.y += 3


def draw_jobs(cur: Cursor, r: Resume, style: int, right_edge: float):
    for j in r.jobs:
        dates = r.rng_text(j)
        if style == 0:    # "Title at Company" / dates flush right
            cur.doc.text(right_edge, cur.y, dates, 9.5, align="right")
            cur.line(f"{j['title']} at {j['company']}", 10.5, bold=True)
        elif style == 1:  # "Company | Title | dates"
            cur.line(f"{j['company']} | {j['title']} | {dates}", 10, bold=False)
        elif style == 2:  # Company (bold) / Title · dates
            cur.line(j["company"], 10.5, bold=True)
            cur.line(f"{j['title']} · {dates}", 9.5)
        elif style == 3:  # dates / Title — Company
            cur.line(dates, 9, color=(0.35, 0.35, 0.35))
            cur.line(f"{j['title']} — {j['company']}", 10.5, bold=True)
        elif style == 4:  # Title (bold) / Company, dates right
            cur.line(j["title"], 10.5, bold=True)
            cur.doc.text(right_edge, cur.y, dates, 9, align="right")
            cur.line(j["company"], 10)
        else:             # "Company - Title (dates)"
            cur.line(f"{j['company']} - {j['title']} ({dates})", 10, bold=True)
        for b in j["bullets"]:
            cur.line("• " + b, 9.5, dx=10)
        cur.y += 4


def draw_education(cur: Cursor, r: Resume, style: int):
    for e in r.edu:
        end = fmt_date(e["end"], "mon" if r.date_style == "year" else r.date_style, r.lang)
        if style == 0:
            cur.line(e["institution"], 10.5, bold=True)
            cur.line(f"{e['degree']}, {end}", 9.5)
        elif style == 1:
            cur.line(f"{e['degree']} | {e['institution']} | {end}", 10)
        else:
            cur.line(f"{end}  {e['degree']}", 9.5)
            cur.line(e["institution"], 10, bold=True)
        cur.y += 3


def draw_skills(cur: Cursor, r: Resume, style: int, narrow: bool = False):
    if r.skill_groups:
        for name, kws in r.skill_groups:
            if narrow:
                cur.line(name + ":", 9.5, bold=True)
                for k in kws:
                    cur.line("• " + k, 9.5)
            else:
                cur.line(f"{name}: {', '.join(kws)}", 9.5)
        return
    if narrow or style == 0:
        for k in r.skills:
            cur.line(("• " if style != 2 else "") + k, 9.5)
    elif style == 1:
        cur.wrap(" | ".join(r.skills), 9.5)
    else:
        cur.wrap(", ".join(r.skills), 9.5)


def draw_hidden(doc: PdfDoc, r: Resume):
    doc.text(60, 820, "Kubernetes Terraform Rust Golang expert senior architect", 8, color=(1, 1, 1))
    doc.text(60, 300, "Hidden Corp | Chief Executive Officer | 2001 - 2003", 0.8)


def draw_name(doc: PdfDoc, r: Resume, x: float, y: float, size=22, align="left") -> float:
    if r.title_before:
        doc.text(x, y, r.title_before.upper() if r.caps_heads else r.title_before, 10, color=(0.4, 0.4, 0.4),
                 align=align)
        y += 22
    name = r.name.upper() if r.caps_name else r.name
    doc.text(x, y, name, size, True, align=align)
    return y


def contact_items(r: Resume) -> list[str]:
    return [r.email, r.phone, r.location] + [r.link_text(u) for u in r.links]


def layout_single(path: Path, r: Resume, rng: random.Random) -> str:
    doc = PdfDoc(path, family=rng.choice(["sans", "serif"]))
    y = draw_name(doc, r, 50, 60)
    doc.text(50, y + 18, r.label, 11, color=(0.3, 0.3, 0.3))
    sep = rng.choice(["  |  ", "  ·  ", "   "])
    cur = Cursor(doc, 50, y + 36, 495)
    items = contact_items(r)
    cur.line(sep.join(items[:3]), 9)
    if items[3:]:
        cur.line(sep.join(items[3:]), 9)
    cur.heading(r, r.h("summary"))
    cur.wrap(r.summary)
    cur.heading(r, r.h("work"))
    draw_jobs(cur, r, rng.randint(0, 5), 545)
    cur.heading(r, r.h("edu"))
    draw_education(cur, r, rng.randint(0, 2))
    cur.heading(r, r.h("skills"))
    draw_skills(cur, r, rng.randint(0, 2))
    cur.heading(r, r.h("lang"))
    cur.line(", ".join(r.languages), 9.5)
    if r.certs:
        cur.heading(r, r.h("cert"))
        for n, iss, yr in r.certs:
            cur.line(f"{n} — {iss}, {yr}", 9.5)
    if r.hidden:
        draw_hidden(doc, r)
    doc.save()
    return "single"


def layout_sidebar(path: Path, r: Resume, rng: random.Random, side: str, main_first: bool) -> str:
    doc = PdfDoc(path, family=rng.choice(["sans", "condensed"]))
    sb_w = 170
    sb_x = 0 if side == "left" else doc.w - sb_w
    main_x = sb_w + 25 if side == "left" else 40
    main_w = doc.w - sb_w - 65
    dark = rng.random() < 0.4
    doc.rect(sb_x, 0, sb_w, doc.h, fill=(0.15, 0.2, 0.3) if dark else (0.93, 0.94, 0.96))
    colour = (1, 1, 1) if dark else (0, 0, 0)

    def sidebar():
        c = Cursor(doc, sb_x + 15, 60, sb_w - 25)
        c.line(r.h("contact"), 11, bold=True, color=colour)
        for it in contact_items(r):
            c.line(it, 8.5, color=colour)
        c.y += 10
        c.line(r.h("skills"), 11, bold=True, color=colour)
        if r.skill_groups:
            for name, kws in r.skill_groups:
                c.line(name + ":", 9, bold=True, color=colour)
                for k in kws:
                    c.line("• " + k, 9, color=colour)
        else:
            for k in r.skills:
                c.line("• " + k, 9, color=colour)
        c.y += 10
        c.line(r.h("lang"), 11, bold=True, color=colour)
        for lang in r.languages:
            c.line(lang, 9, color=colour)

    def main():
        y = draw_name(doc, r, main_x, 60, 24)
        doc.text(main_x, y + 20, r.label, 11)
        cur = Cursor(doc, main_x, y + 45, main_w)
        cur.heading(r, r.h("work"))
        draw_jobs(cur, r, rng.choice([2, 3, 4, 1]), main_x + main_w)
        cur.heading(r, r.h("edu"))
        draw_education(cur, r, rng.randint(0, 2))
        if r.certs:
            cur.heading(r, r.h("cert"))
            for n, iss, yr in r.certs:
                cur.line(f"{n} ({iss}, {yr})", 9.5)

    if main_first:
        main()
        sidebar()
    else:
        sidebar()
        main()
    if r.hidden:
        draw_hidden(doc, r)
    doc.save()
    return f"sidebar_{side}"


def layout_header_right(path: Path, r: Resume, rng: random.Random) -> str:
    doc = PdfDoc(path)
    name = r.name.upper() if r.caps_name else r.name
    items = contact_items(r)
    # name and label on the left, contact flush right on the same baselines
    doc.text(50, 60, name, 20, True)
    doc.text(50, 78, r.label, 11)
    for k, it in enumerate(items):
        doc.text(545, 52 + 12 * k, it, 8.5, align="right")
    cur = Cursor(doc, 50, max(110, 52 + 12 * len(items) + 20), 495)
    cur.heading(r, r.h("summary"))
    cur.wrap(r.summary)
    cur.heading(r, r.h("work"))
    draw_jobs(cur, r, rng.randint(0, 5), 545)
    cur.heading(r, r.h("skills"))
    draw_skills(cur, r, rng.randint(0, 2))
    cur.heading(r, r.h("edu"))
    draw_education(cur, r, rng.randint(0, 2))
    if r.hidden:
        draw_hidden(doc, r)
    doc.save()
    return "header_right"


def layout_table(path: Path, r: Resume, rng: random.Random) -> str:
    doc = PdfDoc(path, family="serif")
    y = draw_name(doc, r, doc.w / 2, 60, 20, align="center")
    items = contact_items(r)
    doc.text(doc.w / 2, y + 20, "  ·  ".join(items[:3]), 9, align="center")
    if items[3:]:
        doc.text(doc.w / 2, y + 32, "  ·  ".join(items[3:]), 9, align="center")
    cur = Cursor(doc, 50, y + 55, 495)
    cur.heading(r, r.h("work"))
    header = rng.random() < 0.5
    cols = (50, 165, 375)
    if header:
        for x, t in zip(cols, ("Period", "Company", "Role")):
            doc.text(x, cur.y, t, 9, True)
        cur.y += 14
    for j in r.jobs:
        doc.text(cols[0], cur.y, r.rng_text(j), 9)
        doc.text(cols[1], cur.y, j["company"], 9.5, True)
        doc.text(cols[2], cur.y, j["title"], 9.5)
        cur.y += 13
        for b in j["bullets"][:1]:
            doc.text(cols[1] + 8, cur.y, "• " + b, 8.5)
            cur.y += 12
        cur.y += 3
    cur.heading(r, r.h("edu"))
    for e in r.edu:
        doc.text(cols[0], cur.y, fmt_date(e["end"], "iso", r.lang), 9)
        doc.text(cols[1], cur.y, e["institution"], 8.5, True)
        doc.text(cols[2], cur.y, e["degree"], 8.5)
        cur.y += 15
    cur.heading(r, r.h("skills"))
    draw_skills(cur, r, 1)
    if r.hidden:
        draw_hidden(doc, r)
    doc.save()
    return "table"


def layout_multipage(path: Path, r: Resume, rng: random.Random) -> str:
    # more jobs with long bullet lists so the resume runs onto a second page
    doc = PdfDoc(path)
    y = draw_name(doc, r, 50, 60)
    cur = Cursor(doc, 50, y + 20, 495, bottom=780)
    cur.line("  ·  ".join(contact_items(r)), 8.5)
    cur.heading(r, r.h("summary"))
    for _ in range(4):
        cur.wrap(r.summary)
    cur.heading(r, r.h("work"))
    for j in r.jobs:
        j["bullets"] = j["bullets"] + [b.format(n=7) for b in BULLETS[:4]]
    draw_jobs(cur, r, rng.choice([0, 2, 4]), 545)
    cur.heading(r, r.h("edu"))
    draw_education(cur, r, 0)
    cur.heading(r, r.h("skills"))
    draw_skills(cur, r, 2)
    doc.save()
    return "multipage"


def build(out: Path, n: int, seed: int = 20261128) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("r-*.pdf")) + list(out.glob("r-*.json")):
        old.unlink()
    plans = ["single", "sidebar_left", "sidebar_right", "header_right", "table", "multipage"]
    for i in range(n):
        rng = random.Random(seed + i)
        plan = plans[i % len(plans)]
        r = Resume(rng, i, min_jobs=5 if plan == "multipage" else 2)
        stem = f"r-{i:03d}-{plan}"
        path = out / f"{stem}.pdf"
        if plan == "single":
            layout = layout_single(path, r, rng)
        elif plan.startswith("sidebar"):
            layout = layout_sidebar(path, r, rng, plan.split("_")[1], main_first=bool(i // len(plans) % 2))
        elif plan == "header_right":
            layout = layout_header_right(path, r, rng)
        elif plan == "table":
            layout = layout_table(path, r, rng)
        else:
            layout = layout_multipage(path, r, rng)
        (out / f"{stem}.json").write_text(json.dumps(r.truth(layout), ensure_ascii=False, indent=1) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--n", type=int, default=36)
    a = ap.parse_args()
    build(a.out, a.n)


if __name__ == "__main__":
    main()
