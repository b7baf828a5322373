"""core.rules.education: institution, degree and dates."""
from __future__ import annotations

from core.rules.education import _school_piece


def test_institution_after_degree_and_field():
    assert _school_piece("Бакалавр, информатика, Новосибирский государственный университет") == \
        "Новосибирский государственный университет"
    assert _school_piece("MSc, Physics, Universiteit Utrecht") == "Universiteit Utrecht"


def test_schools_named_without_a_school_word_and_written_as_bullets():
    from core.rules import parse
    from pdfgen import stacked

    d = parse(stacked([("Jane Doe", 22, True), "jane@x.io", ("FORMATION", 12, True),
                       "Sciences Po   2022", "Master Informatique", "2019   Master Marketing digital, IUT de Rennes, Rennes",
                       ("EDUCATION", 12, True), "• Ohio State University, BSc Mathematics (09/2012 - 06/2016)",
                       "• University of Manchester, Manchester"]))
    assert [e["institution"] for e in d["education"]] == [
        "Sciences Po", "IUT de Rennes", "Ohio State University", "University of Manchester"]
    assert d["education"][0]["studyType"] == "Master Informatique"
