"""core/privacy.py: a candidate's data export, erasure (nothing left in the database file or the
storage directory), retention and consent, source; roles and audit rows (on SQLite and
PostgreSQL where the rule is not about SQLite's file)."""
from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import text, update

from core import candidates as cands
from core import erasure, intake, jobs, notes, privacy, retention, storage, tags, timeline
from core.config import get_settings
from core.db import session_scope
from core.errors import NotFoundError, PermissionDenied, ValidationError
from core.models import AuditEvent, Candidate, utcnow
from utils import audit_rows, resume_pdf, set_env, stored_files, wait_for_status, wait_until

NAME, EMAIL, PHONE = "Zebulon Quartermaine", "zebulon.q@example.org", "+44 20 7946 0123"
PHRASE = "Orchestrated the xylophone migration"


def _candidate(team, **kw):
    pdf = resume_pdf(NAME, EMAIL, PHONE, extra=[PHRASE], employer="Quux Heavy Industries")
    c = cands.create_candidate(team.recruiter, NAME, EMAIL, PHONE, pdf, "Zebulon CV.pdf", **kw)
    assert wait_for_status(team.recruiter, c.id)["parsing_status"] == "completed"
    return c, pdf


def test_export_is_a_zip_of_everything_kept_admin_only_and_audited(team):
    c, pdf = _candidate(team, source="referral", source_detail="Grace Hopper")
    notes.add_note(team.recruiter, c.id, "Great <b>fit</b>")
    tags.add_tags(team.recruiter, [c.id], ["java", "shortlist"])
    for who in (team.recruiter, team.viewer):
        with pytest.raises(PermissionDenied, match="export or erase"):
            privacy.export_candidate(who, c.id)
    name, data = privacy.export_candidate(team.admin, c.id)
    assert name == f"candidate-{c.id}-data.zip"
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert set(zf.namelist()) == {"summary.txt", "candidate.json", "parsed_resume.json", "notes.json",
                                  "tags.json", "timeline.json", "resume/Zebulon CV.pdf"}
    assert zf.read("resume/Zebulon CV.pdf") == pdf
    fields = json.loads(zf.read("candidate.json"))
    assert {c.name for c in Candidate.__table__.columns} <= set(fields)
    assert fields["email"] == EMAIL and fields["source"] == "referral" and fields["source_detail"] == "Grace Hopper"
    assert json.loads(zf.read("parsed_resume.json"))["basics"]["email"] == EMAIL
    assert [n["text"] for n in json.loads(zf.read("notes.json"))] == ["Great <b>fit</b>"]
    assert json.loads(zf.read("tags.json")) == ["java", "shortlist"]
    actions = [e["action"] for e in json.loads(zf.read("timeline.json"))]
    assert actions[0] == "tag_add" and actions[-1] == "create" and "parse_done" in actions
    summary = zf.read("summary.txt").decode()
    assert NAME in summary and EMAIL in summary and "java, shortlist" in summary
    assert audit_rows("data_export") == [("admin@example.com", "data_export", c.id)]


def test_erasure_removes_everything_and_keeps_only_that_it_happened(team):
    c, _ = _candidate(team)
    other = cands.create_candidate(team.recruiter, "Grace Hopper", "grace@example.com")
    notes.add_note(team.recruiter, c.id, "call Zebulon back")
    tags.add_tags(team.recruiter, [c.id, other.id], ["java"])
    cands.export_csv(team.recruiter, search="Zebulon")  # a row with no candidate id that names them
    with pytest.raises(PermissionDenied):
        privacy.erase_candidate(team.recruiter, c.id, "asked")
    with pytest.raises(ValidationError, match="Say why"):
        privacy.erase_candidate(team.admin, c.id, "  ")
    privacy.erase_candidate(team.admin, c.id, f"Request by {NAME} <{EMAIL}> on the phone")
    with pytest.raises(NotFoundError):
        cands.get_candidate(team.admin, c.id)
    assert storage.get_resume_file_path(c.id) is None and stored_files(get_settings().resume_storage_dir) == []
    assert tags.tags_in_use(team.admin) == [("java", 1)], "the other candidate keeps theirs"
    with session_scope(readonly=True) as s:
        for table in ("candidate_notes", "candidate_tags"):
            assert s.execute(text(f"select count(*) from {table} where candidate_id = :i"), {"i": c.id}).scalar() == 0
        details = s.execute(text("select action, candidate_id, detail, actor_email from audit_events")).all()
    erase = [r for r in details if r.action == "erase"]
    assert erase == [("erase", c.id, "Request by [redacted] <[redacted]> on the phone", "admin@example.com")]
    for action, candidate_id, detail, _ in details:
        for secret in (NAME, EMAIL, "Zebulon", "Quartermaine"):
            assert secret.lower() not in detail.lower(), (action, detail)
    assert {r.action for r in details if r.candidate_id == c.id} >= {"create", "parse_done", "note_add", "tag_add", "erase"}
    assert [e.what for e in timeline.events(c.id)][0].startswith("Erase"), "the history says it was erased"
    with pytest.raises(NotFoundError):
        privacy.erase_candidate(team.admin, c.id, "again")


