"""Stage 1: words -> segments -> lines -> columns, in reading order.

Words (core.pdftext.Run) are grouped by baseline, whatever order the PDF drew them in. A
*segment* is a stretch of words on one baseline with no wide gap in it (a table cell, the
name, a flush-right contact block): a gap of about a space becomes a space, a wider one
(two and more spaces' worth) stays a separator ("   "), a gap wider than the font size
starts a new segment. A *line* is the segments of one baseline within one column. Columns
are found per page by looking for a vertical gutter that no segment crosses.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from core.pdftext import Run
from core.rules.dates import find_range
from core.rules.headings import heading_kind, is_sub_label

CELL_SEP = " | "


@dataclass
class Segment:
    text: str
    x0: float
    x1: float
    y: float
    size: float
    bold: bool
    page: int


@dataclass
class Line:
    segs: list[Segment]
    page: int
    y: float
    col: int = 0                      # 0 = full width / header, 1.. = column index on page
    heading: str | None = None        # section kind when this line is a heading

    @functools.cached_property
    def text(self) -> str:
        return CELL_SEP.join(s.text for s in self.segs)

    @property
    def cells(self) -> list[str]:
        return [s.text for s in self.segs]

    @property
    def x0(self) -> float:
        return self.segs[0].x0

    @property
    def x1(self) -> float:
        return self.segs[-1].x1

    @property
    def size(self) -> float:
        return max(s.size for s in self.segs)

    @property
    def bold(self) -> bool:
        return all(s.bold for s in self.segs)


def _rows(runs: list[Run]) -> list[list[Run]]:
    """Group runs of one page by baseline."""
    rows: list[list[Run]] = []
    for r in sorted(runs, key=lambda r: (r.y, r.x)):
        if rows:
            ref = rows[-1][0]
            tol = max(1.5, 0.3 * min(ref.size, r.size))
            if abs(r.y - ref.y) <= tol:
                rows[-1].append(r)
                continue
        rows.append([r])
    return rows


def _segments(row: list[Run]) -> list[Segment]:
    segs: list[Segment] = []
    cur: list[Run] = []
    end = 0.0
    for r in sorted(row, key=lambda r: r.x):
        if cur:
            gap = r.x - end
            limit = max(8.0, 1.1 * max(r.size, cur[-1].size))
            if gap > limit:
                segs.append(_make_seg(cur))
                cur = []
        cur.append(r)
        end = max(end, r.x + r.width) if len(cur) > 1 else r.x + r.width
    if cur:
        segs.append(_make_seg(cur))
    # a bullet glyph set apart by a tab (Word lists) belongs to the text after it
    merged: list[Segment] = []
    for sg in segs:
        if merged and _LONE_BULLET.fullmatch(merged[-1].text) and sg.x0 - merged[-1].x1 < 40:
            b = merged.pop()
            sg = Segment(b.text + " " + sg.text, b.x0, sg.x1, sg.y, max(b.size, sg.size), sg.bold, sg.page)
        merged.append(sg)
    return merged


# what lists are marked with (and icon glyphs, read as "•"): a bullet, a dash, an arrow, a tick
BULLET_GLYPHS = "•●○◦▪▫■□‣⁃∙·*►▸▹✓✔➢➤➔→⇒›»◆◇♦❖✦✧⦿⚫"
_LONE_BULLET = re.compile(rf"[{BULLET_GLYPHS}–\ue000-\uf8ff]")


SPACE_GAP = 0.4   # a gap between two words wider than this share of their font's space is a space
WIDE_GAP = 2.2    # ... and this many spaces or more a separator (a tab, "a   b"), kept as three spaces


def _make_seg(runs: list[Run]) -> Segment:
    parts: list[str] = []
    end = None
    for r in runs:
        if end is not None:
            gap = r.x - end
            if r.glued and gap < r.space:
                pass   # the rest of a word set in another font or size (small capitals)
            elif gap >= WIDE_GAP * r.space:
                parts.append("   ")
            elif gap > SPACE_GAP * r.space:
                parts.append(" ")
        parts.append(r.text)
        end = r.x + r.width if end is None else max(end, r.x + r.width)
    text = "".join(parts)
    # weighted boldness: a segment is bold when most of its characters are
    bold_chars = sum(len(r.text) for r in runs if r.bold)
    return Segment(
        text=text,
        x0=runs[0].x,
        x1=max(r.x + r.width for r in runs),
        y=sum(r.y for r in runs) / len(runs),
        size=max(r.size for r in runs),
        bold=bold_chars * 2 > sum(len(r.text) for r in runs),
        page=runs[0].page,
    )


def page_segments(runs: list[Run]) -> list[list[Segment]]:
    """Rows of segments for one page, top to bottom."""
    return [s for s in (_segments(row) for row in _rows(runs)) if s]


# --------------------------------------------------------------------------- columns


def _find_gutter(rows: list[list[Segment]], page_w: float) -> float | None:
    """An x where the page splits into two columns, or None for a single-column page."""
    segs = [s for row in rows for s in row]
    if len(segs) < 8:
        return None
    starts = sorted({round(s.x0) for s in segs})
    best, best_score = None, 0.0
    for g in starts:
        if g < page_w * 0.15 or g > page_w * 0.85:
            continue
        left = [s for s in segs if s.x1 <= g - 2]
        right = [s for s in segs if s.x0 >= g - 0.5]
        crossing = [s for s in segs if s.x0 < g - 0.5 and s.x1 > g - 2]
        if len(left) < 3 or len(right) < 3:
            continue
        # segments crossing the gutter are allowed only above both columns (a header)
        top = min(min(s.y for s in left), min(s.y for s in right))
        if any(s.y >= top - 1 for s in crossing):
            continue
        # a table: most left cells share a baseline with a right cell
        right_ys = [s.y for s in right]
        paired = sum(1 for s in left if any(abs(s.y - y) < 2 for y in right_ys))
        heads_l = sum(1 for s in left if _heading(s.text))
        heads_r = sum(1 for s in right if _heading(s.text))
        left_ys = [s.y for s in left]
        paired_r = sum(1 for s in right if any(abs(s.y - y) < 2 for y in left_ys))
        small = min(len(left), len(right))
        if max(paired, paired_r) > 0.5 * small and not (heads_l and heads_r):
            continue
        # headings and dates in a column of their own, each date on the baseline of its row's
        # text on the other side (a Word table, Europass): one table, not two columns
        if bool(heads_l) != bool(heads_r) and \
                _label_column(left if heads_l else right, right_ys if heads_l else left_ys):
            continue
        if paired > 0.8 * len(left) and len(left) > 4 and heads_l < 2:
            continue
        # the whitespace river between the columns: real gutters are wide
        river = min(s.x0 for s in right) - max(s.x1 for s in left)
        if river < 6:
            continue
        # a column has a left edge: most of its lines start there, or at one tab stop further
        # in (a dates column inside it); right-aligned dates start anywhere
        edge = min(s.x0 for s in right)
        stops: dict[int, int] = {}
        for sg in right:
            stops[round(sg.x0 / 6)] = stops.get(round(sg.x0 / 6), 0) + 1
        edged = [sg for sg in right if sg.x0 - edge < 12]
        if len(edged) < 0.5 * len(right):
            stop = max(stops, key=stops.get)
            inner_ys = [sg.y for sg in right if round(sg.x0 / 6) == stop]
            rows = sum(1 for sg in edged if any(abs(sg.y - y) < 2 for y in inner_ys))
            if len(edged) < 0.2 * len(right) or len(edged) + stops[stop] < 0.6 * len(right) \
                    or rows < 0.5 * len(edged):
                continue   # ... and the cells at the edge open rows that go on at the tab stop
        score = min(river, 60) + 6 * min(heads_l, heads_r) + min(small, 20) / 2
        if score > best_score:
            best, best_score = g, score
    return best


def _heading(text: str) -> bool:
    """A section heading's wording (not a job's "Achievements")."""
    return len(text.split()) <= 4 and heading_kind(text) is not None and not is_sub_label(text)


def _label_column(side: list[Segment], other_ys: list[float]) -> bool:
    """Most of the dates on this side (two at least) share a baseline with the other side."""
    dated = [s for s in side if find_range(s.text)]
    paired = [s for s in dated if any(abs(s.y - y) < 2 for y in other_ys)]
    return len(paired) >= 2 and len(paired) >= 0.6 * len(dated)


def page_lines(runs: list[Run], page_w: float) -> list[Line]:
    """Lines of one page in reading order: header, then each column top to bottom."""
    rows = page_segments(runs)
    if not rows:
        return []
    page = rows[0][0].page
    gutter = _find_gutter(rows, page_w)
    if gutter is None:
        return [Line(segs=row, page=page, y=row[0].y, col=0) for row in rows]
    left_segs = [s for row in rows for s in row if s.x1 <= gutter - 2]
    right_segs = [s for row in rows for s in row if s.x0 >= gutter - 0.5]
    sided = {id(s) for s in left_segs} | {id(s) for s in right_segs}
    head = [s for row in rows for s in row if id(s) not in sided]
    out: list[Line] = []
    for col, group in ((0, head), (1, left_segs), (2, right_segs)):
        by_y: list[list[Segment]] = []
        for s in sorted(group, key=lambda s: (s.y, s.x0)):
            if by_y and abs(by_y[-1][0].y - s.y) <= max(1.5, 0.3 * s.size):
                by_y[-1].append(s)
            else:
                by_y.append([s])
        out.extend(Line(segs=sorted(r, key=lambda s: s.x0), page=page, y=r[0].y, col=col) for r in by_y)
    return out


def document_lines(pages: list[list[Run]], sizes: list[tuple[float, float]]) -> list[Line]:
    lines: list[Line] = []
    for i, runs in enumerate(pages):
        w = sizes[i][0] if i < len(sizes) else 612.0
        lines.extend(page_lines(runs, w))
    return lines


def reading_order_text(pages: list[list[Run]], sizes: list[tuple[float, float]]) -> str:
    """Visible text, one line per line, columns one after the other, pages separated."""
    out: list[str] = []
    for i, runs in enumerate(pages):
        w = sizes[i][0] if i < len(sizes) else 612.0
        lines = page_lines(runs, w)
        if lines and out:
            out.append("")
        prev_col = None
        for ln in lines:
            if prev_col is not None and ln.col != prev_col:
                out.append("")
            out.append("   ".join(ln.cells))
            prev_col = ln.col
    return "\n".join(out).strip()


# --------------------------------------------------------------------------- page furniture

_PAGE_NO = re.compile(r"^(?:(?:page|seite|página|pagina|page no\.?|p\.|стр\.?|σελ\.?|strona|sida|side)\s*)?"
                      r"\d{1,3}(?:\s*(?:/|of|von|de|di|sur|из|από|z|av|af)\s*\d{1,3})?$", re.I)
_BAND = 0.06   # top and bottom margin bands, as a share of the page height


def _in_band(ln: Line, sizes: list[tuple[float, float]]) -> bool:
    h = sizes[ln.page][1] if ln.page < len(sizes) else 842.0
    return ln.y < _BAND * h or ln.y > (1 - _BAND) * h


def drop_page_furniture(lines: list[Line], sizes: list[tuple[float, float]]) -> list[Line]:
    """Without page numbers ("2/3", "Page 2 of 3") in the top or bottom margin, nor a margin
    line repeated on several pages (a running header or footer)."""
    if not lines:
        return lines
    n_pages = max(ln.page for ln in lines) + 1
    seen: dict[str, set[int]] = {}
    for ln in lines:
        if _in_band(ln, sizes):
            seen.setdefault(re.sub(r"\d+", "#", ln.text.strip().casefold()), set()).add(ln.page)
    out = []
    for ln in lines:
        if _in_band(ln, sizes):
            key = re.sub(r"\d+", "#", ln.text.strip().casefold())
            if _PAGE_NO.match(ln.text.strip()) or (n_pages > 1 and len(seen.get(key, ())) > 1):
                continue
        out.append(ln)
    return out


def drop_running_headers(lines: list[Line], name: str, sizes: list[tuple[float, float]]) -> list[Line]:
    """Without the name repeated in the top margin of later pages ("Jane Roe — CV")."""
    key = name.casefold()
    return [ln for ln in lines
            if not (ln.page > 0 and _in_band(ln, sizes) and key in ln.text.casefold())]
