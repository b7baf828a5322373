"""core/tokens.py: API tokens, made by admins (or the shell), stored hashed, revocable, acting as
their user."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core import tokens, user_admin
from core.db import session_scope
from core.errors import NotFoundError, PermissionDenied, ValidationError
from core.models import ApiToken, AuditEvent, utcnow


def test_admin_makes_a_token_shown_once_and_stored_hashed(admin, recruiter):
    record, secret = tokens.create_token(admin, recruiter.id, "careers page")
    assert secret.startswith("rd_") and len(secret) >= 40
    assert (record.user_email, record.name, record.revoked_at) == ("recruiter@example.com", "careers page", None)
    assert secret.startswith(record.hint) and len(record.hint) < 12
    with session_scope(readonly=True) as s:
        row = s.get(ApiToken, record.id)
        assert row.token_hash == tokens.hash_token(secret) and secret not in (row.token_hash, row.hint)
    assert tokens.authenticate_token(secret).id == recruiter.id
    assert [t.id for t in tokens.list_tokens(admin, recruiter.id)] == [record.id]
    with session_scope(readonly=True) as s:
        events = s.execute(select(AuditEvent.action, AuditEvent.actor_email, AuditEvent.detail)).all()
    assert [(a, who) for a, who, _ in events] == [("token_create", "admin@example.com")]
    assert "recruiter@example.com" in events[0][2] and secret not in events[0][2]


def test_only_admins_manage_tokens(admin, recruiter, viewer):
    for actor in (recruiter, viewer):
        with pytest.raises(PermissionDenied):
            tokens.create_token(actor, actor.id)
        with pytest.raises(PermissionDenied):
            tokens.list_tokens(actor)
    record, _ = tokens.create_token(admin, viewer.id)
    with pytest.raises(PermissionDenied):
        tokens.revoke_token(recruiter, record.id)
    with pytest.raises(NotFoundError):
        tokens.create_token(admin, 9999)


def test_wrong_revoked_and_disabled_tokens_do_not_authenticate(admin, recruiter):
    record, secret = tokens.create_token(admin, recruiter.id)
    for wrong in (None, "", "Bearer " + secret, secret[:-1], secret + "x", "rd_" + "a" * 500, secret.upper()):
        assert tokens.authenticate_token(wrong) is None
    revoked = tokens.revoke_token(admin, record.id)
    assert revoked.revoked_at is not None
    assert tokens.authenticate_token(secret) is None
    assert tokens.list_tokens(admin) == [] and len(tokens.list_tokens(admin, include_revoked=True)) == 1
    tokens.revoke_token(admin, record.id)  # twice: no error, one audit row
    with session_scope(readonly=True) as s:
        assert s.execute(select(AuditEvent.action)).scalars().all().count("token_revoke") == 1

    _, other = tokens.create_token(admin, recruiter.id)
    user_admin.set_enabled(admin, recruiter.id, False)
    assert tokens.authenticate_token(other) is None
    with pytest.raises(ValidationError, match="disabled"):
        tokens.create_token(admin, recruiter.id)
    user_admin.set_enabled(admin, recruiter.id, True)
    assert tokens.authenticate_token(other) is None, "disabling revoked it: enabling brings nothing back"
    assert [t.revoked_at is not None for t in tokens.list_tokens(admin, include_revoked=True)] == [True, True]


def test_last_used_is_kept_at_most_once_a_minute(admin, recruiter):
    record, secret = tokens.create_token(admin, recruiter.id)
    assert record.last_used_at is None
    tokens.authenticate_token(secret)
    first = tokens.list_tokens(admin)[0].last_used_at
    assert first is not None and utcnow() - first < timedelta(seconds=10)
    tokens.authenticate_token(secret)
    assert tokens.list_tokens(admin)[0].last_used_at == first
    with session_scope() as s:
        s.execute(update(ApiToken).values(last_used_at=first - timedelta(minutes=5)))
    tokens.authenticate_token(secret)
    assert tokens.list_tokens(admin)[0].last_used_at > first - timedelta(minutes=5)
