"""core/audit.py: one row per change, download and export, written with it; the log filtered and
exported."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from core import audit, user_admin
from core import candidates as cands
from core.errors import DuplicateError, NotFoundError, PermissionDenied
from core.models import utcnow
from utils import audit_rows, resume_pdf, wait_for_status


def rows() -> list[tuple]:
    """The rows users' actions wrote (the parse jobs' own rows are tested on their own)."""
    return [r for r in audit_rows(detail=True) if r[0] != "parser"]


def test_each_change_writes_exactly_one_row(app_env, recruiter):
    who = "recruiter@example.com"
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    assert rows() == [(who, "create", c.id, "with resume")]
    wait_for_status(recruiter, c.id)
    assert cands.get_candidate(recruiter, c.id).phone == "+44 20 7946 0958"  # filled from the parse
    cands.update_candidate(recruiter, c.id, full_name="Ada King", phone="+44 20 7946 0999")
    assert rows()[-1] == (who, "edit", c.id, "full_name, phone"), "field names, not values"
    cands.update_candidate(recruiter, c.id, full_name="Ada King")  # nothing changed: no row
    assert len(rows()) == 2
    cands.reparse_candidate(recruiter, c.id)
    assert rows()[-1] == (who, "reparse", c.id, "")
    wait_for_status(recruiter, c.id)
    cands.delete_candidate(recruiter, c.id)
    assert rows()[-1] == (who, "delete", c.id, "")
    assert [r[1] for r in rows()] == ["create", "edit", "reparse", "delete"]


def test_refused_or_failed_actions_write_nothing(app_env, recruiter, viewer):
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com")
    before = len(rows())
    with pytest.raises(PermissionDenied):
        cands.delete_candidate(viewer, c.id)
    with pytest.raises(DuplicateError):
        cands.create_candidate(recruiter, "Ada", "ada@example.com")
    with pytest.raises(NotFoundError):
        cands.resume_download(recruiter, c.id)  # no file: nothing went out
    with pytest.raises(NotFoundError):
        cands.delete_candidate(recruiter, 9999)
    assert len(rows()) == before


def test_downloads_are_recorded_when_the_bytes_are_read(app_env, recruiter):
    datas = [resume_pdf(email=f"z{i}@example.com") for i in range(3)]
    ids = [cands.create_candidate(recruiter, f"Z{i}", f"z{i}@example.com", resume=d).id for i, d in enumerate(datas)]
    before = len(rows())
    cands.resume_download(recruiter, ids[0])
    assert len(rows()) == before + 1
    assert rows()[-1] == ("recruiter@example.com", "download", ids[0], "download")
    cands.resume_download(recruiter, ids[1], purpose="preview")
    assert rows()[-1][3] == "preview"
    cands.resumes_zip(recruiter, ids + [ids[0], 9999])  # repeats and unknown ids count once / not at all
    zip_rows = rows()[-3:]
    assert sorted(r[2] for r in zip_rows) == sorted(ids)
    assert {r[1:4:2] for r in zip_rows} == {("download", "ZIP of 3")}
    assert len(rows()) == before + 5


def test_export_is_one_row_and_csv_is_safe(app_env, recruiter):
    cands.create_candidate(recruiter, "=HYPERLINK(\"http://evil\")", "evil@example.com")
    cands.create_candidate(recruiter, "Grace Hopper", "grace@example.org")
    before = len(rows())
    data = cands.export_csv(recruiter, search="exam", status="no_resume").decode()
    table = list(csv.DictReader(io.StringIO(data)))
    assert {r["email"] for r in table} == {"evil@example.com", "grace@example.org"}
    assert next(r for r in table if r["email"] == "evil@example.com")["name"].startswith("'=")
    assert len(rows()) == before + 1
    assert rows()[-1][1:3] == ("export", None) and "2 rows" in rows()[-1][3]


def test_admin_lists_filters_and_exports_the_log(app_env, admin, recruiter, viewer):
    a = cands.create_candidate(recruiter, "Ada", "ada@example.com")
    b = cands.create_candidate(admin, "Bob", "bob@example.com")
    cands.delete_candidate(admin, b.id)
    events = audit.list_events(admin)
    assert [(e.action, e.candidate_id) for e in events] == [("delete", b.id), ("create", b.id), ("create", a.id)]
    assert events[-1].candidate_name == "Ada" and events[0].candidate_name == "", "a deleted name is not kept"
    assert [e.candidate_id for e in audit.list_events(admin, actor_email="RECRUITER")] == [a.id]
    assert [e.action for e in audit.list_events(admin, action=["delete"])] == ["delete"]
    assert len(audit.list_events(admin, candidate_id=b.id)) == 2
    assert audit.list_events(admin, since=utcnow() + timedelta(minutes=1)) == []
    assert len(audit.list_events(admin, until=utcnow() + timedelta(minutes=1))) == 3
    data = audit.events_csv(admin, candidate_id=b.id).decode()
    table = list(csv.DictReader(io.StringIO(data)))
    assert [r["action"] for r in table] == ["delete", "create"]
    assert audit.list_events(admin, limit=1)[0].action == "export", "the export is recorded too"
    with pytest.raises(PermissionDenied):
        audit.events_csv(viewer)


def test_admin_actions_are_recorded(app_env, admin, viewer):
    user_admin.create_user(admin, "new@example.com", "recruiter")
    user_admin.set_role(admin, viewer.id, "recruiter")
    user_admin.set_enabled(admin, viewer.id, False)
    user_admin.reset_password(admin, viewer.id)
    user_admin.set_viewer_downloads(admin, True)
    user_admin.set_viewer_downloads(admin, True)  # no change: no row
    assert [r[1:4:2] for r in rows()] == [
        ("user_create", "new@example.com as recruiter"),
        ("user_role", "viewer@example.com: viewer -> recruiter"),
        ("user_disable", "viewer@example.com"),
        ("password_reset", "viewer@example.com"),
        ("setting_change", "viewer_downloads = true"),
    ]
    assert all(r[0] == "admin@example.com" for r in rows())


