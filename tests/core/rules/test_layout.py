"""core.rules.layout: words -> segments -> lines -> columns, and what is page furniture."""
from __future__ import annotations

from core.rules import parse
from core.rules.layout import document_lines, page_lines
from pdfgen import flat, pdf_text, words


def test_runs_on_one_baseline_join_into_one_line_with_word_spaces():
    runs = [words("Senior", 50, 100), words("Engineer", 50 + 6 * 5.5, 100.4), words("Acme", 300, 100)]
    lines = page_lines(flat(runs), 595)
    assert len(lines) == 1
    assert lines[0].cells == ["Senior Engineer", "Acme"]  # the wide gap makes two cells


def test_sidebar_is_a_column_whatever_the_drawing_order():
    side = ["CONTACT", "a@b.co", "+1 512 555 0100", "SKILLS", "Python", "Go", "LANGUAGES", "English"]
    main = ["EXPERIENCE", "Backend Engineer", "Acme Inc · 2020 - 2022", "- Built a thing", "EDUCATION",
            "Rice University", "BA in Economics, 2015", "- Dean's list"]
    runs = [words(t, 20, 100 + 14 * k, bold=t.isupper()) for k, t in enumerate(side)]
    runs += [words(t, 220, 100 + 14 * k, bold=t.isupper()) for k, t in enumerate(main)]
    for order in (runs, list(reversed(runs))):
        lines = page_lines(flat(order), 595)
        cols = {ln.text: ln.col for ln in lines}
        assert cols["Python"] != cols["Backend Engineer"]
        texts = [ln.text for ln in lines]
        assert texts.index("Go") == texts.index("Python") + 1
        assert texts.index("Acme Inc · 2020 - 2022") == texts.index("Backend Engineer") + 1


def test_table_rows_are_not_split_into_columns():
    rows = [("2020 - 2022", "Acme Inc", "Engineer"), ("2018 - 2020", "Globex", "Analyst"),
            ("2016 - 2018", "Initech", "Intern"), ("2014 - 2016", "Hooli", "Clerk")]
    runs = [words("EXPERIENCE", 50, 80, 12, True)]
    for k, (d, c, t) in enumerate(rows):
        runs += [words(d, 50, 100 + 14 * k), words(c, 170, 100 + 14 * k), words(t, 360, 100 + 14 * k)]
    lines = page_lines(flat(runs), 595)
    assert all(ln.col == 0 for ln in lines)
    assert lines[1].cells == ["2020 - 2022", "Acme Inc", "Engineer"]


def test_pages_keep_their_order():
    runs = [words("First page", 50, 700, page=0), words("Second page", 50, 60, page=1)]
    lines = document_lines([runs[0], runs[1]], [(595, 842)] * 2)
    assert [ln.text for ln in lines] == ["First page", "Second page"]


def test_right_aligned_dates_stay_in_the_main_column_beside_a_right_sidebar():
    runs = [words("EXPERIENCE", 40, 100, 12, True)]
    for k in range(4):
        y = 120 + 30 * k
        runs += [words(f"Engineer {k}", 40, y, bold=True), words(f"Company {k}", 40, y + 14),
                 words(f"201{k}-01 - 201{k + 1}-02", 322 + k, y + 14, 9)]
    side = ["CONTACT", "a@b.co", "SKILLS", "Go", "Rust", "Python", "LANGUAGES", "English", "French"]
    runs += [words(t, 440, 110 + 13 * k, 9, t.isupper()) for k, t in enumerate(side)]
    lines = page_lines(flat(runs), 595)
    col = {seg.text: ln.col for ln in lines for seg in ln.segs}
    assert col["2010-01 - 2011-02"] == col["Company 0"] != col["Go"]


def test_page_numbers_and_running_header_are_not_content():
    runs = [words("Jane Roe", 50, 60, size=20, bold=True), words("jane@roe.io", 50, 80),
            words("Experience", 50, 110, size=13, bold=True),
            words("Acme Inc | Data Analyst", 50, 130), words("2019 – 2021", 450, 130),
            words("1/2", 290, 820, size=8),
            words("Jane Roe — Curriculum Vitae", 400, 25, size=8, page=1),
            words("Beta GmbH | Backend Developer", 50, 70, page=1), words("2016 – 2019", 450, 70, page=1),
            words("Skills", 50, 110, size=13, bold=True, page=1), words("Python, SQL, dbt", 50, 130, page=1),
            words("2/2", 290, 820, size=8, page=1)]
    doc = parse(pdf_text(runs, pages=2))
    assert [w["name"] for w in doc["work"]] == ["Acme Inc", "Beta GmbH"]
    assert [k for g in doc["skills"] for k in g["keywords"]] == ["Python", "SQL", "dbt"]


