"""api/limits.py: an upload over MAX_RESUME_MB is a 413, refused before it is read whole."""
from __future__ import annotations

import json

from api.app import app
from core.config import get_settings
from utils import assert_error, call_asgi, create, person, resume_pdf, set_env


def _small_limit(monkeypatch, mb: str = "0.05") -> int:
    set_env(monkeypatch, MAX_RESUME_MB=mb)
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
