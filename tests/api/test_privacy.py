"""api/routes/privacy.py: notes, tags, the timeline, a candidate's data export, erasure and the
retention review over HTTP, with the dashboard's roles; the tag and consent filters of the list."""
from __future__ import annotations

import io
import json
import zipfile

from core import privacy, storage, user_admin
from utils import assert_error, audit_rows, create, resume_pdf, wait_for_status


def test_notes_over_http_with_the_authors_rights(client, recruiter, as_recruiter, as_viewer, as_admin, bearer):
    cid = create(client, as_recruiter).json()["id"]
    added = client.post(f"/candidates/{cid}/notes", json={"text": "Met at the fair.\n<b>keen</b>"}, headers=as_viewer)
    assert added.status_code == 201, added.text
    note = added.json()
    assert note["text"] == "Met at the fair.\n<b>keen</b>" and note["author_email"] == "viewer@example.com"
    assert_error(client.patch(f"/candidates/{cid}/notes/{note['id']}", json={"text": "x"}, headers=as_recruiter),
                 403, "author or an admin")
    edited = client.patch(f"/candidates/{cid}/notes/{note['id']}", json={"text": "moderated"}, headers=as_admin)
    assert edited.status_code == 200 and edited.json()["text"] == "moderated"
    assert_error(client.post(f"/candidates/{cid}/notes", json={"text": "  "}, headers=as_viewer), 422, "empty")
    assert_error(client.post(f"/candidates/{cid}/notes", json={"body": "x"}, headers=as_viewer), 422)
    assert_error(client.delete(f"/candidates/{cid + 1}/notes/{note['id']}", headers=as_admin), 404)
    assert [n["text"] for n in client.get(f"/candidates/{cid}/notes", headers=as_recruiter).json()] == ["moderated"]
    assert client.delete(f"/candidates/{cid}/notes/{note['id']}", headers=as_viewer).status_code == 204
    assert client.get(f"/candidates/{cid}/notes", headers=as_recruiter).json() == []
    assert [r[1] for r in audit_rows() if r[1].startswith("note")] == ["note_add", "note_edit", "note_delete"]


def test_tags_over_http_and_the_list_filtered_by_tag(client, as_recruiter, as_viewer):
    ada = create(client, as_recruiter).json()["id"]
    grace = create(client, as_recruiter, name="Grace Hopper", email="grace@example.com", phone=None).json()["id"]
    put = client.put(f"/candidates/{ada}/tags", json={"tags": ["Java", "#shortlist"]}, headers=as_recruiter)
    assert put.status_code == 200 and put.json() == {"tags": ["java", "shortlist"]}
    assert_error(client.put(f"/candidates/{ada}/tags", json={"tags": ["x"]}, headers=as_viewer), 403)
    change = client.post("/tags/change", json={"candidate_ids": [ada, grace], "add": ["referral"],
                                               "remove": ["shortlist"]}, headers=as_recruiter)
    assert change.status_code == 200 and change.json() == {"changed": 3}  # one removal, two additions
    assert client.get(f"/candidates/{grace}/tags", headers=as_viewer).json() == {"tags": ["referral"]}
    assert client.get("/tags", headers=as_viewer).json() == [{"tag": "referral", "candidates": 2},
                                                             {"tag": "java", "candidates": 1}]
    listed = client.get("/candidates/", params={"tag": "java"}, headers=as_viewer).json()
    assert [c["id"] for c in listed["items"]] == [ada] and listed["total"] == 1
    assert client.get("/candidates/", params={"tag": "nobody"}, headers=as_viewer).json()["total"] == 0
    assert_error(client.get("/candidates/", params={"tag": "x" * 41}, headers=as_viewer), 422, "tag")
    assert client.get("/candidates/", params={"consent": "none"}, headers=as_viewer).json()["total"] == 2
    assert_error(client.get("/candidates/", params={"consent": "later"}, headers=as_viewer), 422, "consent")
    assert_error(client.post("/tags/change", json={"candidate_ids": [ada]}, headers=as_recruiter), 422, "at least one tag")
    assert_error(client.get("/candidates/999/tags", headers=as_viewer), 404)


