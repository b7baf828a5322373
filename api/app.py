"""The HTTP API: `uvicorn api.app:app` (or `make api`), beside the dashboard.

Same database, storage directory and job queue as the dashboard; the process runs its own
parser pool (PARSER_WORKERS, 0 to leave parsing to `python -m core.worker`). Every route
resolves the acting user from `Authorization: Bearer TOKEN` and calls a use case of
core/candidates.py with it; core's errors become JSON errors with core's message:

    ValidationError 422 · DuplicateError 409 · NotFoundError 404 · PermissionDenied 403

No token, or a wrong, revoked or disabled user's token: 401 with `WWW-Authenticate: Bearer`.
An upload over MAX_RESUME_MB: 413, refused before it is read whole.
"""
from __future__ import annotations

import json
import logging
import unicodedata
from contextlib import asynccontextmanager
from dataclasses import asdict
from typing import Annotated, Any
from urllib.parse import quote

import pydantic
from fastapi import Depends, FastAPI, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import schemas
from api.limits import UploadLimit, too_large_message
from core import candidates, jobs, tokens
from core.accounts import UserRecord
from core.config import get_settings
from core.db import get_engine
from core.errors import DuplicateError, NotFoundError, PermissionDenied, ResumeDeskError, ValidationError

log = logging.getLogger(__name__)

MAX_ID = 2**31 - 1  # the id columns are 32-bit on PostgreSQL


@asynccontextmanager
async def lifespan(_app: FastAPI):
    """Schema migrated, storage ready, the parser pool draining the shared queue."""
    await run_in_threadpool(get_engine)
    waiting = await run_in_threadpool(jobs.start)
    log.info("ResumeDesk API ready (%d parse jobs waiting)", waiting)
    try:
        yield
    finally:
        await run_in_threadpool(jobs.shutdown, False)  # running jobs go back to the queue


app = FastAPI(
    title="ResumeDesk API",
    version="1.0.0",
    summary="Candidates and their resumes: add, list, download, delete; parsing runs in the background.",
    description=(
        "Authenticate with a per-user API token: `Authorization: Bearer TOKEN`. An admin makes "
        "tokens on the Users page, or `python -m core.users create-token EMAIL` in a shell. The "
        "token acts with its user's role (admin, recruiter, viewer), and everything is written "
        "to the same audit log as the dashboard. Errors are JSON: `{\"detail\": \"...\"}`."
    ),
    lifespan=lifespan,
)
app.add_middleware(UploadLimit)


@app.middleware("http")
async def authenticate_before_the_body(request: Request, call_next):
    """Refuse a request that carries a body without a valid token before reading the body, so
    nobody without a token can make the server take a 10 MB upload. The user found is kept
    for the route (current_user) so the token is looked up once."""
    if request.method in ("POST", "PUT", "PATCH"):
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        bearer = token.strip() if scheme.lower() == "bearer" else ""
        user = await run_in_threadpool(tokens.authenticate_token, bearer) if bearer else None
        if user is None:
            detail = "The API token is wrong or was revoked." if bearer else \
                "Send an API token: Authorization: Bearer TOKEN."
            return JSONResponse({"detail": detail}, status_code=401, headers={**BEARER, "Connection": "close"})
        request.state.user = user
    return await call_next(request)


# --- errors ------------------------------------------------------------------------------

_STATUS = ((DuplicateError, 409), (ValidationError, 422), (NotFoundError, 404), (PermissionDenied, 403))
BEARER = {"WWW-Authenticate": "Bearer"}


@app.exception_handler(ResumeDeskError)
async def _core_error(_request: Request, exc: ResumeDeskError) -> JSONResponse:
    status = next((code for cls, code in _STATUS if isinstance(exc, cls)), 422)
    return JSONResponse({"detail": str(exc)}, status_code=status)


def _where(loc) -> str:
    return ".".join(str(part) for part in loc) or "request"


