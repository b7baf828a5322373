"""core/backup.py: create, verify and restore a whole install (database and resume files) on
SQLite and PostgreSQL; every table of core.models round-trips; a backup taken while the app
parses and takes uploads keeps rows and files matched; damaged archives and non-empty installs
are refused with clear messages."""
from __future__ import annotations

import io
import tarfile
import threading

import pytest
from sqlalchemy import create_engine, select, text

from core import authentication, backup, storage
from core import candidates as cands
from core.app_settings import put_app_setting
from core.backup import BackupError
from core.config import get_settings
from core.db import session_scope
from core.errors import AuthenticationError
from core.models import Base, Candidate
from core.tokens import create_token
from utils import make_user, reset_core, resume_pdf, run_cli, set_env, stored_ids, wait_until

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def everything() -> dict[str, list[dict]]:
    """Every row of every table in core.models, by primary key (tables added later included)."""
    with session_scope(readonly=True) as s:
        return {t.name: [dict(r._mapping) for r in s.execute(select(t).order_by(*t.primary_key.columns))]
                for t in Base.metadata.sorted_tables}


def files() -> dict[int, bytes]:
    return {cid: storage.read_resume_file(cid) for cid in stored_ids()}


def _parsed(actor) -> bool:
    return cands.status_counts(actor)["pending"] == 0


def fill_install() -> None:
    """50 candidates (45 with a parsed resume), users, an API token, a setting, a lockout count,
    and the audit rows all that writes."""
    admin, recruiter = make_user("admin"), make_user("recruiter")
    make_user("viewer")
    for i in range(50):
        pdf = resume_pdf(name=f"Person {i}", email=f"p{i}@example.com") if i % 10 else None
        cands.create_candidate(recruiter, f"Person {i}", f"p{i}@example.com", "+44 20 7946 0958", pdf,
                               f"cv {i}.pdf" if pdf else None)
    wait_until(lambda: _parsed(recruiter), timeout=120, what="every parse done")
    create_token(admin, recruiter.id, "backup test")
    with session_scope() as s:
        put_app_setting(s, "backup-test", "a value")
    with pytest.raises(AuthenticationError):
        authentication.authenticate(recruiter.email, "not the password")


