"""Checks and clean-ups of what people type, shared by candidates, accounts and tokens."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from core.errors import ValidationError


def clean_email(email: str | None) -> str:
    """The normalised, lower-cased address, or ValidationError saying what is wrong."""
    raw = str(email or "").strip()
    if not raw:
        raise ValidationError("The email is empty.")
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationError(f"The email {raw!r} is not valid: {exc}") from None


def one_line(text: str | None, limit: int | None = None) -> str:
    """The text on one line: runs of white space (newlines too) become one space; cut at `limit`."""
    line = " ".join(str(text or "").split())
    return line if limit is None else line[:limit]
