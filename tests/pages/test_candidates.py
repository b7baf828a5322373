"""pages/candidates.py (AppTest): the table refreshing itself, search and filters, selection and
what each role's buttons do (download, ZIP, re-parse, delete, export).

AppTest never fires a fragment's run_every timer: a test calls at.run() again to tick.
"""
from __future__ import annotations

import io
import zipfile

import pytest

from core import candidates as cands
from core import storage, user_admin
from core.errors import PermissionDenied
from utils import (
    app_as,
    audit_rows,
    blank_pdf,
    labels,
    resume_pdf,
    run_until,
    select_rows,
    statuses,
    table_rows,
    wait_for_status,
)


def test_empty_database_offers_samples_and_they_parse_live(app_env, admin):
    at = app_as(admin)
    assert not at.exception
    assert "No candidates yet" in at.info[0].value
    load = next(b for b in at.button if b.label == "Load sample candidates")
    load.click().run()
    assert not at.exception
    assert len(table_rows(at)) == 5
    run_until(at, lambda a: set(statuses(a)) == {"completed"})
    assert cands.status_counts(admin)["completed"] == 5


def test_download_one_and_several_give_the_stored_bytes(app_env, admin, downloads):
    datas = [resume_pdf(email=f"p{i}@example.com") for i in range(3)]
    for i, d in enumerate(datas):
        cands.create_candidate(admin, f"P{i}", f"p{i}@example.com", resume=d, filename=f"cv-{i}.pdf")
    at = app_as(admin)
    select_rows(at, [2])  # newest first: row 2 is P0
    labels = [b.label for b in at.download_button]
    assert "Download PDF" in labels
    data, mime = downloads["cv-0.pdf"]
    assert mime == "application/pdf" and data() == datas[0]
    select_rows(at, [0, 1, 2])
    assert "Download 3 as ZIP" in [b.label for b in at.download_button]

    zip_data, mime = downloads["resumes.zip"]
    with zipfile.ZipFile(io.BytesIO(zip_data())) as zf:
        assert sorted(zf.namelist()) == ["cv-0.pdf", "cv-1.pdf", "cv-2.pdf"]
        assert zf.read("cv-1.pdf") == datas[1]


def test_delete_through_confirmation_removes_row_and_file(app_env, admin):
    keep = cands.create_candidate(admin, "Keep", "keep@example.com", resume=resume_pdf())
    gone = cands.create_candidate(admin, "Gone", "gone@example.com", resume=resume_pdf())
    at = select_rows(app_as(admin), [0])  # newest: "Gone"
    next(b for b in at.button if b.label == "Delete").click().run()
    assert "Delete 1 candidate(s)" in at.markdown[0].value or any(
        "Delete 1 candidate(s)" in m.value for m in at.markdown)
    assert cands.list_candidates(admin).total == 2, "nothing is deleted before the confirmation"
    at.button(key="confirm_delete").click().run()
    assert not at.exception
    assert [c.id for c in cands.list_candidates(admin).items] == [keep.id]
    assert storage.get_resume_file_path(gone.id) is None
    assert list(table_rows(at)["name"]) == ["Keep"]


def test_search_filter_and_csv_export(app_env, admin):
    cands.create_candidate(admin, "Grace Hopper", "grace@navy.mil")
    cands.create_candidate(admin, "Alan Turing", "alan@example.com")
    at = app_as(admin)
    at.text_input(key="search").input("grace").run()
    assert list(table_rows(at)["name"]) == ["Grace Hopper"]
    at.text_input(key="search").input("").run()
    at.selectbox(key="status_filter").select("completed").run()
    assert len(table_rows(at)) == 0
    at.selectbox(key="status_filter").select("no_resume").run()
    assert len(table_rows(at)) == 2


def test_failed_parse_shows_reason_on_the_table(app_env, admin):

    c = cands.create_candidate(admin, "Scan", "scan@example.com", resume=blank_pdf())
    wait_for_status(admin, c.id)
    at = app_as(admin)
    df = table_rows(at)
    assert statuses(at) == ["failed"]
    assert df["status"][0] == "❌ failed: no text layer (scanned PDF?)", "the reason beside the status"


def test_recruiter_actions_on_the_table(app_env, recruiter, two):
    at = select_rows(app_as(recruiter), [0])
    assert {"Download PDF", "Re-parse", "Open", "Delete", "Export CSV", "Export Excel"} <= labels(at)


def test_viewer_sees_candidates_but_no_recruiter_actions(app_env, viewer, two):
    at = select_rows(app_as(viewer), [0, 1])
    assert list(at.dataframe[0].value["name"]) == ["Bob", "Ada"]
    shown = labels(at)
    assert "Open" not in shown  # two rows chosen: "Open" is for one
    assert not shown & {"Download 2 as ZIP", "Re-parse", "Delete", "Export CSV", "Export Excel"}
    at = select_rows(at, [0])
    assert "Open" in labels(at) and "Download PDF" not in labels(at)


def test_viewer_downloads_once_an_admin_allows_it(app_env, admin, viewer, two, downloads):
    at = select_rows(app_as(viewer), [0])
    assert "Download PDF" not in labels(at)
    user_admin.set_viewer_downloads(admin, True)
    at.run()
    assert {"Download PDF", "Export CSV", "Export Excel"} <= labels(at)
    assert not labels(at) & {"Re-parse", "Delete"}
    data, _ = downloads["Bob.pdf"]
    assert data() == storage.read_resume_file(two[1].id)
    user_admin.set_viewer_downloads(admin, False)
    with pytest.raises(PermissionDenied):
        data()  # a button drawn before the change cannot be used after it


