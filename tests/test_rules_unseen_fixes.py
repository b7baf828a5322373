"""Fixes that the independent unseen set (tests/unseen) exposed, each as a general rule.

Every test builds its own input (runs or a small generated PDF); none reads tests/unseen.
"""
from __future__ import annotations

import pytest

from core.pdftext import PdfText, Run, extract_pdf_text
from core.rules import parse
from core.rules.layout import page_lines


def R(text, x, y, size=10.0, bold=False, page=0):
    return Run(text=text, x=x, y=y, font="F", size=size, bold=bold, page=page)


def doc_of(runs, pages=1):
    per = [[r for r in runs if r.page == p] for p in range(pages)]
    return PdfText(pages=per, page_sizes=[(595.0, 842.0)] * pages, text="", hidden_text="", page_count=pages)


# ------------------------------------------------------------------ pdftext

def test_font_switch_mid_line_keeps_positions_and_word_spaces(tmp_path):
    """A glyph drawn from a fallback font splits one line into chunks at one text position:
    each chunk must start where the previous one ended, and a leading space stays a space."""
    fpdf = pytest.importorskip("fpdf")
    sans = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
    dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    import os
    if not (os.path.exists(sans) and os.path.exists(dejavu)):
        pytest.skip("system fonts missing")
    pdf = fpdf.FPDF()
    pdf.add_font("lib", "", sans)
    pdf.add_font("dv", "", dejavu)
    pdf.set_fallback_fonts(["dv"])
    pdf.add_page()
    pdf.set_font("lib", "", 20)
    pdf.cell(0, 10, "Nguy\u1ec5n Th\u1ecb Lam")   # the two Vietnamese letters come from DejaVu
    path = tmp_path / "v.pdf"
    pdf.output(str(path))
    doc = extract_pdf_text(path)
    xs = [r.x for r in doc.pages[0]]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    lines = page_lines(doc.pages[0], doc.page_sizes[0][0])
    assert lines[0].text == "Nguy\u1ec5n Th\u1ecb Lam"


# ------------------------------------------------------------------ headings

@pytest.mark.parametrize("text,kind", [
    ("Werkervaring", "work"), ("Doświadczenie zawodowe", "work"), ("Опыт работы", "work"),
    ("Επαγγελματική Εμπειρία", "work"), ("Arbetslivserfarenhet", "work"), ("Berufliche Stationen", "work"),
    ("Wykształcenie", "education"), ("Образование", "education"), ("Opleiding", "education"),
    ("Umiejętności", "skills"), ("Навыки", "skills"), ("Vaardigheden", "skills"),
    ("Języki obce", "languages"), ("Talen", "languages"), ("Контакты", "contact"),
])
def test_heading_wordings_in_more_languages(text, kind):
    from core.rules.sections import heading_kind
    assert heading_kind(text) == kind


@pytest.mark.parametrize("text,kind", [
    ("Education and Qualifications", "education"), ("Tools & Technologies", "skills"),
    ("Formation et diplômes", "education"), ("Schul- und Hochschulbildung", "education"),
    ("Skills / Interests", "skills"), ("EDUCATION AND", "education"), ("Projects and Awards", "other"),
])
def test_two_wordings_joined_take_the_first_known_part(text, kind):
    from core.rules.sections import heading_kind
    assert heading_kind(text) == kind


def test_fold_treats_stroked_letters_as_accented():
    from core.rules.sections import fold
    assert fold("Łódź Ørsted") == "lodz orsted"


def test_heading_wrapped_over_two_lines_is_one_heading():
    runs = [R("Jane Roe", 50, 40, size=20, bold=True), R("jane@roe.io", 50, 60),
            R("EDUCATION AND", 50, 100, size=11, bold=True), R("QUALIFICATIONS", 50, 113, size=11, bold=True),
            R("Rice University", 50, 135), R("BSc Physics, 2015", 50, 149)]
    doc = parse(doc_of(runs))
    assert [e["institution"] for e in doc["education"]] == ["Rice University"]


