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
