"""core.pdftext: words with their real positions under every transform, hidden text,
icon glyphs, encryption, failures and bounds."""
from __future__ import annotations

import concurrent.futures
import os
from pathlib import Path

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

import core.pdftext as pdftext
from core.errors import ParseFailure
from core.pdftext import ICON, PdfText, Run, extract_pdf_text
from core.rules import parse
from core.rules.layout import page_lines
from pdfgen import POSITION_CASES, PdfDoc, font_name, raw_pdf


def _resume(doc: PdfDoc) -> None:
    doc.text(50, 60, "Jane Doe", 22, True)
    doc.text(50, 80, "jane.doe@example.com | +44 20 7946 0958 | Leeds, UK", 9)
    doc.text(50, 110, "SKILLS", 12, True)
    doc.text(50, 126, "Python, SQL", 10)


def _texts(doc: PdfText) -> list[str]:
    return [r.text for page in doc.pages for r in page]


def test_words_have_positions_fonts_and_bold(tmp_path):
    d = PdfDoc(tmp_path / "a.pdf")
    _resume(d)
    d.save()
    got = extract_pdf_text(tmp_path / "a.pdf")
    assert isinstance(got, PdfText) and got.page_count == 1 and len(got.pages) == 1
    jane, doe = (next(r for r in got.pages[0] if r.text == t) for t in ("Jane", "Doe"))
    assert isinstance(jane, Run)
    assert jane.x == pytest.approx(50, abs=0.5) and jane.y == pytest.approx(60, abs=0.5)  # y from the top
    assert jane.size == pytest.approx(22, abs=0.1) and jane.bold and jane.page == 0
    assert jane.x + jane.width < doe.x < jane.x + jane.width + 2 * jane.space  # one space between them
    assert jane.width == pytest.approx(d.width("Jane", 22, True), abs=1.5)
    body = next(r for r in got.pages[0] if r.text.startswith("jane.doe"))
    assert not body.bold and body.size == pytest.approx(9)
    assert got.page_sizes[0] == pytest.approx((595.27, 841.89), abs=0.1)
    assert got.hidden_text == ""


@pytest.mark.parametrize("name, content, forms, want", POSITION_CASES, ids=[c[0] for c in POSITION_CASES])
def test_positions_are_right_under_every_transform(tmp_path, name, content, forms, want):
    """CTM x text matrix, nested cm, form XObjects (nested too), TJ gaps, Tz, T* and ',
    text drawn in a second pass: every word where it lands on the page; turned text is left
    off the lines."""
    got = extract_pdf_text(raw_pdf(tmp_path / "p.pdf", [content], forms))
    runs = {r.text: r for r in got.pages[0]}
    for word, x, y, size in want:
        if name == "rotated 90":
            assert word not in runs
            continue
        r = runs[word]
        assert (r.x, r.y, r.size) == pytest.approx((x, y, size), abs=0.3), word


def _hidden_pdf(path):
    d = PdfDoc(path)
    _resume(d)
    d.text(50, 300, "WHITEWORD Kubernetes", 9, color=(1, 1, 1))
    d.text(50, 320, "TINYWORD Terraform", 1.2)
    d.text(50, 340, "INVISIBLEWORD Rust", 9, render=3)
    d.text(700, 360, "OFFPAGEWORD Golang", 9)
    d.text(50, 900, "BELOWPAGE Haskell", 9)
    d.rect(300, 380, 200, 40, fill=(0.1, 0.1, 0.3))
    d.text(310, 400, "White on dark is visible", 9, color=(1, 1, 1))
    d.rect(50, 430, 200, 40, fill=(0.9, 0.9, 0.2))
    d.text(60, 450, "SAMECOLOURWORD", 9, color=(0.9, 0.9, 0.2))
    # one text object mixing visible and white text on the same line
    t = d.c.beginText()
    t.setTextOrigin(50, d.h - 500)
    t.setFont(font_name("sans"), 10)
    t.textOut("Visible start ")
    t.setFillColorRGB(1, 1, 1)
    t.textOut("MIXEDHIDDEN keywords")
    t.setFillColorRGB(0, 0, 0)
    d.c.drawText(t)
    return d.save()


