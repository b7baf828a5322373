"""core.pdftext: positioned runs, reading order, hidden text, encryption and failures."""
from __future__ import annotations

import concurrent.futures

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

import core.pdftext as pdftext
from core.errors import ParseFailure
from core.pdftext import PdfText, Run, extract_pdf_text
from core.rules import parse
from pdfgen import PdfDoc


def _resume(doc: PdfDoc) -> None:
    doc.text(50, 60, "Jane Doe", 22, True)
    doc.text(50, 80, "jane.doe@example.com | +44 20 7946 0958 | Leeds, UK", 9)
    doc.text(50, 110, "SKILLS", 12, True)
    doc.text(50, 126, "Python, SQL", 10)


def test_runs_have_positions_fonts_and_bold(tmp_path):
    d = PdfDoc(tmp_path / "a.pdf")
    _resume(d)
    d.save()
    got = extract_pdf_text(tmp_path / "a.pdf")
    assert isinstance(got, PdfText) and got.page_count == 1 and len(got.pages) == 1
    name = next(r for r in got.pages[0] if r.text == "Jane Doe")
    assert isinstance(name, Run)
    assert name.x == pytest.approx(50, abs=0.5) and name.y == pytest.approx(60, abs=0.5)  # y from the top
    assert name.size == pytest.approx(22, abs=0.1) and name.bold and name.page == 0
    body = next(r for r in got.pages[0] if r.text.startswith("jane.doe"))
    assert not body.bold and body.size == pytest.approx(9)
    assert got.page_sizes[0] == pytest.approx((595.27, 841.89), abs=0.1)
    assert got.text.splitlines()[0] == "Jane Doe"
    assert got.hidden_text == ""


def test_two_columns_are_not_interleaved_in_text(tmp_path):
    d = PdfDoc(tmp_path / "cols.pdf")
    left = ["CONTACT", "a@b.co", "SKILLS", "Python", "Go", "Rust"]
    right = ["EXPERIENCE", "Backend Engineer, Acme Inc", "2020 - 2022", "Built things", "EDUCATION", "Uni"]
    # drawn interleaved, line by line, on shared baselines
    for k in range(6):
        d.text(30, 100 + 14 * k, left[k], 9, k in (0, 2))
        d.text(220, 100 + 14 * k, right[k], 10, k in (0, 4))
    d.save()
    text = extract_pdf_text(tmp_path / "cols.pdf").text
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert lines.index("Rust") < lines.index("EXPERIENCE") or lines.index("Uni") < lines.index("CONTACT")
    assert lines.index("Python") == lines.index("SKILLS") + 1


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
    from pdfgen import font_name
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
    visible = " ".join(r.text for r in got.pages[0])
    for word in ("WHITEWORD", "TINYWORD", "INVISIBLEWORD", "OFFPAGEWORD", "BELOWPAGE", "SAMECOLOURWORD",
                 "MIXEDHIDDEN"):
        assert word in got.hidden_text, word
        assert word not in visible and word not in got.text, word
    assert "White on dark is visible" in got.text
    assert "Visible start" in got.text


def test_hidden_text_never_reaches_fields(tmp_path):
    got = extract_pdf_text(_hidden_pdf(tmp_path / "h.pdf"))
    doc = parse(got)
    flat = str(doc)
    for word in ("Kubernetes", "Terraform", "Rust", "Golang", "Haskell", "MIXEDHIDDEN"):
        assert word not in flat, word
    assert doc["skills"][0]["keywords"][:2] == ["Python", "SQL"]
    assert doc["basics"]["name"] == "Jane Doe"


def test_owner_password_only_pdf_extracts(tmp_path):
    d = PdfDoc(tmp_path / "o.pdf", encrypt=StandardEncryption("", "owner-secret", canPrint=0, canCopy=0))
    _resume(d)
    d.save()
    got = extract_pdf_text(tmp_path / "o.pdf")
    assert "Jane Doe" in got.text


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


def test_limits_reached_raise_parse_failure(tmp_path, monkeypatch):
    d = PdfDoc(tmp_path / "a.pdf")
    _resume(d)
    d.save()
    monkeypatch.setitem(pdftext.PDF_LIMITS, "stream_parsing_work_maximum_count", 5)
    with pytest.raises(ParseFailure, match="limits"):
        extract_pdf_text(tmp_path / "a.pdf")


def test_limits_apply_in_pool_threads(tmp_path, monkeypatch):
    """The limits are set inside the function, so a worker thread gets them too."""
    d = PdfDoc(tmp_path / "a.pdf")
    _resume(d)
    d.save()
    monkeypatch.setitem(pdftext.PDF_LIMITS, "stream_parsing_work_maximum_count", 5)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        with pytest.raises(ParseFailure):
            pool.submit(extract_pdf_text, tmp_path / "a.pdf").result()


def test_only_first_max_pages_are_read(tmp_path):
    d = PdfDoc(tmp_path / "many.pdf")
    for k in range(5):
        d.text(50, 60, f"Page number {k}", 12)
        d.new_page()
    d.save()
    got = extract_pdf_text(tmp_path / "many.pdf", max_pages=2)
    assert got.page_count == 5 and len(got.pages) == 2
    assert "Page number 1" in got.text and "Page number 2" not in got.text


def test_blank_pdf_gives_empty_text(tmp_path):
    d = PdfDoc(tmp_path / "blank.pdf")
    d.rect(10, 10, 100, 100)
    d.save()
    got = extract_pdf_text(tmp_path / "blank.pdf")
    assert got.text == "" and got.page_count == 1
