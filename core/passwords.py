"""Passwords: argon2id hashes (argon2-cffi), a check that costs the same whether or not there
is a hash to check against, and the policy new passwords must meet.

The policy: a minimum length, and no password that a guesser tries early. zxcvbn (the Python
port of Dropbox's estimator) knows the 30,000 most common passwords, words, names, keyboard
walks, sequences, repeats and dates; a password it expects to fall within a million guesses
(score 0 or 1: `1234567890`, `password12`, `qwertyuiop1`) is refused.
"""
from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

from core.config import get_settings
from core.errors import ValidationError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
# zxcvbn's estimate: 0-1 falls within 10^6 guesses, 2 within 10^8 (too many to try past a lockout).
MIN_GUESS_SCORE = 2
ESTIMATED_LENGTH = 72  # zxcvbn reads at most this many characters (its own limit)

_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
_dummy: tuple[PasswordHasher, str] | None = None


def _dummy_hash() -> str:
    """A hash of a random password, made with the current parameters (same verify time)."""
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash(secrets.token_urlsafe(16)))
    return _dummy[1]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Always does one argon2 verification, whether or not there is a hash to check."""
    password = str(password or "")[:MAX_PASSWORD_LENGTH]
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than the current ones."""
    return _hasher.check_needs_rehash(password_hash)


def min_password_length() -> int:
    """PASSWORD_MIN_LENGTH may raise the minimum, never lower it below 10."""
    return max(MIN_PASSWORD_LENGTH, get_settings().password_min_length)


def check_password_policy(password: str | None, email: str | None = None) -> str:
    password = password or ""
    minimum = min_password_length()
    if len(password) < minimum:
        raise ValidationError(f"The password must be at least {minimum} characters long.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(f"The password must be at most {MAX_PASSWORD_LENGTH} characters long.")
    if len(set(password)) < 4:
        raise ValidationError("The password must not repeat the same few characters.")
    if email and password.strip().lower() in (email.lower(), email.lower().split("@")[0]):
        raise ValidationError("The password must not be the email address.")
    _refuse_guessable(password, email)
    return password


def _refuse_guessable(password: str, email: str | None) -> None:
    hints = [email, email.split("@")[0]] if email else []
    estimate = zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=hints)
    if estimate["score"] < MIN_GUESS_SCORE:
        why = estimate["feedback"].get("warning") or "It is too close to a common password."
        raise ValidationError(f"This password is too easy to guess: {why.rstrip('.')}. Choose a less common one.")


def temporary_password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, ~96 bits
