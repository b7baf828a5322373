"""pages/audit.py: the audit log, filtered and exported."""
from __future__ import annotations

import csv
import io

from core import candidates as cands
from utils import app_as, audit_rows


def test_audit_page_filters_and_exports(app_env, admin, recruiter, downloads):
    a = cands.create_candidate(recruiter, "Ada", "ada@example.com")
    cands.create_candidate(admin, "Bob", "bob@example.com")
    at = app_as(admin, "pages/audit.py")
    assert not at.exception
    df = at.dataframe[0].value
    assert list(df["action"]) == ["create", "create"]
    at.text_input(key="audit_who").input("recruiter").run()
    assert list(at.dataframe[0].value["candidate"]) == [a.id]
    assert list(at.dataframe[0].value["name"]) == ["Ada"]
    data, mime = downloads["audit.csv"]
    assert mime == "text/csv"
    exported = list(csv.DictReader(io.StringIO(data().decode())))
    assert [(r["actor_email"], r["action"], r["candidate_id"]) for r in exported] == [
        ("recruiter@example.com", "create", str(a.id))]
    assert audit_rows("export")[-1][:2] == ("admin@example.com", "export")