def test_unknown_wording_bold_and_larger_is_a_heading_whose_kind_comes_from_content():
    """Headings in a language the tables do not know: the look makes them headings, the
    content (date ranges + company lines; short items) says which section they are."""
    body = ["Zorg met aandacht voor elke klant en elk project, elke dag opnieuw en met plezier.",
            "Dit is een lange regel gewone tekst om de lettergrootte van de tekst te bepalen."]
    runs = [R("Kari Nordmann", 50, 40, size=20, bold=True), R("kari@example.no", 50, 60)]
    runs += [R(t, 50, 80 + 12 * i) for i, t in enumerate(body)]
    runs += [R("Yrkesbakgrunn", 50, 120, size=13, bold=True),
             R("Fjordkraft AS | Data Analyst", 50, 140), R("03/2019 – 05/2022", 400, 140),
             R("Nordlys Software AB | Backend Developer", 50, 160), R("2016 – 2019", 400, 160),
             R("Kompetansefelt", 50, 200, size=13, bold=True), R("Python", 50, 220), R("SQL", 50, 232),
             R("Kubernetes", 50, 244)]
    doc = parse(doc_of(runs))
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
    from core.rules.layout import Line, Segment
    from core.rules.sections import classify_content
    ls = [Line(segs=[Segment(t, 50, 200, 100 + 12 * i, 10, False, 0)], page=0, y=100 + 12 * i)
          for i, t in enumerate(lines)]
    assert classify_content(ls) == kind


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("text,start,end", [
    ("déc. 2019 – aujourd'hui", "2019-12", ""), ("03.2019 – н.в.", "2019-03", ""),
    ("03/2019 - σήμερα", "2019-03", ""), ("mrt 2019 - heden", "2019-03", ""), ("05/2024 - nu", "2024-05", ""),
    ("sty 2020 – obecnie", "2020-01", ""), ("wrzesień 2018 - luty 2020", "2018-09", "2020-02"),
    ("sinds 2021", "2021", ""), ("maart 2017 – mei 2019", "2017-03", "2019-05"),
])
def test_date_ranges_in_more_languages(text, start, end):
    from core.rules.dates import find_range
    r = find_range(text)
    assert r is not None and (r.start, r.end) == (start, end)


# ------------------------------------------------------------------ entries

def _work_doc(entry_runs):
    runs = [R("Jane Roe", 50, 40, size=20, bold=True), R("jane@roe.io", 50, 60),
            R("Experience", 50, 90, size=13, bold=True)] + entry_runs
    return parse(doc_of(runs))


def test_word_private_use_bullets_are_bullets():
    doc = _work_doc([R("Acme Inc | Data Analyst", 50, 110), R("2019 – 2021", 450, 110),
                     R("\uf0b7", 55, 124), R("Built the reporting pipeline used by finance", 72, 124),
                     R("Beta GmbH | Backend Developer", 50, 144), R("2016 – 2019", 450, 144)])
    assert [(w["name"], w["position"]) for w in doc["work"]] == [("Acme Inc", "Data Analyst"),
                                                                  ("Beta GmbH", "Backend Developer")]
    assert doc["work"][0]["highlights"] == ["Built the reporting pipeline used by finance"]


def test_wrapped_bullet_line_stays_with_its_bullet():
    doc = _work_doc([R("Acme Inc | Data Analyst", 50, 110), R("2019 – 2021", 450, 110),
                     R("• Cut monthly reporting time by 40% by automating the data", 55, 124),
                     R("pipeline", 62, 136),
                     R("Beta GmbH | Backend Developer", 50, 156), R("2016 – 2019", 450, 156)])
    assert [w["name"] for w in doc["work"]] == ["Acme Inc", "Beta GmbH"]


