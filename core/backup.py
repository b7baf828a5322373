"""Backups of a whole install: the database and the resume files, in one archive.

    python -m core.backup create FILE    a consistent snapshot, taken while the app runs
    python -m core.backup verify FILE    every checksum, and the snapshot's tables against the manifest
    python -m core.backup restore FILE   into an empty install (DATABASE_URL, RESUME_STORAGE_DIR)

The archive (tar, gzip) holds `manifest.json`, the database snapshot under `database/` and the
resume files under `resumes/{id}.pdf`. The manifest lists every member with its size and SHA-256,
the schema revision, and the row count of every table in core.models (so tables added later are
counted without a change here).

The database snapshot comes first: SQLite's online backup API (a copy of one committed state,
writers wait only for the pages being copied), or `pg_dump` in custom format for PostgreSQL, run
inside an exported snapshot whose row counts go into the manifest. The files are then those the
snapshot's candidates name, each checked against the SHA-256 its row holds: a file changed or
deleted after the snapshot (a candidate deleted meanwhile) makes the backup start over, so rows
and files always match.

Restore loads the snapshot into the empty install (SQLite: the backup API again; PostgreSQL:
the schema is migrated to the backup's revision, then `pg_restore --data-only`), brings the schema
up to this version, writes the files, points each candidate's resume_path at its new file, and
puts jobs that were running back in the queue (no process of the new install holds them).
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import func, inspect, select, text, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

from core import storage
from core.config import get_settings
from core.db import get_engine, migrate, session_scope
from core.errors import ResumeDeskError, StorageError
from core.models import Base, Candidate

log = logging.getLogger(__name__)

FORMAT = "resumedesk-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/resumedesk.sqlite"
PG_MEMBER = "database/resumedesk.pgdump"
_RESUME_MEMBER = re.compile(r"resumes/([1-9][0-9]{0,17})\.pdf")
ATTEMPTS = 3  # snapshots taken before giving up on files that keep changing under the backup


class BackupError(ResumeDeskError):
    """A backup could not be made, verified or restored; the message says why."""


@dataclass
class Manifest:
    dialect: str
    revision: str
    tables: dict[str, int]
    files: dict[str, dict] = field(default_factory=dict)   # member -> {"size", "sha256"}
    created_at: str = ""

    def to_json(self) -> bytes:
        return json.dumps({"format": FORMAT, "version": VERSION, "created_at": self.created_at,
                           "dialect": self.dialect, "revision": self.revision, "tables": self.tables,
                           "files": self.files}, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        try:
            raw = json.loads(data)
            if raw.get("format") != FORMAT or raw.get("version") != VERSION:
                raise BackupError(f"not a ResumeDesk backup of version {VERSION}")
            return cls(dialect=str(raw["dialect"]), revision=str(raw["revision"]),
                       tables={str(k): int(v) for k, v in raw["tables"].items()},
                       files={str(k): {"size": int(v["size"]), "sha256": str(v["sha256"])}
                              for k, v in raw["files"].items()},
                       created_at=str(raw.get("created_at", "")))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"the manifest is unreadable ({type(exc).__name__})") from None

    @property
    def database_member(self) -> str:
        return SQLITE_MEMBER if self.dialect == "sqlite" else PG_MEMBER


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def table_names() -> list[str]:
    """Every table of core.models, parents before children."""
    return [t.name for t in Base.metadata.sorted_tables]


def _count_rows(conn: Connection) -> dict[str, int]:
    present = set(inspect(conn).get_table_names())
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables if t.name in present}


def _revision(conn: Connection) -> str:
    return conn.execute(text("select version_num from alembic_version")).scalar_one()


# --- PostgreSQL tools ----------------------------------------------------------------------

def _pg_schema(url) -> str:
    """The schema the app uses: the search_path in the URL's `options`, else public."""
    options = url.query.get("options", "")
    found = re.search(r"search_path\s*=\s*([A-Za-z_][A-Za-z0-9_$]*)", options if isinstance(options, str) else "")
    return found.group(1) if found else "public"


