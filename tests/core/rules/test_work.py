"""core.rules.work: company, title, dates and highlights of each job."""
from __future__ import annotations

import pytest

from core.pdftext import extract_pdf_text
from core.rules import parse
from pdfgen import PdfDoc, pdf_text, stacked, words


@pytest.mark.parametrize("header,company,title", [
    ("Backend Engineer at Initech LLC", "Initech LLC", "Backend Engineer"),
    ("Initech LLC | Backend Engineer", "Initech LLC", "Backend Engineer"),
    ("Backend Engineer — Initech LLC", "Initech LLC", "Backend Engineer"),
    ("Initech LLC · Backend Engineer", "Initech LLC", "Backend Engineer"),
    ("Initech LLC - Backend Engineer", "Initech LLC", "Backend Engineer"),
    ("Backend Engineer, Initech LLC", "Initech LLC", "Backend Engineer"),
    # "at" in other languages, where the words before it read as a title
    ("Analista de dados na Logística Tejo", "Logística Tejo", "Analista de dados"),
    ("Desarrollador backend en Banco del Sur", "Banco del Sur", "Desarrollador backend"),
    ("Programista Java w Wisła Software", "Wisła Software", "Programista Java"),
])
def test_company_title_separators(header, company, title):
    d = parse(stacked([("Jane Doe", 22, True), ("Experience", 12, True), (header, 10, True), "Jan 2020 - Present"]))
    assert (d["work"][0]["name"], d["work"][0]["position"]) == (company, title)
    assert (d["work"][0]["startDate"], d["work"][0]["endDate"]) == ("2020-01", "")


def test_unknown_titles_follow_the_sections_pattern():
    d = parse(stacked([("Jane Doe", 22, True), ("Experience", 12, True),
                ("Backend Engineer", 10, True), "Globex · 2020 - 2022",
                ("Chief Happiness Wrangler", 10, True), "Hooli · 2018 - 2020"]))
    assert [(w["name"], w["position"]) for w in d["work"]] == [
        ("Globex", "Backend Engineer"), ("Hooli", "Chief Happiness Wrangler")]


def test_table_cell_running_into_the_next_column():
    runs = [words("Jane Doe", 50, 60, 22, True), words("EXPERIENCE", 50, 100, 12, True),
            words("Period", 50, 120, 9, True), words("Company", 165, 120, 9, True), words("Role", 375, 120, 9, True),
            words("sept. 2019 - sept. 2020 Société Générale", 50, 134, 9.5),
            words("Marketing Analyst", 375, 134, 9.5), words("• Did things", 173, 148, 9)]
    d = parse(pdf_text(runs))
    assert [(w["name"], w["position"], w["startDate"], w["endDate"]) for w in d["work"]] == [
        ("Société Générale", "Marketing Analyst", "2019-09", "2020-09")]
    assert d["work"][0]["highlights"] == ["Did things"]


def test_experience_as_a_table_with_header_row(tmp_path):
    d = PdfDoc(tmp_path / "t.pdf")
    d.text(50, 60, "Tom Hardy", 20, True)
    d.text(50, 76, "tom@example.com  ·  +1 303 555 0134  ·  Denver, CO", 9)
    d.text(50, 110, "Work History", 12, True)
    for x, t in zip((50, 160, 360), ("Period", "Employer", "Role")):
        d.text(x, 128, t, 9, True)
    rows = [("2021 - Present", "Initech", "Staff Accountant"), ("2017 - 2021", "Globex", "Bookkeeper")]
    for k, row in enumerate(rows):
        for x, t in zip((50, 160, 360), row):
            d.text(x, 143 + 14 * k, t, 9)
    doc = parse(extract_pdf_text(d.save()))
    assert [(w["name"], w["position"], w["startDate"], w["endDate"]) for w in doc["work"]] == [
        ("Initech", "Staff Accountant", "2021", ""), ("Globex", "Bookkeeper", "2017", "2021")]
    assert doc["basics"]["location"]["region"] == "CO"
