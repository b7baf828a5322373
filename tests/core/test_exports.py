"""The candidates exports (core.candidates.export_csv / export_xlsx): the parsed fields, the
filters and order of the table, formulas neutralised, phone numbers kept as they are."""
from __future__ import annotations

import csv
import io

import openpyxl
from sqlalchemy import update

from core import candidates as cands
from core import search
from core.db import session_scope
from core.models import Candidate
from utils import audit_rows

DOC = {
    "basics": {"location": {"city": "Kraków", "countryCode": "PL"}},
    "work": [{"name": "Initech", "position": "SRE", "startDate": "2015-01", "endDate": "2019-12"},
             {"name": "Globex", "position": "Platform Lead", "startDate": "2020-01", "endDate": ""}],
    "skills": [{"keywords": ["Kubernetes", "Go", "=cmd|' /C calc'!A0"]}],
    "education": [{"institution": "AGH", "studyType": "MSc", "area": "Computer Science"}],
    "languages": [{"language": "Polish"}],
}


def _people(actor):
    a = cands.create_candidate(actor, "=HYPERLINK(\"http://evil\")", "evil@example.com", "+48 601 234 567")
    b = cands.create_candidate(actor, "Zoë Kowalska", "zoe@example.com", "+1 312 555 0199")
    with session_scope() as s:
        s.execute(update(Candidate).where(Candidate.id == b.id).values(parsed_resume=DOC, parse_status="completed"))
        search.index_candidate(s, b.id)
    return a, b


def test_csv_has_the_parsed_fields_and_keeps_phones(app_env, recruiter):
    a, b = _people(recruiter)
    rows = list(csv.DictReader(io.StringIO(cands.export_csv(recruiter).decode("utf-8"))))
    assert list(rows[0]) == list(cands.EXPORT_HEADER)
    zoe, evil = rows
    assert zoe["name"] == "Zoë Kowalska" and zoe["phone"] == "+1 312-555-0199", "a phone number is data"
    assert (zoe["title"], zoe["employer"], zoe["location"]) == ("Platform Lead", "Globex", "Kraków, PL")
    assert float(zoe["years of experience"]) >= 11.0
    assert zoe["skills"] == "Kubernetes; Go; =cmd|' /C calc'!A0", "a cell that starts with a word is no formula"
    assert (zoe["employers"], zoe["schools"], zoe["degrees"], zoe["languages"]) == (
        "Initech; Globex", "AGH", "MSc Computer Science", "Polish")
    assert zoe["status"] == "completed" and evil["status"] == "no resume"
    assert evil["name"] == "'=HYPERLINK(\"http://evil\")" and evil["phone"] == "+48 601 234 567"
    assert evil["years of experience"] == "" and evil["skills"] == ""


def test_the_export_follows_the_search_and_filters(app_env, recruiter):
    _people(recruiter)
    assert [r["name"] for r in csv.DictReader(io.StringIO(cands.export_csv(recruiter, "kubernetes").decode()))] == [
        "Zoë Kowalska"]
    assert list(csv.DictReader(io.StringIO(cands.export_csv(recruiter, skill="go", location="berlin").decode()))) == []
    assert audit_rows("export", detail=True)[-1][3] == "candidates CSV, 0 rows (skill='go', location='berlin')"


def test_xlsx_has_the_same_rows_with_types_and_no_formula(app_env, recruiter):
    _people(recruiter)
    book = openpyxl.load_workbook(io.BytesIO(cands.export_xlsx(recruiter, status="completed")))
    sheet = book["Candidates"]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert tuple(header) == cands.EXPORT_HEADER and len(rows) == 1
    row = dict(zip(header, rows[0]))
    assert row["name"] == "Zoë Kowalska" and row["phone"] == "+1 312-555-0199"
    assert isinstance(row["years of experience"], float) and row["added"].year >= 2026
    skills = sheet.cell(row=2, column=header.index("skills") + 1)
    assert skills.data_type == "s" and not skills.quotePrefix, "text after a word is no formula"
    everything = openpyxl.load_workbook(io.BytesIO(cands.export_xlsx(recruiter)))["Candidates"]
    evil = everything.cell(row=3, column=2)
    assert evil.value == "=HYPERLINK(\"http://evil\")" and evil.data_type == "s", "stored as text, not a formula"
    assert evil.quotePrefix, "and stays text when someone edits the cell"
    phone = everything.cell(row=3, column=4)
    assert phone.value == "+48 601 234 567" and not phone.quotePrefix
    assert audit_rows("export", detail=True)[-1][3] == "candidates Excel, 2 rows"