@app.exception_handler(RequestValidationError)
async def _request_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    messages = [f"{_where(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in exc.errors()]
    return JSONResponse({"detail": "; ".join(messages) or "Invalid request."}, status_code=422)


@app.exception_handler(StarletteHTTPException)
async def _http_error(_request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)


@app.exception_handler(Exception)
async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error in the API", exc_info=exc)
    return JSONResponse({"detail": "Internal server error; it was logged."}, status_code=500)


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error responses an endpoint can give."""
    text = {
        400: "The body is not a well-formed multipart form.",
        401: "No token, or a wrong or revoked one.",
        403: "The token's user may not do this (role, disabled account, password change pending).",
        404: "No candidate with that id (or no resume file).",
        409: "A candidate with that email already exists.",
        413: "The upload is larger than MAX_RESUME_MB.",
        422: "Bad input: the message says what (fields, JSON, not a PDF, parameters).",
    }
    out: dict[int | str, dict[str, Any]] = {}
    for code in (401, 403, *codes):
        out[code] = {"model": schemas.Error, "description": text[code]}
    out[401]["headers"] = {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}}
    return out


# --- who is asking -----------------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False, description="A per-user API token (see `create-token`).")


def current_user(request: Request,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> UserRecord:
    checked = getattr(request.state, "user", None)
    if checked is not None:  # authenticated by the middleware before the body was read
        return checked
    if credentials is None:
        raise HTTPException(401, "Send an API token: Authorization: Bearer TOKEN.", headers=BEARER)
    user = tokens.authenticate_token(credentials.credentials)
    if user is None:
        raise HTTPException(401, "The API token is wrong or was revoked.", headers=BEARER)
    return user


Actor = Annotated[UserRecord, Depends(current_user)]
CandidateId = Annotated[int, Path(ge=1, le=MAX_ID, description="The candidate's id.")]


def _candidate(record: candidates.CandidateRecord) -> schemas.Candidate:
    return schemas.Candidate.model_validate(asdict(record))


# --- candidates --------------------------------------------------------------------------

def _candidate_in(raw: str) -> schemas.CandidateIn:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"candidate_in is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).") from None
    if not isinstance(data, dict):
        raise ValidationError("candidate_in must be a JSON object with full_name, email and phone.")
    try:
        return schemas.CandidateIn.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = "; ".join(f"{_where(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ValidationError(f"candidate_in: {problems}.") from None


@app.post(
    "/candidates/", status_code=201, response_model=schemas.Candidate, tags=["candidates"],
    summary="Add a candidate, with an optional resume PDF (parsed in the background)",
    responses=_errors(400, 409, 413, 422),
)
def create_candidate(
    actor: Actor,
    candidate_in: Annotated[str, Form(description='JSON: {"full_name": ..., "email": ..., "phone": ...}',
                                      examples=['{"full_name": "Ada Lovelace", "email": "ada@example.com", '
                                                '"phone": "+44 20 7946 0958"}'])],
    resume: Annotated[UploadFile | None, File(description="The resume, a PDF (optional).")] = None,
) -> schemas.Candidate:
    data = _candidate_in(candidate_in)
    upload, filename = None, None
    if resume is not None and (resume.filename or resume.size):  # a form's empty file input: no resume
        limit = get_settings().max_resume_bytes
        if resume.size is not None and resume.size > limit:
            raise HTTPException(413, too_large_message(resume.size, "file"))
        upload, filename = resume.file, resume.filename
    record = candidates.create_candidate(actor, data.full_name, data.email, data.phone, upload, filename)
    return _candidate(record)


@app.get(
    "/candidates/", response_model=schemas.CandidateList, tags=["candidates"],
    summary="List candidates, newest first; search by name or email, filter by status",
    responses=_errors(422),
)
def list_candidates(
    actor: Actor,
    search: Annotated[str | None, Query(max_length=200, description="Part of the name or email.")] = None,
    status: Annotated[schemas.ParseStatus | None, Query(description="Only candidates with this status.")] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> schemas.CandidateList:
    result = candidates.list_candidates(actor, search=search, status=status, page=page, page_size=page_size)
    return schemas.CandidateList(items=[_candidate(c) for c in result.items], total=result.total,
                                 page=result.page, page_size=result.page_size, pages=result.pages)


@app.get(
    "/candidates/{candidate_id}", response_model=schemas.Candidate, tags=["candidates"],
    summary="One candidate, with the parsed resume once it is ready", responses=_errors(404, 422),
)
def get_candidate(actor: Actor, candidate_id: CandidateId) -> schemas.Candidate:
    return _candidate(candidates.get_candidate(actor, candidate_id))


@app.delete(
    "/candidates/{candidate_id}", status_code=204, response_class=Response, tags=["candidates"],
    summary="Delete a candidate and its resume file", responses=_errors(404, 422),
)
def delete_candidate(actor: Actor, candidate_id: CandidateId) -> Response:
    candidates.delete_candidate(actor, candidate_id)
    return Response(status_code=204)


@app.post(
    "/candidates/{candidate_id}/reparse", response_model=schemas.Candidate, tags=["candidates"],
    summary="Parse the resume again (no change while a parse is queued or running)",
    responses=_errors(404, 422),
)
def reparse_candidate(actor: Actor, candidate_id: CandidateId) -> schemas.Candidate:
    return _candidate(candidates.reparse_candidate(actor, candidate_id))


@app.get(
    "/candidates/{candidate_id}/parsing-status", response_model=schemas.ParsingStatus, tags=["candidates"],
    summary="Where parsing is: no_resume, pending, completed or failed", responses=_errors(404, 422),
)
def parsing_status(actor: Actor, candidate_id: CandidateId) -> schemas.ParsingStatus:
    return schemas.ParsingStatus(**candidates.parsing_status(actor, candidate_id))


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266, RFC 5987)."""
    ascii_name = "".join(
        c if 32 <= ord(c) < 127 and c not in '"\\' else "" if unicodedata.combining(c) else "_"
        for c in unicodedata.normalize("NFKD", filename)
    ).strip() or "resume.pdf"
    value = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return value


@app.get(
    "/candidates/{candidate_id}/resume", response_class=Response, tags=["candidates"],
    summary="Download the resume PDF as uploaded (the download is audited)",
    responses={200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                     "description": "The PDF, exactly as uploaded, as an attachment with its original name."},
               **_errors(404, 422)},
)
def download_resume(actor: Actor, candidate_id: CandidateId) -> Response:
    name, data = candidates.resume_download(actor, candidate_id)
    return Response(content=data, media_type="application/pdf", headers={
        "Content-Disposition": content_disposition(name),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    })
