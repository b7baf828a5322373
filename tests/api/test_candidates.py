"""api/routes/candidates.py (FastAPI's TestClient): every endpoint and role, and a client's
whole flow (create, poll parsing-status, download, delete)."""
from __future__ import annotations

import json
import time
from urllib.parse import unquote

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import app
from api.routes.candidates import content_disposition
from core import candidates, storage, tokens, user_admin
from core.db import session_scope
from core.models import AuditEvent
from utils import STATUS_KEYS, assert_error, create, person, resume_pdf, stored_ids, wait_for_status

# --- roles ---------------------------------------------------------------------------------


def test_viewer_reads_but_may_not_change_or_download(client, admin, recruiter, as_viewer, as_recruiter):
    pdf = resume_pdf()
    cid = create(client, as_recruiter, pdf=pdf).json()["id"]
    wait_for_status(recruiter, cid)
    assert client.get("/candidates/", headers=as_viewer).json()["total"] == 1
    assert client.get(f"/candidates/{cid}", headers=as_viewer).json()["email"] == "ada@example.com"
    assert client.get(f"/candidates/{cid}/parsing-status", headers=as_viewer).json()["parsing_status"] == "completed"
    assert_error(create(client, as_viewer, email="bob@example.com"), 403, "Your role (viewer) may not add candidates.")
    assert_error(client.delete(f"/candidates/{cid}", headers=as_viewer), 403, "may not delete candidates")
    assert_error(client.post(f"/candidates/{cid}/reparse", headers=as_viewer), 403, "may not re-parse")
    assert_error(client.get(f"/candidates/{cid}/resume", headers=as_viewer), 403, "may not download resumes")
    user_admin.set_viewer_downloads(admin, True)
    assert client.get(f"/candidates/{cid}/resume", headers=as_viewer).content == pdf
    assert candidates.get_candidate(admin, cid).id == cid  # nothing was deleted


def test_recruiter_and_admin_do_everything(client, as_admin, as_recruiter):
    for headers, email in ((as_admin, "a@example.com"), (as_recruiter, "r@example.com")):
        cid = create(client, headers, email=email, pdf=resume_pdf(email=email)).json()["id"]
        assert client.get(f"/candidates/{cid}/resume", headers=headers).status_code == 200
        assert client.post(f"/candidates/{cid}/reparse", headers=headers).status_code == 200
        assert client.delete(f"/candidates/{cid}", headers=headers).status_code == 204


def test_actions_are_audited_as_the_tokens_user(client, recruiter, as_recruiter):
    cid = create(client, as_recruiter, pdf=resume_pdf()).json()["id"]
    wait_for_status(recruiter, cid)
    client.get(f"/candidates/{cid}/resume", headers=as_recruiter)
    client.post(f"/candidates/{cid}/reparse", headers=as_recruiter)
    client.delete(f"/candidates/{cid}", headers=as_recruiter)
    with session_scope(readonly=True) as s:
        rows = s.execute(select(AuditEvent.action, AuditEvent.actor_email, AuditEvent.candidate_id)
                         .where(AuditEvent.candidate_id == cid, AuditEvent.actor_email != "parser")
                         .order_by(AuditEvent.id)).all()
    assert [r.action for r in rows] == ["create", "download", "reparse", "delete"]
    assert {r.actor_email for r in rows} == {"recruiter@example.com"}


# --- create --------------------------------------------------------------------------------

def test_create_without_a_resume(client, as_recruiter):
    response = create(client, as_recruiter, phone=None)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["full_name"], body["email"], body["phone"]) == ("Ada Lovelace", "ada@example.com", None)
    assert (body["parse_status"], body["resume_url"], body["resume_filename"]) == ("no_resume", None, None)


def test_create_returns_at_once_with_the_download_url_and_parses_in_the_background(client, recruiter, as_recruiter):
    pdf = resume_pdf()
    response = create(client, as_recruiter, pdf=pdf, filename="Ada CV.pdf", email="ADA@Example.com")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["email"] == "ada@example.com" and body["phone"] == "+44 20 7946 0958"
    assert body["parse_status"] == "pending" and body["resume_filename"] == "Ada CV.pdf"
    assert body["resume_url"] == f"/candidates/{body['id']}/resume"
    assert "resume_path" not in body, "the server's file path stays on the server"
    assert body["resume_size"] == len(pdf)
    done = wait_for_status(recruiter, body["id"])
    assert done["parsing_status"] == "completed"
    parsed = client.get(f"/candidates/{body['id']}", headers=as_recruiter).json()
    assert parsed["parsed_resume"]["basics"]["email"] == "ada@example.com"


def test_an_empty_file_field_means_no_resume(client, as_recruiter):
    response = client.post("/candidates/", data=person(), files={"resume": ("", b"", "application/octet-stream")},
                           headers=as_recruiter)
    assert response.status_code == 201, response.text
    assert response.json()["parse_status"] == "no_resume"