def test_an_api_client_is_the_source_of_what_it_adds(client, as_recruiter):
    body = client.post("/candidates/", headers=as_recruiter, data={"candidate_in": json.dumps(
        {"full_name": "Ada", "email": "ada@example.com", "source_detail": "careers page"})}).json()
    assert (body["source"], body["source_detail"]) == ("api", "careers page")
    referral = client.post("/candidates/", headers=as_recruiter, data={"candidate_in": json.dumps(
        {"full_name": "Bo", "email": "bo@example.com", "source": "referral"})}).json()
    assert referral["source"] == "referral"


def test_the_timeline_over_http_hides_others_downloads_from_viewers(client, admin, recruiter, viewer,
                                                                     as_recruiter, as_viewer, as_admin):
    user_admin.set_viewer_downloads(admin, True)
    cid = create(client, as_recruiter, pdf=resume_pdf()).json()["id"]
    wait_for_status(recruiter, cid)
    client.get(f"/candidates/{cid}/resume", headers=as_recruiter)
    admin_view = client.get(f"/candidates/{cid}/timeline", headers=as_admin).json()
    assert admin_view[0]["what"] == "Resume downloaded" and admin_view[0]["who"] == "recruiter@example.com"
    assert admin_view[-1]["action"] == "create"
    assert "parse_done" in [e["action"] for e in admin_view]
    assert "download" not in [e["action"] for e in client.get(f"/candidates/{cid}/timeline", headers=as_viewer).json()]


def test_export_and_erasure_over_http_are_for_admins(client, admin, recruiter, as_recruiter, as_admin, app_env):
    pdf = resume_pdf()
    cid = create(client, as_recruiter, pdf=pdf, filename="Ada CV.pdf").json()["id"]
    wait_for_status(recruiter, cid)
    client.post(f"/candidates/{cid}/notes", json={"text": "a note"}, headers=as_recruiter)
    assert_error(client.get(f"/candidates/{cid}/export", headers=as_recruiter), 403, "export or erase")
    exported = client.get(f"/candidates/{cid}/export", headers=as_admin)
    assert exported.status_code == 200 and exported.headers["content-type"] == "application/zip"
    assert f"candidate-{cid}-data.zip" in exported.headers["content-disposition"]
    zf = zipfile.ZipFile(io.BytesIO(exported.content))
    assert zf.read("resume/Ada CV.pdf") == pdf
    assert json.loads(zf.read("notes.json"))[0]["text"] == "a note"
    assert_error(client.post(f"/candidates/{cid}/erase", json={"reason": "asked"}, headers=as_recruiter), 403)
    assert_error(client.post(f"/candidates/{cid}/erase", json={}, headers=as_admin), 422, "reason")
    erased = client.post(f"/candidates/{cid}/erase", json={"reason": "erasure request"}, headers=as_admin)
    assert erased.status_code == 204, erased.text
    assert_error(client.get(f"/candidates/{cid}", headers=as_admin), 404)
    assert storage.get_resume_file_path(cid) is None
    assert audit_rows("erase", detail=True) == [("admin@example.com", "erase", cid, "erasure request")]
    assert_error(client.post(f"/candidates/{cid}/erase", json={"reason": "again"}, headers=as_admin), 404)


def test_the_retention_review_over_http(client, admin, as_recruiter, as_admin):
    cid = create(client, as_recruiter).json()["id"]
    assert client.get("/retention", headers=as_admin).json() == []
    privacy.set_consent(admin, cid, "2020-01-01")
    due = client.get("/retention", headers=as_admin).json()
    assert [(d["candidate_id"], d["reason"], d["consent_until"]) for d in due] == [
        (cid, "consent ended on 2020-01-01", "2020-01-01")]
    assert_error(client.get("/retention", headers=as_recruiter), 403)
