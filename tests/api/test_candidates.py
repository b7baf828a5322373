"""The HTTP API (FastAPI's TestClient): every endpoint, role and error, and the original
front-end flow (create, poll parsing-status, download, delete)."""
from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import app, content_disposition
from core import candidates, storage, tokens, user_admin
from core.config import reset_settings
from core.db import session_scope
from core.models import AuditEvent
from utils import make_user, resume_pdf, wait_for_status

STATUS_KEYS = {"candidate_id", "parsing_status", "message", "has_resume_file", "has_parsed_data", "resume_url"}


def call_asgi(coroutine) -> None:
    """Run one raw ASGI call to the end on a fresh event loop in its own thread (the browser
    tests' Playwright keeps an event loop running in the main thread for the whole session)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


@pytest.fixture
def client(app_env):
    """The app without its lifespan: jobs are started on demand by core's submit()."""
    return TestClient(app)


@pytest.fixture
def bearer(admin):
    """bearer(user) -> the Authorization header of a fresh token for that user."""
    def make(user):
        _, secret = tokens.create_token(admin, user.id, "tests")
        return {"Authorization": f"Bearer {secret}"}
    return make


@pytest.fixture
def as_admin(admin, bearer):
    return bearer(admin)


@pytest.fixture
def as_recruiter(recruiter, bearer):
    return bearer(recruiter)


@pytest.fixture
def as_viewer(viewer, bearer):
    return bearer(viewer)


def person(name="Ada Lovelace", email="ada@example.com", phone="+44 20 7946 0958") -> dict:
    return {"candidate_in": json.dumps({"full_name": name, "email": email, "phone": phone})}


def create(client, headers, *, pdf: bytes | None = None, filename="ada.pdf", **who):
    files = {"resume": (filename, pdf, "application/pdf")} if pdf is not None else None
    return client.post("/candidates/", data=person(**who), files=files, headers=headers)


def assert_error(response, status: int, *fragments: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], str)
    assert "Traceback" not in body["detail"]
    for fragment in fragments:
        assert fragment in body["detail"], body["detail"]
    return body


# --- authentication ------------------------------------------------------------------------

ENDPOINTS = [
    ("post", "/candidates/"), ("get", "/candidates/"), ("get", "/candidates/1"),
    ("delete", "/candidates/1"), ("post", "/candidates/1/reparse"),
    ("get", "/candidates/1/parsing-status"), ("get", "/candidates/1/resume"),
]


@pytest.mark.parametrize("method,path", ENDPOINTS)
def test_every_endpoint_needs_a_token(client, admin, recruiter, method, path):
    record, secret = tokens.create_token(admin, recruiter.id)
    tokens.revoke_token(admin, record.id)
    for headers, message in (({}, "Send an API token"),
                             ({"Authorization": "Bearer rd_not-a-token"}, "wrong or was revoked"),
                             ({"Authorization": f"Bearer {secret}"}, "wrong or was revoked"),
                             ({"Authorization": "Basic dXNlcjpwdw=="}, "Send an API token")):
        response = client.request(method, path, headers=headers)
        assert_error(response, 401, message)
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_disabled_users_token_stops_working_at_once(client, admin, recruiter, as_recruiter):
    assert client.get("/candidates/", headers=as_recruiter).status_code == 200
    user_admin.set_enabled(admin, recruiter.id, False)
    assert_error(client.get("/candidates/", headers=as_recruiter), 401)


def test_a_user_who_must_change_their_password_gets_403(client, admin, bearer):
    pending = make_user("recruiter", "new@example.com", must_change_password=True)
    assert_error(client.get("/candidates/", headers=bearer(pending)), 403, "Choose a new password first.")


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
                         .where(AuditEvent.candidate_id == cid).order_by(AuditEvent.id)).all()
    assert [r.action for r in rows] == ["create", "download", "reparse", "delete"]
    assert {r.actor_email for r in rows} == {"recruiter@example.com"}


# --- create --------------------------------------------------------------------------------

def test_create_without_a_resume(client, as_recruiter):
    response = create(client, as_recruiter, phone=None)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["full_name"], body["email"], body["phone"]) == ("Ada Lovelace", "ada@example.com", None)
    assert (body["parse_status"], body["resume_url"], body["resume_filename"]) == ("no_resume", None, None)


def test_create_returns_at_once_with_the_resume_url_and_parses_in_the_background(client, recruiter, as_recruiter):
    pdf = resume_pdf()
    response = create(client, as_recruiter, pdf=pdf, filename="Ada CV.pdf", email="ADA@Example.com")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["email"] == "ada@example.com" and body["phone"] == "+44 20 7946 0958"
    assert body["parse_status"] == "pending" and body["resume_filename"] == "Ada CV.pdf"
    assert body["resume_url"] == str(storage.get_resume_file_path(body["id"]))
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