def _pg_env(url) -> tuple[str, dict[str, str]]:
    """A libpq connection string for the PostgreSQL tools, the password in PGPASSWORD (not argv)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return conninfo, env


def _tool_major(path: str) -> int | None:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else None


def pg_tool(name: str, server_major: int) -> str:
    """`pg_dump` or `pg_restore` of the server's major version: the one on PATH when it matches,
    else /usr/lib/postgresql/<major>/bin (Debian installs several side by side)."""
    candidates = [p for p in (shutil.which(name), f"/usr/lib/postgresql/{server_major}/bin/{name}") if p]
    for path in candidates:
        if os.access(path, os.X_OK) and _tool_major(path) == server_major:
            return path
    raise BackupError(f"{name} for PostgreSQL {server_major} not found (looked at {', '.join(candidates)}); "
                      f"install the PostgreSQL {server_major} client tools")


def _run_tool(args: list[str], env: dict[str, str], what: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=3600)
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or ["no message"]
        log.error("%s failed (%s): %s", what, done.returncode, done.stderr.strip())
        raise BackupError(f"{what} failed: {detail[0]}")
    return done.stdout


# --- create --------------------------------------------------------------------------------

@dataclass
class _Snapshot:
    path: Path                       # the database snapshot file
    tables: dict[str, int]
    revision: str
    resumes: dict[int, str | None]   # candidate id -> the SHA-256 its row holds


def _snapshot_sqlite(work: Path) -> _Snapshot:
    database = make_url(get_settings().database_url).database
    target = work / "snapshot.sqlite"
    _sqlite_copy(database, target)
    return _read_sqlite_snapshot(target)


def _sqlite_copy(source_path, target_path) -> None:
    """Copy one committed state of a SQLite database into another (the online backup API:
    writers of either wait only while a batch of pages is copied)."""
    source = sqlite3.connect(source_path, timeout=30)
    try:
        dest = sqlite3.connect(target_path, timeout=30)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()


def _sqlite_engine(path: Path):
    from sqlalchemy import create_engine

    return create_engine(f"sqlite:///{path}")


def _read_sqlite_snapshot(path: Path) -> _Snapshot:
    engine = _sqlite_engine(path)
    try:
        with engine.connect() as conn:
            return _Snapshot(path, _count_rows(conn), _revision(conn), _stored_resumes(conn))
    finally:
        engine.dispose()


def _stored_resumes(conn: Connection) -> dict[int, str | None]:
    rows = conn.execute(select(Candidate.id, Candidate.resume_sha256).where(Candidate.resume_path.is_not(None)))
    return {cid: sha for cid, sha in rows}


def _snapshot_postgresql(work: Path) -> _Snapshot:
    engine = get_engine()
    url = engine.url
    target = work / "snapshot.pgdump"
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        conn.execute(text("set transaction read only"))
        snapshot_id = conn.execute(text("select pg_export_snapshot()")).scalar_one()
        major = conn.execute(text("show server_version_num")).scalar_one()
        tool = pg_tool("pg_dump", int(major) // 10000)
        conninfo, env = _pg_env(url)
        # The counts and the dump read the same snapshot, held open by this transaction.
        _run_tool([tool, "--format=custom", f"--snapshot={snapshot_id}", "--no-owner", "--no-privileges",
                   f"--schema={_pg_schema(url)}", f"--file={target}", f"--dbname={conninfo}"], env, "pg_dump")
        snap = _Snapshot(target, _count_rows(conn), _revision(conn), _stored_resumes(conn))
        conn.rollback()
    return snap


def _add(tar: tarfile.TarFile, name: str, data: bytes, manifest: Manifest | None) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(data))
    if manifest is not None:
        manifest.files[name] = {"size": len(data), "sha256": _sha256(data)}


def _resume_bytes(snap: _Snapshot) -> dict[int, bytes] | None:
    """The snapshot's resume files as they are now, or None if one changed since the snapshot."""
    found: dict[int, bytes] = {}
    for cid, sha in sorted(snap.resumes.items()):
        data = storage.read_resume_file(cid)
        if data is None or (sha is not None and _sha256(data) != sha):
            log.info("resume of candidate %s changed after the snapshot; taking a new one", cid)
            return None
        found[cid] = data
    return found


def create(path: Path) -> Manifest:
    """Write a backup of the configured install to `path` (replaced atomically: no half file)."""
    path = Path(path)
    engine = get_engine()
    dialect = engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise BackupError(f"backups of {dialect} databases are not supported")
    with tempfile.TemporaryDirectory(prefix="resumedesk-backup-") as tmp:
        work = Path(tmp)
        for _ in range(ATTEMPTS):
            snap = _snapshot_sqlite(work) if dialect == "sqlite" else _snapshot_postgresql(work)
            files = _resume_bytes(snap)
            if files is not None:
                break
        else:
            raise BackupError(f"resume files kept changing during {ATTEMPTS} snapshots (or are missing "
                              "from storage); try again when the app is quieter")
        manifest = Manifest(dialect=dialect, revision=snap.revision, tables=snap.tables,
                            created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
        partial = path.with_name(f".{path.name}.partial")
        try:
            # Readable by its owner only: it holds password hashes and candidates' data.
            with os.fdopen(os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600), "wb") as out:
                with tarfile.open(fileobj=out, mode="w:gz") as tar:
                    _add(tar, manifest.database_member, snap.path.read_bytes(), manifest)
                    for cid, data in files.items():
                        _add(tar, f"resumes/{cid}.pdf", data, manifest)
                    _add(tar, MANIFEST, manifest.to_json(), None)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise BackupError(f"could not write {path}: {exc.strerror or exc}") from exc
    log.info("backup %s: %s rows in %d tables, %d resume files", path, sum(manifest.tables.values()),
             len(manifest.tables), len(files))
    return manifest


