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
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from core import audit, changes, contacts, jobs, parser, storage
from core import resume_facts as facts
from core import search as search_engine
from core.accounts import UserRecord
from core.config import get_settings
from core.csv_export import csv_rows, xlsx_rows
from core.db import session_scope
from core.contacts import clean_name
from core.errors import DuplicateError, NotFoundError, PossibleDuplicate, ValidationError
from core.models import STATUSES, Candidate, utcnow
from core.permissions import Perm, require
from core.phones import parse_phone
from core.sources import clean_source
from core.validation import clean_email, one_line, valid_id

log = logging.getLogger(__name__)

NEEDS_REVIEW = search_engine.NEEDS_REVIEW  # a filter beside the statuses: no email or no name after the parse
MAX_SEARCH = search_engine.MAX_SEARCH


@dataclass(frozen=True)
class CandidateRecord:
    """A candidate as the use cases return it: the table's columns minus the job's lease."""

    id: int
    full_name: str
    email: str | None
    phone: str | None
    phone_e164: str | None
    phone_typed: str | None
    name_key: str | None
    fill_from_parse: str | None
    needs_review: bool
    review_reason: str | None
    resume_path: str | None
    resume_filename: str | None
    resume_size: int | None
    resume_sha256: str | None
    resume_uploaded_at: datetime | None
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
    source: str = "upload"
    source_detail: str | None = None
    consent_until: date | None = None

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
    full_name: str | None,
    email: str | None,
    phone: str | None = None,
    resume: bytes | BinaryIO | None = None,
    filename: str | None = None,
    *,
    on_duplicate: str = "keep",
    audit_detail: str | None = None,
    source: str = "upload",
    source_detail: str | None = None,
) -> CandidateRecord:
    """Store the candidate and its PDF now; parse in the background; return at once.

    With a resume, any contact field may be left empty: the parse fills it (typed values
    always win), and a candidate the parse leaves without an email or a name is flagged for
    review. The same email as another candidate is refused; the softer duplicate rules (same
    file, phone, name) raise PossibleDuplicate with `on_duplicate="warn"` (nothing stored), or
    are recorded as pairs to review with "keep". `source` and `source_detail` say where the
    resume came from (core/sources.py).
    """
    actor = require(actor, Perm.CREATE)
    if on_duplicate not in ("keep", "warn"):
        raise ValueError(f"on_duplicate must be 'keep' or 'warn', not {on_duplicate!r}")
    source, source_detail = clean_source(source, source_detail)
    with_file = resume is not None
    name = clean_name(full_name) if one_line(full_name, 1) or not with_file else None
    email = clean_email(email) if (str(email or "").strip() or not with_file) else None
    phone = parse_phone(phone)
    temp: Path | None = None
    if with_file:
        upload = storage.write_temp_file(resume)
        temp = upload.path
    saved: Path | None = None
    try:
        if temp is not None:
            storage.check_pdf_header_and_size(upload.head, upload.size)
            parser.validate_pdf(temp)
        with session_scope() as s:
            if email is not None:
                _ensure_email_free(s, email)
            row = Candidate(email=email, parse_status="no_resume", source=source, source_detail=source_detail)
            contacts.set_name(row, name or contacts.placeholder_name(filename), placeholder=name is None)
            contacts.set_phone(row, phone)
            if temp is not None:
                row.parse_status, row.parse_stage = "pending", "queued"
                row.resume_filename, row.resume_size = clean_filename(filename), upload.size
                row.resume_sha256, row.resume_uploaded_at = upload.sha256, utcnow()
                row.fill_from_parse = ",".join(contacts.missing(row)) or None
            matches = contacts.find_matches(s, contacts.probe(row))
            if matches and on_duplicate == "warn":
                raise PossibleDuplicate(_duplicate_message(matches), matches)
            s.add(row)
            s.flush()
            if temp is not None:
                saved = storage.save_resume_file(temp, row.id)
                temp = None
                row.resume_path = str(saved)
            contacts.record_pairs(s, row.id, matches)
            s.flush()
            search_engine.index_candidate(s, row.id)
            record = CandidateRecord.from_row(row)
            detail = audit_detail or ("with resume" if saved else "no resume")
            audit.record(s, actor, audit.CREATE, record.id, detail)
    except IntegrityError:
        _discard(saved)
        raise DuplicateError(f"A candidate with the email {email} already exists.") from None
    except BaseException:
        _discard(saved)
        raise
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
    changes.forget()
    log.info("candidate %s created (%s)", record.id, "with resume" if saved else "no resume")
    if saved is not None:
        jobs.wake()
    return record


