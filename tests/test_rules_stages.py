"""Rules parser, stage by stage: layout, headings, dates, fields (no PDF needed)."""
from __future__ import annotations

import pytest

from core.pdftext import PdfText, Run
from core.rules import parse
from core.rules.contact import find_email, find_links, find_phone
from core.rules.dates import find_range, parse_date
from core.rules.entries import comma_split
from core.rules.layout import document_lines, page_lines
from core.rules.sections import heading_kind, split_sections


def R(text, x, y, size=10.0, bold=False, page=0):
    return Run(text=text, x=x, y=y, font="F", size=size, bold=bold, page=page)


def doc_of(runs, pages=1):
    per = [[r for r in runs if r.page == p] for p in range(pages)]
    return PdfText(pages=per, page_sizes=[(595.0, 842.0)] * pages, text="", hidden_text="", page_count=pages)


# ------------------------------------------------------------------ layout

def test_runs_on_one_baseline_join_into_one_line_with_word_spaces():
    runs = [R("Senior", 50, 100), R("Engineer", 50 + 6 * 5.5, 100.4), R("Acme", 300, 100)]
    lines = page_lines(runs, 595)
    assert len(lines) == 1
    assert lines[0].cells == ["Senior Engineer", "Acme"]  # the wide gap makes two cells


def test_sidebar_is_a_column_whatever_the_drawing_order():
    side = ["CONTACT", "a@b.co", "+1 512 555 0100", "SKILLS", "Python", "Go", "LANGUAGES", "English"]
    main = ["EXPERIENCE", "Backend Engineer", "Acme Inc · 2020 - 2022", "- Built a thing", "EDUCATION",
            "Rice University", "BA in Economics, 2015", "- Dean's list"]
    runs = [R(t, 20, 100 + 14 * k, bold=t.isupper()) for k, t in enumerate(side)]
    runs += [R(t, 220, 100 + 14 * k, bold=t.isupper()) for k, t in enumerate(main)]
    for order in (runs, list(reversed(runs))):
        lines = page_lines(order, 595)
        cols = {ln.text: ln.col for ln in lines}
        assert cols["Python"] != cols["Backend Engineer"]
        texts = [ln.text for ln in lines]
        assert texts.index("Go") == texts.index("Python") + 1
        assert texts.index("Acme Inc · 2020 - 2022") == texts.index("Backend Engineer") + 1


def test_table_rows_are_not_split_into_columns():
    rows = [("2020 - 2022", "Acme Inc", "Engineer"), ("2018 - 2020", "Globex", "Analyst"),
            ("2016 - 2018", "Initech", "Intern"), ("2014 - 2016", "Hooli", "Clerk")]
    runs = [R("EXPERIENCE", 50, 80, 12, True)]
    for k, (d, c, t) in enumerate(rows):
        runs += [R(d, 50, 100 + 14 * k), R(c, 170, 100 + 14 * k), R(t, 360, 100 + 14 * k)]
    lines = page_lines(runs, 595)
    assert all(ln.col == 0 for ln in lines)
    assert lines[1].cells == ["2020 - 2022", "Acme Inc", "Engineer"]


def test_pages_keep_their_order():
    runs = [R("First page", 50, 700, page=0), R("Second page", 50, 60, page=1)]
    lines = document_lines([[runs[0]], [runs[1]]], [(595, 842)] * 2)
    assert [ln.text for ln in lines] == ["First page", "Second page"]


# ------------------------------------------------------------------ headings

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
])
def test_heading_wordings(text, kind):
    assert heading_kind(text) == kind


@pytest.mark.parametrize("text", ["Jane Doe", "Backend Engineer at Acme", "Python, Go, Rust", "2020 - 2022"])
def test_not_headings(text):
    assert heading_kind(text) is None


