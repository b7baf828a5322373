"""A small, scriptable, OpenAI-compatible HTTP server on 127.0.0.1 for tests and benchmarks.

The OpenAI SDK 3.x talks through httpx2 (respx cannot intercept it), so tests run the real SDK
against this real server instead. Stdlib only; loopback only; one thread per connection
(``ThreadingHTTPServer``), so concurrent requests are answered concurrently.

Endpoints
---------
- ``POST /v1/chat/completions``: answered from the script (see below); every request is recorded.
- ``GET  /v1/models``: a one-model list (some clients probe it). Anything else: 404 (recorded too).

API
---
``OpenAIServer(default=None)``
    ``start(port=0)`` / ``stop()``, or use it as a context manager (``with OpenAIServer() as srv:``).
    ``base_url``      ``"http://127.0.0.1:<port>/v1"``: give it to ``OPENAI_BASE_URL`` / ``OpenAI(base_url=)``.
    ``port``          the port the OS picked (the server binds port 0).
    ``enqueue(*replies)``  replies used in order, one per chat request; when the queue is empty the
                      default is used.
    ``set_default(reply)`` what to answer once the queue is empty. ``reply`` may be a ``Reply`` or a
                      callable ``(RecordedRequest) -> Reply`` (e.g. to echo the model name).
                      Initially ``answer({})`` (an empty but valid structured-output answer).
    ``requests``      list of ``RecordedRequest`` (method, path, headers (lower-cased keys), body
                      (parsed JSON or None), raw bytes); only chat requests: ``chat_requests``.
    ``calls``         number of ``POST .../chat/completions`` received.
    ``max_in_flight`` the most chat requests being answered at the same time (for concurrency checks).
    ``reset()``       clear the queue, the records and the counters (the default stays).

Replies (module-level helpers building ``Reply`` objects; every one takes ``delay=`` seconds,
slept before the answer is sent, and ``headers=`` extra response headers):
    ``answer(doc, model=None, finish_reason="stop")``  a structured-output answer: ``doc`` is
                      JSON-encoded into ``choices[0].message.content``.
    ``content(text, finish_reason="stop")``  raw message content, e.g. malformed JSON.
    ``refusal(text)`` ``message.refusal = text``, ``content = None``.
    ``error(status, message="...", type_=..., code=None, retry_after=None, retry_after_ms=None)``
                      an OpenAI-style error body ``{"error": {...}}`` with that HTTP status;
                      ``retry_after`` sets ``Retry-After`` (seconds), ``retry_after_ms`` sets the
                      ``retry-after-ms`` header the SDK prefers (use it for tiny backoffs in tests).
    ``raw(status, body: bytes, content_type="application/json")``  anything at all.
    ``hang_up()``     close the connection without answering (a dropped connection).

Benchmark mode: ``OpenAIServer(default=answer(doc, delay=0.5))`` answers every request with
``doc`` after 0.5 s, concurrently. From a shell (e.g. to run the app against a fake model):
``python -m tests.openai_server --port 8011 --delay 0.5 [--document doc.json]``, then
``OPENAI_BASE_URL=http://127.0.0.1:8011/v1``.

Delays are interruptible: ``stop()`` wakes sleeping handlers, so a test that gives up on a slow
answer does not wait for it at teardown.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Union

__all__ = [
    "OpenAIServer",
    "Reply",
    "RecordedRequest",
    "answer",
    "content",
    "refusal",
    "error",
    "raw",
    "hang_up",
]


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    hang_up: bool = False          # close the socket without answering
    # When set, called with the request to build the chat completion JSON (used by `answer` to
    # echo the requested model).
    build: Callable[["RecordedRequest"], dict] | None = None


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    raw: bytes
    body: Any                      # parsed JSON, or None when the body is not JSON
    received_at: float

    @property
    def messages(self) -> list[dict]:
        return list((self.body or {}).get("messages") or [])

    def message(self, role: str) -> str:
        """The content of the first message with this role ("" if none)."""
        for m in self.messages:
            if m.get("role") == role:
                c = m.get("content")
                if isinstance(c, list):  # content parts
                    return "".join(p.get("text", "") for p in c if isinstance(p, dict))
                return c or ""
        return ""


Responder = Union[Reply, Callable[[RecordedRequest], Reply]]


# ---- reply helpers ---------------------------------------------------------------------------

def _completion(req: RecordedRequest, message: dict, finish_reason: str, model: str | None) -> dict:
    requested = (req.body or {}).get("model") if isinstance(req.body, dict) else None
    return {
        "id": f"chatcmpl-local-{int(req.received_at * 1e6)}",
        "object": "chat.completion",
        "created": int(req.received_at),
        "model": model or requested or "local-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": None, "refusal": None, **message},
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def answer(doc: Any, *, model: str | None = None, finish_reason: str = "stop", delay: float = 0.0,
           headers: dict[str, str] | None = None) -> Reply:
    """A structured-output answer whose content is ``json.dumps(doc)``."""
    text = json.dumps(doc)
    return Reply(delay=delay, headers=dict(headers or {}),
                 build=lambda req: _completion(req, {"content": text}, finish_reason, model))


def content(text: str, *, finish_reason: str = "stop", delay: float = 0.0,
            headers: dict[str, str] | None = None) -> Reply:
    """An answer whose message content is ``text`` verbatim (e.g. malformed JSON)."""
    return Reply(delay=delay, headers=dict(headers or {}),
                 build=lambda req: _completion(req, {"content": text}, finish_reason, None))


def refusal(text: str = "I'm sorry, I can't help with that.", *, delay: float = 0.0,
            headers: dict[str, str] | None = None) -> Reply:
    """A structured-output refusal (``message.refusal`` set, no content)."""
    return Reply(delay=delay, headers=dict(headers or {}),
                 build=lambda req: _completion(req, {"refusal": text}, "stop", None))


def error(status: int, message: str = "error", *, type_: str | None = None, code: str | None = None,
          retry_after: float | None = None, retry_after_ms: float | None = None, delay: float = 0.0,
          headers: dict[str, str] | None = None) -> Reply:
    """An OpenAI-style error answer: ``{"error": {"message", "type", "param", "code"}}``."""
    hdrs = dict(headers or {})
    if retry_after is not None:
        hdrs["Retry-After"] = f"{retry_after:g}"
    if retry_after_ms is not None:
        hdrs["retry-after-ms"] = f"{retry_after_ms:g}"
    body = {"error": {"message": message, "type": type_ or ("server_error" if status >= 500 else "invalid_request_error"),
                      "param": None, "code": code}}
    return Reply(status=status, body=json.dumps(body).encode(), headers=hdrs, delay=delay)


def raw(status: int, body: bytes, *, content_type: str = "application/json", delay: float = 0.0,
        headers: dict[str, str] | None = None) -> Reply:
    """Any status and body, verbatim."""
    return Reply(status=status, body=body, headers={"Content-Type": content_type, **(headers or {})}, delay=delay)


def hang_up(*, delay: float = 0.0) -> Reply:
    """Close the connection without sending a response."""
    return Reply(hang_up=True, delay=delay)


# ---- the server ------------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive: the SDK's connection pool reuses connections
    timeout = 30                    # idle keep-alive connections are closed after this
    server: "_HTTPServer"

    def log_message(self, format: str, *args: Any) -> None:  # silence stderr access logs
        pass

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _record(self) -> RecordedRequest:
        data = self._read_body()
        try:
            body = json.loads(data) if data else None
        except ValueError:
            body = None
        req = RecordedRequest(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            raw=data,
            body=body,
            received_at=time.time(),
        )
        self.server.owner._record(req)
        return req

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            hdrs = {"Content-Type": "application/json", **headers}
            for k, v in hdrs.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:  # the client gave up (timeout) and closed the socket
            self.close_connection = True

    def do_GET(self) -> None:  # noqa: N802
        self._record()
        if self.path.rstrip("/").endswith("/models"):
            body = {"object": "list", "data": [{"id": "local-model", "object": "model", "created": 0, "owned_by": "local"}]}
            self._send(200, json.dumps(body).encode(), {})
        else:
            self._send(404, b'{"error": {"message": "not found", "type": "invalid_request_error"}}', {})

    def do_POST(self) -> None:  # noqa: N802
        req = self._record()
        owner = self.server.owner
        if not self.path.split("?")[0].rstrip("/").endswith("/chat/completions"):
            self._send(404, b'{"error": {"message": "not found", "type": "invalid_request_error"}}', {})
            return
        reply = owner._next_reply(req)
        owner._enter()
        try:
            if reply.delay > 0 and owner._stopping.wait(reply.delay):
                self.close_connection = True
                return
            if reply.hang_up:
                self.close_connection = True
                return
            body = reply.body
            if reply.build is not None:
                body = json.dumps(reply.build(req)).encode()
            self._send(reply.status, body, reply.headers)
        finally:
            owner._leave()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: "OpenAIServer"

    def handle_error(self, request: Any, client_address: Any) -> None:  # noqa: D401
        pass  # a client that hung up mid-answer is normal here (timeouts); stay quiet


class OpenAIServer:
    """See the module docstring."""

    def __init__(self, default: Responder | None = None) -> None:
        self._lock = threading.Lock()
        self._queue: list[Responder] = []
        self._default: Responder = default if default is not None else answer({})
        self._stopping = threading.Event()
        self.requests: list[RecordedRequest] = []
        self.calls = 0
        self._in_flight = 0
        self.max_in_flight = 0
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self, port: int = 0) -> "OpenAIServer":
        self._stopping.clear()
        httpd = _HTTPServer(("127.0.0.1", port), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="openai-test-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "OpenAIServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # scripting
    def enqueue(self, *replies: Responder) -> None:
        with self._lock:
            self._queue.extend(replies)

    def set_default(self, reply: Responder) -> None:
        with self._lock:
            self._default = reply

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self.requests.clear()
            self.calls = 0
            self.max_in_flight = self._in_flight

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.method == "POST" and "chat/completions" in r.path]

    @property
    def last_request(self) -> RecordedRequest:
        reqs = self.chat_requests
        assert reqs, "no chat request received"
        return reqs[-1]

    # used by the handler
    def _record(self, req: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(req)

    def _next_reply(self, req: RecordedRequest) -> Reply:
        with self._lock:
            self.calls += 1
            responder = self._queue.pop(0) if self._queue else self._default
        return responder(req) if callable(responder) and not isinstance(responder, Reply) else responder

    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1


SAMPLE_DOCUMENT = {
    "basics": {"name": "Jane Doe", "label": "Engineer", "email": "jane@example.com", "phone": "",
               "url": "", "location": {"city": "Berlin", "region": "", "countryCode": "DE"}, "profiles": []},
    "work": [], "education": [], "skills": [], "languages": [], "certificates": [],
}


def main(argv: list[str] | None = None) -> None:
    """`python -m tests.openai_server [--port P] [--delay S] [--document FILE.json]`: serve until Ctrl-C.

    Every chat request is answered with the document (default: SAMPLE_DOCUMENT) after the delay;
    point the app at it with OPENAI_BASE_URL=http://127.0.0.1:P/v1 (any OPENAI_API_KEY).
    """
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)")
    ap.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    ap.add_argument("--document", help="JSON file with the document to answer")
    args = ap.parse_args(argv)
    doc = SAMPLE_DOCUMENT
    if args.document:
        with open(args.document, encoding="utf-8") as f:
            doc = json.load(f)
    import signal

    def _interrupt(*_: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` stops it cleanly too
    srv = OpenAIServer(default=answer(doc, delay=args.delay))
    srv.start(port=args.port)
    print(f"OpenAI-compatible server at {srv.base_url} (delay {args.delay:g} s); Ctrl-C to stop", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        srv.stop()
        print(f"{srv.calls} chat requests served, at most {srv.max_in_flight} at once")


if __name__ == "__main__":
    main()
