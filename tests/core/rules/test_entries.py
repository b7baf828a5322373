"""core.rules.entries: dated entries cut from a section, header pieces, title/company splits."""
from __future__ import annotations

from core.rules import parse
from core.rules.entries import comma_split
from pdfgen import pdf_text, stacked, words

import pytest


def test_comma_split_title_company_either_order():
    assert comma_split("Frontend Developer, Hölzenbecher") == ["Frontend Developer", "Hölzenbecher"]
    assert comma_split("Payne, Harris and Reilly") == ["Payne, Harris and Reilly"]
    assert comma_split("Globex, Senior Analyst") == ["Globex", "Senior Analyst"]


@pytest.mark.parametrize("text,title", [
    ("Аналитик данных, Acme", "Аналитик данных"), ("Analityk danych, Acme", "Analityk danych"),
    ("Αναλυτής δεδομένων, Acme", "Αναλυτής δεδομένων"), ("Softwareontwikkelaar, Acme", "Softwareontwikkelaar"),
])
def test_job_titles_in_more_languages_split_from_the_company(text, title):
    assert comma_split(text) == [title, "Acme"]


def _work_doc(entry_runs):
    runs = [words("Jane Roe", 50, 40, size=20, bold=True), words("jane@roe.io", 50, 60),
            words("Experience", 50, 90, size=13, bold=True)] + entry_runs
    return parse(pdf_text(runs))


def test_word_private_use_bullets_are_bullets():
    doc = _work_doc([words("Acme Inc | Data Analyst", 50, 110), words("2019 – 2021", 450, 110),
                     words("\uf0b7", 55, 124), words("Built the reporting pipeline used by finance", 72, 124),
                     words("Beta GmbH | Backend Developer", 50, 144), words("2016 – 2019", 450, 144)])
    assert [(w["name"], w["position"]) for w in doc["work"]] == [("Acme Inc", "Data Analyst"),
                                                                  ("Beta GmbH", "Backend Developer")]
    assert doc["work"][0]["highlights"] == ["Built the reporting pipeline used by finance"]


def test_wrapped_bullet_line_stays_with_its_bullet():
    doc = _work_doc([words("Acme Inc | Data Analyst", 50, 110), words("2019 – 2021", 450, 110),
                     words("• Cut monthly reporting time by 40% by automating the data", 55, 124),
                     words("pipeline", 62, 136),
                     words("Beta GmbH | Backend Developer", 50, 156), words("2016 – 2019", 450, 156)])
    assert [w["name"] for w in doc["work"]] == ["Acme Inc", "Beta GmbH"]


def test_date_range_wrapped_in_a_narrow_cell_is_joined():
    doc = _work_doc([words("Acme Inc | Data Analyst", 50, 110), words("January 2024 –", 466, 110),
                     words("May 2025", 497, 122),
                     words("• Led the migration of thirty services to the new platform without downtime", 55, 136),
                     words("Beta GmbH | Backend Developer", 50, 160), words("March 2021 –", 478, 160),
                     words("Present", 504, 172),
                     words("• Introduced code review guidelines adopted by the whole department", 55, 186)])
    got = [(w["name"], w["startDate"], w["endDate"]) for w in doc["work"]]
    assert got == [("Acme Inc", "2024-01", "2025-05"), ("Beta GmbH", "2021-03", "")]


def test_bullet_cell_beside_the_dates_is_not_a_header_piece():
    """A table row: dates in the first cell, a highlight bullet in the second on the same baseline."""
    doc = _work_doc([words("Vesuvio Dati | Project Manager", 150, 110),
                     words("11/2020 — 11/2022", 50, 124), words("• Gestione di un team di 4 persone", 160, 124)])
    assert doc["work"][0]["name"] == "Vesuvio Dati"
    assert doc["work"][0]["position"] == "Project Manager"


def test_sub_labels_and_durations_are_neither_company_nor_title():
    doc = parse(stacked([("Jane Roe", 20, True), "jane@roe.io", ("Experience", 13, True),
                         ("Data Analyst at Petrocelli Group", 10, True), "Sep, 2024 – Present", ("2 years 7 months", 8),
                         ("Highlights", 8, True), "• Built the sales dashboards",
                         ("Backend Developer at Acme BV", 10, True), "Sept 2016 – Aug 2024 · 7 yrs 11 mos",
                         ("Key achievements:", 8, True), "• Cut costs"]))
    assert [(w["name"], w["position"], w["startDate"], w["endDate"]) for w in doc["work"]] == [
        ("Petrocelli Group", "Data Analyst", "2024-09", ""), ("Acme BV", "Backend Developer", "2016-09", "2024-08")]
    assert doc["work"][0]["highlights"] == ["Built the sales dashboards"]