def _lines(items):
    runs = [R(t, 50, 100 + 16 * k, size=s, bold=b) for k, (t, s, b) in enumerate(items)]
    return document_lines([runs], [(595, 842)])


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


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("text,start,end", [
    ("Jan 2020 - Mar 2022", "2020-01", "2022-03"), ("January 2020 – Present", "2020-01", ""),
    ("2019-01 to 2022-04", "2019-01", "2022-04"), ("01/2020 — 12/2021", "2020-01", "2021-12"),
    ("01.2020 - 03.2021", "2020-01", "2021-03"), ("2018 - 2020", "2018", "2020"), ("2018–now", "2018", ""),
    ("Sept. 2019 - Current", "2019-09", ""), ("März 2022 – heute", "2022-03", ""),
    ("janv. 2020 - aujourd'hui", "2020-01", ""), ("ene. 2019 - actualidad", "2019-01", ""),
    ("set 2018 - atual", "2018-09", ""), ("gen 2017 - oggi", "2017-01", ""), ("since 2021", "2021", ""),
    ("Acme Inc · Oct 2025 - Present", "2025-10", ""), ("(May 2012)", "2012-05", "2012-05"),
])
def test_date_ranges(text, start, end):
    r = find_range(text)
    assert r is not None and (r.start, r.end) == (start, end)


def test_no_date_in_plain_text_or_phone():
    assert find_range("Led a team of 12 engineers") is None
    assert parse_date("Version 3.5 of the app") == ""


# ------------------------------------------------------------------ fields

@pytest.mark.parametrize("text,want", [
    ("Call +44 20 7946 0958 anytime", "+44 20 7946 0958"), ("(512) 205-7286", "(512) 205-7286"),
    ("+33 6 12 34 56 78", "+33 6 12 34 56 78"), ("Tel: 030 1234567, Berlin, DE", "030 1234567"),
    ("+4915123453119", "+4915123453119"),
])
def test_phone_numbers(text, want):
    assert find_phone([text], "") == want


def test_phone_ignores_date_ranges():
    assert find_phone(["2019 - 2022 | 2015 - 2018"], "") == ""


def test_email_and_links():
    texts = ["jane.o-neil+cv@mail.example.co.uk | https://www.linkedin.com/in/janeo | github.com/janeo | janeo.dev"]
    assert find_email(texts) == "jane.o-neil+cv@mail.example.co.uk"
    links = find_links(texts, find_email(texts))
    assert [p["network"] for p in links] == ["LinkedIn", "GitHub", "Website"]
    assert links[0]["username"] == "janeo"


def test_comma_split_title_company_either_order():
    assert comma_split("Frontend Developer, Hölzenbecher") == ["Frontend Developer", "Hölzenbecher"]
    assert comma_split("Payne, Harris and Reilly") == ["Payne, Harris and Reilly"]
    assert comma_split("Globex, Senior Analyst") == ["Globex", "Senior Analyst"]


def _parse(items, pages=1):
    runs = []
    for k, it in enumerate(items):
        t, s, b = (it + (10, False))[:3] if isinstance(it, tuple) else (it, 10, False)
        runs.append(R(t, 50, 60 + 15 * k, size=s, bold=b))
    return parse(doc_of(runs))


def test_full_parse_single_column():
    d = _parse([("Curriculum Vitae", 10), ("ÉLODIE MARCHAND", 22, True), "Ingénieur logiciel",
                "elodie@example.fr | +33 6 12 34 56 78 | Lyon, FR | linkedin.com/in/elodie",
                ("EXPÉRIENCE PROFESSIONNELLE", 12, True), ("Ingénieur logiciel chez Dupont SA", 10, True),
                "janv. 2020 - aujourd'hui", "• Rédigé des choses", ("Groupe Lumière | Chef de projet", 10, True),
                "03/2017 - 12/2019", ("FORMATION", 12, True), "Master en informatique",
                "Université de Lyon, 2016", ("COMPÉTENCES", 12, True), "Python, SQL, Docker",
                ("LANGUES", 12, True), "Français (langue maternelle), Anglais (C1)",
                ("CERTIFICATIONS", 12, True), "AWS Certified Developer — Amazon, 2021"])
    b = d["basics"]
    assert b["name"] == "Élodie Marchand" and b["email"] == "elodie@example.fr"
    assert b["phone"] == "+33 6 12 34 56 78" and b["location"]["city"] == "Lyon"
    assert b["location"]["countryCode"] == "FR" and b["label"] == "Ingénieur logiciel"
    assert b["profiles"][0]["url"] == "linkedin.com/in/elodie"
    assert [(w["name"], w["position"], w["startDate"], w["endDate"]) for w in d["work"]] == [
        ("Dupont SA", "Ingénieur logiciel", "2020-01", ""), ("Groupe Lumière", "Chef de projet", "2017-03", "2019-12")]
    assert d["education"][0]["institution"] == "Université de Lyon"
    assert d["education"][0]["studyType"] == "Master" and d["education"][0]["area"] == "informatique"
    assert d["skills"][0]["keywords"] == ["Python", "SQL", "Docker"]
    assert [x["language"] for x in d["languages"]] == ["Français", "Anglais"]
    assert d["certificates"][0]["name"] == "AWS Certified Developer"


