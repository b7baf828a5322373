"""core/models.py: every table is here, timestamps come back aware, and the candidate's fields
agree with the record the use cases return."""
from __future__ import annotations

import typing
from dataclasses import fields
from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from core.accounts import UserRecord
from core.candidates import CandidateRecord
from core.db import get_engine, session_scope
from core.models import Base, Candidate, User, utcnow

LEASE_COLUMNS = {"lease_owner", "lease_expires_at", "next_attempt_at"}  # the job's, not the candidate's
CHANGE_COLUMNS = {"change_count"}  # core/changes.py's, not the candidate's


def test_every_table_is_declared_in_models():
    tables = {mapper.class_.__tablename__: mapper.class_.__module__ for mapper in Base.registry.mappers}
    assert set(tables) == {"candidates", "users", "login_throttle", "app_settings", "audit_events", "api_tokens",
                           "candidate_search", "candidate_skills",
                           "candidate_notes", "candidate_tags", "duplicate_pairs", "candidate_merges",
                           "intake_batches", "intake_items", "user_sessions"}
    assert set(tables.values()) == {"core.models"}


def test_the_candidate_record_is_the_table_minus_the_lease():
    columns = {c.name: c for c in Candidate.__table__.columns}
    record = {f.name: f for f in fields(CandidateRecord)}
    assert set(record) == set(columns) - LEASE_COLUMNS - CHANGE_COLUMNS
    hints = typing.get_type_hints(CandidateRecord)
    for name, column in columns.items():
        if name in LEASE_COLUMNS | CHANGE_COLUMNS:
            continue
        optional = type(None) in typing.get_args(hints[name])
        assert optional == (column.nullable and not column.primary_key), f"{name}: None allowed in one, not the other"


def test_the_user_record_reads_columns_that_exist():
    assert {f.name for f in fields(UserRecord)} <= {c.name for c in User.__table__.columns}


def test_utcnow_is_aware():
    now = utcnow()
    assert now.tzinfo is timezone.utc and abs(datetime.now(timezone.utc) - now) < timedelta(seconds=5)


def test_timestamps_come_back_aware_even_from_sqlite(app_env, recruiter):
    naive = datetime(2026, 1, 2, 3, 4, 5)  # a naive value is taken to be UTC
    with session_scope() as s:
        row = Candidate(full_name="Ada", email="ada@example.com", created_at=naive)
        s.add(row)
        s.flush()
        candidate_id = row.id
    with get_engine().connect() as conn:
        stored = conn.execute(text("select created_at from candidates")).scalar()
    assert "2026-01-02 03:04:05" in str(stored)
    with session_scope(readonly=True) as s:
        row = s.get(Candidate, candidate_id)
        assert row.created_at == naive.replace(tzinfo=timezone.utc)
        assert row.updated_at.tzinfo is not None and row.parse_status == "no_resume" and row.parse_attempts == 0