def test_not_a_pdf_is_refused_and_nothing_is_stored(client, as_recruiter, app_env):
    response = create(client, as_recruiter, pdf=b"GIF89a not a resume", filename="photo.gif")
    assert_error(response, 422, "not a PDF")
    broken = create(client, as_recruiter, pdf=b"%PDF-1.7\n garbage", filename="broken.pdf")
    assert broken.status_code == 422, broken.text
    assert client.get("/candidates/", headers=as_recruiter).json()["total"] == 0
    assert stored_ids() == set()


def test_duplicate_email_is_a_409(client, as_recruiter):
    first = create(client, as_recruiter).json()
    assert_error(create(client, as_recruiter, name="Someone Else", email="Ada@example.com"), 409,
                 f"already exists (#{first['id']})")


# --- read, list ----------------------------------------------------------------------------

def test_get_one_and_unknown_ids(client, as_viewer, as_recruiter):
    cid = create(client, as_recruiter).json()["id"]
    assert client.get(f"/candidates/{cid}", headers=as_viewer).json()["id"] == cid
    for method, suffix in (("get", ""), ("get", "/parsing-status"), ("get", "/resume"), ("delete", ""),
                           ("post", "/reparse")):
        assert_error(client.request(method, f"/candidates/{cid + 100}{suffix}", headers=as_recruiter), 404,
                     f"There is no candidate #{cid + 100}.")
        for bad in ("0", "-3", "abc", str(2**40)):
            assert_error(client.request(method, f"/candidates/{bad}{suffix}", headers=as_recruiter), 422,
                         "candidate_id")


def test_list_pages_search_and_status(client, as_recruiter, as_viewer):
    for n in range(5):
        create(client, as_recruiter, name=f"Person {n}", email=f"p{n}@example.com")
    create(client, as_recruiter, name="Grace Hopper", email="grace@navy.example")
    page = client.get("/candidates/", params={"page": 2, "page_size": 4}, headers=as_viewer).json()
    assert (page["total"], page["page"], page["page_size"], page["pages"]) == (6, 2, 4, 2)
    assert [c["email"] for c in page["items"]] == ["p1@example.com", "p0@example.com"]  # newest first
    found = client.get("/candidates/", params={"search": "HOPPER"}, headers=as_viewer).json()
    assert [c["full_name"] for c in found["items"]] == ["Grace Hopper"]
    by_status = client.get("/candidates/", params={"status": "no_resume"}, headers=as_viewer).json()
    assert by_status["total"] == 6
    assert client.get("/candidates/", params={"status": "completed"}, headers=as_viewer).json()["total"] == 0
    assert_error(client.get("/candidates/", params={"status": "done"}, headers=as_viewer), 422, "status")
    assert_error(client.get("/candidates/", params={"page": 0}, headers=as_viewer), 422, "query.page")
    assert_error(client.get("/candidates/", params={"page_size": 5000}, headers=as_viewer), 422, "page_size")


def test_parsing_status_has_exactly_its_documented_keys(client, recruiter, as_recruiter):
    bare = create(client, as_recruiter, email="bare@example.com").json()["id"]
    status = client.get(f"/candidates/{bare}/parsing-status", headers=as_recruiter).json()
    assert status == {"candidate_id": bare, "parsing_status": "no_resume", "message": "No resume was uploaded.",
                      "has_resume_file": False, "has_parsed_data": False, "resume_url": None}
    cid = create(client, as_recruiter, pdf=resume_pdf()).json()["id"]
    wait_for_status(recruiter, cid)
    status = client.get(f"/candidates/{cid}/parsing-status", headers=as_recruiter).json()
    assert set(status) == STATUS_KEYS
    in_core = candidates.parsing_status(recruiter, cid)
    assert in_core.pop("resume_path") == str(storage.get_resume_file_path(cid))
    assert status == {**in_core, "resume_url": f"/candidates/{cid}/resume"}
    assert (status["parsing_status"], status["has_resume_file"], status["has_parsed_data"]) == ("completed", True, True)


# --- download, reparse, delete -------------------------------------------------------------

def test_download_gives_the_exact_bytes_with_safe_headers(client, as_recruiter):
    pdf = resume_pdf()
    cid = create(client, as_recruiter, pdf=pdf, filename="Zoë Müller – CV.pdf").json()["id"]
    response = client.get(f"/candidates/{cid}/resume", headers=as_recruiter)
    assert response.status_code == 200
    assert response.content == pdf
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "private, no-store"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="Zoe Muller _ CV.pdf"; ')
    assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == "Zoë Müller – CV.pdf"


def test_content_disposition():
    assert content_disposition("cv.pdf") == 'attachment; filename="cv.pdf"'
    assert content_disposition('a "b" \\c.pdf') == ('attachment; filename="a _b_ _c.pdf"; '
                                                    "filename*=UTF-8''a%20%22b%22%20%5Cc.pdf")
    assert content_disposition("简历.pdf").startswith('attachment; filename="__.pdf"; filename*=UTF-8\'\'%E7')


