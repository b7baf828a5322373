"""core/passwords.py: hashing, the policy, and what a new password must be."""
from __future__ import annotations

import pytest

from core import passwords, user_admin
from core.errors import ValidationError
from utils import NEW_PASSWORD, set_env


@pytest.mark.parametrize("password, message", [
    ("", "at least 10"),
    ("short1!", "at least 10"),
    ("aaaaaaaaaaaa", "same few characters"),
    ("boss@example.com", "not be the email"),
    ("x" * 2000 + "abcd", "at most 1024"),
    # Long enough, and among the first guesses of anyone guessing.
    ("1234567890", "too easy to guess"),
    ("password12", "too easy to guess"),
    ("Password123", "too easy to guess"),
    ("qwertyuiop1", "too easy to guess"),
    ("iloveyou12", "too easy to guess"),
    ("abcdefghijk", "too easy to guess"),
])
def test_password_policy(app_env, password, message):
    with pytest.raises(ValidationError, match=message):
        user_admin.create_first_admin("boss@example.com", password)
    assert user_admin.needs_first_admin()


def test_minimum_length_can_be_raised_not_lowered(app_env, monkeypatch):
    set_env(monkeypatch, PASSWORD_MIN_LENGTH=4)
    assert passwords.min_password_length() == 10
    set_env(monkeypatch, PASSWORD_MIN_LENGTH=24)
    with pytest.raises(ValidationError, match="at least 24"):
        user_admin.create_first_admin("boss@example.com", NEW_PASSWORD)


def test_hash_and_verify(app_env):
    hashed = passwords.hash_password(NEW_PASSWORD)
    assert hashed.startswith("$argon2id$") and NEW_PASSWORD not in hashed
    assert passwords.verify_password(hashed, NEW_PASSWORD)
    assert not passwords.verify_password(hashed, NEW_PASSWORD + "!")
    assert not passwords.verify_password("not a hash", NEW_PASSWORD)
    assert not passwords.verify_password(None, NEW_PASSWORD), "no hash (an SSO-only account): never a match"
    assert not passwords.needs_rehash(hashed)


def test_a_hash_made_with_other_parameters_needs_a_rehash(app_env):
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(NEW_PASSWORD)
    assert passwords.verify_password(old, NEW_PASSWORD)
    assert passwords.needs_rehash(old)


def test_only_the_first_1024_characters_are_checked(app_env):
    long = "ab1!" * 300
    assert passwords.verify_password(passwords.hash_password(long[:1024]), long)


def test_temporary_passwords_meet_the_policy_and_differ():
    made = {passwords.temporary_password() for _ in range(20)}
    assert len(made) == 20
    for password in made:
        assert len(password) >= 16 and passwords.check_password_policy(password) == password


@pytest.mark.parametrize("password", [NEW_PASSWORD, "correct horse battery", "Tr0ub4dor&3-x", "Zq8#vN2!pLw5 kT4@" * 40])
def test_uncommon_passwords_pass_the_policy(app_env, password):
    assert passwords.check_password_policy(password, "boss@example.com") == password


def test_temporary_passwords_always_pass_the_policy(app_env):
    for _ in range(50):
        passwords.check_password_policy(passwords.temporary_password(), "boss@example.com")
