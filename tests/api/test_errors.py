"""api/errors.py: every error is JSON with one readable sentence and the right status."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import app
from core import candidates
from core.errors import DuplicateError, NotFoundError, PermissionDenied, ResumeDeskError, ValidationError
from utils import assert_error, resume_pdf


@pytest.mark.parametrize("candidate_in,fragments", [
    ("{not json", ("candidate_in is not valid JSON",)),
    ("", ("candidate_in",)),
    ('["Ada", "ada@example.com"]', ("candidate_in must be a JSON object",)),
    ('{"full_name": "Ada"}', ("The email is empty.",)),
    ('{"email": "ada@example.com"}', ("The name is empty.",)),
    ('{"full_name": "Ada", "emial": "ada@example.com"}', ("candidate_in: emial: Extra inputs are not permitted",)),
    ('{"full_name": 7, "email": "ada@example.com"}', ("candidate_in: full_name: Input should be a valid string",)),
    ('{"full_name": "Ada", "email": "not-an-email"}', ("The email 'not-an-email' is not valid",)),
    ('{"full_name": "  ", "email": "ada@example.com"}', ("The name is empty.",)),
    ('{"full_name": "Ada", "email": "ada@example.com", "phone": "12"}', ("The phone number '12' is not valid", "+country code", "DEFAULT_PHONE_REGION")),
    # A JSON escape can carry half of a UTF-16 pair, which no database stores.
    ('{"full_name": "Ada \\ud800", "email": "ada@example.com"}', ("The name contains invalid characters",)),
    ('{"full_name": "Ada", "email": "\\udfff@example.com"}', ("The email contains invalid characters",)),
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


@pytest.mark.parametrize("error, status", [
    (DuplicateError("taken"), 409), (ValidationError("bad"), 422), (NotFoundError("gone"), 404),
    (PermissionDenied("no"), 403), (ResumeDeskError("other"), 422),
])
def test_each_core_error_has_its_status_and_keeps_its_sentence(client, as_viewer, monkeypatch, error, status):
    def refuse(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(candidates, "get_candidate", refuse)
    assert_error(client.get("/candidates/1", headers=as_viewer), status, str(error))


def test_an_unexpected_error_is_a_500_that_gives_nothing_away(app_env, as_viewer, monkeypatch, caplog):
    def crash(*_args, **_kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(candidates, "get_candidate", crash)
    response = TestClient(app, raise_server_exceptions=False).get("/candidates/1", headers=as_viewer)
    assert assert_error(response, 500)["detail"] == "Internal server error; it was logged."
    assert "hunter2" not in response.text
    assert any("unexpected error in the API" in r.message for r in caplog.records)