# --- verify --------------------------------------------------------------------------------

@contextmanager
def _open(path: Path) -> Iterator[tuple[tarfile.TarFile, Manifest]]:
    try:
        tar = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{path} is not a readable backup archive ({exc})") from None
    with tar:
        yield tar, Manifest.from_json(_member(tar, MANIFEST))


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    try:
        info = tar.getmember(name)
        f = tar.extractfile(info) if info.isfile() else None
    except (KeyError, tarfile.TarError):
        f = None
    if f is None:
        raise BackupError(f"the archive has no {name}")
    return f.read()


def _checked_members(tar: tarfile.TarFile, manifest: Manifest) -> dict[str, bytes]:
    """Every member, read once and checked against the manifest; nothing unlisted or unsafe."""
    names = {m.name for m in tar.getmembers()} - {MANIFEST}
    if names != set(manifest.files):
        extra, missing = sorted(names - set(manifest.files)), sorted(set(manifest.files) - names)
        raise BackupError(f"the archive does not match its manifest (unlisted: {extra[:5]}, missing: {missing[:5]})")
    if manifest.database_member not in names:
        raise BackupError("the archive has no database snapshot")
    for name in names - {manifest.database_member}:
        if not _RESUME_MEMBER.fullmatch(name):
            raise BackupError(f"unexpected member in the archive: {name[:80]!r}")
    data = {}
    for name in sorted(names):
        body = _member(tar, name)
        want = manifest.files[name]
        if len(body) != want["size"] or _sha256(body) != want["sha256"]:
            raise BackupError(f"checksum mismatch: {name} is damaged")
        data[name] = body
    return data


def verify(path: Path) -> Manifest:
    """Raise BackupError unless every member matches its checksum and the snapshot holds the
    tables and row counts the manifest lists."""
    return _verified(path)[0]


def _verified(path: Path) -> tuple[Manifest, dict[str, bytes]]:
    """The manifest and every member's content, once all of it checked out."""
    with _open(Path(path)) as (tar, manifest):
        data = _checked_members(tar, manifest)
    with tempfile.TemporaryDirectory(prefix="resumedesk-verify-") as tmp:
        snapshot = Path(tmp) / "snapshot"
        snapshot.write_bytes(data[manifest.database_member])
        if manifest.dialect == "sqlite":
            try:
                snap = _read_sqlite_snapshot(snapshot)
            except Exception as exc:  # noqa: BLE001 - any failure to read it means a bad snapshot
                raise BackupError(f"the database snapshot is unreadable ({type(exc).__name__})") from None
            if snap.tables != manifest.tables or snap.revision != manifest.revision:
                raise BackupError("the database snapshot does not hold the rows the manifest lists")
        else:
            _verify_pgdump(snapshot, manifest)
    return manifest, data


def _newest_pg_restore() -> str:
    """Any pg_restore reads the dumps of its own and older versions: take the newest."""
    found = [p for p in [shutil.which("pg_restore"), *map(str, Path("/usr/lib/postgresql").glob("*/bin/pg_restore"))]
             if p and os.access(p, os.X_OK)]
    if not found:
        raise BackupError("pg_restore not found: install the PostgreSQL client tools")
    return max(found, key=lambda p: _tool_major(p) or 0)


def _verify_pgdump(snapshot: Path, manifest: Manifest) -> None:
    tool = _newest_pg_restore()
    listing = _run_tool([tool, "--list", str(snapshot)], dict(os.environ), "reading the pg_dump snapshot")
    dumped = {m.group(1) for m in re.finditer(r"TABLE DATA \S+ (\S+) ", listing)}
    missing = sorted(set(manifest.tables) - dumped)
    if missing:
        raise BackupError(f"the pg_dump snapshot lacks the data of: {', '.join(missing)}")


# --- restore -------------------------------------------------------------------------------

def _not_empty(conn: Connection) -> list[str]:
    return [f"{name} has {n} rows" for name, n in _count_rows(conn).items() if n]


