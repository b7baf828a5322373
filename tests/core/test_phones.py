"""core/phones.py: numbers as people type them and as resumes print them."""
from __future__ import annotations

import pytest

from core.errors import ValidationError
from core.phones import parse_phone, read_phone
from utils import set_env


# (typed, DEFAULT_PHONE_REGION, E.164, extension shown) — the formats first, then numbers
# as they appear on real resumes and business cards in 12 countries.
FORMATS = [
    ("0033 1 28 94 72 81", "US", "+33128947281", None),        # copied from a resume: 00 + country
    ("0171 2345678", "DE", "+491712345678", None),             # German mobile, national format
    ("(415) 555-0142 ext. 12", "US", "+14155550142", "12"),
    ("+1 415 555 0142 x12", "US", "+14155550142", "12"),
    ("415.555.0142", "US", "+14155550142", None),
    ("011 44 20 7946 0958", "US", "+442079460958", None),      # the US international prefix
    ("+44 (0)20 7946 0958", "US", "+442079460958", None),      # UK trunk zero in brackets
    ("020 7946 0958", "GB", "+442079460958", None),
    ("07700 900123", "GB", "+447700900123", None),
    ("+49 (0)30 901820", "US", "+4930901820", None),
    ("030 901820", "DE", "+4930901820", None),
    ("+49 171 2345678", "FR", "+491712345678", None),
    ("01 42 68 53 00", "FR", "+33142685300", None),
    ("06.12.34.56.78", "FR", "+33612345678", None),
    ("+33 6 12 34 56 78", "US", "+33612345678", None),
    ("612 345 678", "ES", "+34612345678", None),
    ("+34 91 123 45 67", "US", "+34911234567", None),
    ("06 12345678", "NL", "+31612345678", None),
    ("0031 20 123 4567", "US", "+31201234567", None),
    ("+91 98765 43210", "US", "+919876543210", None),
    ("098765 43210", "IN", "+919876543210", None),
    ("03-1234-5678", "JP", "+81312345678", None),
    ("+81 90-1234-5678", "US", "+819012345678", None),
    ("(11) 91234-5678", "BR", "+5511912345678", None),
    ("+55 11 91234 5678", "US", "+5511912345678", None),
    ("0412 345 678", "AU", "+61412345678", None),
    ("+61 2 9876 5432", "US", "+61298765432", None),
    ("(416) 555-0199", "CA", "+14165550199", None),
    ("+1-416-555-0199 ext 204", "US", "+14165550199", "204"),
    ("+39 06 1234 5678", "US", "+390612345678", None),          # Italy keeps its leading zero
    ("06 1234 5678", "IT", "+390612345678", None),
    ("+48 512 345 678", "US", "+48512345678", None),
    ("0048 512 345 678", "DE", "+48512345678", None),
    ("+353 1 234 5678", "US", "+35312345678", None),
]


@pytest.mark.parametrize("typed, region, e164, ext", FORMATS)
def test_formats_people_type(app_env, monkeypatch, typed, region, e164, ext):
    set_env(monkeypatch, DEFAULT_PHONE_REGION=region)
    phone = parse_phone(typed)
    assert phone.e164 == e164
    assert phone.typed == typed
    assert "".join(c for c in phone.display.split(" ext")[0] if c.isdigit() or c == "+") == e164
    assert (f"ext. {ext}" in phone.display) if ext else ("ext" not in phone.display)


def test_the_formats_cover_many_countries():
    countries = {e164[:3] for _, _, e164, _ in FORMATS}
    assert len(FORMATS) >= 24 and len(countries) >= 8


def test_german_number_under_the_default_us_region_says_how_to_fix_it(app_env):
    with pytest.raises(ValidationError) as info:
        parse_phone("0171 2345678")
    message = str(info.value)
    assert "'0171 2345678'" in message
    assert "add the +country code" in message and "DEFAULT_PHONE_REGION (now US)" in message


@pytest.mark.parametrize("junk", ["12", "call me", "+44 20", "0000000000000000000000", "+999 1234 5678",
                                  "0171 2345678"])
def test_numbers_that_cannot_be_read_are_refused(app_env, junk):
    with pytest.raises(ValidationError, match="is not valid"):
        parse_phone(junk)
    assert read_phone(junk) is None


def test_empty_is_no_number_and_typed_text_is_kept_on_one_line(app_env):
    assert parse_phone("") is None and parse_phone("   ") is None and parse_phone(None) is None
    phone = parse_phone("+44 20\n7946\t0958")
    assert phone.typed == "+44 20 7946 0958" and phone.e164 == "+442079460958"


def test_region_argument_wins_over_the_setting(app_env):
    assert parse_phone("0171 2345678", "DE").e164 == "+491712345678"