def test_hidden_text_is_detected_and_kept_out(tmp_path):
    got = extract_pdf_text(_hidden_pdf(tmp_path / "h.pdf"))
    visible = " ".join(_texts(got))
    for word in ("WHITEWORD", "TINYWORD", "INVISIBLEWORD", "OFFPAGEWORD", "BELOWPAGE", "SAMECOLOURWORD",
                 "MIXEDHIDDEN"):
        assert word in got.hidden_text, word
        assert word not in visible, word
    assert "White on dark is visible" in visible
    assert "Visible start" in visible
    assert "WHITEWORD Kubernetes" in got.hidden_text.splitlines()  # hidden words keep their lines


def test_hidden_text_never_reaches_fields(tmp_path):
    doc = parse(extract_pdf_text(_hidden_pdf(tmp_path / "h.pdf")))
    flat = str(doc)
    for word in ("Kubernetes", "Terraform", "Rust", "Golang", "Haskell", "MIXEDHIDDEN"):
        assert word not in flat, word
    assert doc["skills"][0]["keywords"][:2] == ["Python", "SQL"]
    assert doc["basics"]["name"] == "Jane Doe"


def test_text_inside_a_form_on_a_matching_fill_is_hidden(tmp_path):
    """The fill under a form's text is found through the form's matrix."""
    form = b"0.9 0.9 0.2 rg 0 0 200 40 re f 0.9 0.9 0.2 rg BT /F1 10 Tf 10 15 Td (FORMHIDDEN) Tj ET " \
           b"0 g BT /F1 10 Tf 10 -20 Td (FORMSHOWN) Tj ET"
    got = extract_pdf_text(raw_pdf(tmp_path / "f.pdf", [b"q 1 0 0 1 100 300 cm /Fm Do Q"],
                                   {"Fm": (form, (1, 0, 0, 1, 50, 0))}))
    assert _texts(got) == ["FORMSHOWN"] and got.hidden_text == "FORMHIDDEN"


def test_icon_glyphs_and_control_characters_read_as_a_marker(tmp_path):
    """Icon fonts map their glyphs to private-use code points (and broken fonts to \\x00): each
    is a lone marker, never glued to the word beside it."""
    content = b"BT /F3 10 Tf 72 700 Td (\\200 +31 6 1234 5678) Tj (\\201\\202Jane) Tj ET"
    got = extract_pdf_text(raw_pdf(tmp_path / "i.pdf", [content], to_unicode={0x80: 0xF095, 0x81: 0, 0x82: 0xE0E0}))
    assert _texts(got) == [ICON, "+31", "6", "1234", "5678", ICON, ICON, "Jane"]


def test_words_drawn_apart_with_no_space_character_are_words(tmp_path):
    """Browsers place each word on its own, with no space glyph between them."""
    content = b"BT /F1 10 Tf 72 700 Td (Data) Tj 24.5 0 Td (Analyst) Tj 37 0 Td (at) Tj 12.5 0 Td (Petrocelli) Tj ET"
    runs = extract_pdf_text(raw_pdf(tmp_path / "w.pdf", [content])).pages[0]
    assert [r.text for r in runs] == ["Data", "Analyst", "at", "Petrocelli"]
    assert page_lines(runs, 612)[0].text == "Data Analyst at Petrocelli"


def test_letter_spaced_capitals_stay_one_word(tmp_path):
    """CSS letter-spacing: each capital placed apart, a little more than its width."""
    content = b"BT /F2 12 Tf 2 Tc 72 700 Td (SUMMARY) Tj 0 Tc ET BT /F2 12 Tf 4 Tc 72 680 Td (EDUCATION) Tj ET"
    runs = extract_pdf_text(raw_pdf(tmp_path / "l.pdf", [content])).pages[0]
    assert [r.text for r in runs] == ["SUMMARY", "EDUCATION"]


def test_owner_password_only_pdf_extracts(tmp_path):
    d = PdfDoc(tmp_path / "o.pdf", encrypt=StandardEncryption("", "owner-secret", canPrint=0, canCopy=0))
    _resume(d)
    d.save()
    assert "Jane" in _texts(extract_pdf_text(tmp_path / "o.pdf"))


def test_user_password_pdf_raises(tmp_path):
    d = PdfDoc(tmp_path / "u.pdf", encrypt=StandardEncryption("user-secret", "owner-secret"))
    _resume(d)
    d.save()
    with pytest.raises(ParseFailure, match="password-protected"):
        extract_pdf_text(tmp_path / "u.pdf")


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 garbage", b"hello world", b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"])
def test_unreadable_file_raises(tmp_path, data):
    p = tmp_path / "bad.pdf"
    p.write_bytes(data)
    with pytest.raises(ParseFailure, match="not a readable PDF") as exc:
        extract_pdf_text(p)
    assert not exc.value.transient


