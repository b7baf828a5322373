"""Request bodies are bounded: an upload over MAX_RESUME_MB is refused (413) before it is read whole
(a bulk intake's body: over BULK_MAX_UNZIPPED_MB, or BULK_MAX_FILES resumes at the cap if less).

A declared Content-Length over the limit is refused at once, without reading the body; a body
without one (chunked) is counted as it arrives and refused when it passes the limit. The
limit is the resume cap plus room for the form's other fields and the multipart framing; the
route then checks the file itself against the cap.
"""
from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.config import get_settings
from core.storage import too_large_message

FORM_OVERHEAD = 64 * 1024


def body_limit(path: str = "") -> int:
    settings = get_settings()
    if path.rstrip("/").endswith("/candidates/bulk"):
        return int(min(settings.bulk_max_files * settings.max_resume_bytes,
                       settings.bulk_max_unzipped_mb * 1048576)) + FORM_OVERHEAD
    return settings.max_resume_bytes + FORM_OVERHEAD


class _TooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, too_large_message(what="upload"))


class UploadLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope.get("path", ""))
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _send_413(send, too_large_message(int(declared), "upload"))
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge()  # FastAPI passes HTTPExceptions from body reading through
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"x-content-type-options" for k, _ in headers):
                    headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except _TooLarge as exc:  # raised outside a route's error handling
            if started:
                raise
            await _send_413(send, exc.detail)


async def _send_413(send: Send, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"), (b"connection", b"close"),
    ]})
    await send({"type": "http.response.body", "body": body})
