"""Alembic environment: the URL comes from core.config (DATABASE_URL / .env).

core.db.migrate() hands over an open connection (config.attributes["connection"]) so the app,
the tests and `alembic upgrade head` run the same scripts the same way.
"""
from alembic import context
from sqlalchemy import create_engine

from core.config import get_settings
from core.models import Base, is_search_engine_object  # every table is on its metadata, for autogenerate

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """The search engine's own objects (core.models.SEARCH_ENGINE_OBJECTS) are not models."""
    return not is_search_engine_object(name)


def run_migrations_offline() -> None:
    context.configure(url=get_settings().database_url, target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True, include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(get_settings().database_url)
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connection)


def _run(connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table instead.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
