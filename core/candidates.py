"""The candidate use cases, as plain functions: what the pages and the HTTP API call.

A candidate exists as soon as it is created; its resume is parsed in the background. A row and
its file come and go together: no row that points at a missing file, no file without a row.

Every use case takes the acting user first (`actor`, a `core.accounts.UserRecord`) and checks
the permission itself (`PermissionDenied`), whatever the page showed. Changes are written
to the audit log in the same transaction; downloads and exports when their bytes are read.
"""
from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import phonenumbers
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from core import audit, jobs, parser, storage
from core.accounts import UserRecord
from core.config import get_settings
from core.csv_export import csv_bytes
from core.db import session_scope
from core.errors import DuplicateError, NotFoundError, ValidationError
from core.models import Candidate, utcnow
from core.permissions import Perm, require
from core.validation import clean_email, one_line, quoted, storable, valid_id

log = logging.getLogger(__name__)

STATUSES = ("no_resume", "pending", "completed", "failed")
MAX_NAME = 200
MAX_SEARCH = 200  # characters; SQLite refuses LIKE patterns past 50,000, and nobody types more


@dataclass(frozen=True)
class CandidateRecord:
    """A candidate as the use cases return it: the table's columns minus the job's lease."""

    id: int
    full_name: str
    email: str
    phone: str | None
    resume_path: str | None
    resume_filename: str | None
    resume_size: int | None
    resume_sha256: str | None
    parse_status: str
    parse_stage: str | None
    parse_error: str | None
    parse_attempts: int
    parsed_resume: dict | None
    parser_backend: str | None
    hidden_text: str | None
    parsed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Candidate) -> "CandidateRecord":
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class CandidatePage:
    items: list[CandidateRecord]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


# --- validation -------------------------------------------------------------------------

def _clean_name(full_name: str | None) -> str:
    name = storable(one_line(full_name, MAX_NAME + 1), "The name")
    if not name:
        raise ValidationError("The name is empty.")
    if len(name) > MAX_NAME:
        raise ValidationError(f"The name is longer than {MAX_NAME} characters.")
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise ValidationError("The name contains control characters.")
    return name


def _clean_phone(phone: str | None) -> str | None:
    raw = storable(str(phone or "").strip(), "The phone number")
    if not raw:
        return None
    try:
        number = phonenumbers.parse(raw, get_settings().default_phone_region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise ValidationError(f"The phone number {quoted(raw)} is not valid.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def clean_filename(filename: str | None) -> str:
    """The uploaded name, made safe to put in a download header or a ZIP."""
    name = str(filename or "").replace("\\", "/").split("/")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    name = name[:200]
    if not name:
        return "resume.pdf"
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"


# --- use cases --------------------------------------------------------------------------

def _get_row(s, candidate_id: int) -> Candidate:
    row = s.get(Candidate, candidate_id) if valid_id(candidate_id) else None
    if row is None:
        raise NotFoundError(f"There is no candidate #{candidate_id}.")
    return row


def _ensure_email_free(s, email: str, except_id: int | None = None) -> None:
    q = select(Candidate.id).where(Candidate.email == email)
    if except_id is not None:
        q = q.where(Candidate.id != except_id)
    existing = s.execute(q).scalar()
    if existing is not None:
        raise DuplicateError(f"A candidate with the email {email} already exists (#{existing}).")


def create_candidate(
    actor: UserRecord,
    full_name: str,
    email: str,
    phone: str | None = None,
    resume: bytes | BinaryIO | None = None,
    filename: str | None = None,
) -> CandidateRecord:
    """Store the candidate and its PDF now; parse in the background; return at once."""
    actor = require(actor, Perm.CREATE)
    name, email, phone = _clean_name(full_name), clean_email(email), _clean_phone(phone)
    temp: Path | None = None
    if resume is not None:
        upload = storage.write_temp_file(resume)
        temp = upload.path
    saved: Path | None = None
    try:
        if temp is not None:
            storage.check_pdf_header_and_size(upload.head, upload.size)
            parser.validate_pdf(temp)
        with session_scope() as s:
            _ensure_email_free(s, email)
            row = Candidate(full_name=name, email=email, phone=phone, parse_status="no_resume")
            if temp is not None:
                row.parse_status, row.parse_stage = "pending", "queued"
                row.resume_filename, row.resume_size = clean_filename(filename), upload.size
                row.resume_sha256 = upload.sha256
            s.add(row)
            s.flush()
            if temp is not None:
                saved = storage.save_resume_file(temp, row.id)
                temp = None
                row.resume_path = str(saved)
            s.flush()
            record = CandidateRecord.from_row(row)
            audit.record(s, actor, audit.CREATE, record.id, "with resume" if saved else "no resume")
    except IntegrityError:
        _discard(saved)
        raise DuplicateError(f"A candidate with the email {email} already exists.") from None
    except BaseException:
        _discard(saved)
        raise
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
    log.info("candidate %s created (%s)", record.id, "with resume" if saved else "no resume")
    if saved is not None:
        jobs.wake()
    return record


def _discard(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


def _get(candidate_id: int) -> CandidateRecord:
    with session_scope(readonly=True) as s:
        return CandidateRecord.from_row(_get_row(s, candidate_id))


def get_candidate(actor: UserRecord, candidate_id: int) -> CandidateRecord:
    require(actor, Perm.VIEW)
    return _get(candidate_id)


def find_candidate(actor: UserRecord, candidate_id: int) -> CandidateRecord | None:
    """Like get_candidate, but None when it is gone (e.g. deleted by a colleague)."""
    try:
        return get_candidate(actor, candidate_id)
    except NotFoundError:
        return None


def _filtered(query, search: str | None, status: str | None):
    if search and len(search.strip()) > MAX_SEARCH:
        raise ValidationError(f"The search is longer than {MAX_SEARCH} characters; shorten it.")
    if search:
        storable(search, "The search")
    if search and search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Candidate.full_name).like(pattern), Candidate.email.like(pattern)))
    if status:
        if status not in STATUSES:
            raise ValidationError(f"Unknown status {status!r}; use one of {', '.join(STATUSES)}.")
        query = query.where(Candidate.parse_status == status)
    return query


