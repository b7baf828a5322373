"""Every error is JSON, `{"detail": "..."}`, with the sentence core wrote for a person:

    ValidationError 422 · DuplicateError and PossibleDuplicate 409 · NotFoundError 404 · PermissionDenied 403
    DatabaseUnavailable 503 · StorageError 503 · StorageFull 507

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
from core.errors import (DatabaseUnavailable, DuplicateError, NotFoundError, PermissionDenied, PossibleDuplicate,
                         ResumeDeskError, StorageError, StorageFull, ValidationError)

log = logging.getLogger(__name__)

_STATUS = ((DuplicateError, 409), (PossibleDuplicate, 409), (ValidationError, 422), (NotFoundError, 404),
           (PermissionDenied, 403), (StorageFull, 507), (StorageError, 503), (DatabaseUnavailable, 503))
RETRY_AFTER_S = 5  # what a 503 asks a client to wait
BEARER = {"WWW-Authenticate": "Bearer"}


def where(loc) -> str:
    """A pydantic error location as `query.page` or `candidate_in.email`."""
    return ".".join(str(part) for part in loc) or "request"


def core_error_response(exc: ResumeDeskError) -> JSONResponse:
    status = next((code for cls, code in _STATUS if isinstance(exc, cls)), 422)
    headers = {"Retry-After": str(RETRY_AFTER_S)} if status == 503 else None
    return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)


async def _core_error(_request: Request, exc: ResumeDeskError) -> JSONResponse:
    return core_error_response(exc)


async def _request_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    messages = [f"{where(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in exc.errors()]
    return JSONResponse({"detail": "; ".join(messages) or "Invalid request."}, status_code=422)


async def _http_error(_request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, ResumeDeskError):  # raised in a middleware, outside the handlers above
        return core_error_response(exc)
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
    503: "The database or the resume storage cannot be used for now; retry after `Retry-After` seconds.",
    507: "The server's disk is full: the upload was not stored.",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the errors an endpoint can give (401 and 403 always)."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in (401, 403, 503, *codes):
        out[code] = {"model": schemas.Error, "description": _DESCRIPTIONS[code]}
    out[401]["headers"] = {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}}
    return out