def test_header_cells_wrapped_in_narrow_columns_are_joined():
    runs = [words("Jane Roe", 50, 40, 20, True), words("jane@roe.io", 50, 60), words("Experience", 50, 90, 13, True),
            words("Nordlys Software", 50, 110), words("— Site Reliability", 150, 110), words("March 2021 –", 300, 110),
            words("AB", 50, 121), words("Engineer", 150, 121), words("Present", 300, 121),
            words("• Ran the clusters", 55, 135)]
    doc = parse(pdf_text(runs))
    assert [(w["name"], w["position"], w["startDate"], w["endDate"]) for w in doc["work"]] == [
        ("Nordlys Software AB", "Site Reliability Engineer", "2021-03", "")]


def test_a_date_column_set_close_to_the_text_and_wrapped():
    """moderncv: the dates in a narrow column a wide gap from the title, the range wrapped onto
    the line of the first bullet."""
    doc = parse(pdf_text([words("Jane Roe", 50, 40, 20, True), words("jane@roe.io", 50, 60),
                          words("Experience", 50, 90, 13, True),
                          words("Sep, 2024 –   Data Analyst, Petrocelli Group", 50, 110),
                          words("Present   • Built the dashboards", 60, 122),
                          words("Sept 2016 –   Backend Developer, Acme BV", 50, 140),
                          words("Aug 2024   • Ran the backend", 58, 152)]))
    assert [(w["name"], w["position"], w["startDate"], w["endDate"]) for w in doc["work"]] == [
        ("Petrocelli Group", "Data Analyst", "2024-09", ""), ("Acme BV", "Backend Developer", "2016-09", "2024-08")]


@pytest.mark.parametrize("text,want", [
    ("Datenanalyst", True), ("Systemadministrator", True), ("Software-ontwikkelaar", True),
    ("Bergmann Consulting", False), ("Gemeente Utrecht", False),
])
def test_titles_inside_compounds_and_hyphenated_words(text, want):
    from core.rules.entries import title_score
    assert (title_score(text) > 0) == want


@pytest.mark.parametrize("duration", ["2 lata 1 mies.", "3 ans 2 mois", "2 J. 4 M.", "(1 yr 3 mos)"])
def test_durations_in_other_languages_are_not_companies(duration):
    d = parse(stacked([("Jane Doe", 22, True), ("Experience", 12, True), ("Acme Sp. z o.o. | Analityk danych", 10, True),
                       f"2021 - 2023 · {duration}"]))
    assert (d["work"][0]["name"], d["work"][0]["position"]) == ("Acme Sp. z o.o.", "Analityk danych")


def test_several_roles_under_one_company_heading():
    d = parse(stacked([("Jane Doe", 22, True), ("Experience", 12, True),
                       ("Northwind Analytics", 11, True), ("QA Engineer", 10, True), "2024 – Present",
                       "• Cut cloud spend", ("DevOps Engineer", 10, True), "2021 – 2024", "• Ran the clusters",
                       ("Kestrel Labs, Chicago", 11, True), ("Data Analyst", 10, True), "2018 – 2021"]))
    assert [(w["name"], w["position"], w["startDate"]) for w in d["work"]] == [
        ("Northwind Analytics", "QA Engineer", "2024"), ("Northwind Analytics", "DevOps Engineer", "2021"),
        ("Kestrel Labs", "Data Analyst", "2018")]
    assert d["work"][2]["location"] == "Chicago"


def test_a_jobs_sub_label_is_no_section_and_a_duration_cell_no_header():
    d = parse(pdf_text([words("Jane Roe", 50, 40, 20, True), words("jane@roe.io", 50, 60),
                        words("EXPERIENCE", 50, 90, 13, True),
                        words("June 2023 —", 50, 110), words("Financial Analyst", 180, 110),
                        words("3 years 6 months", 50, 122), words("• Migrated the reports", 180, 122),
                        words("Achievements", 180, 136, 13, True), words("• Cut costs", 180, 150),
                        words("Feb 2022 — May 2023", 50, 170), words("Operations Coordinator", 180, 170)]))
    assert [(w["position"], w["startDate"], w["endDate"]) for w in d["work"]] == [
        ("Financial Analyst", "2023-06", ""), ("Operations Coordinator", "2022-02", "2023-05")]
    assert d["work"][0]["highlights"] == ["Migrated the reports", "Cut costs"]


def test_a_date_range_wrapped_after_its_month_or_inside_a_present_phrase():
    doc = parse(pdf_text([words("Jane Roe", 50, 40, 20, True), words("jane@roe.io", 50, 60),
                          words("Experience", 50, 90, 13, True),
                          words("Dec. 2023 - June", 50, 110), words("UX Designer, Northwind Analytics", 160, 110),
                          words("2025", 50, 122), words("› Automated the close", 160, 122),
                          words("set 2024 - in", 50, 145), words("Project manager, Gruppo Adriatico", 160, 145),
                          words("corso", 50, 157), words("› Led the team", 160, 157)]))
    assert [(w["name"], w["startDate"], w["endDate"]) for w in doc["work"]] == [
        ("Northwind Analytics", "2023-12", "2025-06"), ("Gruppo Adriatico", "2024-09", "")]
    assert doc["work"][1]["highlights"] == ["Led the team"]
