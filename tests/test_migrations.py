"""The schema comes from Alembic migrations, and they match the models."""
from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from core import models
from core.db import alembic_config, dispose_engine, get_engine, migrate
from core.config import reset_settings

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def _diff(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), models.Base.metadata)


def test_a_new_sqlite_database_is_migrated_to_head_and_matches_the_models(app_env):
    engine = get_engine()
    with engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == HEAD
    assert {"candidates", "users", "audit_events"} <= set(inspect(engine).get_table_names())
    assert _diff(engine) == []


def test_migrating_again_keeps_the_data(recruiter, app_env):
    from core import candidates as cands

    c = cands.create_candidate(recruiter, "Ada", "ada@example.com")
    dispose_engine()
    migrate(get_engine())
    assert cands.get_candidate(recruiter, c.id).email == "ada@example.com"


def test_postgresql_schema_matches_the_models(app_env, monkeypatch):
    server = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    try:
        admin = create_engine(server, connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"no PostgreSQL server on 127.0.0.1:5432 ({type(exc).__name__}); CI runs this test")
    schema = f"rd_{uuid.uuid4().hex[:10]}"
    with admin.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    try:
        dispose_engine()
        monkeypatch.setenv("DATABASE_URL", f"{server}?options=-csearch_path%3D{schema}")
        reset_settings()
        engine = get_engine()
        assert engine.dialect.name == "postgresql"
        assert _diff(engine) == []
        dispose_engine()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()