def test_date_range_wrapped_in_a_narrow_cell_is_joined():
    doc = _work_doc([R("Acme Inc | Data Analyst", 50, 110), R("January 2024 –", 466, 110),
                     R("May 2025", 497, 122),
                     R("• Led the migration of thirty services to the new platform without downtime", 55, 136),
                     R("Beta GmbH | Backend Developer", 50, 160), R("March 2021 –", 478, 160),
                     R("Present", 504, 172),
                     R("• Introduced code review guidelines adopted by the whole department", 55, 186)])
    got = [(w["name"], w["startDate"], w["endDate"]) for w in doc["work"]]
    assert got == [("Acme Inc", "2024-01", "2025-05"), ("Beta GmbH", "2021-03", "")]


def test_bullet_cell_beside_the_dates_is_not_a_header_piece():
    """A table row: dates in the first cell, a highlight bullet in the second on the same baseline."""
    doc = _work_doc([R("Vesuvio Dati | Project Manager", 150, 110),
                     R("11/2020 — 11/2022", 50, 124), R("• Gestione di un team di 4 persone", 160, 124)])
    assert doc["work"][0]["name"] == "Vesuvio Dati"
    assert doc["work"][0]["position"] == "Project Manager"


@pytest.mark.parametrize("text,title", [
    ("Аналитик данных, Acme", "Аналитик данных"), ("Analityk danych, Acme", "Analityk danych"),
    ("Αναλυτής δεδομένων, Acme", "Αναλυτής δεδομένων"), ("Softwareontwikkelaar, Acme", "Softwareontwikkelaar"),
])
def test_job_titles_in_more_languages_split_from_the_company(text, title):
    from core.rules.entries import comma_split
    assert comma_split(text) == [title, "Acme"]


# ------------------------------------------------------------------ pages, contact, education

def test_page_numbers_and_running_header_are_not_content():
    runs = [R("Jane Roe", 50, 60, size=20, bold=True), R("jane@roe.io", 50, 80),
            R("Experience", 50, 110, size=13, bold=True),
            R("Acme Inc | Data Analyst", 50, 130), R("2019 – 2021", 450, 130),
            R("1/2", 290, 820, size=8),
            R("Jane Roe — Curriculum Vitae", 400, 25, size=8, page=1),
            R("Beta GmbH | Backend Developer", 50, 70, page=1), R("2016 – 2019", 450, 70, page=1),
            R("Skills", 50, 110, size=13, bold=True, page=1), R("Python, SQL, dbt", 50, 130, page=1),
            R("2/2", 290, 820, size=8, page=1)]
    doc = parse(doc_of(runs, pages=2))
    assert [w["name"] for w in doc["work"]] == ["Acme Inc", "Beta GmbH"]
    assert [k for g in doc["skills"] for k in g["keywords"]] == ["Python", "SQL", "dbt"]


@pytest.mark.parametrize("line,city", [("Woonplaats: Utrecht, NL", "Utrecht"), ("Город: Казань, РФ", "Казань"),
                                       ("Adres: Wrocław, Polska", "Wrocław")])
def test_location_after_a_label_in_any_language(line, city):
    from core.rules.contact import find_location
    from core.rules.layout import Line, Segment
    ln = Line(segs=[Segment(line, 50, 300, 100, 10, False, 0)], page=0, y=100)
    assert find_location([ln], "Jane Roe").get("city") == city


def test_a_date_range_is_never_the_phone():
    from core.rules.contact import find_phone
    assert find_phone(["Acme | Analyst 11.2018 - 09.2019", "Τηλέφωνο: +30 21 7200 7994"], "") == "+30 21 7200 7994"


def test_institution_after_degree_and_field():
    from core.rules.education import _school_piece
    assert _school_piece("Бакалавр, информатика, Новосибирский государственный университет") == \
        "Новосибирский государственный университет"
    assert _school_piece("MSc, Physics, Universiteit Utrecht") == "Universiteit Utrecht"
