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


def raw_pdf(path: str | os.PathLike, pages: list[bytes], forms: dict[str, tuple[bytes, tuple]] | None = None,
            size: tuple[float, float] = (612, 792), to_unicode: dict[int, int] | None = None) -> str:
    """A PDF written operator by operator: each page's content stream as given, Helvetica as
    /F1, Helvetica-Bold as /F2, Helvetica as /F3 whose codes map to the code points
    `to_unicode` says ({0x80: 0xF095}: an icon font's phone glyph), and form XObjects
    {name: (content, matrix)} that any page or form may `Do` (forms see every other form).
    For tests that need exact control of the graphics state (cm, Tm, nested forms, rotation),
    which a PDF library would normalise."""
    forms = forms or {}
    cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def 1 begincodespacerange" \
           b" <00> <FF> endcodespacerange %d beginbfchar %s endbfchar endcmap end end" % (
               len(to_unicode or {}), b" ".join(b"<%02X> <%04X>" % kv for kv in (to_unicode or {}).items()))
    objs: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
                         b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
                         b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
                         b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap)]
    form_ids = {name: len(objs) + 1 + k for k, name in enumerate(forms)}
    xobjects = b" ".join(b"/%s %d 0 R" % (n.encode(), i) for n, i in form_ids.items())
    resources = b"<< /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> /XObject << %s >> >>" % xobjects
    for content, matrix in forms.values():
        objs.append(b"<< /Type /XObject /Subtype /Form /BBox [-5000 -5000 5000 5000] /Matrix [%s] /Resources %s"
                    b" /Length %d >>\nstream\n%s\nendstream"
                    % (" ".join(f"{v:g}" for v in matrix).encode(), resources, len(content), content))
    kids = []
    for content in pages:
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents %d 0 R /Resources %s >>"
                    % (size[0], size[1], len(objs), resources))
        kids.append(len(objs))
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    Path(path).write_bytes(bytes(out))
    return str(path)


# Text placed under every kind of transform, with where a reader must find it: (name, page
# content, forms, [(word, x, y from the top, font size)]). Helvetica widths at 10 pt: "Left" 16.68,
# "Squeezed " 47.81 (halved by 50 Tz), "Body " and "Then " 25.57.
POSITION_CASES: list[tuple[str, bytes, dict, list[tuple[str, float, float, float]]]] = [
    ("text matrix", b"BT /F1 10 Tf 72 700 Td (Plain) Tj ET", {}, [("Plain", 72, 92, 10)]),
    ("cm scale", b"q 2 0 0 2 0 0 cm BT /F1 10 Tf 36 300 Td (Scaled) Tj ET Q", {}, [("Scaled", 72, 192, 20)]),
    ("cm x Tm", b"q 1 0 0 1 100 50 cm BT /F1 12 Tf 1 0 0 1 20 500 Tm (Moved) Tj ET Q", {},
     [("Moved", 120, 242, 12)]),
    ("nested cm", b"q 1 0 0 1 50 0 cm q 0.5 0 0 0.5 0 0 cm q 1 0 0 1 100 800 cm BT /F1 20 Tf 0 0 Td (Nested) Tj"
     b" ET Q Q Q", {}, [("Nested", 100, 392, 10)]),
    ("Tm scale", b"BT /F1 1 Tf 14 0 0 14 72 300 Tm (Big) Tj ET", {}, [("Big", 72, 492, 14)]),
    ("form XObject", b"q 1 0 0 1 0 100 cm /Fm1 Do Q",
     {"Fm1": (b"BT /F1 10 Tf 10 100 Td (InForm) Tj ET", (1, 0, 0, 1, 200, 0))}, [("InForm", 210, 592, 10)]),
    ("nested forms", b"q 2 0 0 2 0 0 cm /Fa Do Q",
     {"Fa": (b"q 1 0 0 1 10 0 cm /Fb Do Q", (1, 0, 0, 1, 20, 0)),
      "Fb": (b"BT /F1 5 Tf 30 100 Td (Deep) Tj ET", (1, 0, 0, 1, 0, 50))}, [("Deep", 120, 492, 10)]),
    ("TJ gap", b"BT /F1 10 Tf 72 250 Td [(Left) -20000 (Right)] TJ ET", {},
     [("Left", 72, 542, 10), ("Right", 288.68, 542, 10)]),
    ("Tz and T*", b"BT /F1 10 Tf 50 Tz 12 TL 72 150 Td (Squeezed words) Tj T* (Next) Tj (Third) ' ET", {},
     [("Squeezed", 72, 642, 10), ("words", 95.9, 642, 10), ("Next", 72, 654, 10), ("Third", 72, 666, 10)]),
    ("second pass", b"BT /F1 10 Tf 72 500 Td (Body one) Tj 0 -14 Td (Then two) Tj ET "
     b"BT /F1 10 Tf 450 500 Td (2021) Tj 0 -14 Td (2019) Tj ET", {},
     [("Body", 72, 292, 10), ("2021", 450, 292, 10), ("two", 97.57, 306, 10), ("2019", 450, 306, 10)]),
    ("rotated 90", b"BT /F1 10 Tf 0 1 -1 0 500 300 Tm (Up) Tj ET", {}, [("Up", 500, 492, 10)]),
]


# ---------------------------------------------------------------- words as the extractor gives them

_NARROW = set("il.,:;'|!ftjrI()[]/ ")
_WIDE = set("mwMW@")


def text_width(text: str, size: float) -> float:
    """A proportional font's advance width for `text`, near enough for hand-made words."""
    share = sum(0.3 if c in _NARROW else 0.85 if c in _WIDE else 0.62 if c.isupper() or c.isdigit() else 0.52
                for c in text)
    return share * size


def words(text: str, x: float, y: float, size: float = 10.0, bold: bool = False, page: int = 0) -> list:
    """The Runs (one per word) of `text` set at (x, baseline y from the top) in a proportional font."""
    from core.pdftext import SPACE_SHARE, Run

    out = []
    for token in text.split(" "):
        if token:
            w = text_width(token, size)
            out.append(Run(text=token, x=x, y=y, font="F", size=size, bold=bold, page=page, width=w,
                           space=SPACE_SHARE * size))
            x += w
        x += SPACE_SHARE * size
    return out


def flat(items: list) -> list:
    """Runs from a list that may hold runs and lists of runs (what `words` returns)."""
    out = []
    for it in items:
        out.extend(flat(it) if isinstance(it, list) else [it])
    return out


def pdf_text(runs: list, pages: int = 1):
    """A PdfText holding `runs` (nested lists allowed; each on its own page number) on A4 pages."""
    from core.pdftext import PdfText

    runs = flat(runs)
    per = [[r for r in runs if r.page == p] for p in range(pages)]
    return PdfText(pages=per, page_sizes=[(595.0, 842.0)] * pages, hidden_text="", page_count=pages)


def stacked(items: list, x: float = 50, top: float = 60, step: float = 15):
    """A one-page PdfText of lines set one under the other; an item is its text or (text, size[, bold])."""
    runs = []
    for k, it in enumerate(items):
        text, size, bold = (it + (10, False))[:3] if isinstance(it, tuple) else (it, 10, False)
        runs.append(words(text, x, top + step * k, size=size, bold=bold))
    return pdf_text(runs)