def test_skills_never_come_from_prose():
    d = _parse([("Jane Doe", 22, True), "jane@x.io", ("SUMMARY", 12, True),
                "Expert in Python, Kubernetes and Terraform with a passion for Rust.",
                ("EXPERIENCE", 12, True), ("Engineer, Acme Inc", 10, True), "2020 - 2022",
                "• Used Golang, Docker and AWS daily"])
    assert d["skills"] == []


def test_single_word_and_non_latin_names():
    assert _parse([("Björk", 24, True), "bjork@x.is"])["basics"]["name"] == "Björk"
    assert _parse([("Дмитрий Иванов", 24, True), "d@x.ru"])["basics"]["name"] == "Дмитрий Иванов"
    assert _parse([("Αλέξανδρος Παπαδόπουλος", 24, True), "a@x.gr"])["basics"]["name"] == "Αλέξανδρος Παπαδόπουλος"


@pytest.mark.parametrize("header,company,title", [
    ("Backend Engineer at Initech LLC", "Initech LLC", "Backend Engineer"),
    ("Initech LLC | Backend Engineer", "Initech LLC", "Backend Engineer"),
    ("Backend Engineer — Initech LLC", "Initech LLC", "Backend Engineer"),
    ("Initech LLC · Backend Engineer", "Initech LLC", "Backend Engineer"),
    ("Initech LLC - Backend Engineer", "Initech LLC", "Backend Engineer"),
    ("Backend Engineer, Initech LLC", "Initech LLC", "Backend Engineer"),
])
def test_company_title_separators(header, company, title):
    d = _parse([("Jane Doe", 22, True), ("Experience", 12, True), (header, 10, True), "Jan 2020 - Present"])
    assert (d["work"][0]["name"], d["work"][0]["position"]) == (company, title)
    assert (d["work"][0]["startDate"], d["work"][0]["endDate"]) == ("2020-01", "")


def test_unknown_titles_follow_the_sections_pattern():
    d = _parse([("Jane Doe", 22, True), ("Experience", 12, True),
                ("Backend Engineer", 10, True), "Globex · 2020 - 2022",
                ("Chief Happiness Wrangler", 10, True), "Hooli · 2018 - 2020"])
    assert [(w["name"], w["position"]) for w in d["work"]] == [
        ("Globex", "Backend Engineer"), ("Hooli", "Chief Happiness Wrangler")]


def test_right_aligned_dates_stay_in_the_main_column_beside_a_right_sidebar():
    runs = [R("EXPERIENCE", 40, 100, 12, True)]
    for k in range(4):
        y = 120 + 30 * k
        runs += [R(f"Engineer {k}", 40, y, bold=True), R(f"Company {k}", 40, y + 14),
                 Run(f"201{k}-01 - 201{k + 1}-02", 322 + k, y + 14, "F", 9, False, 0, width=78 - k)]
    side = ["CONTACT", "a@b.co", "SKILLS", "Go", "Rust", "Python", "LANGUAGES", "English", "French"]
    runs += [R(t, 440, 110 + 13 * k, 9, t.isupper()) for k, t in enumerate(side)]
    lines = page_lines(runs, 595)
    col = {seg.text: ln.col for ln in lines for seg in ln.segs}
    assert col["2010-01 - 2011-02"] == col["Company 0"] != col["Go"]


def test_table_cell_running_into_the_next_column():
    runs = [R("Jane Doe", 50, 60, 22, True), R("EXPERIENCE", 50, 100, 12, True),
            R("Period", 50, 120, 9, True), R("Company", 165, 120, 9, True), R("Role", 375, 120, 9, True),
            Run("sept. 2019 - sept. 2020 Société Générale", 50, 134, "F", 9.5, False, 0, width=260),
            R("Marketing Analyst", 375, 134, 9.5), R("• Did things", 173, 148, 9)]
    d = parse(doc_of(runs))
    assert [(w["name"], w["position"], w["startDate"], w["endDate"]) for w in d["work"]] == [
        ("Société Générale", "Marketing Analyst", "2019-09", "2020-09")]
    assert d["work"][0]["highlights"] == ["Did things"]
