"""The words of a PDF with their real page positions, read with PDFium (pypdfium2).

`extract_pdf_text(path)` returns every visible word with its box, font and size, page by
page, and apart from them the text a reader cannot see (white or background-coloured,
tiny, invisible render mode, off the page), which never reaches the fields.

Words come from PDFium's character list: each character's box is where it lands on the
page under every transform (CTM x text matrix, nested `cm`, form XObjects), whatever the
order of the content stream. A word ends at a space, at a line break, at a change of
style, and wherever the next character does not follow on from the last one (a gap, a
jump back, another baseline); PDFium inserts spaces where a producer only left a gap
(browsers place words one by one with no space character). Icon-font glyphs (private-use
code points) and control characters become a lone "•": they mark items, they are not text.

Coordinates: `x` is the distance of a word's left edge from the page's left edge and `y`
the distance of its baseline from the page's TOP edge, both in points (y grows downwards).

PDFium is not thread-safe: one extraction runs at a time in a process (a lock), which the
sandbox children, each reading one PDF at a time, never wait on.
"""
from __future__ import annotations

import ctypes
import logging
import math
import os
import re
import unicodedata
import threading
from dataclasses import dataclass

import pypdfium2.raw as pdfium

from core.errors import ParseFailure

log = logging.getLogger(__name__)

TINY_SIZE = 2.0          # effective font size (pt) below which text counts as hidden
SAME_COLOUR = 0.08       # max RGB distance between text and background to count as hidden
OFF_PAGE_MARGIN = 2.0    # points of tolerance around the page box
ICON = "•"               # what an icon glyph or a control character reads as
MAX_CHARS_PER_PAGE = 200_000   # a resume page holds a few thousand; past this the page is not read


@dataclass(slots=True)
class Run:
    """One word as it sits on the page (y is the baseline, measured from the top)."""

    text: str
    x: float
    y: float
    font: str
    size: float
    bold: bool
    page: int
    width: float
    space: float      # the width of a space in this word's font and size (points)
    glued: bool = False   # carries on the word before it (a change of font or size inside a word)


SPACE_SHARE = 0.27   # a space's width as a share of the font size, in a proportional font


@dataclass
class PdfText:
    pages: list[list[Run]]
    page_sizes: list[tuple[float, float]]
    hidden_text: str
    page_count: int

    def visible_chars(self) -> int:
        return sum(len(r.text) for page in self.pages for r in page if r.text != ICON)


# --------------------------------------------------------------------------- PDFium calls
# Own prototypes over PDFium's entry points with plain pointer arguments: the generated
# bindings convert every argument through typed pointers, which costs more than the call
# itself when it is made for every word of a page.

def _proto(fn, restype, *argtypes):
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


_P, _I, _D = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
_text_object = _proto(pdfium.FPDFText_GetTextObject, _P, _P, _I)
_loose_box = _proto(pdfium.FPDFText_GetLooseCharBox, _I, _P, _I, _P)
_origin = _proto(pdfium.FPDFText_GetCharOrigin, _I, _P, _I, _P, _P)
_char_matrix = _proto(pdfium.FPDFText_GetMatrix, _I, _P, _I, _P)
_font_size = _proto(pdfium.FPDFText_GetFontSize, _D, _P, _I)
_obj_type = _proto(pdfium.FPDFPageObj_GetType, _I, _P)
_obj_bounds = _proto(pdfium.FPDFPageObj_GetBounds, _I, _P, _P, _P, _P, _P)
_obj_fill = _proto(pdfium.FPDFPageObj_GetFillColor, _I, _P, _P, _P, _P, _P)
_obj_matrix = _proto(pdfium.FPDFPageObj_GetMatrix, _I, _P, _P)
_page_object = _proto(pdfium.FPDFPage_GetObject, _P, _P, _I)
_form_object = _proto(pdfium.FPDFFormObj_GetObject, _P, _P, ctypes.c_ulong)
_render_mode = _proto(pdfium.FPDFTextObj_GetTextRenderMode, _I, _P)
_text_font = _proto(pdfium.FPDFTextObj_GetFont, _P, _P)
_font_weight = _proto(pdfium.FPDFFont_GetWeight, _I, _P)
_font_flags = _proto(pdfium.FPDFFont_GetFlags, _I, _P)
_font_name = _proto(pdfium.FPDFFont_GetBaseFontName, ctypes.c_ulong, _P, _P, ctypes.c_ulong)
_path_mode = _proto(pdfium.FPDFPath_GetDrawMode, _I, _P, _P, _P)
_path_segments = _proto(pdfium.FPDFPath_CountSegments, _I, _P)
_path_segment = _proto(pdfium.FPDFPath_GetPathSegment, _P, _P, _I)
_segment_type = _proto(pdfium.FPDFPathSegment_GetType, _I, _P)

