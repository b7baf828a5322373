"""core.rules.dates: dates and ranges as resumes write them, in many languages."""
from __future__ import annotations

import pytest

from core.rules.dates import find_range, parse_date


@pytest.mark.parametrize("text,start,end", [
    ("Jan 2020 - Mar 2022", "2020-01", "2022-03"), ("January 2020 – Present", "2020-01", ""),
    ("2019-01 to 2022-04", "2019-01", "2022-04"), ("01/2020 — 12/2021", "2020-01", "2021-12"),
    ("01.2020 - 03.2021", "2020-01", "2021-03"), ("2018 - 2020", "2018", "2020"), ("2018–now", "2018", ""),
    ("Sept. 2019 - Current", "2019-09", ""), ("März 2022 – heute", "2022-03", ""),
    ("janv. 2020 - aujourd'hui", "2020-01", ""), ("ene. 2019 - actualidad", "2019-01", ""),
    ("set 2018 - atual", "2018-09", ""), ("gen 2017 - oggi", "2017-01", ""), ("since 2021", "2021", ""),
    ("Acme Inc · Oct 2025 - Present", "2025-10", ""), ("(May 2012)", "2012-05", "2012-05"),
])
def test_date_ranges(text, start, end):
    r = find_range(text)
    assert r is not None and (r.start, r.end) == (start, end)


def test_no_date_in_plain_text_or_phone():
    assert find_range("Led a team of 12 engineers") is None
    assert parse_date("Version 3.5 of the app") == ""


@pytest.mark.parametrize("text,start,end", [
    ("déc. 2019 – aujourd'hui", "2019-12", ""), ("03.2019 – н.в.", "2019-03", ""),
    ("03/2019 - σήμερα", "2019-03", ""), ("mrt 2019 - heden", "2019-03", ""), ("05/2024 - nu", "2024-05", ""),
    ("sty 2020 – obecnie", "2020-01", ""), ("wrzesień 2018 - luty 2020", "2018-09", "2020-02"),
    ("sinds 2021", "2021", ""), ("maart 2017 – mei 2019", "2017-03", "2019-05"),
])
def test_date_ranges_in_more_languages(text, start, end):
    r = find_range(text)
    assert r is not None and (r.start, r.end) == (start, end)


@pytest.mark.parametrize("text,start,end", [
    ("Sep, 2024 – Present", "2024-09", ""), ("Sept 2016 – Aug 2024", "2016-09", "2024-08"),
    ("2023-07 —", "2023-07", ""), ("2023-07 –", "2023-07", ""), ("March 2021 –", "2021-03", ""),
])
def test_month_comma_year_and_open_ranges(text, start, end):
    r = find_range(text)
    assert r is not None and (r.start, r.end) == (start, end)


def test_an_open_range_ends_at_its_cell():
    r = find_range("2023-07 – | Senior Product Designer at Lumen Health")
    assert r is not None and (r.start, r.end) == ("2023-07", "") and r.span == (0, 10)   # "2023-07 – "