def test_a_parse_running_during_the_erasure_never_brings_it_back(team, monkeypatch):
    set_env(monkeypatch, PARSER_WORKERS=0)  # this test claims the job itself
    c = cands.create_candidate(team.admin, NAME, EMAIL, resume=resume_pdf(NAME, EMAIL))
    candidate_id, attempt, owner = jobs.claim()
    assert candidate_id == c.id
    privacy.erase_candidate(team.admin, c.id, "request")
    assert jobs.run_claimed(candidate_id, attempt, owner) is None, "its writes are fenced off"
    assert jobs.claim() is None and jobs.pending_count() == 0
    with pytest.raises(NotFoundError):
        cands.get_candidate(team.admin, c.id)
    assert audit_rows("parse_done") == [] and audit_rows("parse_fail") == []


def test_erasure_cannot_leave_half_when_the_transaction_fails(app_env, admin):
    c = cands.create_candidate(admin, NAME, EMAIL, resume=resume_pdf(NAME, EMAIL))
    with session_scope() as s:  # the database refuses the erasure's audit row: the commit fails
        s.execute(text("create trigger no_erase before insert on audit_events when new.action = 'erase' "
                       "begin select raise(abort, 'refused by a trigger'); end"))
    with pytest.raises(Exception, match="refused by a trigger"):
        privacy.erase_candidate(admin, c.id, "request")
    assert cands.get_candidate(admin, c.id).email == EMAIL
    assert storage.get_resume_file_path(c.id) is not None
    assert stored_files(app_env / "resumes") == [f"{c.id}.pdf"]


def test_an_erasure_a_dead_process_left_half_done_is_settled_at_start(app_env, admin):
    kept = cands.create_candidate(admin, "Kept", "kept@example.com", resume=resume_pdf("Kept", "kept@example.com"))
    gone = cands.create_candidate(admin, NAME, EMAIL, resume=resume_pdf(NAME, EMAIL))
    wait_for_status(admin, kept.id), wait_for_status(admin, gone.id)
    # Both files moved aside; only `gone`'s row was deleted before the process died.
    assert storage.stage_erasure(kept.id) and storage.stage_erasure(gone.id)
    with session_scope() as s:
        s.execute(text("delete from candidates where id = :i"), {"i": gone.id})
    (app_env / "resumes" / ".upload-old.tmp").write_bytes(b"%PDF- an interrupted upload")
    assert erasure.settle() == 2, "the fresh temp file is left to its upload"
    assert stored_files(app_env / "resumes") == [".upload-old.tmp", f"{kept.id}.pdf"]
    assert storage.remove_stale_uploads(0) == 1
    assert stored_files(app_env / "resumes") == [f"{kept.id}.pdf"]


def _sqlite_file(app_env):
    return app_env / "test.db"


def _traces(paths, needles) -> list[tuple[str, str]]:
    found = []
    for path in paths:
        data = path.read_bytes().lower()
        for needle in needles:
            for form in {needle.lower().encode(), needle.lower().encode("utf-16-le")}:
                if form in data:
                    found.append((path.name, needle))
    return found


def test_nothing_of_an_erased_candidate_remains_in_the_sqlite_file_or_the_storage_directory(app_env, admin):
    c, _ = _candidate(SimpleNamespace(recruiter=admin))
    notes.add_note(admin, c.id, f"{PHRASE}, said the referee")
    tags.add_tags(admin, [c.id], ["xylophonist"])
    privacy.export_candidate(admin, c.id)
    cands.resume_download(admin, c.id)
    other = cands.create_candidate(admin, "Grace Hopper", "grace@example.com", resume=resume_pdf())
    wait_for_status(admin, other.id)
    bulk = resume_pdf("Yolanda Bellweather", "yolanda.b@example.org", "+44 20 7946 0999", extra=[PHRASE])
    batch = intake.bulk_intake(admin, [("Yolanda-application-2026.pdf", bulk)])
    from_batch = cands.list_candidates(admin, search="Yolanda").items[0].id
    assert wait_for_status(admin, from_batch)["parsing_status"] == "completed"
    assert cands.get_candidate(admin, from_batch).source_detail == f"batch #{batch}"
    needles = [NAME, EMAIL, PHONE, PHRASE, "Quartermaine", "xylophon", "Quux Heavy", "Yolanda", "yolanda.b@",
               "+44 20 7946 0999", "+442079460999"]
    db = _sqlite_file(app_env)
    storage_dir = app_env / "resumes"
    files = lambda: [db, *(p for p in db.parent.glob("test.db-*"))] + [p for p in storage_dir.rglob("*") if p.is_file()]  # noqa: E731
    assert _traces(files(), [NAME, PHRASE]), "the search can find them before the erasure"

    privacy.erase_candidate(admin, c.id, "erasure request")
    privacy.erase_candidate(admin, from_batch, "erasure request")
    assert _traces(files(), needles) == [], "gone at once (secure_delete, WAL checkpointed)"

    jobs.shutdown()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
    assert _traces(files(), needles) == []
    assert _traces(files(), ["Grace Hopper"]), "the other candidate is still there"


