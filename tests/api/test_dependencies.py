"""api/dependencies.py: every request needs a live token of an enabled user; an upload without one
is refused before its body is read."""
from __future__ import annotations

import pytest

from api.app import app
from core import tokens, user_admin
from utils import ENDPOINTS, assert_error, call_asgi, make_user


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