_TEXT, _PATH, _FORM = pdfium.FPDF_PAGEOBJ_TEXT, pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_FORM
_lock = threading.Lock()


class _Out:
    """Reusable out-parameters for the calls above."""

    def __init__(self) -> None:
        self.rect = pdfium.FS_RECTF()
        self.rect_p = ctypes.addressof(self.rect)
        self.d = [ctypes.c_double() for _ in range(2)]
        self.d_p = [ctypes.addressof(v) for v in self.d]
        self.f = [ctypes.c_float() for _ in range(4)]
        self.f_p = [ctypes.addressof(v) for v in self.f]
        self.u = [ctypes.c_uint() for _ in range(4)]
        self.u_p = [ctypes.addressof(v) for v in self.u]
        self.m = pdfium.FS_MATRIX()
        self.m_p = ctypes.addressof(self.m)
        self.i = [ctypes.c_int() for _ in range(2)]
        self.i_p = [ctypes.addressof(v) for v in self.i]
        self.name = ctypes.create_string_buffer(256)


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Style:
    font: str
    bold: bool
    fixed_pitch: bool
    invisible: bool            # render mode 3/7, or a fully transparent fill
    same_as_background: bool   # the fill colour within SAME_COLOUR of the fill under the text
    icons: bool                # an icon font: its glyphs are pictures whatever codes they carry


_BOLD_WORDS = ("bold", "black", "heavy", "semibold", "demi")
_ICON_FONT = re.compile(r"awesome|icons?\b|icons?[-_]|glyphicons|dingbat|wingding|webdings|marvosym|academicons|"
                        r"materialsymbols|materialicons|ionicons|feather|bootstrap-?icons", re.I)


def _subpaths(path) -> int:
    """How many closed shapes a path draws (each starts with a move)."""
    n = _path_segments(path)
    if n > 64:
        return 2   # a complex outline: not a plain background
    return sum(1 for k in range(n) if _segment_type(_path_segment(path, k)) == pdfium.FPDF_SEGMENT_MOVETO)


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _compose(m: tuple, n: tuple) -> tuple:
    """m then n (PDF order: a point goes through m first)."""
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2],
            m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])


MARK_MIN, MARK_MAX = 1.2, 8.0   # side (pt) of a drawn shape read as a list bullet (a dot, a square)
MAX_MARKS = 2000


