"""Rules parser on generated PDFs, one layout case each; plus the scorer regression gate."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from core.pdftext import extract_pdf_text
from core.rules import parse
from pdfgen import PdfDoc

CORPORA = Path(__file__).parent / "corpora"
sys.path.insert(0, str(CORPORA))
import score  # noqa: E402  (tests/corpora/score.py, the project's scorer)


def _sidebar(path, side, main_first, dark):
    d = PdfDoc(path)
    sx = 0 if side == "left" else d.w - 170
    mx = 195 if side == "left" else 40
    d.rect(sx, 0, 170, d.h, fill=(0.15, 0.2, 0.3) if dark else (0.94, 0.94, 0.94))
    ink = (1, 1, 1) if dark else (0, 0, 0)

    def sidebar():
        for k, t in enumerate(["CONTACT", "li.wei@example.com", "+49 30 901820", "Berlin, DE",
                               "github.com/liwei", "SKILLS", "• Go", "• Kubernetes", "• PostgreSQL"]):
            d.text(sx + 15, 80 + 13 * k, t, 9, t.isupper(), color=ink)

    def main():
        d.text(mx, 60, "Li Wei", 24, True)
        items = [("EXPERIENCE", 12, True), ("Platform Engineer", 10.5, True), ("Zalando SE · 03/2021 - heute", 9, False),
                 ("• Ran the Kubernetes fleet", 9, False), ("Backend Developer", 10.5, True),
                 ("Delivery Hero · 01/2018 - 02/2021", 9, False), ("EDUCATION", 12, True),
                 ("Technische Universität Berlin", 10, True), ("M.Sc. Informatik, 2017", 9, False)]
        for k, (t, s, b) in enumerate(items):
            d.text(mx, 100 + 15 * k, t, s, b)

    for f in ((main, sidebar) if main_first else (sidebar, main)):
        f()
    return d.save()


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("main_first", [True, False])
def test_sidebar_either_side_either_order(tmp_path, side, main_first):
    doc = parse(extract_pdf_text(_sidebar(tmp_path / "s.pdf", side, main_first, dark=side == "right")))
    b = doc["basics"]
    assert (b["name"], b["email"], b["phone"]) == ("Li Wei", "li.wei@example.com", "+49 30 901820")
    assert b["location"]["city"] == "Berlin"
    assert [p["url"] for p in b["profiles"]] == ["github.com/liwei"]
    assert doc["skills"][0]["keywords"] == ["Go", "Kubernetes", "PostgreSQL"]
    assert [(w["name"], w["position"], w["startDate"], w["endDate"]) for w in doc["work"]] == [
        ("Zalando SE", "Platform Engineer", "2021-03", ""), ("Delivery Hero", "Backend Developer", "2018-01", "2021-02")]
    assert doc["education"][0]["institution"] == "Technische Universität Berlin"


def test_contact_flush_right_on_the_name_lines(tmp_path):
    d = PdfDoc(tmp_path / "h.pdf")
    d.text(50, 60, "MARÍA JOSÉ LÓPEZ", 20, True)
    d.text(50, 78, "Analista de datos", 11)
    for k, t in enumerate(["mjlopez@example.es", "+34 612 34 50 97", "Sevilla, ES", "https://mjlopez.dev"]):
        d.text(545, 56 + 11 * k, t, 8.5, align="right")
    for k, (t, s, b) in enumerate([("EXPERIENCIA PROFESIONAL", 12, True), ("Banco del Sur", 10.5, True),
                                   ("Analista de datos · ene. 2020 - actualidad", 9, False),
                                   ("HABILIDADES", 12, True), ("SQL | Python | Tableau", 9, False)]):
        d.text(50, 130 + 15 * k, t, s, b)
    doc = parse(extract_pdf_text(d.save()))
    b = doc["basics"]
    assert b["name"] == "María José López" and b["email"] == "mjlopez@example.es"
    assert b["phone"] == "+34 612 34 50 97" and b["location"]["city"] == "Sevilla"
    assert b["url"] == "https://mjlopez.dev"
    assert doc["work"][0]["name"] == "Banco del Sur" and doc["work"][0]["startDate"] == "2020-01"
    assert doc["skills"][0]["keywords"] == ["SQL", "Python", "Tableau"]


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


def test_multi_page_resume_continues_sections(tmp_path):
    d = PdfDoc(tmp_path / "m.pdf")
    d.text(50, 60, "Ana Souza", 20, True)
    d.text(50, 76, "ana@example.com.br | +55 41 98765-4321", 9)
    d.text(50, 110, "Experiência Profissional", 12, True)
    y = 130
    for k in range(3):
        d.text(50, y, f"Analista de sistemas | Empresa {k} Ltda | 0{k + 1}/201{k} - 0{k + 1}/201{k + 1}", 10, True)
        y += 14
        for _ in range(12):
            d.text(60, y, "• Entreguei projetos de integração com parceiros e clientes", 9)
            y += 13
    d.new_page()
    d.text(50, 60, "Gerente de produto | Banco Atlântico | 2020 - atual", 10, True)
    d.text(50, 100, "FORMAÇÃO ACADÊMICA", 12, True)
    d.text(50, 116, "Universidade Federal do Paraná — Bacharelado em Ciência da Computação, 2012", 9)
    doc = parse(extract_pdf_text(d.save()))
    assert doc["basics"]["phone"] == "+55 41 98765-4321"
    assert len(doc["work"]) == 4 and doc["work"][-1]["name"] == "Banco Atlântico"
    assert doc["work"][-1]["endDate"] == ""
    assert doc["education"][0]["institution"] == "Universidade Federal do Paraná"


@pytest.mark.parametrize("corpus, at_least", [("shared", 24), ("resumes", 36), ("unseen", 48)])
def test_quality_gate(corpus, at_least):
    """Every corpus the project holds, parsed as a job would: overall >= 0.95, name/email/phone >= 0.98."""
    folder = CORPORA / corpus
    pairs = []
    for stem, truth in score.truths(folder):
        got = parse(extract_pdf_text(folder / f"{stem}.pdf"))
        pairs.append((stem, truth, json.loads(json.dumps(got))))  # what a JSON file would hold
    assert len(pairs) >= at_least
    report = score.score(pairs)
    assert report.overall >= 0.95, report.fields
    for k in ("name", "email", "phone"):
        assert report.fields[k] >= 0.98, (k, report.fields)
