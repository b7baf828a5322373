"""The HTTP rules around the dashboard that Streamlit has no setting for: an ASGI middleware
that serve.py puts in front of app.py (st.App).

- Framing: no site may show the dashboard in a frame (clickjacking), unless FRAME_ANCESTORS
  names the origins that may: `Content-Security-Policy: frame-ancestors ...` and, when none
  may, `X-Frame-Options: DENY` for older browsers. (`client.allowedOrigins = []` in
  .streamlit/config.toml keeps any parent frame from driving the app by postMessage.)
- `/_stcore/metrics` answers 404: it tells anyone, signed in or not, how many sessions run
  and what is cached.

`SessionCookies` sets and clears the sign-in cookie, which Streamlit cannot (core/sessions.py):
- `POST /_resumedesk/session` with a session's one-time code as the body answers 204 with the
  cookie (HttpOnly, SameSite=Strict, Secure over HTTPS, Path=/, until the session's
  absolute end), or 403;
- `POST /_resumedesk/session/end` ends the session the cookie stands for and clears it (204).
Both refuse a request from another origin, or without the `X-ResumeDesk: 1` header that only
the app's own scripts send (a form on another site cannot set it).

And `stop_cleanly`, the lifespan that hands running parse jobs back on SIGTERM: uvicorn (which
serves an st.App) ends the process by raising the signal again after its own shutdown, so
Python's exit hooks, where core.jobs would do it, never run.
"""
from __future__ import annotations

import re
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import jobs, sandbox, sessions
from core.config import get_settings

METRICS_PATH = "/_stcore/metrics"
_ORIGIN = re.compile(r"^(https?://[A-Za-z0-9.-]+|https?://\*\.[A-Za-z0-9.-]+)(:\d{1,5})?$|^'self'$")


def frame_headers(ancestors: tuple[str, ...]) -> list[tuple[bytes, bytes]]:
    """The framing headers for FRAME_ANCESTORS (none: nobody may frame the app)."""
    bad = [a for a in ancestors if not _ORIGIN.match(a)]
    if bad:
        raise ValueError(f"FRAME_ANCESTORS: {', '.join(bad)} is not an origin like https://intranet.example.com")
    if not ancestors:
        return [(b"content-security-policy", b"frame-ancestors 'none'"), (b"x-frame-options", b"DENY")]
    return [(b"content-security-policy", ("frame-ancestors " + " ".join(ancestors)).encode("ascii"))]


class SecurityHeaders:
    """ASGI middleware: the framing headers on every HTTP response; no metrics endpoint."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = frame_headers(get_settings().frame_ancestors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].rstrip("/").endswith(METRICS_PATH):
            await send({"type": "http.response.start", "status": 404,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"), *self.headers]})
            await send({"type": "http.response.body", "body": b"Not found"})
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.headers]}
            await send(message)

        await self.app(scope, receive, with_headers)


COOKIE_NAME = "resumedesk_session"
COOKIE_ROUTE = "/_resumedesk/session"
END_ROUTE = "/_resumedesk/session/end"
SCRIPT_HEADER = "x-resumedesk"
MAX_BODY = 1024


def _secure(request: Request) -> bool:
    """Served over HTTPS, directly or behind a proxy that says so."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:  # browsers send Origin with every cross-origin POST
        return True
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


def session_cookie(request: Request, token: str, max_age: int) -> str:
    """The Set-Cookie value for a session's token (max_age 0 and no token: clear it)."""
    parts = [f"{COOKIE_NAME}={token}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Strict"]
    if _secure(request):
        parts.append("Secure")
    return "; ".join(parts)


class SessionCookies:
    """ASGI middleware: the routes that set and clear the sign-in cookie; the rest passes on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"].rstrip("/") if scope["type"] == "http" else ""
        if not path.endswith((COOKIE_ROUTE, END_ROUTE)):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        response = await self._answer(request, ending=path.endswith(END_ROUTE))
        response.headers["cache-control"] = "no-store"
        await response(scope, receive, send)

    async def _answer(self, request: Request, ending: bool) -> Response:
        if request.method != "POST":
            return Response("Use POST.", status_code=405, headers={"allow": "POST"})
        if request.headers.get(SCRIPT_HEADER) != "1" or not _same_origin(request):
            return Response("Not from this app.", status_code=403)
        if ending:
            token = request.cookies.get(COOKIE_NAME)
            if token:
                await run_in_threadpool(sessions.end, None, token)
            response = Response(status_code=204)
            response.headers["set-cookie"] = session_cookie(request, "", 0)
            return response
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return Response("Too long.", status_code=413)
        cookie = await run_in_threadpool(sessions.issue_cookie, body.decode("utf-8", "replace"))
        if cookie is None:
            return Response("That code is not valid (any more): sign in again.", status_code=403)
        response = Response(status_code=204)
        response.headers["set-cookie"] = session_cookie(request, cookie.token, cookie.max_age)
        return response


@asynccontextmanager
async def stop_cleanly(_app: Any) -> AsyncIterator[None]:
    """The st.App's lifespan: at shutdown, running jobs go back to the queue and the PDF
    readers stop."""
    yield None
    await run_in_threadpool(jobs.shutdown, False)
    await run_in_threadpool(sandbox.shutdown)
