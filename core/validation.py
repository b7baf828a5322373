"""Checks and clean-ups of what people type, shared by candidates, accounts and tokens."""
from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

from core.errors import ValidationError

MAX_ID = 2**31 - 1  # the id columns are 32-bit on PostgreSQL
MAX_QUOTE = 40  # characters of the input a refusal quotes back
_WORD = re.compile(r"\S+")  # \s is what str.split() splits on


def quoted(raw: str, limit: int = MAX_QUOTE) -> str:
    """The input as a refusal quotes it: in quotes, escaped, cut after `limit` characters, so a
    megabyte typed into a field does not come back as a megabyte of message (or log line)."""
    return repr(raw[:limit]) + ("…" if len(raw) > limit else "")


def storable(text: str, what: str) -> str:
    """Refuse text no database can store: lone surrogates (half of a UTF-16 pair, which a JSON
    escape such as \\ud800 can carry) are not characters and have no UTF-8 form."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(f"{what} contains invalid characters (a lone UTF-16 surrogate).") from None
    return text


def clean_email(email: str | None) -> str:
    """The normalised, lower-cased address, or ValidationError saying what is wrong."""
    raw = storable(str(email or "").strip(), "The email")
    if not raw:
        raise ValidationError("The email is empty.")
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationError(f"The email {quoted(raw)} is not valid: {str(exc)[:120]}") from None


def parse_id(raw: object, what: str = "The id") -> int:
    """A row id typed or sent as text (an address's ?id=): a whole number from 1 to MAX_ID."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)) or not 1 <= int(text) <= MAX_ID:
        raise ValidationError(f"{what} must be a whole number from 1 to {MAX_ID}.")
    return int(text)


def valid_id(candidate: object) -> bool:
    """An int that can be a row id (anything else matches no row)."""
    return isinstance(candidate, int) and not isinstance(candidate, bool) and 1 <= candidate <= MAX_ID


def one_line(text: str | None, limit: int | None = None) -> str:
    """The text on one line: runs of white space (newlines too) become one space; cut at `limit`.

    With a limit, only the words that make the first `limit` characters are looked at: a
    megabyte of words is not split into a list of a hundred thousand strings to keep two hundred."""
    raw = str(text or "")
    if limit is None:
        return " ".join(raw.split())
    words, size = [], -1
    for word in _WORD.finditer(raw):
        words.append(word.group())
        size += len(words[-1]) + 1
        if size >= limit:
            break
    return " ".join(words)[:limit]