def restore(path: Path) -> Manifest:
    """Load a backup into the configured install, which must be empty."""
    manifest, data = _verified(path)
    engine = get_engine()  # migrated to this version: an install that was never started is empty too
    if engine.dialect.name != manifest.dialect:
        raise BackupError(f"this backup is of a {manifest.dialect} database; DATABASE_URL points at "
                          f"{engine.dialect.name}")
    with engine.connect() as conn:
        busy = _not_empty(conn)
    stored = sorted(storage.stored_ids())
    if stored:
        busy.append(f"the storage directory holds {len(stored)} resume files")
    if busy:
        raise BackupError("refusing to restore into an install that is not empty (" + "; ".join(busy) + "). "
                          "Point DATABASE_URL and RESUME_STORAGE_DIR at a new database and an empty directory.")
    with tempfile.TemporaryDirectory(prefix="resumedesk-restore-") as tmp:
        snapshot = Path(tmp) / "snapshot"
        snapshot.write_bytes(data[manifest.database_member])
        if manifest.dialect == "sqlite":
            _restore_sqlite(snapshot)
        else:
            _restore_postgresql(snapshot, manifest)
    migrate(get_engine())  # a backup of an older version is brought up to this one
    written = []
    try:
        for name, body in data.items():
            found = _RESUME_MEMBER.fullmatch(name)
            if found:
                written.append(storage.place_resume_file(body, int(found.group(1))))
    except (OSError, StorageError) as exc:
        for done in written:
            done.unlink(missing_ok=True)
        raise BackupError(f"could not write the resume files: {exc} "
                          "(the database was restored; empty it and the storage directory, then try again)") from exc
    # These are not edits: the row stays as it was (its change time and change counter too).
    keep = {"updated_at": Candidate.updated_at, "change_count": Candidate.change_count}
    with session_scope() as s:
        for cid in s.execute(select(Candidate.id).where(Candidate.resume_path.is_not(None))).scalars():
            s.execute(update(Candidate).where(Candidate.id == cid)
                      .values(resume_path=str(storage.resume_file_path(cid)), **keep))
        s.execute(update(Candidate).where(Candidate.lease_owner.is_not(None))
                  .values(lease_owner=None, lease_expires_at=None, **keep))
        s.execute(update(Candidate).where(Candidate.parse_status == "pending")
                  .values(parse_stage="queued", **keep))
    log.info("restored %s: %s rows, %d resume files", path, sum(manifest.tables.values()), len(written))
    return manifest


def _restore_sqlite(snapshot: Path) -> None:
    from core.db import dispose_engine

    database = make_url(get_settings().database_url).database
    dispose_engine()  # no connection of ours holds the file while it is replaced
    _sqlite_copy(snapshot, database)


def _restore_postgresql(snapshot: Path, manifest: Manifest) -> None:
    engine = get_engine()
    with engine.connect() as conn:
        major = int(conn.execute(text("show server_version_num")).scalar_one()) // 10000
    tool = pg_tool("pg_restore", major)
    # The tables as they were when the backup was made; the data goes into them.
    _migrate_to(engine, manifest.revision)
    with engine.begin() as conn:
        conn.execute(text("delete from alembic_version"))
    conninfo, env = _pg_env(engine.url)
    order = Path(f"{snapshot}.list")
    order.write_text(_parents_first(_run_tool([tool, "--list", str(snapshot)], env, "reading the pg_dump snapshot")))
    _run_tool([tool, "--data-only", "--single-transaction", "--no-owner", "--no-privileges",
               f"--schema={_pg_schema(engine.url)}", f"--use-list={order}", f"--dbname={conninfo}", str(snapshot)],
              env, "pg_restore")


def _parents_first(listing: str) -> str:
    """pg_restore's table of contents with the tables' data in core.models' order (a row's
    parent before the row: the foreign keys are checked as the data goes in)."""
    rank = {name: i for i, name in enumerate(table_names())}
    entries = [line for line in listing.splitlines() if line.strip() and not line.startswith(";")]

    def key(line: str) -> tuple[int, int]:
        found = re.search(r" TABLE DATA \S+ (\S+) ", line)
        return (0, rank.get(found.group(1), len(rank))) if found else (1, 0)

    return "\n".join(sorted(entries, key=key)) + "\n"


def _migrate_to(engine, revision: str) -> None:
    from alembic import command

    from core.db import alembic_config

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        current = _revision(conn)
        if current != revision:
            command.downgrade(cfg, revision)


# --- command line --------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m core.backup", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    for name, helptext in (("create", "write a backup of this install to FILE"),
                           ("verify", "check FILE's checksums and snapshot"),
                           ("restore", "load FILE into this (empty) install")):
        sub.add_parser(name, help=helptext).add_argument("file", type=Path, metavar="FILE")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    action = {"create": create, "verify": verify, "restore": restore}[args.command]
    try:
        manifest = action(args.file)
    except ResumeDeskError as exc:
        print(f"backup {args.command} failed: {exc}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        log.exception("backup %s failed", args.command)
        print(f"backup {args.command} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{name} {n}" for name, n in manifest.tables.items())
    files = sum(1 for name in manifest.files if _RESUME_MEMBER.fullmatch(name))
    verb = {"create": "wrote", "verify": "verified", "restore": "restored"}[args.command]
    print(f"{verb} {args.file}: {manifest.dialect} at revision {manifest.revision}; rows: {rows}; "
          f"{files} resume files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