def _expected_after_restore(before: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """What a restore keeps: everything, with each resume_path pointing into the new storage."""
    rows = {name: [dict(r) for r in table] for name, table in before.items()}
    for row in rows["candidates"]:
        if row["resume_path"] is not None:
            row["resume_path"] = str(storage.resume_file_path(row["id"]))
    return rows


def _round_trip(app_env, monkeypatch, empty_the_database) -> None:
    fill_install()
    before, before_files = everything(), files()
    assert all(before[name] for name in ("candidates", "users", "api_tokens", "app_settings",
                                         "login_throttle", "audit_events")), "every table has rows to carry"
    assert len(before_files) == 45
    assert sum(1 for c in before["candidates"] if c["parse_status"] == "completed") == 45
    archive = app_env / "install.backup"
    made = backup.create(archive)
    assert archive.stat().st_mode & 0o777 == 0o600, "it holds password hashes"
    assert made.tables["candidates"] == 50 and backup.verify(archive).tables == made.tables

    reset_core()
    empty_the_database()
    set_env(monkeypatch, RESUME_STORAGE_DIR=app_env / "restored-resumes")
    backup.restore(archive)
    assert everything() == _expected_after_restore(before)
    assert files() == before_files
    assert get_settings().resume_storage_dir == app_env / "restored-resumes"


@pytest.mark.slow
def test_round_trip_on_sqlite_keeps_every_table_and_file(app_env, monkeypatch):
    _round_trip(app_env, monkeypatch,
                lambda: set_env(monkeypatch, DATABASE_URL=f"sqlite:///{app_env / 'restored.db'}"))


def test_round_trip_on_postgresql_keeps_every_table_and_file(app_env, pg_url, monkeypatch):
    schema = pg_url.rsplit("%3D", 1)[1]

    def empty_the_database():
        server = create_engine(PG_SERVER)
        with server.begin() as conn:  # the same schema, as on a new server
            conn.execute(text(f'drop schema "{schema}" cascade'))
            conn.execute(text(f'create schema "{schema}"'))
        server.dispose()

    _round_trip(app_env, monkeypatch, empty_the_database)


def test_a_backup_taken_while_the_app_parses_and_takes_uploads_keeps_rows_and_files_matched(app_env, monkeypatch):
    recruiter = make_user("recruiter")
    made = [cands.create_candidate(recruiter, f"P{i}", f"p{i}@example.com", resume=resume_pdf(email=f"p{i}@example.com"))
            for i in range(20)]
    stop = threading.Event()

    def busy():
        n = 100
        while not stop.is_set():
            c = cands.create_candidate(recruiter, f"P{n}", f"p{n}@example.com", resume=resume_pdf(email=f"p{n}@example.com"))
            if n % 2:
                cands.delete_candidate(recruiter, c.id)
            n += 1

    writer = threading.Thread(target=busy)
    writer.start()
    try:
        archives = []
        for k in range(3):
            archives.append(app_env / f"live{k}.backup")
            backup.create(archives[-1])
    finally:
        stop.set()
        writer.join()
    assert len(made) == 20
    for k, archive in enumerate(archives):
        reset_core()
        set_env(monkeypatch, DATABASE_URL=f"sqlite:///{app_env / f'r{k}.db'}", RESUME_STORAGE_DIR=app_env / f"r{k}")
        backup.restore(archive)
        with session_scope(readonly=True) as s:
            rows = {cid: sha for cid, sha in s.execute(
                select(Candidate.id, Candidate.resume_sha256).where(Candidate.resume_path.is_not(None)))}
            leased = s.execute(select(Candidate.id).where(Candidate.lease_owner.is_not(None))).all()
        assert rows and stored_ids() == set(rows), "a file for every row, a row for every file"
        for cid, sha in rows.items():
            assert backup._sha256(storage.read_resume_file(cid)) == sha
        assert leased == [], "no job of the new install is held by a process of the old one"


def test_restore_refuses_an_install_that_is_not_empty_and_changes_nothing(app_env, recruiter):
    cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    wait_until(lambda: _parsed(recruiter), what="the parse")
    archive = app_env / "a.backup"
    backup.create(archive)
    before, before_files = everything(), files()
    with pytest.raises(BackupError, match=r"not empty \(.*candidates has 1 rows; .*users has 1 rows; .*"
                                          r"the storage directory holds 1 resume files\)"):
        backup.restore(archive)
    assert everything() == before and files() == before_files


def _rewrite(archive, change) -> None:
    """Rewrite the archive's members through `change(name, data) -> [(name, data), ...]`."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members:
            for new_name, new_data in change(name, data):
                info = tarfile.TarInfo(new_name)
                info.size = len(new_data)
                tar.addfile(info, io.BytesIO(new_data))


@pytest.mark.parametrize("change, message", [
    (lambda n, d: [(n, d[:-1] + bytes([d[-1] ^ 1]) if n.startswith("resumes/") else d)], "checksum mismatch: resumes/1.pdf"),
    (lambda n, d: [(n, d)] + ([("../evil.pdf", b"x")] if n == "manifest.json" else []), "does not match its manifest"),
    (lambda n, d: [] if n.startswith("resumes/") else [(n, d)], "does not match its manifest"),
    (lambda n, d: [(n, b"{not json" if n == "manifest.json" else d)], "manifest is unreadable"),
    (lambda n, d: [] if n == "manifest.json" else [(n, d)], "no manifest.json"),
])
def test_verify_and_restore_refuse_a_damaged_archive(app_env, recruiter, monkeypatch, change, message):
    cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    archive = app_env / "a.backup"
    backup.create(archive)
    _rewrite(archive, change)
    with pytest.raises(BackupError, match=message):
        backup.verify(archive)
    reset_core()
    set_env(monkeypatch, DATABASE_URL=f"sqlite:///{app_env / 'new.db'}", RESUME_STORAGE_DIR=app_env / "new")
    with pytest.raises(BackupError, match=message):
        backup.restore(archive)
    assert not (app_env / "new").exists() or stored_ids() == set()


def test_a_file_that_is_not_an_archive_is_refused(app_env):
    junk = app_env / "junk.backup"
    junk.write_bytes(b"not a tar")
    with pytest.raises(BackupError, match="not a readable backup archive"):
        backup.verify(junk)


def test_the_pg_tools_of_the_servers_version_are_chosen():
    path = backup.pg_tool("pg_dump", 15)
    assert backup._tool_major(path) == 15
    with pytest.raises(BackupError, match="pg_dump for PostgreSQL 99 not found"):
        backup.pg_tool("pg_dump", 99)


@pytest.mark.processes
def test_the_command_line_creates_verifies_restores_and_refuses_clearly(app_env, recruiter):
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    wait_until(lambda: _parsed(recruiter), what="the parse")
    env = {"DATABASE_URL": f"sqlite:///{app_env / 'test.db'}", "RESUME_STORAGE_DIR": str(app_env / "resumes")}
    archive = str(app_env / "cli.backup")
    done = run_cli("core.backup", "create", archive, env=env)
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout and "candidates 1" in done.stdout and "1 resume files" in done.stdout
    done = run_cli("core.backup", "verify", archive, env=env)
    assert done.returncode == 0 and "verified" in done.stdout
    refused = run_cli("core.backup", "restore", archive, env=env)
    assert refused.returncode == 1
    assert "refusing to restore into an install that is not empty" in refused.stderr
    assert "Traceback" not in refused.stderr
    new = {"DATABASE_URL": f"sqlite:///{app_env / 'new.db'}", "RESUME_STORAGE_DIR": str(app_env / "new")}
    done = run_cli("core.backup", "restore", archive, env=new)
    assert done.returncode == 0, done.stderr
    assert (app_env / "new" / f"{c.id}.pdf").read_bytes() == storage.read_resume_file(c.id)