def _age(candidate_id: int, days: int) -> None:
    """Make the candidate, and everything done to it, `days` older."""
    with session_scope() as s:
        then = utcnow() - timedelta(days=days)
        s.execute(update(Candidate).where(Candidate.id == candidate_id).values(created_at=then))
        s.execute(update(AuditEvent).where(AuditEvent.candidate_id == candidate_id).values(at=then))


def test_retention_lists_inactive_and_unconsented_candidates_for_review(team, monkeypatch):
    ids = {n: cands.create_candidate(team.recruiter, n, f"{n.lower()}@example.com").id
           for n in ("Old", "Fresh", "Consented", "Expired", "Touched")}
    for name in ("Old", "Consented", "Touched"):
        _age(ids[name], 40)
    privacy.set_consent(team.recruiter, ids["Consented"], date.today() + timedelta(days=300))
    privacy.set_consent(team.recruiter, ids["Expired"], date.today() - timedelta(days=1))
    _age(ids["Consented"], 40)
    notes.add_note(team.viewer, ids["Touched"], "still interested")  # activity
    with session_scope() as s:  # a download is not activity
        s.add(AuditEvent(actor_email="x@example.com", action="download", candidate_id=ids["Old"], detail=""))
    assert [i.candidate_id for i in privacy.due_for_review(team.admin)] == [ids["Expired"]], "RETENTION_DAYS off"
    set_env(monkeypatch, RETENTION_DAYS=30)
    due = {i.candidate_id: i.reason for i in privacy.due_for_review(team.admin)}
    assert set(due) == {ids["Old"], ids["Expired"]}
    assert due[ids["Old"]] == "no activity for 40 days" and due[ids["Expired"]].startswith("consent ended on")
    with pytest.raises(PermissionDenied):
        privacy.due_for_review(team.recruiter)
    assert retention.sweep() == 0, "RETENTION_AUTO_ERASE is off: nothing erased"
    assert privacy.erase_due(team.admin, [ids["Old"], ids["Old"], 9999]) == 1
    assert [r for r in audit_rows("erase", detail=True)] == [("admin@example.com", "erase", ids["Old"], "retention review")]
    assert [i.candidate_id for i in privacy.due_for_review(team.admin)] == [ids["Expired"]]


def test_automatic_retention_erases_from_the_pools_periodic_task(team, monkeypatch):
    old = cands.create_candidate(team.recruiter, "Old", "old@example.com", resume=resume_pdf("Old", "old@example.com"))
    fresh = cands.create_candidate(team.recruiter, "Fresh", "fresh@example.com")
    wait_for_status(team.recruiter, old.id)
    _age(old.id, 400)
    jobs.shutdown()
    set_env(monkeypatch, RETENTION_DAYS=365, RETENTION_AUTO_ERASE="true", RETENTION_CHECK_SECONDS=0.1)
    jobs.wake()  # the pool starts, with its retention task
    wait_until(lambda: cands.find_candidate(team.admin, old.id) is None, timeout=20, what="automatic erasure")
    assert cands.find_candidate(team.admin, fresh.id) is not None
    assert storage.get_resume_file_path(old.id) is None
    assert audit_rows("erase", detail=True) == [("retention policy", "erase", old.id,
                                                  "automatic retention: no activity for 400 days")]


def test_source_and_consent_are_set_at_intake_editable_and_audited(team):
    c = cands.create_candidate(team.recruiter, "Ada", "ada@example.com", source="bulk", source_detail=" job fair\n2026 ")
    assert (c.source, c.source_detail) == ("bulk", "job fair 2026")
    assert cands.create_candidate(team.recruiter, "Bo", "bo@example.com").source == "upload"
    with pytest.raises(ValidationError, match="Unknown source"):
        cands.create_candidate(team.recruiter, "Cy", "cy@example.com", source="carrier pigeon")
    privacy.set_source(team.recruiter, c.id, "referral", "Grace Hopper")
    privacy.set_consent(team.recruiter, c.id, "2027-01-31")
    privacy.set_consent(team.recruiter, c.id, date(2027, 1, 31))  # unchanged: no row
    got = cands.get_candidate(team.viewer, c.id)
    assert (got.source, got.source_detail, got.consent_until) == ("referral", "Grace Hopper", date(2027, 1, 31))
    assert [r[3] for r in audit_rows("edit", detail=True)] == ["source", "consent_until"]
    with pytest.raises(PermissionDenied):
        privacy.set_consent(team.viewer, c.id, None)
    with pytest.raises(ValidationError, match="not a date"):
        privacy.set_consent(team.recruiter, c.id, "31/01/2027")