def _duplicate_message(matches: list[contacts.Match]) -> str:
    first = matches[0]
    more = f" (and {len(matches) - 1} more)" if len(matches) > 1 else ""
    return f"This looks like candidate #{first.other_id} {first.other_name}: {first.reason}{more}."


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


def _filters(search: str | None, status: str | None, extra: dict) -> search_engine.Filters:
    unknown = extra.keys() - set(search_engine.Filters.__dataclass_fields__)
    if unknown:
        raise TypeError(f"unknown filters: {', '.join(sorted(unknown))}")
    if status and status not in STATUSES + (NEEDS_REVIEW,):
        raise ValidationError(f"Unknown status {status!r}; use one of {', '.join(STATUSES + (NEEDS_REVIEW,))}.")
    return search_engine.Filters(search=search, status=status or None, **extra)


def _dialect(s) -> str:
    return s.get_bind().dialect.name


def list_candidates(
    actor: UserRecord, search: str | None = None, status: str | None = None, page: int = 1,
    page_size: int = 50, **filters,
) -> CandidatePage:
    """One page of the candidates matching the filters (core.search.Filters: skill, location,
    employer, min_years, max_years, added_from, added_to), best match first when searching,
    else newest first. A page past the last one is the last one."""
    require(actor, Perm.VIEW)
    f = _filters(search, status, filters)
    page, page_size = max(1, int(page)), min(max(1, int(page_size)), 1000)
    with session_scope(readonly=True) as s:
        dialect = _dialect(s)
        counted = search_engine.apply(select(func.count(Candidate.id)), f, dialect, ranked=False)
        total = s.execute(counted).scalar_one()
        page = min(page, max(1, -(-total // page_size)))
        rows = s.execute(
            search_engine.apply(select(Candidate), f, dialect).offset((page - 1) * page_size).limit(page_size)
        ).scalars().all()
        items = [CandidateRecord.from_row(r) for r in rows]
    return CandidatePage(items=items, total=total, page=page, page_size=page_size)


def skill_choices(actor: UserRecord) -> list[str]:
    """The skills present in parsed resumes, most common first: the skill filter's choices."""
    require(actor, Perm.VIEW)
    with session_scope(readonly=True) as s:
        return [label for label, _n in search_engine.skill_options(s)]


def adjacent_ids(actor: UserRecord, candidate_id: int) -> tuple[int | None, int | None]:
    """The candidates before and after this one in the table's default order (newest first):
    (newer, older), None at either end or when it is gone."""
    require(actor, Perm.VIEW)
    with session_scope(readonly=True) as s:
        here = s.execute(select(Candidate.created_at).where(Candidate.id == candidate_id)).scalar() \
            if valid_id(candidate_id) else None
        if here is None:
            return None, None
        newer = s.execute(select(Candidate.id).where(or_(Candidate.created_at > here, and_(
            Candidate.created_at == here, Candidate.id > candidate_id)))
            .order_by(Candidate.created_at, Candidate.id).limit(1)).scalar()
        older = s.execute(select(Candidate.id).where(or_(Candidate.created_at < here, and_(
            Candidate.created_at == here, Candidate.id < candidate_id)))
            .order_by(Candidate.created_at.desc(), Candidate.id.desc()).limit(1)).scalar()
    return newer, older


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
    """Change the contact fields; None leaves a field as it is, "" clears the phone.

    A field set here is no longer filled from a parse still running (typed values win), and
    the needs-review flag is cleared once the candidate has an email and a name.
    """
    actor = require(actor, Perm.EDIT)
    with session_scope() as s:
        row = _get_row(s, candidate_id)
        before = (row.full_name, row.email, row.phone_typed)
        typed = set()
        if full_name is not None:
            contacts.set_name(row, clean_name(full_name))
            typed.add("full_name")
        if email is not None and (email.strip() or row.email is not None):  # "" keeps a missing one missing
            clean = clean_email(email)
            _ensure_email_free(s, clean, except_id=candidate_id)
            row.email = clean
            typed.add("email")
        if phone is not None:
            contacts.set_phone(row, parse_phone(phone))
            typed.add("phone")
        changed = [n for n, old, new in zip(("full_name", "email", "phone"), before,
                                            (row.full_name, row.email, row.phone_typed)) if old != new]
        if row.fill_from_parse:
            row.fill_from_parse = ",".join(f for f in row.fill_from_parse.split(",") if f not in typed) or None
        if row.parse_status != "pending" or row.needs_review:
            contacts.review(row)
        if changed:  # the log names the fields, not the values (no personal data kept there)
            audit.record(s, actor, audit.EDIT, candidate_id, ", ".join(changed))
            s.flush()
            search_engine.index_candidate(s, candidate_id)
        s.flush()
        record = CandidateRecord.from_row(row)
    changes.forget()
    return record


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
        changes.forget()
        jobs.wake()
    return _get(candidate_id)


def delete_candidate(actor: UserRecord, candidate_id: int) -> None:
    """Remove the row and its file; a file already gone is not an error."""
    actor = require(actor, Perm.DELETE)
    with session_scope() as s:
        row = _get_row(s, candidate_id)
        search_engine.remove_candidate(s, candidate_id)
        s.delete(row)
        s.flush()
        search_engine.purge(s)
        audit.record(s, actor, audit.DELETE, candidate_id)
    changes.forget()
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


STATUS_LABELS = {"no_resume": "no resume", "pending": "in progress", "completed": "completed", "failed": "failed",
                 NEEDS_REVIEW: "needs review"}
STAGE_LABELS = {"queued": "queued", "extracting": "reading PDF", "parsing": "parsing", "saving": "saving"}


def status_text(status: str, stage: str | None = None) -> str:
    """The status in words (a job in progress says its stage)."""
    if status == "pending" and stage:
        return STAGE_LABELS.get(stage, STATUS_LABELS["pending"])
    return STATUS_LABELS.get(status, status)


EXPORT_HEADER = ("id", "name", "email", "phone", "status", "title", "employer", "location", "years of experience",
                 "skills", "languages", "employers", "schools", "degrees", "problem", "resume file", "added")


def _export_row(c: CandidateRecord) -> list:
    doc = c.parsed_resume
    s = facts.summary(doc)
    return [c.id, c.full_name, c.email, c.phone, status_text(c.parse_status, c.parse_stage), s.title, s.employer,
            s.location, s.years, "; ".join(s.skills), "; ".join(facts.languages(doc)),
            "; ".join(facts.employers(doc)), "; ".join(facts.schools(doc)), "; ".join(facts.degrees(doc)),
            c.parse_error, c.resume_filename, c.created_at]


def _export(actor: UserRecord, kind: str, search: str | None, status: str | None, filters: dict) -> list[list]:
    """The rows of every candidate matching the filters, best match first; one audit row."""
    actor = require(actor, Perm.EXPORT)
    f = _filters(search, status, filters)
    with session_scope(readonly=True) as s:
        rows = s.execute(search_engine.apply(select(Candidate), f, _dialect(s))).scalars().all()
        table = [_export_row(CandidateRecord.from_row(r)) for r in rows]
    wanted = ", ".join(f"{k}={v!r}" for k, v in vars(f).items() if v)
    audit.record_now(actor, audit.EXPORT, detail=f"candidates {kind}, {len(table)} rows" + (f" ({wanted})" if wanted else ""))
    return table


def export_csv(actor: UserRecord, search: str | None = None, status: str | None = None, **filters) -> bytes:
    """Every candidate matching the filters, with what their resumes say, as CSV (UTF-8)."""
    return csv_rows(EXPORT_HEADER, _export(actor, "CSV", search, status, filters))


def export_xlsx(actor: UserRecord, search: str | None = None, status: str | None = None, **filters) -> bytes:
    """The same as export_csv, as an Excel workbook (dates and years as dates and numbers)."""
    return xlsx_rows(EXPORT_HEADER, _export(actor, "Excel", search, status, filters), sheet="Candidates")
