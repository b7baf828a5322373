"""core/validation.py: emails and one-line text, as candidates, accounts and tokens clean them."""
from __future__ import annotations

import pytest

from core.errors import ValidationError
from core.validation import clean_email, one_line


@pytest.mark.parametrize("typed, stored", [
    ("Ada@Example.com", "ada@example.com"),
    ("  ada@example.com\n", "ada@example.com"),
    ("ada@EXAMPLE.COM", "ada@example.com"),
    ("zoë@exämple.de", "zoë@exämple.de"),
])
def test_emails_are_normalised_and_lower_cased(typed, stored):
    assert clean_email(typed) == stored


@pytest.mark.parametrize("typed, message", [
    (None, "The email is empty."),
    ("   ", "The email is empty."),
    ("not-an-email", "The email 'not-an-email' is not valid"),
    ("ada@", "The email 'ada@' is not valid"),
    ("two@@example.com", "is not valid"),
])
def test_bad_emails_say_what_is_wrong(typed, message):
    with pytest.raises(ValidationError, match=message):
        clean_email(typed)


def test_one_line_folds_white_space_and_cuts():
    assert one_line("  Ada \n\t Lovelace  ") == "Ada Lovelace"
    assert one_line(None) == "" and one_line(42) == "42"
    assert one_line("a b c d", 3) == "a b"


@pytest.mark.parametrize("typed", ["\ud800@example.com", "ada\udfff@example.com", "ada@exa\udc80mple.com"])
def test_an_email_with_a_lone_surrogate_is_refused(typed):
    with pytest.raises(ValidationError, match="^The email contains invalid characters"):
        clean_email(typed)


@pytest.mark.parametrize("typed", ["a" * 1_000_000 + "@example.com", "\x00" * 100_000, "ada@" + "b." * 50_000 + "com"])
def test_a_refused_email_is_quoted_short_whatever_its_length(typed):
    with pytest.raises(ValidationError) as refused:
        clean_email(typed)
    assert len(str(refused.value)) < 250, len(str(refused.value))


@pytest.mark.parametrize("text, limit", [("  a \\n b\\t\\tc  ", None), ("  a \\n b\\t\\tc  ", 3), ("word " * 1000, 12),
                                         ("\\u00a0x\\u2003y\\x1cz", None), ("\\u00a0x\\u2003y\\x1cz", 3), ("abc", 0)])
def test_one_line_with_a_limit_is_the_whole_line_cut(text, limit):
    whole = " ".join(text.split())
    assert one_line(text, limit) == (whole if limit is None else whole[:limit])