@pytest.mark.parametrize("candidate_in,fragments", [
    ("{not json", ("candidate_in is not valid JSON",)),
    ("", ("candidate_in",)),
    ('["Ada", "ada@example.com"]', ("candidate_in must be a JSON object",)),
    ('{"full_name": "Ada"}', ("candidate_in: email: Field required",)),
    ('{"email": "ada@example.com"}', ("candidate_in: full_name: Field required",)),
    ('{"full_name": 7, "email": "ada@example.com"}', ("candidate_in: full_name: Input should be a valid string",)),
    ('{"full_name": "Ada", "email": "not-an-email"}', ("The email 'not-an-email' is not valid",)),
    ('{"full_name": "  ", "email": "ada@example.com"}', ("The name is empty.",)),
    ('{"full_name": "Ada", "email": "ada@example.com", "phone": "12"}', ("The phone number '12' is not valid.",)),
])
def test_malformed_candidate_in_says_what_is_wrong(client, as_recruiter, candidate_in, fragments):
    response = client.post("/candidates/", data={"candidate_in": candidate_in}, headers=as_recruiter)
    assert_error(response, 422, *fragments)
    assert client.get("/candidates/", headers=as_recruiter).json()["total"] == 0


def test_a_body_that_is_not_a_multipart_form_is_a_400(client, as_recruiter):
    assert_error(client.post("/candidates/", content=b"--x\r\n", headers={
        **as_recruiter, "Content-Type": "multipart/form-data"}), 400, "boundary")


def test_missing_candidate_in_is_a_422_with_a_sentence(client, as_recruiter):
    assert_error(client.post("/candidates/", headers=as_recruiter), 422, "candidate_in", "Field required")
    assert_error(client.post("/candidates/", files={"resume": ("a.pdf", resume_pdf(), "application/pdf")},
                             headers=as_recruiter), 422, "candidate_in")


def test_not_a_pdf_is_refused_and_nothing_is_stored(client, as_recruiter, app_env):
    response = create(client, as_recruiter, pdf=b"GIF89a not a resume", filename="photo.gif")
    assert_error(response, 422, "not a PDF")
    broken = create(client, as_recruiter, pdf=b"%PDF-1.7\n garbage", filename="broken.pdf")
    assert broken.status_code == 422, broken.text
    assert client.get("/candidates/", headers=as_recruiter).json()["total"] == 0
    assert storage.stored_ids() == set()


def test_duplicate_email_is_a_409(client, as_recruiter):
    first = create(client, as_recruiter).json()
    assert_error(create(client, as_recruiter, name="Someone Else", email="Ada@example.com"), 409,
                 f"already exists (#{first['id']})")


def _small_limit(monkeypatch, mb: str = "0.05") -> int:
    monkeypatch.setenv("MAX_RESUME_MB", mb)
    reset_settings()
    from core.config import get_settings
    return get_settings().max_resume_bytes


def _padded_pdf(size: int) -> bytes:
    pdf = resume_pdf()
    return pdf + b"%" + b"x" * (size - len(pdf) - 2) + b"\n"


def test_too_large_upload_is_a_413(client, as_recruiter, monkeypatch):
    limit = _small_limit(monkeypatch)  # 51 KiB
    # Over the cap, inside the body allowance: the route checks the file.
    assert_error(create(client, as_recruiter, pdf=_padded_pdf(limit + 1000)), 413, "the limit is 0.05 MB")
    # Far over: refused from Content-Length, before the body is read.
    assert_error(create(client, as_recruiter, pdf=_padded_pdf(limit * 4)), 413, "the limit is 0.05 MB")
    assert client.get("/candidates/", headers=as_recruiter).json()["total"] == 0
    # Just under the cap is fine.
    ok = create(client, as_recruiter, pdf=_padded_pdf(limit - 10))
    assert ok.status_code == 201, ok.text


