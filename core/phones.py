"""Phone numbers as people type them and as resumes print them.

A number is read with the `phonenumbers` library: `+` and international prefixes (`00…`, the
US `011…`), national formats under DEFAULT_PHONE_REGION (or the resume's own country), trunk
prefixes written as `(0)`, extensions (`ext. 12`, `x12`). A candidate keeps three forms:
the number for people (international format, with its extension), its E.164 form (what
duplicates are matched on) and the text as it was typed.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import phonenumbers

from core.config import get_settings
from core.errors import ValidationError

MAX_TYPED = 100  # characters of the typed text that are kept


@dataclass(frozen=True)
class Phone:
    display: str   # +44 20 7946 0958 ext. 12
    e164: str      # +442079460958 (the extension is not part of E.164)
    typed: str     # what was typed, on one line


def _typed(raw: object) -> str:
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in str(raw or ""))
    return " ".join(text.split())[:MAX_TYPED]


def _read(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    candidates = [text]
    digits = text.lstrip("(").lstrip()
    if digits.startswith("00"):  # 00 is the international prefix of most countries, not of every region
        candidates.append("+" + digits[2:].lstrip())
    possible = []
    for attempt in candidates:
        try:
            number = phonenumbers.parse(attempt, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
        if phonenumbers.is_possible_number(number):
            possible.append(number)
    # A number of the right length in a range the metadata does not know yet (or a fictional
    # one, 07700 900xxx) is kept: refusing a real number would be worse than keeping a typo.
    return possible[0] if possible else None


def parse_phone(raw: object, region: str | None = None) -> Phone | None:
    """The number read from `raw` (None when empty); ValidationError saying how to fix it."""
    typed = _typed(raw)
    if not typed:
        return None
    region = (region or get_settings().default_phone_region or "").upper() or None
    number = _read(typed, region)
    if number is None:
        raise ValidationError(
            f"The phone number {typed!r} is not valid: add the +country code (e.g. +44 20 7946 0958), "
            f"or set DEFAULT_PHONE_REGION (now {region or 'not set'}) to read numbers without one.")
    return Phone(
        display=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        typed=typed,
    )


def read_phone(raw: object, region: str | None = None) -> Phone | None:
    """Like parse_phone, but None for a number that cannot be read (a parsed resume's phone)."""
    try:
        return parse_phone(raw, region)
    except ValidationError:
        return None
