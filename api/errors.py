"""Every error is JSON, `{"detail": "..."}`, with the sentence core wrote for a person:

    ValidationError 422 · DuplicateError and PossibleDuplicate 409 · NotFoundError 404 · PermissionDenied 403

Request-validation errors (FastAPI's) become one readable 422 sentence; anything unexpected is
logged and answered with a 500 that gives nothing away.
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import schemas
from core.errors import (DuplicateError, NotFoundError, PermissionDenied, PossibleDuplicate, ResumeDeskError,
                         ValidationError)

log = logging.getLogger(__name__)

_STATUS = ((DuplicateError, 409), (PossibleDuplicate, 409), (ValidationError, 422), (NotFoundError, 404), (PermissionDenied, 403))
BEARER = {"WWW-Authenticate": "Bearer"}


def where(loc) -> str:
    """A pydantic error location as `query.page` or `candidate_in.email`."""
    return ".".join(str(part) for part in loc) or "request"


async def _core_error(_request: Request, exc: ResumeDeskError) -> JSONResponse:
    status = next((code for cls, code in _STATUS if isinstance(exc, cls)), 422)
    return JSONResponse({"detail": str(exc)}, status_code=status)


async def _request_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    messages = [f"{where(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in exc.errors()]
    return JSONResponse({"detail": "; ".join(messages) or "Invalid request."}, status_code=422)


async def _http_error(_request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error in the API", exc_info=exc)
    return JSONResponse({"detail": "Internal server error; it was logged."}, status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ResumeDeskError, _core_error)
    app.add_exception_handler(RequestValidationError, _request_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


_DESCRIPTIONS = {
    400: "The body is not a well-formed multipart form.",
    401: "No token, or a wrong or revoked one.",
    403: "The token's user may not do this (role, disabled account, password change pending).",
    404: "No candidate with that id (or no resume file).",
    409: "A candidate with that email already exists (or, with on_duplicate=warn, one that looks the same).",
    413: "The upload is larger than MAX_RESUME_MB.",
    422: "Bad input: the message says what (fields, JSON, not a PDF, parameters).",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the errors an endpoint can give (401 and 403 always)."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in (401, 403, *codes):
        out[code] = {"model": schemas.Error, "description": _DESCRIPTIONS[code]}
    out[401]["headers"] = {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}}
    return out