def test_no_resume_to_download_or_reparse(client, as_recruiter):
    cid = create(client, as_recruiter).json()["id"]
    assert_error(client.get(f"/candidates/{cid}/resume", headers=as_recruiter), 404, "has no resume file")
    assert_error(client.post(f"/candidates/{cid}/reparse", headers=as_recruiter), 422, "no resume to parse")


def test_reparse_queues_again(client, recruiter, as_recruiter):
    cid = create(client, as_recruiter, pdf=resume_pdf()).json()["id"]
    wait_for_status(recruiter, cid)
    again = client.post(f"/candidates/{cid}/reparse", headers=as_recruiter)
    assert again.status_code == 200, again.text
    assert again.json()["id"] == cid and again.json()["parse_status"] in ("pending", "completed")
    assert wait_for_status(recruiter, cid)["parsing_status"] == "completed"


def test_delete_removes_the_row_and_the_file(client, recruiter, as_recruiter):
    cid = create(client, as_recruiter, pdf=resume_pdf()).json()["id"]
    wait_for_status(recruiter, cid)
    assert storage.get_resume_file_path(cid) is not None
    response = client.delete(f"/candidates/{cid}", headers=as_recruiter)
    assert response.status_code == 204 and response.content == b""
    assert storage.get_resume_file_path(cid) is None
    assert_error(client.get(f"/candidates/{cid}", headers=as_recruiter), 404)


# --- a client's whole flow, with the app's lifespan (its own job pool) ----------------------

def test_front_end_flow_create_poll_download_delete(app_env, admin, recruiter):
    _, secret = tokens.create_token(admin, recruiter.id, "careers page")
    headers = {"Authorization": f"Bearer {secret}"}
    pdf = resume_pdf(name="Katherine Johnson", email="kj@example.com")
    with TestClient(app) as client:
        created = client.post("/candidates/", headers=headers,
                              data={"candidate_in": json.dumps({"full_name": "Katherine Johnson",
                                                                "email": "kj@example.com", "phone": "+1 757 555 0100"})},
                              files={"resume": ("kj.pdf", pdf, "application/pdf")})
        assert created.status_code == 201, created.text
        cid, url = created.json()["id"], created.json()["resume_url"]
        assert url
        seen, deadline = [], time.monotonic() + 30
        while True:
            status = client.get(f"/candidates/{cid}/parsing-status", headers=headers)
            assert status.status_code == 200 and set(status.json()) == STATUS_KEYS
            seen.append(status.json()["parsing_status"])
            if seen[-1] == "completed":
                break
            assert seen[-1] == "pending", status.json()
            assert time.monotonic() < deadline, f"still {status.json()} after 30 s"
            time.sleep(0.3)
        assert status.json()["has_parsed_data"] and status.json()["resume_url"] == url
        assert client.get(url, headers=headers).content == pdf, "resume_url is where the PDF is"
        download = client.get(f"/candidates/{cid}/resume", headers=headers)
        assert download.status_code == 200 and download.content == pdf
        assert download.headers["content-type"] == "application/pdf"
        assert download.headers["content-disposition"] == 'attachment; filename="kj.pdf"'
        assert download.headers["x-content-type-options"] == "nosniff"
        assert client.delete(f"/candidates/{cid}", headers=headers).status_code == 204
        assert storage.get_resume_file_path(cid) is None
        assert client.get(f"/candidates/{cid}/parsing-status", headers=headers).status_code == 404



def test_deeply_nested_or_huge_candidate_in_is_a_422(client, recruiter, as_viewer, as_recruiter):
    """A RecursionError in the JSON parser must not become a 500, for any role."""
    for headers in (as_viewer, as_recruiter):
        nested = client.post("/candidates/", data={"candidate_in": "[" * 50_000 + "]" * 50_000}, headers=headers)
        assert_error(nested, 422, "candidate_in")
        deep = client.post("/candidates/", data={"candidate_in": "[" * 2000 + "]" * 2000}, headers=headers)
        assert_error(deep, 422, "nested too deeply")
        object_ = client.post("/candidates/", data={"candidate_in": '{"a":' * 680 + "1" + "}" * 680},
                              headers=headers)
        assert_error(object_, 422, "candidate_in")
    long = json.dumps({"full_name": "Ada", "email": "ada@example.com", "phone": None, "x": "y" * 5000})
    assert_error(client.post("/candidates/", data={"candidate_in": long}, headers=as_recruiter), 422, "candidate_in")
    assert candidates.list_candidates(recruiter).total == 0


def test_search_longer_than_200_characters_is_a_422(client, as_viewer):
    assert client.get("/candidates/", params={"search": "a" * 200}, headers=as_viewer).status_code == 200
    assert_error(client.get("/candidates/", params={"search": "a" * 60_000}, headers=as_viewer), 422, "search")
