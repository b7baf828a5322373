"""The database connection: one engine per process, short sessions, the migrations runner.

The tables are in core/models.py.

SQLite (the default) runs in WAL mode with a busy timeout, and write transactions begin
IMMEDIATE: a read-then-write transaction that began DEFERRED fails at once with "database is
locked" when another writer got there first, whatever the busy timeout says. Its file holds
password hashes and candidates' personal data: it is created readable by its owner only
(0600, whatever the umask), which SQLite carries over to the -wal and -shm files, and an
existing file readable by others is narrowed to that on start.
"""
from __future__ import annotations

import logging
import os
import stat
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from core.config import APP_ROOT, get_settings
from core.errors import DatabaseUnavailable

SQLITE_BUSY_TIMEOUT_S = 30
PRIVATE_FILE = 0o600

log = logging.getLogger(__name__)


_lock = threading.Lock()
_engine: Engine | None = None
_sessionmaker: sessionmaker[Session] | None = None


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy's "begin" event below decide how a transaction begins.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA secure_delete=ON")  # deleted rows are zeroed in the file (erasure)
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        readonly = conn.get_execution_options().get("readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def _private_sqlite_file(url: str) -> None:
    """Create the database file 0600 before SQLite does (it would use the umask), and narrow
    an existing one (with its -wal and -shm) that others may read."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            try:
                os.chmod(file, mode & ~0o077)
                log.warning("%s was readable by other users; now %o", file, mode & ~0o077)
            except PermissionError:
                log.warning("%s is readable by other users (mode %o) and not ours to change", file, mode)


UNREACHABLE = ("The database cannot be reached, so nothing could be read or saved. It is retried "
               "by itself; try again in a moment (the server log says why).")
READ_ONLY = ("The database cannot be written (its file or folder is read-only), so nothing could be "
             "saved. An administrator must fix it (the server log names the file).")
_LOST_CONNECTION = ("connection", "server closed", "could not connect", "no such host", "timeout expired")
_READ_ONLY = ("readonly database", "read-only file system", "unable to open database file",
              "disk i/o error", "database or disk is full")


def unavailable(exc: BaseException) -> DatabaseUnavailable | None:
    """The clear error for a database that is gone or cannot be written; None for any other
    database error (a busy SQLite file, a constraint, a bug), which stays as it was."""
    if not isinstance(exc, DBAPIError):
        return None
    cause = str(exc.orig).lower()
    if any(words in cause for words in _READ_ONLY):
        log.error("the database cannot be written: %s", exc.orig)
        return DatabaseUnavailable(READ_ONLY)
    if exc.connection_invalidated or isinstance(exc, InterfaceError) or (
            isinstance(exc, OperationalError) and any(words in cause for words in _LOST_CONNECTION)):
        log.warning("the database is unreachable: %s", str(exc.orig).strip())
        return DatabaseUnavailable(UNREACHABLE)
    return None


def get_engine() -> Engine:
    """The process's engine, the schema migrated; DatabaseUnavailable if the database cannot be
    reached or written (a later call tries again)."""
    try:
        return _get_engine()
    except OSError as exc:  # creating or narrowing the SQLite file
        log.error("the database file cannot be written: %s", exc)
        raise DatabaseUnavailable(READ_ONLY) from exc
    except DBAPIError as exc:
        error = unavailable(exc)
        if error is None:
            raise
        raise error from exc


def _get_engine() -> Engine:
    global _engine, _sessionmaker
    with _lock:
        if _engine is None:
            url = get_settings().database_url
            if url.startswith("sqlite"):
                _private_sqlite_file(url)
                engine = create_engine(
                    url,
                    connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
                    pool_size=10,
                    max_overflow=20,
                )
                _configure_sqlite(engine)
            else:
                engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
            try:
                migrate(engine)
                _index_missing(engine)
            except BaseException:
                engine.dispose()
                raise
            _engine = engine
            _sessionmaker = sessionmaker(engine, expire_on_commit=False)
        return _engine


def _index_missing(engine: Engine) -> None:
    """Candidates without search rows (written by a path that skipped the index, or left so by
    a migration that copied the candidates table) are indexed before anyone searches."""
    from core.search import index_missing

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242002)")
        if made := index_missing(conn):
            log.warning("indexed %d candidate(s) that had no search rows", made)


MIGRATIONS_DIR = APP_ROOT / "migrations"


def alembic_config():
    from alembic.config import Config

    cfg = Config(str(APP_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`, in place, keeping the data.

    Safe when several processes start at once: PostgreSQL takes an advisory lock, SQLite's
    write transaction (BEGIN IMMEDIATE) already serialises them.
    """
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242001)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


@contextmanager
def session_scope(readonly: bool = False) -> Iterator[Session]:
    """One unit of work: committed on success, rolled back on error, always closed."""
    get_engine()
    assert _sessionmaker is not None
    bind = _engine.execution_options(readonly=True) if readonly else _engine
    session = _sessionmaker(bind=bind)
    try:
        yield session
        if readonly:
            session.rollback()
        else:
            session.commit()
    except BaseException as exc:
        try:
            session.rollback()
        except DBAPIError:
            pass  # the connection is gone: nothing was committed
        error = unavailable(exc)
        if error is None:
            raise
        raise error from exc
    finally:
        session.close()


def dispose_engine() -> None:
    """Forget the engine (tests switch databases; a new DATABASE_URL takes effect)."""
    global _engine, _sessionmaker
    with _lock:
        if _engine is not None:
            _engine.dispose()
        _engine = None
        _sessionmaker = None