def test_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        extract_pdf_text(tmp_path / "nope.pdf")


def test_a_page_with_too_many_characters_is_not_read(tmp_path, monkeypatch, caplog):
    d = PdfDoc(tmp_path / "a.pdf")
    _resume(d)
    d.save()
    monkeypatch.setattr(pdftext, "MAX_CHARS_PER_PAGE", 20)
    got = extract_pdf_text(tmp_path / "a.pdf")
    assert got.pages == [[]] and "holds" in caplog.text


def test_a_very_long_word_is_cut(tmp_path, monkeypatch):
    content = b"BT /F1 10 Tf 20 Tz 72 700 Td (" + b"x" * 400 + b") Tj ET"
    runs = extract_pdf_text(raw_pdf(tmp_path / "x.pdf", [content])).pages[0]
    assert [len(r.text) for r in runs] == [pdftext.MAX_WORD]


def test_threads_take_turns(tmp_path):
    """PDFium is not thread-safe: extractions from pool threads (isolation off) run one at a
    time and each gets its own document's words."""
    paths = []
    for k in range(6):
        d = PdfDoc(tmp_path / f"t{k}.pdf")
        d.text(50, 60, f"Person{k} Surname", 20, True)
        paths.append(d.save())
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        got = list(pool.map(extract_pdf_text, paths * 3))
    assert [_texts(g)[0] for g in got] == [f"Person{k}" for k in range(6)] * 3


def test_only_first_max_pages_are_read(tmp_path):
    d = PdfDoc(tmp_path / "many.pdf")
    for k in range(5):
        d.text(50, 60, f"Page number {k}", 12)
        d.new_page()
    d.save()
    got = extract_pdf_text(tmp_path / "many.pdf", max_pages=2)
    assert got.page_count == 5 and len(got.pages) == 2
    assert "1" in _texts(got) and "2" not in _texts(got)


def test_blank_pdf_gives_no_words(tmp_path):
    d = PdfDoc(tmp_path / "blank.pdf")
    d.rect(10, 10, 100, 100)
    d.save()
    got = extract_pdf_text(tmp_path / "blank.pdf")
    assert got.pages == [[]] and got.visible_chars() == 0 and got.page_count == 1


def test_font_switch_mid_word_keeps_the_word_whole(tmp_path):
    """A glyph drawn from a fallback font splits a word between two fonts: it stays one word."""
    import fpdf

    sans = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
    dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    assert os.path.exists(sans) and os.path.exists(dejavu), "the system fonts the test needs"
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
    lines = page_lines(doc.pages[0], doc.page_sizes[0][0])
    assert lines[0].text == "Nguy\u1ec5n Th\u1ecb Lam"


def test_a_file_pdfium_refuses_is_repaired_by_pypdf_and_read(tmp_path):
    """A string that never closes in the document info: PDFium gives up, pypdf rewrites it."""
    import malformed

    p = tmp_path / "meta.pdf"
    p.write_bytes(malformed.bad_metadata())
    assert "meta@example.com" in _texts(extract_pdf_text(p))


def test_letters_spread_apart_into_words_are_joined_again():
    """PDFium reads wide letter-spacing as spaces: "E D U C AT I O N" comes out letter by letter,
    each gap a little narrower than a space, the gap between two words wider."""
    from pdfgen import words

    def tracked(text, y, size):
        out, x = [], 40.0
        for part in text.split(" "):
            if not part:
                x += out[-1].space
                continue
            run = words(part, x, y, size, True)[0]
            out.append(run)
            x += run.width + 0.7 * run.space
        return out

    spaced = tracked("E D U C AT I O N", 100, 11) + tracked("W I L F R I E D  D O B E S", 130, 20)
    got = pdftext.join_letter_spaced(spaced)
    assert [r.text for r in got] == ["EDUCATION", "WILFRIED", "DOBES"]
    assert got[0].x == 40 and got[0].x + got[0].width == pytest.approx(spaced[7].x + spaced[7].width, abs=0.01)
    wide, x = [], 40.0   # tracking wider than a space: spelled out
    for letter in "EXPERIENCE":
        wide.append(words(letter, x, 160, 11, True)[0])
        x += wide[-1].width + 1.3 * wide[-1].space
    assert [r.text for r in pdftext.join_letter_spaced(wide)] == ["EXPERIENCE"]
    plain = words("I am a C coder", 40, 190) + words("IT AND QA", 40, 220)
    assert pdftext.join_letter_spaced(plain) == plain   # small letters; capitals a space apart


