"""The schema comes from Alembic migrations, and they match the models."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from core.models import Base
from core.db import alembic_config, dispose_engine, get_engine, migrate

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def _diff(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)


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


def test_postgresql_schema_matches_the_models(app_env, pg_url):
    engine = get_engine()
    assert engine.dialect.name == "postgresql"
    assert _diff(engine) == []
