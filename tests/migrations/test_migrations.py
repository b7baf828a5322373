"""migrations/: the schema comes from the Alembic scripts, matches core/models.py, and renames keep
the data."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from core.db import alembic_config, dispose_engine, get_engine, migrate
from core.models import Base, is_search_engine_object

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def _diff(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": lambda obj, name, *_: not is_search_engine_object(name)})
        return compare_metadata(context, Base.metadata)


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


def _upgrade_keeps_renamed_data(engine) -> None:
    """0002's names, with a row in each, upgraded to head and back."""
    migrate(engine, "0002")
    with engine.begin() as conn:
        conn.execute(text("insert into candidates (full_name, email, resume_url, parse_status, parse_attempts, "
                          "created_at, updated_at) values ('Ada', 'ada@example.com', '/srv/resumes/1.pdf', "
                          "'completed', 1, '2026-01-01', '2026-01-01')"))
        conn.execute(text("insert into settings (key, value, updated_at) values ('viewer_downloads', 'true', "
                          "'2026-01-01')"))
    migrate(engine, "head")
    with engine.connect() as conn:
        assert conn.execute(text("select resume_path from candidates")).scalar() == "/srv/resumes/1.pdf"
        assert conn.execute(text("select value from app_settings")).scalar() == "true"
    assert _diff(engine) == []
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    with engine.connect() as conn:
        assert conn.execute(text("select resume_url from candidates")).scalar() == "/srv/resumes/1.pdf"
        assert conn.execute(text("select value from settings")).scalar() == "true"


def test_renames_keep_the_data_on_sqlite(app_env):
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{app_env / 'old.db'}")
    try:
        _upgrade_keeps_renamed_data(engine)
    finally:
        engine.dispose()


def test_renames_keep_the_data_on_postgresql(app_env, pg_url):
    from sqlalchemy import create_engine

    engine = create_engine(pg_url)
    try:
        _upgrade_keeps_renamed_data(engine)
    finally:
        engine.dispose()


def _upgrade_indexes_existing_candidates(engine) -> None:
    """0010 indexes the candidates already there, from their fields and parsed resumes."""
    import json

    migrate(engine, "0009")
    doc = {"skills": [{"keywords": ["Kubernetes"]}], "work": [{"name": "Initech", "position": "SRE"}]}
    with engine.begin() as conn:
        conn.execute(text("insert into candidates (full_name, email, parse_status, parse_attempts, parsed_resume, "
                          "created_at, updated_at) values ('José Núñez', 'jn@example.com', 'completed', 1, :doc, "
                          "'2026-01-01', '2026-01-01')"), {"doc": json.dumps(doc)})
    migrate(engine, "head")


def test_upgrade_indexes_existing_candidates_on_sqlite(app_env, recruiter):
    from core import candidates as cands

    dispose_engine()
    engine = get_engine()
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
    _upgrade_indexes_existing_candidates(engine)
    for query in ("jose nunez", "kubernetes", "initech sre"):
        assert [c.full_name for c in cands.list_candidates(recruiter, query).items] == ["José Núñez"], query
    assert cands.skill_choices(recruiter) == ["Kubernetes"]


def test_upgrade_indexes_existing_candidates_on_postgresql(app_env, pg_url):
    from core import candidates as cands
    from utils import make_user

    engine = get_engine()
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
    _upgrade_indexes_existing_candidates(engine)
    viewer = make_user("viewer")
    for query in ("jose nunez", "kubernetes", "initech sre"):
        assert [c.full_name for c in cands.list_candidates(viewer, query).items] == ["José Núñez"], query