def test_a_drawn_list_bullet_reads_as_a_bullet(tmp_path):
    """Browsers draw a list's markers as small discs or squares: each becomes a "•" word on the
    line beside it; rules and boxes stay shapes."""
    content = (b"0 g 75 697 m 78 697 78 700 75 700 c f "             # a 3 pt disc
               b"BT /F1 10 Tf 84 695 Td (Cut costs by 20%) Tj ET "
               b"72 680 m 540 680 l S 72 600 400 40 re f")          # a rule and a wide box
    runs = extract_pdf_text(raw_pdf(tmp_path / "b.pdf", [content])).pages[0]
    line = page_lines(runs, 612)
    assert [ln.text for ln in line] == ["•   Cut costs by 20%"] or [ln.text for ln in line] == ["• Cut costs by 20%"]


def test_tex_codes_without_a_unicode_map_read_as_dashes_and_ligatures(tmp_path):
    """pdfTeX's bitmap and old Type 1 fonts carry no Unicode map: T1's en dash is code 21 and
    its fi ligature code 28, OT1's fi code 12."""
    content = b"BT /F1 10 Tf 72 700 Td (Sept 2016 \\025 Aug 2024) Tj 0 -14 Td (Certi\\034ed Pro\\014le) Tj ET"
    runs = extract_pdf_text(raw_pdf(tmp_path / "t.pdf", [content])).pages[0]
    assert [r.text for r in runs] == ["Sept", "2016", "–", "Aug", "2024", "Certified", "Profile"]


def test_tex_accents_set_beside_their_letter_make_one_letter(tmp_path):
    """OT1 TeX sets "í" as an acute glyph then a dotless i, "è" as a grave then an e."""
    content = b"BT /F3 10 Tf 72 700 Td (Luc\\264\\220a Polit\\301ecnica) Tj ET"
    codes = {0xB4: 0xB4, 0x90: 0x131, 0xC1: 0x60}   # acute, dotless i, grave
    runs = extract_pdf_text(raw_pdf(tmp_path / "a.pdf", [content], to_unicode=codes)).pages[0]
    assert [r.text for r in runs][:2] == ["Lucía", "Politècnica"]


def test_an_icon_font_reads_as_markers_whatever_its_codes(tmp_path):
    """LaTeX's fontawesome and web icon fonts put pictures on ordinary codes ("I", "#")."""
    content = b"BT /F4 10 Tf 72 700 Td (I) Tj /F1 10 Tf 12 0 Td (+34 612 345 678) Tj ET"
    path = raw_pdf(tmp_path / "f.pdf", [content])
    data = Path(path).read_bytes().replace(b"/F3 5 0 R >>", b"/F3 5 0 R /F4 << /Type /Font /Subtype /Type1 "
                                           b"/BaseFont /FontAwesome5Free-Solid >> >>")
    Path(path).write_bytes(data)
    runs = extract_pdf_text(path).pages[0]
    assert [r.text for r in runs] == [ICON, "+34", "612", "345", "678"]


def test_a_frame_is_no_background(tmp_path):
    """A box drawn inside a box and filled even-odd paints a border: dark text inside it shows."""
    content = (b"0.13 g 40 600 m 560 600 l 560 700 l 40 700 l h 42 602 m 558 602 l 558 698 l 42 698 l h f* "
               b"0.13 g BT /F1 14 Tf 60 650 Td (DeShawn Ramirez) Tj ET")
    got = extract_pdf_text(raw_pdf(tmp_path / "f.pdf", [content]))
    assert _texts(got) == ["DeShawn", "Ramirez"] and got.hidden_text == ""


def test_a_word_in_small_capitals_stays_one_word(tmp_path):
    """Small capitals: the first letter in the full size, the rest smaller, with no gap."""
    content = b"BT /F1 13 Tf 72 700 Td (P) Tj /F1 9 Tf (ROFESSIONAL) Tj /F1 13 Tf ( S) Tj /F1 9 Tf (UMMARY) Tj ET"
    runs = extract_pdf_text(raw_pdf(tmp_path / "s.pdf", [content])).pages[0]
    assert page_lines(runs, 612)[0].text == "PROFESSIONAL SUMMARY"