class _Page:
    """One page's objects: the style of each text object, judged against the fills drawn
    before it; and the small round or square shapes a producer draws as list bullets
    (browsers draw a list's markers, they do not write them)."""

    def __init__(self, page, out: _Out) -> None:
        self.page = page
        self.out = out
        self.fonts: dict[int, tuple[str, bool, bool]] = {}
        self.styles: dict[int, _Style] = {}
        self.interned: dict[_Style, _Style] = {}
        self.backgrounds: dict[int, tuple[float, float, float]] = {}
        self.marks: list[tuple[float, float, float, float]] = []   # small drawn shapes: list bullets
        self._walk()

    def _walk(self) -> None:
        """Visit every object in drawing order (into forms), noting the opaque fills drawn so
        far and, for each text object, the colour of the topmost fill under its start."""
        n = pdfium.FPDFPage_CountObjects(self.page)
        self._visit([_page_object(self.page, k) for k in range(n)], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], 0)

    def _visit(self, objects: list, matrix: tuple, fills: list, depth: int) -> None:
        out = self.out
        for obj in objects:
            if not obj:
                continue
            kind = _obj_type(obj)
            if kind == _TEXT:
                if fills and _obj_bounds(obj, *out.f_p):
                    x, y = _apply(matrix, out.f[0].value, out.f[1].value)
                    self.backgrounds[obj] = next(
                        (c for x0, y0, x1, y1, c in reversed(fills) if x0 <= x + 1 <= x1 and y0 <= y + 1 <= y1),
                        (1.0, 1.0, 1.0))
            elif kind == _PATH:
                if not _obj_bounds(obj, *out.f_p):
                    continue
                xa, ya = _apply(matrix, out.f[0].value, out.f[1].value)
                xb, yb = _apply(matrix, out.f[2].value, out.f[3].value)
                box = (min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))
                w, h = box[2] - box[0], box[3] - box[1]
                if MARK_MIN <= w <= MARK_MAX and MARK_MIN <= h <= MARK_MAX and 0.6 <= w / h <= 1.6:
                    if len(self.marks) < MAX_MARKS:
                        self.marks.append(box)
                    continue
                if not _path_mode(obj, out.i_p[0], out.i_p[1]) or not out.i[0].value:
                    continue  # not filled
                if not _obj_fill(obj, *out.u_p) or out.u[3].value < 255:
                    continue  # a translucent fill does not hide what is under it
                if _subpaths(obj) != 1:
                    continue  # a frame (a box inside a box) paints its border, not what it surrounds
                fills.append((*box, (out.u[0].value / 255, out.u[1].value / 255, out.u[2].value / 255)))
            elif kind == _FORM and depth < 8:
                n = pdfium.FPDFFormObj_CountObjects(ctypes.cast(obj, pdfium.FPDF_PAGEOBJECT))
                if n > 0 and _obj_matrix(obj, out.m_p):
                    m = out.m
                    inner = _compose((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
                    self._visit([_form_object(obj, k) for k in range(n)], inner, fills, depth + 1)

    def style(self, obj: int) -> _Style:
        got = self.styles.get(obj)
        if got is None:
            out = self.out
            font, bold, fixed = self._font(_text_font(obj))
            icons = bool(_ICON_FONT.search(font))
            mode = _render_mode(obj)
            if _obj_fill(obj, *out.u_p):
                colour = (out.u[0].value / 255, out.u[1].value / 255, out.u[2].value / 255)
                transparent = out.u[3].value == 0
            else:
                colour, transparent = (0.0, 0.0, 0.0), False
            invisible = mode in (3, 7) or (transparent and mode in (0, 4))
            if mode in (1, 2, 5, 6):
                colour = (0.0, 0.0, 0.0)  # a stroked outline shows whatever the fill is
            background = self.backgrounds.get(obj, (1.0, 1.0, 1.0))
            same = max(abs(a - b) for a, b in zip(colour, background)) <= SAME_COLOUR
            got = _Style(font, bold, fixed, invisible, same, icons)
            got = self.interned.setdefault(got, got)   # one object per style: compared with `is`
            self.styles[obj] = got
        return got

    def _font(self, font: int | None) -> tuple[str, bool, bool]:
        """(name without subset prefix, bold, fixed pitch)."""
        if not font:
            return "", False, False
        got = self.fonts.get(font)
        if got is None:
            out = self.out
            n = _font_name(font, ctypes.addressof(out.name), len(out.name))
            name = out.name.raw[: max(0, min(n, len(out.name)) - 1)].decode("latin-1", "replace")
            bare = name.split("+", 1)[-1]
            low = bare.lower()
            weight = _font_weight(font)
            flags = _font_flags(font)
            bold = any(w in low for w in _BOLD_WORDS) or weight >= 600 or bool(flags & (1 << 18))
            got = (bare, bold, bool(flags & 1))
            self.fonts[font] = got
        return got


# --------------------------------------------------------------------------- words

# a word: letters and marks up to a space, with TeX's ligatures inside (below); an icon glyph
# or a control character on its own
_ODD = r"\x00-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd-\uffff\U000f0000-\U0010ffff"
_TOKEN = re.compile(rf"(?:[^\s{_ODD}]|(?<=[^\W\d_])[\x0b-\x0f\x1b-\x1f](?=[^\W\d_])|(?<=\w)\x02)+|[{_ODD}]")
_ICON_CHAR = re.compile(rf"[{_ODD}]")
# TeX fonts without a Unicode map (bitmap fonts, old Type 1) give their raw codes: the
# ligatures of the OT1 and T1 encodings, and T1's dashes
_TEX_LIGATURES = str.maketrans({"\x0b": "ff", "\x0c": "fi", "\x0d": "fl", "\x0e": "ffi", "\x0f": "ffl",
                                "\x1b": "ff", "\x1c": "fi", "\x1d": "fl", "\x1e": "ffi", "\x1f": "ffl"})
_TEX_DASHES = {"\x15": "–", "\x16": "—", "\x02": "-"}   # and PDFium's mark for a hyphen that ends a line
_LIGATURES = re.compile(r"[\ufb00-\ufb06]")
# typographic hyphens (LaTeX and InDesign set U+2010) read as the hyphen people type; a soft
# hyphen is no letter
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u00ad": None})
# TeX in its OT1 encoding sets an accent as a glyph of its own beside the letter ("Luc´ıa",
# "Polit`ecnica", "c¸"): accent and letter made one character again where Unicode has it
_ACCENTS = {"´": "\u0301", "`": "\u0300", "^": "\u0302", "¨": "\u0308", "˜": "\u0303", "~": "\u0303",
            "¯": "\u0304", "˘": "\u0306", "˙": "\u0307", "˚": "\u030a", "ˇ": "\u030c", "˝": "\u030b",
            "¸": "\u0327", "˛": "\u0328"}
_SPACING_ACCENT = re.compile(r"[´`^¨˜~¯˘˙˚ˇ˝][A-Za-zıȷ]|[A-Za-z][¸˛]")


def _combine_accents(text: str) -> str:
    def one(m: re.Match) -> str:
        a, b = m.group()
        accent, letter = (a, b) if a in _ACCENTS and a not in "¸˛" else (b, a)
        joined = unicodedata.normalize("NFC", {"ı": "i", "ȷ": "j"}.get(letter, letter) + _ACCENTS[accent])
        return joined if len(joined) == 1 else m.group()
    return _SPACING_ACCENT.sub(one, text)

MAX_WORD = 200           # characters kept of one word (a page of text with no space is not a resume)


class _Words:
    """The words of one page, from PDFium's character list (see the module's docstring)."""

    def __init__(self, page, textpage, page_no: int, box: tuple[float, float, float, float], out: _Out) -> None:
        self.tp = textpage
        self.page_no = page_no
        self.left, self.bottom, self.right, self.top = box
        self.out = out
        self.objects = _Page(page, out)
        self.sizes: dict[int, tuple[float, bool]] = {}
        self.runs: list[Run] = []
        self.hidden: list[Run] = []

    def read(self, text: str) -> None:
        tp, out = self.tp, self.out
        rect, ox, oy = out.rect, out.d[0], out.d[1]
        for m in _TOKEN.finditer(text):
            i, j = m.start(), m.end() - 1
            o_first = _text_object(tp, i)
            if not o_first:
                continue  # a character PDFium made up (never a word's first)
            _origin(tp, i, out.d_p[0], out.d_p[1])
            x0, base = ox.value, oy.value
            if i == j:
                _loose_box(tp, i, out.rect_p)
                self._emit(m.group(), i, o_first, x0, base, rect.right)
                continue
            o_last = _text_object(tp, j)
            _loose_box(tp, j, out.rect_p)
            size = self._size(o_first, i)
            if rect.left >= x0 - 0.5 and abs(rect.bottom - base) < 0.6 * size[0] and (o_first == o_last or (
                    self.objects.style(o_first) is self.objects.style(o_last) and size == self._size(o_last, j))):
                self._emit(m.group(), i, o_first, x0, base, rect.right)   # one style from end to end
            else:
                self._split(m.group(), i)

    def read_marks(self) -> None:
        """Each drawn bullet as a "•" word, set on the baseline of the text beside it."""
        for x0, y0, x1, y1 in self.objects.marks:
            size = min(20.0, max(5.0, (y1 - y0) / 0.35))
            baseline = (y0 + y1) / 2 - 0.3 * size
            if not (self.left <= x0 and x1 <= self.right and self.bottom <= y0 and y1 <= self.top):
                continue
            self.runs.append(Run(text=ICON, x=round(x0 - self.left, 2), y=round(self.top - baseline, 2), font="",
                                 size=round(size, 2), bold=False, page=self.page_no, width=round(x1 - x0, 2),
                                 space=round(SPACE_SHARE * size, 2)))

    def _split(self, token: str, start: int) -> None:
        """A token whose characters come from several objects or do not follow on: cut it where
        the style changes or the next character is not where the last one ended."""
        tp, out = self.tp, self.out
        rect = out.rect
        cur: list = []   # [first index, object, box left, x1, baseline, size, origin x]
        glued = False
        for k, ch in enumerate(token):
            obj = _text_object(tp, start + k)
            if not obj:
                continue
            _loose_box(tp, start + k, out.rect_p)
            _origin(tp, start + k, out.d_p[0], out.d_p[1])
            baseline = out.d[1].value
            size = self._size(obj, start + k)[0]
            if cur:
                same = self.objects.style(obj) is self.objects.style(cur[1]) and abs(size - cur[5]) < 0.2
                follows = abs(baseline - cur[4]) < 0.2 * size and abs(rect.left - cur[3]) <= 0.3 * size
                if same and follows:
                    cur[3] = max(cur[3], rect.right)
                    continue
                self._emit(token[cur[0] - start:start + k - start], cur[0], cur[1], cur[6], cur[4], cur[3], glued)
                glued = follows   # the next piece starts where this one ended: the same word
            cur = [start + k, obj, rect.left, rect.right, baseline, size, out.d[0].value]
        if cur:
            self._emit(token[cur[0] - start:], cur[0], cur[1], cur[6], cur[4], cur[3], glued)

    def _size(self, obj: int, index: int) -> tuple[float, bool]:
        """(effective font size in points, rotated) of a text object, from a character's matrix."""
        got = self.sizes.get(obj)
        if got is None:
            m = self.out.m
            if _char_matrix(self.tp, index, self.out.m_p):
                scale = math.hypot(m.c, m.d) or math.hypot(m.a, m.b)
                rotated = abs(m.b) > 0.05 * abs(m.a) or abs(m.c) > 0.05 * abs(m.d) or m.a <= 0 or m.d <= 0
            else:
                scale, rotated = 1.0, False
            got = (abs(_font_size(self.tp, index) * scale), rotated)
            self.sizes[obj] = got
        return got

    def _emit(self, text: str, index: int, obj: int, x0: float, baseline: float, x1: float,
              glued: bool = False) -> None:
        """One word: its first character's origin (x0, baseline), its last one's right edge."""
        size, rotated = self._size(obj, index)
        if rotated:
            return  # turned text (a margin label, a watermark) has no place on the lines
        style = self.objects.style(obj)
        if style.icons:
            text = ICON
        elif len(text) == 1:
            if text in _TEX_DASHES:
                text = _TEX_DASHES[text]
            elif _ICON_CHAR.match(text):
                text = ICON
        elif not text.isprintable():
            text = text.translate(_TEX_LIGATURES).replace("\x02", "-")
        if not text.isascii():
            text = text.translate(_HYPHENS)
            if _LIGATURES.search(text):
                text = unicodedata.normalize("NFKC", text)
        if (not text.isascii() or "`" in text or "^" in text or "~" in text) and _SPACING_ACCENT.search(text):
            text = _combine_accents(text)
        width = max(0.0, x1 - x0)
        space = width / len(text) if style.fixed_pitch else SPACE_SHARE * size
        hidden = style.invisible or size < TINY_SIZE or (style.same_as_background and text != ICON) or not (
            self.left - OFF_PAGE_MARGIN <= x0 and x1 <= self.right + OFF_PAGE_MARGIN
            and self.bottom - OFF_PAGE_MARGIN <= baseline <= self.top + OFF_PAGE_MARGIN)
        run = Run(text=text[:MAX_WORD], x=x0 - self.left, y=self.top - baseline, font=style.font, size=size,
                  bold=style.bold, page=self.page_no, width=width, space=space, glued=glued)
        (self.hidden if hidden else self.runs).append(run)


def join_letter_spaced(runs: list[Run]) -> list[Run]:
    """Capitals set apart by letter-spacing made words again. PDFium reads a tracked gap as a
    space here and there ("HÉLÈ N E DUBOI S") or everywhere ("E X P E R I E N C E"): in a
    row of capitalised runs of one style on one baseline, with a piece of one or two letters
    among them, the narrowest gap is the tracking when it is well under a space, or when
    four or more pieces of one or two letters spell the row out; gaps up to half a space
    wider than the tracking are inside a word, wider ones between words."""
    out: list[Run] = []
    k = 0
    while k < len(runs):
        j = k
        while j + 1 < len(runs) and _capitals(runs[j + 1]) and _capitals(runs[k]) and _same_line(runs[j], runs[j + 1]):
            j += 1
        group = runs[k:j + 1]
        if len(group) >= 2 and any(len(r.text) <= 2 for r in group):
            gaps = [b.x - (a.x + a.width) for a, b in zip(group, group[1:])]
            tracking = max(0.0, min(gaps))
            spelled = len(group) >= 4 and all(len(r.text) <= 2 for r in group)   # "E X P E R I E N C E"
            if min(gaps) < 0.8 * group[0].space or spelled:
                word = [group[0]]
                for gap, r in zip(gaps, group[1:]):
                    if gap > tracking + 0.5 * r.space:
                        out.append(_joined(word))
                        word = []
                    word.append(r)
                out.append(_joined(word))
                k = j + 1
                continue
        out.extend(group)
        k = j + 1
    return out


_CAPITALS = re.compile(r"[^\W\d_a-zß]+(?:[-'’][^\W\d_a-zß]+)*[-'’]?|[-'’]")


def _capitals(r: Run) -> bool:
    return bool(_CAPITALS.fullmatch(r.text)) and not r.text.islower()


def _same_line(a: Run, b: Run) -> bool:
    return a.page == b.page and abs(a.y - b.y) < 0.2 * a.size and a.size == b.size and a.bold == b.bold \
        and a.font == b.font and b.x > a.x and b.x - (a.x + a.width) < 3 * a.space


def _joined(word: list[Run]) -> Run:
    first, last = word[0], word[-1]
    return Run(text="".join(r.text for r in word), x=first.x, y=first.y, font=first.font, size=first.size,
               bold=first.bold, page=first.page, width=round(last.x + last.width - first.x, 2), space=first.space)


# --------------------------------------------------------------------------- public API

_OPEN_ERRORS = {
    pdfium.FPDF_ERR_PASSWORD: "the PDF is password-protected",
    pdfium.FPDF_ERR_SECURITY: "the PDF is password-protected",
}


# pypdf's limits where it reads a file (the upload check, a repair), tighter than its
# defaults: a resume never needs 75 MB streams.
PDF_LIMITS = dict(
    maximum_declared_stream_length=30_000_000,
    zlib_maximum_output_length=30_000_000,
    lzw_maximum_output_length=30_000_000,
    run_length_maximum_output_length=30_000_000,
    array_based_stream_maximum_output_length=30_000_000,
    image_maximum_buffer_size=30_000_000,
    stream_parsing_work_maximum_count=1_000_000,
    xform_maximum_invocations_per_extraction=1_000,
)


def extract_pdf_text(path: str | os.PathLike, *, max_pages: int = 50) -> PdfText:
    """Read the visible and hidden words of the first `max_pages` pages of a PDF.

    A file PDFium cannot open is rewritten by pypdf, which forgives more broken syntax (a
    string that never closes in the document info, a damaged cross-reference table), and
    opened again. Raises ParseFailure with a recruiter-readable message when the file cannot
    be read. Does not judge empty text: no words means the PDF has no text layer.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(path)
    with _lock:
        keep = None   # the repaired bytes, alive as long as PDFium reads them
        doc = pdfium.FPDF_LoadDocument(os.fsencode(path), None)
        code = pdfium.FPDF_GetLastError() if not doc else 0
        if not doc and code == pdfium.FPDF_ERR_FORMAT:
            keep = _repaired(path)
            if keep is not None:
                doc = pdfium.FPDF_LoadMemDocument64(keep, len(keep), None)
                code = pdfium.FPDF_GetLastError() if not doc else 0
        if not doc:
            log.info("unreadable PDF %s: PDFium error %s", path, code)
            raise ParseFailure(_OPEN_ERRORS.get(code, "the file is not a readable PDF"))
        try:
            return _read(doc, max_pages)
        finally:
            pdfium.FPDF_CloseDocument(doc)
            del keep


def _repaired(path: str):
    """The PDF rewritten by pypdf (a ctypes buffer), or None when pypdf cannot read it either."""
    import io

    import pypdf

    try:
        with pypdf.apply_configuration(**PDF_LIMITS):
            writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(path, strict=False))
            buf = io.BytesIO()
            writer.write(buf)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on hostile input
        log.info("PDF %s could not be repaired: %r", path, exc)
        return None
    data = buf.getvalue()
    return ctypes.create_string_buffer(data, len(data))


def _read(doc, max_pages: int) -> PdfText:
    page_count = pdfium.FPDF_GetPageCount(doc)
    if page_count <= 0:
        raise ParseFailure("the file is not a readable PDF (it has no pages)")
    out = _Out()
    pages: list[list[Run]] = []
    sizes: list[tuple[float, float]] = []
    hidden: list[Run] = []
    for i in range(min(page_count, max_pages)):
        page = pdfium.FPDF_LoadPage(doc, i)
        if not page:
            log.info("page %d could not be loaded; read as empty", i + 1)
            pages.append([])
            sizes.append((612.0, 792.0))
            continue
        try:
            box = pdfium.FS_RECTF()
            if not pdfium.FPDF_GetPageBoundingBox(page, box):
                box.left, box.bottom = 0.0, 0.0
                box.right, box.top = pdfium.FPDF_GetPageWidthF(page), pdfium.FPDF_GetPageHeightF(page)
            bounds = (box.left, box.bottom, box.right, box.top)
            sizes.append((bounds[2] - bounds[0], bounds[3] - bounds[1]))
            words = _page_words(page, i, bounds, out)
            pages.append(join_letter_spaced(words.runs))
            hidden.extend(words.hidden)
        finally:
            pdfium.FPDF_ClosePage(page)
    lines: list[list[str]] = []
    for k, r in enumerate(hidden):
        if k and r.page == hidden[k - 1].page and abs(r.y - hidden[k - 1].y) < 1:
            lines[-1].append(r.text)
        else:
            lines.append([r.text])
    hidden_text = "\n".join(" ".join(words) for words in lines)
    return PdfText(pages=pages, page_sizes=sizes, hidden_text=hidden_text, page_count=page_count)


def _page_words(page, page_no: int, bounds: tuple[float, float, float, float], out: _Out) -> _Words:
    tp = pdfium.FPDFText_LoadPage(page)
    if not tp:
        raise ParseFailure("the file is not a readable PDF (a page's text could not be read)")
    try:
        n = pdfium.FPDFText_CountChars(tp)
        words = _Words(page, tp, page_no, bounds, out)
        if n <= 0:
            return words
        if n > MAX_CHARS_PER_PAGE:
            log.warning("page %d holds %d characters; not read", page_no + 1, n)
            return words
        buf = ctypes.create_string_buffer((n + 1) * 2)
        pdfium.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        text = buf.raw[: n * 2].decode("utf-16-le", "replace")
        if len(text) != n:  # characters beyond the BMP: one index each, two UTF-16 units
            text = "".join(chr(pdfium.FPDFText_GetUnicode(tp, k)) for k in range(n))
        if "\ufffe" in text:  # PDFium's mark for the hyphen where a line broke a word ("first-" / "last")
            text = "".join("\x02" if c == "\ufffe" and pdfium.FPDFText_IsHyphen(tp, k) else c
                           for k, c in enumerate(text))
        words.read(text)
        words.read_marks()
        return words
    finally:
        pdfium.FPDFText_ClosePage(tp)
