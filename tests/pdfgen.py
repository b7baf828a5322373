"""Small helpers to build test PDFs with reportlab (TrueType DejaVu fonts for any script).

    doc = PdfDoc(path)                      # A4 by default; y is measured from the TOP
    doc.text(50, 60, "Jane Doe", size=20, bold=True)
    doc.text(50, 80, "secret", color=(1, 1, 1))          # white text
    doc.text(50, 90, "gone", render=3)                    # invisible render mode
    doc.rect(0, 0, 170, 842, fill=(0.2, 0.2, 0.3))        # a filled background
    doc.hline(50, 95, 545)                                # a rule under a heading
    doc.new_page(); doc.save()
"""
from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FAMILIES = {
    "sans": ("DejaVuSans", "DejaVuSans-Bold"),
    "serif": ("DejaVuSerif", "DejaVuSerif-Bold"),
    "condensed": ("DejaVuSansCondensed", "DejaVuSansCondensed-Bold"),
    "mono": ("DejaVuSansMono", "DejaVuSansMono-Bold"),
}
_registered: set[str] = set()


def fonts_available() -> bool:
    return (FONT_DIR / "DejaVuSans.ttf").exists()


def font_name(family: str = "sans", bold: bool = False) -> str:
    """Register (once) and return a TrueType font name; falls back to Helvetica without DejaVu."""
    regular, heavy = FAMILIES.get(family, FAMILIES["sans"])
    name = heavy if bold else regular
    if name not in _registered:
        path = FONT_DIR / f"{name}.ttf"
        if not path.exists():
            return "Helvetica-Bold" if bold else "Helvetica"
        pdfmetrics.registerFont(TTFont(name, str(path)))
        _registered.add(name)
    return name


class PdfDoc:
    def __init__(self, path: str | os.PathLike, pagesize=A4, *, family: str = "sans", encrypt=None):
        self.path = str(path)
        self.w, self.h = pagesize
        self.family = family
        self.c = canvas.Canvas(self.path, pagesize=pagesize, encrypt=encrypt, invariant=1, pageCompression=1)
        self.c.setTitle("Resume")
        self.c.setAuthor("test")

    def width(self, s: str, size: float = 10, bold: bool = False, family: str | None = None) -> float:
        return pdfmetrics.stringWidth(s, font_name(family or self.family, bold), size)

    def text(self, x: float, y: float, s: str, size: float = 10, bold: bool = False, *,
             color=(0, 0, 0), render: int = 0, family: str | None = None, align: str = "left") -> float:
        """Draw `s` with its baseline `y` points below the top; returns the text width."""
        fn = font_name(family or self.family, bold)
        w = pdfmetrics.stringWidth(s, fn, size)
        if align == "right":
            x -= w
        elif align == "center":
            x -= w / 2
        t = self.c.beginText()
        t.setTextOrigin(x, self.h - y)
        t.setFont(fn, size)
        t.setFillColorRGB(*color)
        if render:
            t.setTextRenderMode(render)
        t.textOut(s)
        if render:
            t.setTextRenderMode(0)  # the render mode outlives the text object (PDF text state)
        self.c.drawText(t)
        return w

    def rect(self, x: float, y: float, w: float, h: float, fill=(0.9, 0.9, 0.9)) -> None:
        self.c.setFillColorRGB(*fill)
        self.c.rect(x, self.h - y - h, w, h, stroke=0, fill=1)
        self.c.setFillColorRGB(0, 0, 0)

    def hline(self, x0: float, y: float, x1: float, width: float = 0.6) -> None:
        self.c.setLineWidth(width)
        self.c.line(x0, self.h - y, x1, self.h - y)

    def new_page(self) -> None:
        self.c.showPage()

    def save(self) -> str:
        self.c.save()
        return self.path


def simple_pdf(path: str | os.PathLike, lines: list[tuple], **kw) -> str:
    """One page from (x, y, text[, size[, bold]]) tuples."""
    d = PdfDoc(path, **kw)
    for item in lines:
        x, y, s, *rest = item
        size = rest[0] if rest else 10
        bold = rest[1] if len(rest) > 1 else False
        d.text(x, y, s, size, bold)
    return d.save()