def test_each_download_writes_one_row_on_the_click(app_env, recruiter, two, downloads):
    at = select_rows(app_as(recruiter), [0])
    at.run()
    assert audit_rows("download") == [], "drawing the button reads nothing"
    data, _ = downloads["Bob.pdf"]
    data()
    assert audit_rows("download") == [("recruiter@example.com", "download", two[1].id)]
    select_rows(at, [0, 1])
    zipped, _ = downloads["resumes.zip"]
    assert audit_rows("download") == [("recruiter@example.com", "download", two[1].id)]
    zipped()
    assert sorted(r[2] for r in audit_rows("download")[1:]) == sorted(c.id for c in two)
    export, _ = downloads["candidates.csv"]
    export()
    assert audit_rows("export") == [("recruiter@example.com", "export", None)]
    assert len(audit_rows("download")) == 3


def test_delete_through_the_dialog_writes_one_row(app_env, recruiter, two):
    at = select_rows(app_as(recruiter), [0])
    next(b for b in at.button if b.label == "Delete").click().run()
    assert audit_rows("delete") == []
    at.button(key="confirm_delete").click().run()
    assert not at.exception
    assert audit_rows("delete") == [("recruiter@example.com", "delete", two[1].id)]


def test_a_search_is_cut_at_200_characters(app_env, admin):
    """60,000 characters once reached SQLite's LIKE limit and showed a traceback; the field
    takes 200 (Streamlit cuts a longer value on the server too), core refuses more."""
    cands.create_candidate(admin, "Grace Hopper", "grace@navy.mil")
    at = app_as(admin)
    assert at.text_input(key="search").max_chars == cands.MAX_SEARCH
    at.session_state["search"] = "a" * 60_000  # a client that ignores the browser's limit
    at.run()
    assert not at.exception and not at.error
    assert len(at.text_input(key="search").value) == cands.MAX_SEARCH
    assert len(table_rows(at)) == 0


def _parsed_people(admin):
    from sqlalchemy import update

    from core import search
    from core.db import session_scope
    from core.models import Candidate

    docs = {
        "Ana Núñez": {"work": [{"name": "Initech", "position": "SRE", "startDate": "2016-01", "endDate": ""}],
                      "skills": [{"keywords": ["Go", "Kubernetes", "Terraform", "Linux", "Bash"]}],
                      "basics": {"location": {"city": "Sevilla", "countryCode": "ES"}}},
        "Bo Li": {"work": [{"name": "Globex", "position": "Designer", "startDate": "2024-01", "endDate": ""}],
                  "skills": [{"keywords": ["Figma"]}], "basics": {"location": "Lyon"}},
    }
    made = {}
    for name, doc in docs.items():
        c = cands.create_candidate(admin, name, f"{name.split()[0].lower()}@example.com")
        with session_scope() as s:
            s.execute(update(Candidate).where(Candidate.id == c.id).values(parsed_resume=doc, parse_status="completed"))
            search.index_candidate(s, c.id)
        made[name] = c
    cands.create_candidate(admin, "No Resume", "none@example.com")
    search.forget_skill_options()
    return made


def test_the_table_shows_what_the_resumes_say_and_links_each_candidate(app_env, admin):
    made = _parsed_people(admin)
    at = app_as(admin)
    df = table_rows(at)
    assert list(df.columns) == ["open", "name", "title", "employer", "location", "years", "skills", "status",
                                "progress", "added", "tags"]
    ana = df[df["name"] == "Ana Núñez"].iloc[0]
    assert ana["open"] == f"/candidate?id={made['Ana Núñez'].id}"
    assert (ana["title"], ana["employer"], ana["location"]) == ("SRE", "Initech", "Sevilla, ES")
    assert ana["years"] >= 10 and ana["skills"] == "Go, Kubernetes, Terraform, Linux", "the top four skills"
    assert ana["status"] == "✅ completed" and ana["progress"] == 4
    assert list(df["status"]) == ["⚪ no resume", "✅ completed", "✅ completed"], "words, never codes"
    assert not any("no_resume" in c.value for c in at.caption)


def test_search_and_filters_narrow_the_table(app_env, admin):
    _parsed_people(admin)
    at = app_as(admin)
    at.text_input(key="search").input("nunez").run()
    assert list(table_rows(at)["name"]) == ["Ana Núñez"], "an accented name typed without accents"
    at.text_input(key="search").input("").run()
    assert at.selectbox(key="skill_filter").options == ["any", "Bash", "Figma", "Go", "Kubernetes", "Linux",
                                                       "Terraform"]
    at.selectbox(key="skill_filter").select("Figma").run()
    assert list(table_rows(at)["name"]) == ["Bo Li"]
    at.selectbox(key="skill_filter").select("").run()
    at.text_input(key="employer_filter").input("initech").run()
    assert list(table_rows(at)["name"]) == ["Ana Núñez"]
    at.text_input(key="employer_filter").input("").run()
    at.slider(key="years_filter").set_range(1, 40).run()
    assert list(table_rows(at)["name"]) == ["Bo Li", "Ana Núñez"]
    at.text_input(key="location_filter").input("lyon").run()
    assert list(table_rows(at)["name"]) == ["Bo Li"]
    assert not at.exception and not at.error


def test_a_page_number_past_the_last_shows_the_last_page(app_env, admin):
    for i in range(3):
        cands.create_candidate(admin, f"Person {i}", f"p{i}@example.com")
    at = app_as(admin)
    at.session_state["page_no"] = 9
    at.run()
    assert at.number_input(key="page_no").value == 1 and len(table_rows(at)) == 3
    assert any("page 1 of 1" in c.value for c in at.caption)
