"""PDF text extraction with positions, in one pass over each page's content stream.

`extract_pdf_text(path)` returns every visible text run with its position, font and size,
a reading-order text for a language model (columns are not interleaved), and the text
judged hidden (white or background-coloured, tiny, invisible render mode, off the page),
which never reaches `pages` or `text`.

Coordinates: `x` is the distance of a run's start from the page's left edge and `y` the
distance of its baseline from the page's TOP edge, both in points (y grows downwards).
"""
from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass

import pypdf
from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError

try:  # private helpers, used only to measure run widths; estimates stand in if they move
    from pypdf._text_extraction import get_text_operands
    from pypdf.generic._font import Font
except ImportError:  # pragma: no cover
    get_text_operands = None
    Font = None

from core.errors import ParseFailure

log = logging.getLogger(__name__)

# Limits tighter than pypdf's defaults: a resume never needs 75 MB streams.
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

TINY_SIZE = 2.0          # effective font size (pt) below which text counts as hidden
SAME_COLOUR = 0.08       # max RGB distance between text and background to count as hidden
OFF_PAGE_MARGIN = 2.0    # points of tolerance around the page box


@dataclass(frozen=True)
class Run:
    """One text run as pypdf reports it (y measured from the top of the page)."""

    text: str
    x: float
    y: float
    font: str
    size: float
    bold: bool
    page: int
    width: float = 0.0    # advance width in points (extra, defaulted: not part of the contract)


@dataclass
class PdfText:
    pages: list[list[Run]]
    page_sizes: list[tuple[float, float]]
    text: str
    hidden_text: str
    page_count: int


# --------------------------------------------------------------------------- graphics state

_NARROW = set("il.,:;'|!ftjrI()[]/ ")
_WIDE = set("mwMW@")


def estimate_width(text: str, size: float) -> float:
    """Rough advance width of `text` in a proportional font (used when the font gives none)."""
    total = 0.0
    for ch in text:
        if ch in _NARROW:
            total += 0.3
        elif ch in _WIDE:
            total += 0.85
        elif ch.isupper() or ch.isdigit():
            total += 0.62
        else:
            total += 0.52
    return total * size


