"""core.rules.sections: headings by wording or look, sections split and classified."""
from __future__ import annotations

import pytest

from core.rules import parse
from core.rules.layout import Line, Segment, document_lines
from core.rules.sections import classify_content, heading_kind, split_sections
from pdfgen import flat, pdf_text, words


@pytest.mark.parametrize("text,kind", [
    ("Experience", "work"), ("WORK HISTORY", "work"), ("Professional Experience:", "work"),
    ("Employment", "work"), ("Career History", "work"), ("Berufserfahrung", "work"),
    ("Expérience professionnelle", "work"), ("Experiencia laboral", "work"), ("Esperienze lavorative", "work"),
    ("Experiência Profissional", "work"), ("Education & Training", "education"), ("Qualifications", "education"),
    ("Ausbildung", "education"), ("Formación académica", "education"), ("Istruzione", "education"),
    ("Core Competencies", "skills"), ("Expertise", "skills"), ("Compétences", "skills"), ("Kenntnisse", "skills"),
    ("Habilidades", "skills"), ("Competenze", "skills"), ("Languages", "languages"), ("Sprachen", "languages"),
    ("Idiomas", "languages"), ("Lingue", "languages"), ("Certifications", "certificates"),
    ("E X P E R I E N C E", "work"), ("• Skills", "skills"),
    # more languages
    ("Werkervaring", "work"), ("Doświadczenie zawodowe", "work"), ("Опыт работы", "work"),
    ("Επαγγελματική Εμπειρία", "work"), ("Arbetslivserfarenhet", "work"), ("Berufliche Stationen", "work"),
    ("Wykształcenie", "education"), ("Образование", "education"), ("Opleiding", "education"),
    ("Umiejętności", "skills"), ("Навыки", "skills"), ("Vaardigheden", "skills"),
    ("Języki obce", "languages"), ("Talen", "languages"), ("Контакты", "contact"),
    ("Zainteresowania", "other"), ("Projekty", "other"), ("Certyfikaty", "certificates"), ("Sommario", "summary"),
    # spelled out letter by letter, or in bits
    ("ESP ERI ENZE   LAVORAT I V E", "work"), ("P R O F E S S I O N A L   E X P E R I E N C E", "work"),
])
def test_heading_wordings(text, kind):
    assert heading_kind(text) == kind


@pytest.mark.parametrize("text", ["Jane Doe", "Backend Engineer at Acme", "Python, Go, Rust", "2020 - 2022"])
def test_not_headings(text):
    assert heading_kind(text) is None


def _lines(items):
    runs = [words(t, 50, 100 + 16 * k, size=s, bold=b) for k, (t, s, b) in enumerate(items)]
    return document_lines([flat(runs)], [(595, 842)])


def test_section_split_by_style_and_wording():
    lines = _lines([("Jane Doe", 22, True), ("jane@x.io", 9, False), ("PROFESSIONAL EXPERIENCE", 12, True),
                    ("Engineer, Acme Inc", 10, True), ("2020 - 2022", 9, False), ("MBA", 10, True),
                    ("VOLUNTEERING & CAUSES", 12, True), ("Food bank", 9, False), ("Skills", 12, True),
                    ("Tools:", 10, True), ("Go, Rust", 9, False)])
    pre, secs = split_sections(lines, lines[0])
    assert [ln.text for ln in pre] == ["Jane Doe", "jane@x.io"]
    assert [s.kind for s in secs] == ["work", "other", "skills"]
    assert [ln.text for ln in secs[0].lines] == ["Engineer, Acme Inc", "2020 - 2022", "MBA"]  # MBA: no heading
    assert [ln.text for ln in secs[2].lines] == ["Tools:", "Go, Rust"]  # a sub-heading stays inside


def test_document_title_and_name_are_not_headings():
    lines = _lines([("RESUME", 10, False), ("JANE DOE", 22, True), ("jane@x.io", 9, False),
                    ("SUMMARY", 12, True), ("Builds things", 9, False)])
    pre, secs = split_sections(lines, lines[1])
    assert [ln.text for ln in pre] == ["RESUME", "JANE DOE", "jane@x.io"]
    assert [s.kind for s in secs] == ["summary"]


@pytest.mark.parametrize("text,kind", [
    ("Education and Qualifications", "education"), ("Tools & Technologies", "skills"),
    ("Formation et diplômes", "education"), ("Schul- und Hochschulbildung", "education"),
    ("Skills / Interests", "skills"), ("EDUCATION AND", "education"), ("Projects and Awards", "other"),
])
def test_two_wordings_joined_take_the_first_known_part(text, kind):
    assert heading_kind(text) == kind



def test_heading_wrapped_over_two_lines_is_one_heading():
    runs = [words("Jane Roe", 50, 40, size=20, bold=True), words("jane@roe.io", 50, 60),
            words("EDUCATION AND", 50, 100, size=11, bold=True), words("QUALIFICATIONS", 50, 113, size=11, bold=True),
            words("Rice University", 50, 135), words("BSc Physics, 2015", 50, 149)]
    doc = parse(pdf_text(runs))
    assert [e["institution"] for e in doc["education"]] == ["Rice University"]


def test_unknown_wording_bold_and_larger_is_a_heading_whose_kind_comes_from_content():
    """Headings in a language the tables do not know: the look makes them headings, the
    content (date ranges + company lines; short items) says which section they are."""
    body = ["Zorg met aandacht voor elke klant en elk project, elke dag opnieuw en met plezier.",
            "Dit is een lange regel gewone tekst om de lettergrootte van de tekst te bepalen."]
    runs = [words("Kari Nordmann", 50, 40, size=20, bold=True), words("kari@example.no", 50, 60)]
    runs += [words(t, 50, 80 + 12 * i) for i, t in enumerate(body)]
    runs += [words("Yrkesbakgrunn", 50, 120, size=13, bold=True),
             words("Fjordkraft AS | Data Analyst", 50, 140), words("03/2019 – 05/2022", 400, 140),
             words("Nordlys Software AB | Backend Developer", 50, 160), words("2016 – 2019", 400, 160),
             words("Kompetansefelt", 50, 200, size=13, bold=True), words("Python", 50, 220), words("SQL", 50, 232),
             words("Kubernetes", 50, 244)]
    doc = parse(pdf_text(runs))
    assert [w["name"] for w in doc["work"]] == ["Fjordkraft AS", "Nordlys Software AB"]
    assert doc["work"][0]["startDate"] == "2019-03"
    assert [k for g in doc["skills"] for k in g["keywords"]] == ["Python", "SQL", "Kubernetes"]


@pytest.mark.parametrize("lines,kind", [
    (["ola@nordmann.no", "+47 412 34 567"], "contact"),
    (["Acme AS, Analyst", "2019 – 2021", "Beta AB, Engineer", "2016 – 2019"], "work"),
    (["Universitetet i Oslo", "MSc Informatics", "2012 – 2014"], "education"),
    (["Norsk (native)", "English (C1)"], "languages"),
    (["Python", "Go", "Terraform", "Kubernetes"], "skills"),
])
def test_content_classifier(lines, kind):
    ls = [Line(segs=[Segment(t, 50, 200, 100 + 12 * i, 10, False, 0)], page=0, y=100 + 12 * i)
          for i, t in enumerate(lines)]
    assert classify_content(ls) == kind
