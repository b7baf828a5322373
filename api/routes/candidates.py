"""/candidates: add, list, read, re-parse, delete, parsing status, download the resume.

Each route is thin: the acting user (api.dependencies) and the request's values go to a use
case of core/candidates.py, which checks the permission, validates, audits and queues parsing.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict
from typing import Annotated, Literal
from urllib.parse import quote

import pydantic
from fastapi import APIRouter, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import Response

from api import schemas
from api.dependencies import Actor, CandidateId
from api.errors import error_responses, where
from core import candidates, intake
from core.candidate_filters import CONSENT_FILTERS, MAX_TAG
from core.config import get_settings
from core.errors import ValidationError
from core.storage import too_large_message

router = APIRouter(prefix="/candidates", tags=["candidates"])
# A name (200), an email (320) and a phone (40) with their JSON fit many times over.
MAX_CANDIDATE_IN = 4096


def resume_url(request: Request, candidate_id: int) -> str:
    """The address clients download a resume from: this API's /candidates/{id}/resume."""
    return request.scope.get("root_path", "") + request.app.url_path_for("download_resume", candidate_id=candidate_id)


def _candidate(request: Request, record: candidates.CandidateRecord) -> schemas.Candidate:
    fields = asdict(record)
    stored = fields.pop("resume_path")
    return schemas.Candidate.model_validate({**fields, "resume_url": resume_url(request, record.id) if stored else None})


