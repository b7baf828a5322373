"""The OpenAPI document: it describes every endpoint and error, and the API keeps to it.

schemathesis runs against the document in process (ASGI), bounded in time (marked `slow`):
every operation gets a few generated requests (valid and invalid ones), with a recruiter's
token and without any. Checks: no 5xx, status codes and content types the document declares,
and every response body valid against its schema.
"""
from __future__ import annotations

import time
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import app
from core import tokens
from utils import ENDPOINTS, STATUS_KEYS

schema = schemathesis.openapi.from_dict(app.openapi())
schema.app = app  # requests go straight to the ASGI app, no server

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
BUDGET = settings(
    max_examples=12, deadline=5000, derandomize=True, database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
    suppress_health_check=list(HealthCheck),
)
SEEN: Counter = Counter()  # (method, path, status) of the runs with a token


@pytest.fixture
def recruiter_token(admin, recruiter) -> str:
    _, secret = tokens.create_token(admin, recruiter.id, "schemathesis")
    return secret


@pytest.fixture(scope="module", autouse=True)
def _time_box():
    """The whole file (7 operations x 2 runs) takes about 20 s; past 90 s something is wrong."""
    started = time.monotonic()
    yield
    assert time.monotonic() - started < 90, "the schemathesis run took longer than its time box"


@pytest.mark.slow
@schema.parametrize()
@BUDGET
def test_api_conforms_to_its_schema_with_a_token(case, recruiter_token):
    response = case.call_and_validate(headers={"Authorization": f"Bearer {recruiter_token}"}, checks=CHECKS)
    SEEN[(case.method, case.path, response.status_code)] += 1


@pytest.mark.slow
@schema.parametrize()
@BUDGET
def test_api_conforms_to_its_schema_without_a_token(case, app_env):
    response = case.call_and_validate(checks=CHECKS)
    # 400/422: a malformed request is refused before the token is looked at; 405: probes of
    # methods the path does not have.
    assert response.status_code in (400, 401, 405, 422), response.text


@pytest.mark.slow
def test_the_generated_requests_reached_the_happy_paths():
    """Not only 401s and 422s: valid requests were made and succeeded."""
    assert SEEN, "run it after test_api_conforms_to_its_schema_with_a_token (this file, in order): it checks what those requests reached"
    assert SEEN[("POST", "/candidates/", 201)] > 0, SEEN
    assert SEEN[("GET", "/candidates/", 200)] > 0, SEEN


JSON_BODIES = {("post", "/candidates/{candidate_id}/notes"), ("patch", "/candidates/{candidate_id}/notes/{note_id}"),
               ("put", "/candidates/{candidate_id}/tags"), ("post", "/tags/change"),
               ("post", "/candidates/{candidate_id}/erase")}


def test_openapi_describes_every_endpoint_and_its_errors(client):
    doc = client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http", "scheme": "bearer", "description": "A per-user API token (see `create-token`)."}
    operations = {(m, p): op for p, ops in doc["paths"].items() for m, op in ops.items()}
    assert {(m, p.replace("{candidate_id}", "1")) for m, p in operations} == set(ENDPOINTS)
    error_ref = {"$ref": "#/components/schemas/Error"}
    for (method, path), op in operations.items():
        assert op["security"] == [{"HTTPBearer": []}]
        expected = {"401", "403", "422", "503"} | ({"404"} if "{candidate_id}" in path or "{batch_id}" in path else set())
        if (method, path) == ("post", "/candidates/"):
            expected |= {"400", "409", "413", "507"}
        if (method, path) == ("post", "/candidates/bulk"):
            expected |= {"400", "507"}
        if (method, path) == ("put", "/candidates/{candidate_id}/resume"):
            expected |= {"413", "507"}
        if (method, path) in JSON_BODIES:
            expected |= {"400"}
        errors = {code for code in op["responses"] if code >= "400"}
        assert errors == expected, (method, path)
        for code in errors:
            assert op["responses"][code]["content"]["application/json"]["schema"] == error_ref
    status_schema = doc["components"]["schemas"]["ParsingStatus"]
    assert set(status_schema["properties"]) == STATUS_KEYS and status_schema["additionalProperties"] is False
    resume = operations[("get", "/candidates/{candidate_id}/resume")]["responses"]["200"]
    assert list(resume["content"]) == ["application/pdf"]
