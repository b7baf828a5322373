"""core.rules.education: institution, degree and dates."""
from __future__ import annotations

from core.rules.education import _school_piece


def test_institution_after_degree_and_field():
    assert _school_piece("Бакалавр, информатика, Новосибирский государственный университет") == \
        "Новосибирский государственный университет"
    assert _school_piece("MSc, Physics, Universiteit Utrecht") == "Universiteit Utrecht"
