"""Tables as files a spreadsheet opens safely: CSV (the candidates export, the audit log) and
Excel .xlsx (the candidates export)."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from typing import Any, Iterable, Sequence

# A phone number (+ then digits, spaces, dots, dashes, parentheses) is data even to a
# spreadsheet that reads "+" as the start of a formula: it calls nothing.
_PHONE = re.compile(r"^\+[\d\s().\-]*\d[\d\s().\-]*$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(text: str) -> bool:
    return text[:1] in _FORMULA_START and not _PHONE.match(text)


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: no formula injection from a typed name."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    return "'" + text if starts_formula(text) else text


def csv_bytes(columns: Sequence[str], records: Iterable[Any]) -> bytes:
    """A header row of `columns`, then each record's attributes of those names (UTF-8)."""
    return csv_rows(columns, ([getattr(record, name) for name in columns] for record in records))


def csv_rows(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


XLSX_MAX_CELL = 32_767  # Excel's limit of characters in a cell


def xlsx_rows(header: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str = "Sheet1") -> bytes:
    """An .xlsx workbook: a bold, frozen header row, then the rows. Text is written as text
    (never as a formula), and text that a person retyping it would turn into a formula carries
    Excel's quote prefix, which keeps it text when edited; numbers and dates keep their type."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    ws = book.add_worksheet(sheet)
    bold = book.add_format({"bold": True})
    quoted = book.add_format({"quote_prefix": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    widths = [len(h) for h in header]
    ws.write_row(0, 0, list(header), bold)
    ws.freeze_panes(1, 0)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float, datetime, date)):
                text = str(value)[:XLSX_MAX_CELL]
                ws.write_string(r, c, text, quoted if starts_formula(text) else None)
                widths[c] = max(widths[c], min(len(text), 60))
            elif isinstance(value, datetime):
                ws.write_datetime(r, c, value, moment)
                widths[c] = max(widths[c], 16)
            elif isinstance(value, date):
                ws.write_datetime(r, c, datetime.combine(value, datetime.min.time()), day)
            else:
                ws.write_number(r, c, value)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width + 2)
    book.close()
    return buffer.getvalue()
