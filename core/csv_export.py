"""Tables as CSV files a spreadsheet opens safely (the candidates export, the audit log)."""
from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any, Iterable, Sequence


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: no formula injection from a typed name."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_bytes(columns: Sequence[str], records: Iterable[Any]) -> bytes:
    """A header row of `columns`, then each record's attributes of those names (UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for record in records:
        writer.writerow([csv_cell(getattr(record, name)) for name in columns])
    return buffer.getvalue().encode("utf-8")