def _candidate_in(raw: str) -> schemas.CandidateIn:
    """The form field as a CandidateIn; its length is bounded by the Form declaration, its
    nesting by the JSON parser's recursion limit (a 422, not a RecursionError's 500)."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"candidate_in is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).") from None
    except RecursionError:
        raise ValidationError("candidate_in is nested too deeply; send one flat JSON object.") from None
    if not isinstance(data, dict):
        raise ValidationError("candidate_in must be a JSON object with full_name, email and phone.")
    try:
        return schemas.CandidateIn.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = "; ".join(f"{where(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ValidationError(f"candidate_in: {problems}.") from None


@router.post(
    "/", status_code=201, response_model=schemas.Candidate,
    summary="Add a candidate, with an optional resume PDF (parsed in the background)",
    responses=error_responses(400, 409, 413, 422, 507),
)
def create_candidate(
    request: Request,
    actor: Actor,
    candidate_in: Annotated[str, Form(max_length=MAX_CANDIDATE_IN,
                                      description='JSON: {"full_name": ..., "email": ..., "phone": ...}',
                                      examples=['{"full_name": "Ada Lovelace", "email": "ada@example.com", '
                                                '"phone": "+44 20 7946 0958"}'])],
    resume: Annotated[UploadFile | None, File(description="The resume, a PDF (optional).")] = None,
    on_duplicate: Annotated[Literal["keep", "warn"], Form(
        description="`keep` (default): a look-alike of an existing candidate (same file, phone or name) is "
                    "added and listed under possible duplicates; `warn`: refused with 409 naming it.")] = "keep",
) -> schemas.Candidate:
    data = _candidate_in(candidate_in)
    upload, filename = None, None
    if resume is not None and (resume.filename or resume.size):  # a form's empty file input: no resume
        _check_size(resume)
        upload, filename = resume.file, resume.filename
    record = candidates.create_candidate(actor, data.full_name, data.email, data.phone, upload, filename,
                                         on_duplicate=on_duplicate, source=data.source,
                                         source_detail=data.source_detail)
    return _candidate(request, record)


def _check_size(upload: UploadFile) -> None:
    limit = get_settings().max_resume_bytes
    if upload.size is not None and upload.size > limit:
        raise HTTPException(413, f"{upload.filename or 'The file'}: {too_large_message(upload.size)}")


@router.post(
    "/bulk", status_code=201, response_model=schemas.IntakeBatch,
    summary="Add many candidates at once: PDFs and ZIPs of PDFs, each PDF parsed in the background",
    responses=error_responses(400, 422, 507),
)
def bulk_intake(
    actor: Actor,
    files: Annotated[list[UploadFile], File(description="PDFs and ZIP files of PDFs (nested folders are fine).")],
) -> schemas.IntakeBatch:
    batch_id = intake.bulk_intake(actor, [(f.filename or "upload", f.file) for f in files])
    return _batch(intake.batch_progress(actor, batch_id))


@router.get(
    "/bulk/{batch_id}", response_model=schemas.IntakeBatch,
    summary="Where each file of a bulk intake is: queued, parsing, done, needs review, failed, skipped",
    responses=error_responses(404, 422),
)
def bulk_progress(actor: Actor, batch_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> schemas.IntakeBatch:
    return _batch(intake.batch_progress(actor, batch_id))


def _batch(view: intake.BatchView) -> schemas.IntakeBatch:
    return schemas.IntakeBatch(id=view.id, created_at=view.created_at, counts=view.counts, in_flight=view.in_flight,
                               items=[schemas.IntakeItem(**asdict(i)) for i in view.items])


@router.get(
    "/", response_model=schemas.CandidateList,
    summary="List candidates, newest first; search by name or email, filter by status",
    responses=error_responses(422),
)
def list_candidates(
    request: Request,
    actor: Actor,
    search: Annotated[str | None, Query(max_length=200, description="Part of the name or email.")] = None,
    status: Annotated[schemas.ParseStatus | None, Query(description="Only candidates with this status.")] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 50,
    tag: Annotated[str | None, Query(max_length=MAX_TAG, description="Only candidates with this tag.")] = None,
    consent: Annotated[Literal[CONSENT_FILTERS] | None,  # type: ignore[valid-type]
                       Query(description="Consent-until date: none, valid (today or later) or expired.")] = None,
) -> schemas.CandidateList:
    result = candidates.list_candidates(actor, search=search, status=status, page=page, page_size=page_size,
                                        tag=tag, consent=consent)
    return schemas.CandidateList(items=[_candidate(request, c) for c in result.items], total=result.total,
                                 page=result.page, page_size=result.page_size, pages=result.pages)


@router.get(
    "/{candidate_id}", response_model=schemas.Candidate,
    summary="One candidate, with the parsed resume once it is ready", responses=error_responses(404, 422),
)
def get_candidate(request: Request, actor: Actor, candidate_id: CandidateId) -> schemas.Candidate:
    return _candidate(request, candidates.get_candidate(actor, candidate_id))


@router.delete(
    "/{candidate_id}", status_code=204, response_class=Response,
    summary="Delete a candidate and its resume file", responses=error_responses(404, 422),
)
def delete_candidate(actor: Actor, candidate_id: CandidateId) -> Response:
    candidates.delete_candidate(actor, candidate_id)
    return Response(status_code=204)


@router.post(
    "/{candidate_id}/reparse", response_model=schemas.Candidate,
    summary="Parse the resume again (no change while a parse is queued or running)",
    responses=error_responses(404, 422),
)
def reparse_candidate(request: Request, actor: Actor, candidate_id: CandidateId) -> schemas.Candidate:
    return _candidate(request, candidates.reparse_candidate(actor, candidate_id))


@router.get(
    "/{candidate_id}/parsing-status", response_model=schemas.ParsingStatus,
    summary="Where parsing is: no_resume, pending, completed or failed", responses=error_responses(404, 422),
)
def parsing_status(request: Request, actor: Actor, candidate_id: CandidateId) -> schemas.ParsingStatus:
    status = candidates.parsing_status(actor, candidate_id)
    stored = status.pop("resume_path")
    return schemas.ParsingStatus(**status, resume_url=resume_url(request, candidate_id) if stored else None)


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


@router.get(
    "/{candidate_id}/resume", response_class=Response,
    summary="Download the resume PDF as uploaded (the download is audited)",
    responses={200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                     "description": "The PDF, exactly as uploaded, as an attachment with its original name."},
               **error_responses(404, 422)},
)
def download_resume(actor: Actor, candidate_id: CandidateId) -> Response:
    name, data = candidates.resume_download(actor, candidate_id)
    return Response(content=data, media_type="application/pdf", headers={
        "Content-Disposition": content_disposition(name),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    })


@router.put(
    "/{candidate_id}/resume", response_model=schemas.Candidate,
    summary="Attach a resume to a candidate, or replace its resume (atomically); parsing starts again",
    responses=error_responses(404, 413, 422, 507),
)
def put_resume(
    request: Request, actor: Actor, candidate_id: CandidateId,
    resume: Annotated[UploadFile, File(description="The resume, a PDF.")],
) -> schemas.Candidate:
    _check_size(resume)
    return _candidate(request, intake.attach_resume(actor, candidate_id, resume.file, resume.filename))
