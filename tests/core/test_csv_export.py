"""core/csv_export.py: CSV a spreadsheet opens safely."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timezone

from core.csv_export import csv_bytes, csv_cell


def test_csv_cells_cannot_start_formulas():
    assert [csv_cell(v) for v in ("=1+1", "+x", "-x", "@x", "\tx", "ok", None, 3)] == [
        "'=1+1", "'+x", "'-x", "'@x", "'\tx", "ok", "", "3"]
    assert csv_cell(datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)) == "2026-01-02T03:04:00+00:00"


def test_a_phone_number_is_data_not_a_formula():
    assert [csv_cell(v) for v in ("+44 20 7946 0958", "+1 (312) 555-0199", "+34.612.345.678", "+4915112345678")] == [
        "+44 20 7946 0958", "+1 (312) 555-0199", "+34.612.345.678", "+4915112345678"]
    assert [csv_cell(v) for v in ("+1+cmd|' /C calc'!A0", "+44 20 x", "+", "+ ", "-1 555", "+1 555)*HYPERLINK(x)")] == [
        "'+1+cmd|' /C calc'!A0", "'+44 20 x", "'+", "'+ ", "'-1 555", "'+1 555)*HYPERLINK(x)"]


def test_a_header_then_one_row_per_record_in_utf8():
    @dataclass
    class Row:
        name: str
        size: int | None

    data = csv_bytes(["name", "size"], [Row("Zoë", 3), Row("=cmd", None)])
    assert list(csv.reader(io.StringIO(data.decode("utf-8")))) == [["name", "size"], ["Zoë", "3"], ["'=cmd", ""]]
