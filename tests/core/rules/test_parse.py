"""core.rules.parse: whole resumes, PDF to document, one layout case each."""
from __future__ import annotations

import pytest

from core.pdftext import extract_pdf_text
from core.rules import parse
from pdfgen import PdfDoc, stacked


def test_full_parse_single_column():
    d = parse(stacked([("Curriculum Vitae", 10), ("ÉLODIE MARCHAND", 22, True), "Ingénieur logiciel",
                "elodie@example.fr | +33 6 12 34 56 78 | Lyon, FR | linkedin.com/in/elodie",
                ("EXPÉRIENCE PROFESSIONNELLE", 12, True), ("Ingénieur logiciel chez Dupont SA", 10, True),
                "janv. 2020 - aujourd'hui", "• Rédigé des choses", ("Groupe Lumière | Chef de projet", 10, True),
                "03/2017 - 12/2019", ("FORMATION", 12, True), "Master en informatique",
                "Université de Lyon, 2016", ("COMPÉTENCES", 12, True), "Python, SQL, Docker",
                ("LANGUES", 12, True), "Français (langue maternelle), Anglais (C1)",
                ("CERTIFICATIONS", 12, True), "AWS Certified Developer — Amazon, 2021"]))
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
