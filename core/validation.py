"""Checks and clean-ups of what people type, shared by candidates, accounts and tokens."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from core.errors import ValidationError

MAX_ID = 2**31 - 1  # the id columns are 32-bit on PostgreSQL


def clean_email(email: str | None) -> str:
    """The normalised, lower-cased address, or ValidationError saying what is wrong."""
    raw = str(email or "").strip()
    if not raw:
        raise ValidationError("The email is empty.")
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationError(f"The email {raw!r} is not valid: {exc}") from None


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
    """The text on one line: runs of white space (newlines too) become one space; cut at `limit`."""
    line = " ".join(str(text or "").split())
    return line if limit is None else line[:limit]
