"""The HTTP rules around the dashboard that Streamlit has no setting for: an ASGI middleware
that serve.py puts in front of app.py (st.App).

- Framing: no site may show the dashboard in a frame (clickjacking), unless FRAME_ANCESTORS
  names the origins that may: `Content-Security-Policy: frame-ancestors ...` and, when none
  may, `X-Frame-Options: DENY` for older browsers. (`client.allowedOrigins = []` in
  .streamlit/config.toml keeps any parent frame from driving the app by postMessage.)
- `/_stcore/metrics` answers 404: it tells anyone, signed in or not, how many sessions run
  and what is cached.

And `stop_cleanly`, the lifespan that hands running parse jobs back on SIGTERM: uvicorn (which
serves an st.App) ends the process by raising the signal again after its own shutdown, so
Python's exit hooks, where core.jobs would do it, never run.
"""
from __future__ import annotations

import re
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import jobs, sandbox
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


@asynccontextmanager
async def stop_cleanly(_app: Any) -> AsyncIterator[None]:
    """The st.App's lifespan: at shutdown, running jobs go back to the queue and the PDF
    readers stop."""
    yield None
    await run_in_threadpool(jobs.shutdown, False)
    await run_in_threadpool(sandbox.shutdown)