def test_headings_and_dates_in_a_column_beside_the_rows_are_one_table():
    """A Word table: headings and dates on the left, each date on the baseline of its row's
    title on the right. Not a sidebar: the rows stay whole."""
    runs = [words("Jonas Lindqvist", 50, 60, 22, True), words("jonas@lindqvist.se", 50, 80),
            words("Work Experience", 50, 110, 14, True),
            words("March 2021 – Present", 50, 130), words("Site Reliability Engineer", 200, 130),
            words("Nordlys Software AB", 200, 145), words("• Ran the clusters", 200, 160),
            words("Jan 2017 – Feb 2021", 50, 185), words("Systems Administrator", 200, 185),
            words("Fjordkraft", 200, 200), words("• Kept the lights on", 200, 215),
            words("Education", 50, 245, 14, True), words("2016", 50, 265), words("BSc Computer Science", 200, 265),
            words("Uppsala University", 200, 280)]
    lines = page_lines(flat(runs), 595)
    assert all(ln.col == 0 for ln in lines)
    assert "March 2021 – Present | Site Reliability Engineer" in [ln.text for ln in lines]
    doc = parse(pdf_text(runs))
    assert [(w["name"], w["position"], w["startDate"]) for w in doc["work"]] == [
        ("Nordlys Software AB", "Site Reliability Engineer", "2021-03"), ("Fjordkraft", "Systems Administrator", "2017-01")]


def test_a_dates_column_inside_the_main_column_beside_a_sidebar():
    """Sidebar left; the main column opens each row with its dates, the text at a tab stop."""
    runs = [words("Caitlin", 25, 58, 20, True), words("DETAILS", 25, 108, 10, True), words("Denver, (CO)", 25, 122),
            words("(509) 555-7857", 25, 137), words("caitlin@proton.me", 25, 151), words("LANGUAGES", 25, 190, 10, True),
            words("German: A2", 25, 204), words("Spanish: B2", 25, 218), words("INTERESTS", 25, 250, 10, True),
            words("Bouldering", 25, 264), words("EXPERIENCE", 140, 108, 10, True)]
    for k in range(3):
        y = 128 + 60 * k
        runs += [words(f"20{10 + 3 * k}-04 —", 140, y), words(f"DevOps Engineer {k}", 210, y),
                 words(f"Harbor Consulting {k}", 210, y + 9), words("• Designed an onboarding flow", 210, y + 22)]
    lines = page_lines(flat(runs), 595)
    cols = {ln.text: ln.col for ln in lines}
    assert cols["German: A2"] != cols["2010-04 — | DevOps Engineer 0"] == cols["Harbor Consulting 0"]


def test_a_sidebar_is_a_column_when_its_headings_are_in_any_language():
    """Sidebar and main column on the same line pitch (a LibreOffice frame): it is the
    headings on both sides, in Polish here, that tell two columns from a table."""
    side = ["DANE KONTAKTOWE", "• k.kozlowska@o2.pl", "• +48 12 371 14 59", "• Kraków", "KOMPETENCJE", "• Redis",
            "• PostgreSQL", "• Kafka", "• MongoDB"]
    main = ["PROFIL", "Programista Java z 7-letnim doświadczeniem", "DOŚWIADCZENIE", "Mazowiecka Logistyka",
            "Programista Java", "kwi 2024 – obecnie", "• Skrócenie czasu wdrożeń o 40%", "• Migracja usług do AWS",
            "• Kierowanie zespołem"]
    runs = [words(t, 30, 100 + 12 * k, bold=t.isupper()) for k, t in enumerate(side)]
    runs += [words(t, 250, 100 + 12 * k, bold=t.isupper()) for k, t in enumerate(main)]
    lines = page_lines(flat(runs), 595)
    cols = {ln.text: ln.col for ln in lines}
    assert cols["• Redis"] != cols["Programista Java"] and len(lines) == len(side) + len(main)