def list_candidates(
    actor: UserRecord, search: str | None = None, status: str | None = None, page: int = 1, page_size: int = 50
) -> CandidatePage:
    """Newest first, one page at a time; search matches name or email."""
    require(actor, Perm.VIEW)
    page, page_size = max(1, int(page)), min(max(1, int(page_size)), 1000)
    with session_scope(readonly=True) as s:
        total = s.execute(_filtered(select(func.count(Candidate.id)), search, status)).scalar_one()
        rows = s.execute(
            _filtered(select(Candidate), search, status)
            .order_by(Candidate.created_at.desc(), Candidate.id.desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        ).scalars().all()
        items = [CandidateRecord.from_row(r) for r in rows]
    return CandidatePage(items=items, total=total, page=page, page_size=page_size)


def status_counts(actor: UserRecord) -> dict[str, int]:
    require(actor, Perm.VIEW)
    with session_scope(readonly=True) as s:
        rows = s.execute(select(Candidate.parse_status, func.count()).group_by(Candidate.parse_status)).all()
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({status: n for status, n in rows})
    return counts


def update_candidate(
    actor: UserRecord, candidate_id: int, *, full_name: str | None = None, email: str | None = None, phone: str | None = None
) -> CandidateRecord:
    """Change the contact fields; None leaves a field as it is, "" clears the phone."""
    actor = require(actor, Perm.EDIT)
    with session_scope() as s:
        row = _get_row(s, candidate_id)
        before = (row.full_name, row.email, row.phone)
        if full_name is not None:
            row.full_name = _clean_name(full_name)
        if email is not None:
            clean = clean_email(email)
            _ensure_email_free(s, clean, except_id=candidate_id)
            row.email = clean
        if phone is not None:
            row.phone = _clean_phone(phone)
        changed = [n for n, old, new in zip(("full_name", "email", "phone"), before,
                                            (row.full_name, row.email, row.phone)) if old != new]
        if changed:  # the log names the fields, not the values (no personal data kept there)
            audit.record(s, actor, audit.EDIT, candidate_id, ", ".join(changed))
        s.flush()
        return CandidateRecord.from_row(row)


def reparse_candidate(actor: UserRecord, candidate_id: int) -> CandidateRecord:
    """Queue the resume again; pressing it while a job is queued or running changes nothing."""
    actor = require(actor, Perm.REPARSE)
    now = utcnow()
    with session_scope() as s:
        row = _get_row(s, candidate_id)
        if row.resume_path is None:
            raise ValidationError("This candidate has no resume to parse.")
        result = s.execute(
            update(Candidate)
            .where(
                Candidate.id == candidate_id,
                or_(
                    Candidate.parse_status != "pending",
                    Candidate.lease_expires_at < now,  # its worker died
                ),
            )
            # A new request gets a fresh attempt budget (JOB_MAX_ATTEMPTS).
            .values(parse_status="pending", parse_stage="queued", parse_error=None, parse_attempts=0,
                    next_attempt_at=None, lease_owner=None, lease_expires_at=None)
            .execution_options(synchronize_session=False)
        )
        queued = result.rowcount == 1
        if queued:
            audit.record(s, actor, audit.REPARSE, candidate_id)
    if queued:
        jobs.wake()
    return _get(candidate_id)


def delete_candidate(actor: UserRecord, candidate_id: int) -> None:
    """Remove the row and its file; a file already gone is not an error."""
    actor = require(actor, Perm.DELETE)
    with session_scope() as s:
        s.delete(_get_row(s, candidate_id))
        audit.record(s, actor, audit.DELETE, candidate_id)
    if not storage.delete_resume_file(candidate_id):
        log.info("candidate %s deleted; its file was already gone", candidate_id)


_MESSAGES = {
    "no_resume": "No resume was uploaded.",
    "completed": "The resume was parsed.",
}


def parsing_status(actor: UserRecord, candidate_id: int) -> dict:
    """Where parsing is: the status, a sentence for people, whether the stored file and the
    parsed data exist, and the file's path. The API's parsing-status endpoint serves it with
    `resume_url` (the download address) in place of `resume_path`."""
    c = get_candidate(actor, candidate_id)
    if c.parse_status == "pending":
        stage = c.parse_stage or "queued"
        message = "Parsing is queued." if stage == "queued" else f"Parsing is in progress ({stage})."
    elif c.parse_status == "failed":
        message = f"Parsing failed: {c.parse_error or 'unknown reason'}"
    else:
        message = _MESSAGES[c.parse_status]
    return {
        "candidate_id": c.id,
        "parsing_status": c.parse_status,
        "message": message,
        "has_resume_file": storage.get_resume_file_path(c.id) is not None,
        "has_parsed_data": c.parsed_resume is not None,
        "resume_path": c.resume_path,
    }


# --- downloads and exports --------------------------------------------------------------

def _read_resume(candidate_id: int) -> tuple[str, bytes]:
    c = _get(candidate_id)
    data = storage.read_resume_file(candidate_id)
    if data is None:
        raise NotFoundError(f"Candidate #{candidate_id} has no resume file.")
    return c.resume_filename or f"{candidate_id}.pdf", data


def resume_download(actor: UserRecord, candidate_id: int, *, purpose: str = "download") -> tuple[str, bytes]:
    """(original file name, exact stored bytes) of one candidate's resume, recorded.

    Call it when the bytes go out (a download button's data callable runs on the click), so
    the audit row says who actually took the file. `purpose` ("download", "preview") is
    written to the row.
    """
    actor = require(actor, Perm.DOWNLOAD)
    name, data = _read_resume(candidate_id)
    audit.record_now(actor, audit.DOWNLOAD, [candidate_id], purpose)
    return name, data


def resumes_zip(actor: UserRecord, candidate_ids: list[int]) -> bytes:
    """Several resumes as one ZIP, each under its original name (made unique).

    One audit row per candidate whose resume is in the ZIP.
    """
    actor = require(actor, Perm.DOWNLOAD)
    buffer, used, included = io.BytesIO(), set(), []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for candidate_id in dict.fromkeys(candidate_ids):
            try:
                name, data = _read_resume(candidate_id)
            except NotFoundError:
                continue
            stem, n = re.sub(r"\.pdf$", "", name, flags=re.I), 1
            while name.lower() in used:
                n += 1
                name = f"{stem} ({n}).pdf"
            used.add(name.lower())
            zf.writestr(name, data)
            included.append(candidate_id)
    if included:
        audit.record_now(actor, audit.DOWNLOAD, included, f"ZIP of {len(included)}")
    return buffer.getvalue()


EXPORT_COLUMNS = ("id", "full_name", "email", "phone", "parse_status", "parse_error",
                  "resume_filename", "resume_size", "created_at")


def export_csv(actor: UserRecord, search: str | None = None, status: str | None = None) -> bytes:
    """Every candidate matching the filters as CSV (no resume contents); one audit row."""
    actor = require(actor, Perm.EXPORT)
    with session_scope(readonly=True) as s:
        rows = s.execute(
            _filtered(select(Candidate), search, status).order_by(Candidate.created_at.desc(), Candidate.id.desc())
        ).scalars().all()
        items = [CandidateRecord.from_row(r) for r in rows]
    data = csv_bytes(EXPORT_COLUMNS, items)
    filters = ", ".join(f"{k}={v!r}" for k, v in (("search", search), ("status", status)) if v)
    audit.record_now(actor, audit.EXPORT, detail=f"candidates CSV, {len(items)} rows" + (f" ({filters})" if filters else ""))
    return data