def _rgb_from(op: bytes, args: list) -> tuple[float, float, float] | None:
    try:
        vals = [float(a) for a in args]
    except (TypeError, ValueError):
        return None
    if op in (b"g", b"G") or len(vals) == 1:
        return (vals[0],) * 3 if vals else None
    if op in (b"rg", b"RG") or len(vals) == 3:
        return (vals[0], vals[1], vals[2])
    if op in (b"k", b"K") or len(vals) == 4:
        c, m, y, k = vals
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _mult(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


class _FontInfo:
    """Widths of one font resource: /Widths read directly for simple fonts, pypdf's Font otherwise."""

    def __init__(self, res):
        self.res = res
        self._font = None
        self._font_failed = False
        self.simple: list[float] | None = None
        self.first = 0
        self.missing = 500.0
        try:
            d = res.get_object()
            if d.get("/Subtype") != "/Type0" and "/Widths" in d:
                self.first = int(d.get("/FirstChar", 0))
                self.simple = [float(w) for w in d["/Widths"].get_object()]
                desc = d.get("/FontDescriptor")
                desc = desc.get_object() if desc is not None else None
                if desc is not None and "/MissingWidth" in desc:
                    self.missing = float(desc["/MissingWidth"])
        except Exception:  # noqa: BLE001 - odd fonts fall back to pypdf or estimates
            self.simple = None

    @property
    def font(self):
        if self._font is None and not self._font_failed:
            try:
                self._font = Font.from_font_resource(self.res.get_object())
            except Exception:  # noqa: BLE001
                self._font_failed = True
        return self._font

    def width(self, it) -> float | None:
        """Advance of a shown string in 1/1000 text space units, or None if unknown."""
        if self.simple is not None and isinstance(it, bytes):
            n, first, ws = len(self.simple), self.first, self.simple
            return sum(ws[b - first] if 0 <= b - first < n else self.missing for b in it)
        font = self.font
        if font is None or get_text_operands is None:
            return None
        try:
            return get_text_operands([it], [1, 0, 0, 1, 0, 0], [1, 0, 0, 1, 0, 0], font, (0,))[2]
        except Exception:  # noqa: BLE001
            return None


def _decode(raw: list, info: "_FontInfo | None") -> str:
    """Decoded text of raw shown strings (only for chunks that must be split)."""
    out = []
    font = info.font if info is not None else None
    for it in raw:
        if isinstance(it, str):
            out.append(it)
            continue
        if font is None:
            out.append(it.decode("latin-1", "replace"))
            continue
        try:
            t = get_text_operands([it], [1, 0, 0, 1, 0, 0], [1, 0, 0, 1, 0, 0], font, (0,))[0]
            out.append("".join(font.character_map.get(c, c) for c in t))
        except Exception:  # noqa: BLE001
            out.append(it.decode("latin-1", "replace"))
    return "".join(out)


class _PageVisitor:
    """Tracks render mode, fill colour and filled rectangles; classifies each text chunk."""

    def __init__(self, page_no: int, box: tuple[float, float, float, float]):
        self.page_no = page_no
        self.x0, self.y0, self.x1, self.y1 = box
        self.fill = (0.0, 0.0, 0.0)
        self.render = 0
        self.stack: list[tuple] = []
        self.pending_rects: list[tuple[float, float, float, float]] = []
        self.rects: list[tuple[float, float, float, float, tuple[float, float, float]]] = []
        # flags of the text-showing operators since the last chunk: True = hidden by state
        self.shows: list[bool] = []
        self.show_text: list[tuple] = []   # (raw strings, font, x, y) per show operator
        self.runs: list[Run] = []
        self.hidden: list[Run] = []
        self._fonts: dict[int, tuple[str, bool]] = {}
        self.font_objs: dict[str, _FontInfo | None] = {}     # resource name -> widths
        self.font_res: dict = {}
        self.cur_font: object | None = None
        self.cur_size = 12.0
        self.char_spacing = 0.0
        self.last_pos: tuple[float, float] | None = None
        self.adv = 0.0
        self.end_x: float | None = None

    # -- operators -------------------------------------------------------------------------
    def before(self, op: bytes, args: list, cm: list[float], tm: list[float]) -> None:
        if op == b"q":
            self.stack.append((self.fill, self.render))
        elif op == b"Q":
            if self.stack:
                self.fill, self.render = self.stack.pop()
        elif op in (b"rg", b"g", b"k", b"sc", b"scn"):
            rgb = _rgb_from(op, [a for a in args if not isinstance(a, pypdf.generic.NameObject)])
            if rgb is not None:
                self.fill = rgb
        elif op == b"cs":
            self.fill = (0.0, 0.0, 0.0)
        elif op == b"Tr" and args:
            try:
                self.render = int(args[0])
            except (TypeError, ValueError):
                pass
        elif op == b"re" and len(args) == 4:
            try:
                x, y, w, h = (float(a) for a in args)
            except (TypeError, ValueError):
                return
            pts = [(x, y), (x + w, y + h)]
            tp = [(px * cm[0] + py * cm[2] + cm[4], px * cm[1] + py * cm[3] + cm[5]) for px, py in pts]
            self.pending_rects.append(
                (min(tp[0][0], tp[1][0]), min(tp[0][1], tp[1][1]), max(tp[0][0], tp[1][0]), max(tp[0][1], tp[1][1]))
            )
        elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            for r in self.pending_rects:
                # a rectangle covering the whole page in white is just the paper
                self.rects.append((*r, self.fill))
            self.pending_rects = []
        elif op in (b"n", b"S", b"s"):
            self.pending_rects = []
        elif op == b"Tf" and len(args) >= 2:
            self.cur_font = self._font_obj(args[0])
            try:
                self.cur_size = float(args[1])
            except (TypeError, ValueError):
                pass
        elif op == b"Tc" and args:
            try:
                self.char_spacing = float(args[0])
            except (TypeError, ValueError):
                pass
        elif op in (b"Tj", b"TJ", b"'", b'"'):
            part = self._advance(op, args, cm, tm)
            self.show_text.append(part)
            m = _mult(tm, cm)
            size = abs(self.cur_size * (math.sqrt(m[2] ** 2 + m[3] ** 2) or 1.0))
            self.shows.append(self._state_hidden(part[2], part[3], size))

    def _font_obj(self, name) -> "_FontInfo | None":
        name = str(name)
        if name not in self.font_objs:
            res = self.font_res.get(name)
            self.font_objs[name] = _FontInfo(res) if res is not None else None
        return self.font_objs[name]

    def _advance(self, op: bytes, args: list, cm: list[float], tm: list[float]) -> tuple:
        """Track where the text shown since the last position change ends (x, device space).

        Returns (raw strings, font, start x, y) of this operator, decoded only when a chunk
        mixes visible and hidden text and must be split."""
        m = _mult(tm, cm)
        pos = (m[4], m[5])
        if op == b"'":
            pos = None  # moves to the next line; pypdf will report a new chunk
        sx = math.sqrt(m[0] ** 2 + m[1] ** 2)
        items = args[0] if (op == b"TJ" and args) else (args[-1:] if args else [])
        if op != b"TJ":
            items = [items[0]] if items else []
        width = 0.0
        font = self.cur_font
        raw: list = []
        for it in items:
            if isinstance(it, (int, float)) and not isinstance(it, bool):
                width -= float(it) / 1000 * self.cur_size
            elif isinstance(it, (str, bytes)) and not isinstance(it, pypdf.generic.NameObject):
                raw.append(it)
                w = font.width(it) if font is not None else None
                if w is None:
                    w = estimate_width(str(it), self.cur_size)
                else:
                    w = w / 1000 * self.cur_size + self.char_spacing * len(it)
                width += w
        width *= sx
        if pos is not None and self.last_pos is not None and abs(pos[0] - self.last_pos[0]) < 0.01 \
                and abs(pos[1] - self.last_pos[1]) < 0.01:
            self.adv += width
        else:
            self.adv = width
            self.last_pos = pos
        start_x = (pos[0] + self.adv - width) if pos is not None else None
        if pos is not None:
            self.end_x = pos[0] + self.adv
        return raw, font, start_x, (pos[1] if pos is not None else None)

    def _state_hidden(self, x: float, y: float, size: float) -> bool:
        """Hidden by the graphics state: invisible render mode, or fill colour ~ background."""
        if self.render in (3, 7):
            return True
        if self.render in (1, 2, 5, 6):  # stroked text shows its outline
            return False
        bg = self._background(x + min(size, 5.0) * 0.5, y + size * 0.3)
        return max(abs(a - b) for a, b in zip(self.fill, bg)) <= SAME_COLOUR

    def _background(self, x: float, y: float) -> tuple[float, float, float]:
        for rx0, ry0, rx1, ry1, colour in reversed(self.rects):
            if rx0 - 0.5 <= x <= rx1 + 0.5 and ry0 - 0.5 <= y <= ry1 + 0.5:
                return colour
        return (1.0, 1.0, 1.0)

    def _font(self, font_dict) -> tuple[str, bool]:
        if font_dict is None:
            return "", False
        key = id(font_dict)
        got = self._fonts.get(key)
        if got is None:
            name = str(font_dict.get("/BaseFont", "") or "").lstrip("/")
            bare = name.split("+", 1)[-1]
            low = bare.lower()
            bold = any(w in low for w in ("bold", "black", "heavy", "semibold", "demi"))
            if not bold:
                try:
                    desc = font_dict.get("/FontDescriptor")
                    desc = desc.get_object() if desc is not None else None
                    if desc is not None:
                        weight = float(desc.get("/FontWeight", 0) or 0)
                        flags = int(desc.get("/Flags", 0) or 0)
                        bold = weight >= 600 or bool(flags & (1 << 18))
                except Exception:  # noqa: BLE001 - odd descriptors are not worth failing for
                    pass
            got = (bare, bold)
            self._fonts[key] = got
        return got

    # -- text ------------------------------------------------------------------------------
    def text(self, text: str, cm: list[float], tm: list[float], font_dict, font_size: float) -> None:
        shows, self.shows = self.shows, []
        parts, self.show_text = self.show_text, []
        end_x, self.end_x = self.end_x, None
        if shows and any(shows) and not all(shows) and len(parts) == len(shows):
            # one chunk mixing visible and hidden text (a colour or Tr change mid-line): split it
            for flag in (False, True):
                sel = [p for p, h in zip(parts, shows) if h == flag and p[2] is not None]
                texts = [t for t in (_decode(p[0], p[1]).strip() for p in sel) if t]
                if not texts:
                    continue
                self._emit(" ".join(texts), cm, tm, font_dict, font_size, force_hidden=flag, at=(sel[0][2], sel[0][3]))
            return
        # where this chunk starts: after what earlier show operators at the same position drew
        # (a font switch mid-line, e.g. a fallback font for one glyph, makes a new chunk)
        at = (parts[0][2], parts[0][3]) if parts and parts[0][2] is not None else None
        self._emit(text, cm, tm, font_dict, font_size, force_hidden=bool(shows) and all(shows), end_x=end_x, at=at)

    def _emit(self, text: str, cm, tm, font_dict, font_size: float, *, force_hidden: bool,
              end_x: float | None = None, at: tuple[float, float] | None = None) -> None:
        text = text.replace("\r", " ").replace("\n", " ")
        if not text.strip():
            return
        m = _mult(tm, cm)
        x, y = at if at is not None else (m[4], m[5])
        scale = math.sqrt(m[2] ** 2 + m[3] ** 2) or math.sqrt(m[0] ** 2 + m[1] ** 2)
        size = abs(font_size * scale)
        font, bold = self._font(font_dict)
        lead = len(text) - len(text.lstrip())
        if lead and at is not None:
            x += estimate_width(" " * lead, size)  # a leading space keeps its gap from the previous chunk
        width = (end_x - x) if end_x is not None and end_x > x else 0.0
        if width <= 0 or width > 3 * estimate_width(text.strip(), size) + 20:
            width = estimate_width(text.strip(), size)
        run = Run(
            text=text.strip(),
            x=round(x - self.x0, 2),
            y=round(self.y1 - y, 2),
            font=font,
            size=round(size, 2),
            bold=bold,
            page=self.page_no,
            width=round(width, 2),
        )
        hidden = force_hidden
        if not hidden and size < TINY_SIZE:
            hidden = True
        if not hidden and not (
            self.x0 - OFF_PAGE_MARGIN <= x <= self.x1 + OFF_PAGE_MARGIN
            and self.y0 - OFF_PAGE_MARGIN <= y <= self.y1 + OFF_PAGE_MARGIN
        ):
            hidden = True
        (self.hidden if hidden else self.runs).append(run)


# --------------------------------------------------------------------------- public API


def _page_fonts(page) -> dict:
    try:
        res = page.get("/Resources")
        res = res.get_object() if res is not None else None
        fonts = res.get("/Font") if res is not None else None
        fonts = fonts.get_object() if fonts is not None else None
        return {str(k): v for k, v in fonts.items()} if fonts is not None else {}
    except Exception:  # noqa: BLE001
        return {}


def extract_pdf_text(path: str | os.PathLike, *, max_pages: int = 50) -> PdfText:
    """Read the visible and hidden text of the first `max_pages` pages of a PDF.

    Raises ParseFailure with a recruiter-readable message when the file cannot be read.
    Does not judge empty text: an empty `text` means the PDF has no text layer.
    """
    from core.rules.layout import reading_order_text  # local import: rules imports us

    with pypdf.apply_configuration(**PDF_LIMITS):
        try:
            reader = pypdf.PdfReader(os.fspath(path), strict=False)
            if reader.is_encrypted:
                # Owner-password-only PDFs open with the empty user password.
                try:
                    ok = reader.decrypt("")
                except (NotImplementedError, PyPdfError, ValueError, KeyError) as exc:
                    raise ParseFailure("the PDF is password-protected") from exc
                if not ok:
                    raise ParseFailure("the PDF is password-protected")
            page_count = len(reader.pages)
            pages: list[list[Run]] = []
            sizes: list[tuple[float, float]] = []
            hidden: list[Run] = []
            for i in range(min(page_count, max_pages)):
                page = reader.pages[i]
                box = page.cropbox
                x0, y0, x1, y1 = (float(v) for v in (box.left, box.bottom, box.right, box.top))
                visitor = _PageVisitor(i, (x0, y0, x1, y1))
                visitor.font_res = _page_fonts(page)
                page.extract_text(visitor_operand_before=visitor.before, visitor_text=visitor.text)
                pages.append(visitor.runs)
                hidden.extend(visitor.hidden)
                sizes.append((x1 - x0, y1 - y0))
        except ParseFailure:
            raise
        except FileNotDecryptedError as exc:
            raise ParseFailure("the PDF is password-protected") from exc
        except LimitReachedError as exc:
            raise ParseFailure("the PDF is too complex to read safely (it exceeds our size limits)") from exc
        except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError,
                AssertionError, OSError, UnicodeError, ZeroDivisionError) as exc:
            if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)):
                raise
            log.info("unreadable PDF %s: %r", path, exc)
            raise ParseFailure("the file is not a readable PDF") from exc
    text = reading_order_text(pages, sizes)
    hidden_text = "\n".join(r.text for r in hidden)
    return PdfText(pages=pages, page_sizes=sizes, text=text, hidden_text=hidden_text, page_count=page_count)