def _multipart_head(boundary: str) -> bytes:
    return (f"--{boundary}\r\nContent-Disposition: form-data; name=\"candidate_in\"\r\n\r\n"
            f"{person()['candidate_in']}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"resume\"; "
            f"filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode()


def test_a_chunked_upload_without_content_length_is_refused(client, as_recruiter, monkeypatch):
    _small_limit(monkeypatch)
    boundary = "rdboundary"

    def body():
        yield _multipart_head(boundary)
        for _ in range(200):
            yield b"%PDF-" + b"x" * 16 * 1024
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post("/candidates/", content=body(), headers={
        **as_recruiter, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert_error(response, 413, "larger than the limit")
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert client.get("/candidates/", headers=as_recruiter).json()["total"] == 0


def test_the_server_stops_reading_a_chunked_body_soon_after_the_limit(app_env, as_recruiter, monkeypatch):
    """At the ASGI level (TestClient reads a whole body before the app sees it)."""
    limit = _small_limit(monkeypatch)
    boundary, chunk, pulled, sent = "rdboundary", 16 * 1024, [], []

    async def receive():
        if not pulled:
            pulled.append(0)
            return {"type": "http.request", "body": _multipart_head(boundary), "more_body": True}
        pulled.append(chunk)
        assert len(pulled) < 1000, "the app kept reading"
        return {"type": "http.request", "body": b"x" * chunk, "more_body": True}

    async def send(message):
        sent.append(message)

    headers = [(b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
               (b"authorization", as_recruiter["Authorization"].encode())]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/candidates/", "raw_path": b"/candidates/", "query_string": b"",
             "root_path": "", "headers": headers, "client": ("127.0.0.1", 1234), "server": ("127.0.0.1", 8000)}
    call_asgi(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["detail"].startswith("The upload is larger than the limit")
    assert sum(pulled) <= limit + 64 * 1024 + chunk


@pytest.mark.parametrize("authorization", [None, b"Bearer rd_not-a-real-token", b"Basic dXNlcjpwdw=="])
def test_an_upload_without_a_valid_token_is_refused_before_its_body_is_read(app_env, authorization):
    pulled, sent = [], []

    async def receive():
        pulled.append(1)
        return {"type": "http.request", "body": b"x" * 1024, "more_body": True}

    async def send(message):
        sent.append(message)

    headers = [(b"content-type", b"multipart/form-data; boundary=b"), (b"content-length", b"5000000")]
    if authorization:
        headers.append((b"authorization", authorization))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/candidates/", "raw_path": b"/candidates/", "query_string": b"",
             "root_path": "", "headers": headers, "client": ("127.0.0.1", 1234), "server": ("127.0.0.1", 8000)}
    call_asgi(app(scope, receive, send))
    assert sent[0]["status"] == 401
    assert (b"www-authenticate", b"Bearer") in sent[0]["headers"]
    assert pulled == [], "not one byte of the upload was read"


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


def test_parsing_status_has_exactly_the_original_keys(client, recruiter, as_recruiter):
    bare = create(client, as_recruiter, email="bare@example.com").json()["id"]
    status = client.get(f"/candidates/{bare}/parsing-status", headers=as_recruiter).json()
    assert status == {"candidate_id": bare, "parsing_status": "no_resume", "message": "No resume was uploaded.",
                      "has_resume_file": False, "has_parsed_data": False, "resume_url": None}
    cid = create(client, as_recruiter, pdf=resume_pdf()).json()["id"]
    wait_for_status(recruiter, cid)
    status = client.get(f"/candidates/{cid}/parsing-status", headers=as_recruiter).json()
    assert set(status) == STATUS_KEYS
    assert status == candidates.parsing_status(recruiter, cid)
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


# --- the original front-end flow, with the app's lifespan (its own job pool) ----------------

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
        download = client.get(f"/candidates/{cid}/resume", headers=headers)
        assert download.status_code == 200 and download.content == pdf
        assert download.headers["content-type"] == "application/pdf"
        assert download.headers["content-disposition"] == 'attachment; filename="kj.pdf"'
        assert download.headers["x-content-type-options"] == "nosniff"
        assert client.delete(f"/candidates/{cid}", headers=headers).status_code == 204
        assert storage.get_resume_file_path(cid) is None
        assert client.get(f"/candidates/{cid}/parsing-status", headers=headers).status_code == 404


# --- the OpenAPI document ------------------------------------------------------------------

def test_openapi_describes_every_endpoint_and_its_errors(client):
    doc = client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http", "scheme": "bearer", "description": "A per-user API token (see `create-token`)."}
    operations = {(m, p): op for p, ops in doc["paths"].items() for m, op in ops.items()}
    assert {(m, p.replace("{candidate_id}", "1")) for m, p in operations} == set(ENDPOINTS)
    error_ref = {"$ref": "#/components/schemas/Error"}
    for (method, path), op in operations.items():
        assert op["security"] == [{"HTTPBearer": []}]
        expected = {"401", "403", "422"} | ({"404"} if "{candidate_id}" in path else set())
        if (method, path) == ("post", "/candidates/"):
            expected |= {"400", "409", "413"}
        errors = {code for code in op["responses"] if code >= "400"}
        assert errors == expected, (method, path)
        for code in errors:
            assert op["responses"][code]["content"]["application/json"]["schema"] == error_ref
    status_schema = doc["components"]["schemas"]["ParsingStatus"]
    assert set(status_schema["properties"]) == STATUS_KEYS and status_schema["additionalProperties"] is False
    resume = operations[("get", "/candidates/{candidate_id}/resume")]["responses"]["200"]
    assert list(resume["content"]) == ["application/pdf"]
