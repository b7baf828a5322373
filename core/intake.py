"""Resumes arriving: attached to (or replacing) a candidate's file, and many at once in bulk.

Bulk intake takes PDFs and ZIPs of PDFs (a job fair's folder, an agency's archive, an inbox
export). Every PDF becomes a candidate at once, `pending`, its contacts filled by the parse;
every file that does not becomes a line saying why (skipped: not a PDF, a path leaving the
archive; refused: too large, not readable). The batch's caps (BULK_MAX_FILES, BULK_MAX_UNZIPPED_MB)
are checked before anything is created, from the ZIPs' directories, so a ZIP bomb is never
unpacked. Member paths are never used as file names: a stored file is always `{id}.pdf`, so
a `../` member cannot write anywhere; it is listed as skipped.
"""
from __future__ import annotations

import io
import logging
import posixpath
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from core import audit, contacts, jobs, parser, storage
from core.accounts import UserRecord
from core.candidates import CandidateRecord, _get_row, clean_filename, create_candidate
from core.config import get_settings
from core.db import session_scope
from core.errors import NotFoundError, ResumeDeskError, ValidationError
from core.models import Candidate, DuplicatePair, IntakeBatch, IntakeItem, utcnow
from core.permissions import Perm, require
from core.validation import one_line, valid_id

log = logging.getLogger(__name__)

MAX_SHOWN_NAME = 300  # characters of a file or member name kept for the progress view


# --- attach or replace ---------------------------------------------------------------------

def attach_resume(actor: UserRecord, candidate_id: int, resume: bytes | BinaryIO,
                  filename: str | None = None) -> CandidateRecord:
    """Give a candidate a resume, or replace the one it has, and parse it again.

    The new file takes the old one's place in one rename (never a moment without a file);
    if the database change fails the old file is put back, and no temporary file stays. A
    parse of the old file still running writes nothing (its lease is gone). Contact fields
    still empty are filled from the new parse; typed ones are kept.
    """
    actor = require(actor, Perm.EDIT)
    upload = storage.write_temp_file(resume)
    temp: Path | None = upload.path
    installed: storage.Installed | None = None
    try:
        storage.check_pdf_header_and_size(upload.head, upload.size)
        parser.validate_pdf(upload.path)
        with session_scope() as s:
            row = _get_row(s, candidate_id)
            replaced = row.resume_path is not None
            row.resume_filename, row.resume_size = clean_filename(filename), upload.size
            row.resume_sha256, row.resume_uploaded_at = upload.sha256, utcnow()
            row.parse_status, row.parse_stage, row.parse_error, row.parse_attempts = "pending", "queued", None, 0
            row.next_attempt_at = row.lease_owner = row.lease_expires_at = None
            row.parsed_resume = row.parser_backend = row.hidden_text = row.parsed_at = None
            row.fill_from_parse = ",".join(contacts.missing(row)) or None
            contacts.record_pairs(s, row.id, contacts.find_matches(
                s, contacts.Probe(upload.sha256, None, frozenset(), frozenset()), exclude_id=row.id))
            installed = storage.install_resume_file(upload.path, candidate_id)
            temp = None
            row.resume_path = str(installed.target)
            action = audit.RESUME_REPLACE if replaced else audit.RESUME_ATTACH
            audit.record(s, actor, action, candidate_id, f"{upload.size} bytes")
            s.flush()
            record = CandidateRecord.from_row(row)
    except BaseException:
        if installed is not None:
            installed.undo()
        raise
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
    installed.keep()
    log.info("candidate %s: resume %s", candidate_id, "replaced" if replaced else "attached")
    jobs.wake()
    return record


# --- bulk intake ---------------------------------------------------------------------------

@dataclass
class _Entry:
    """One file to take in: a PDF to create a candidate from, or a line saying why not."""
    name: str
    read: object = None          # () -> bytes, for a PDF
    outcome: str = "created"     # created / skipped / refused
    reason: str | None = None


def _shown(name: str) -> str:
    return one_line("".join(c for c in str(name) if c.isprintable()), MAX_SHOWN_NAME) or "(no name)"


def _unsafe(member: str) -> bool:
    path = member.replace("\\", "/")
    return path.startswith("/") or (len(path) > 1 and path[1] == ":") or ".." in path.split("/")


def _is_pdf_name(name: str) -> bool:
    return name.lower().endswith(".pdf")


def _zip_entries(label: str, archive: zipfile.ZipFile) -> list[_Entry]:
    limit = get_settings().max_resume_bytes
    entries = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = f"{label} › {_shown(info.filename)}"
        base = posixpath.basename(info.filename.replace("\\", "/"))
        if _unsafe(info.filename):
            entries.append(_Entry(name, outcome="skipped", reason="its path leaves the ZIP's folder; not read"))
        elif info.filename.startswith("__MACOSX/") or base.startswith("._"):
            entries.append(_Entry(name, outcome="skipped", reason="macOS file metadata, not a resume"))
        elif base.lower().endswith(".zip"):
            entries.append(_Entry(name, outcome="skipped", reason="a ZIP inside a ZIP is not opened"))
        elif not _is_pdf_name(base):
            entries.append(_Entry(name, outcome="skipped", reason="not a PDF"))
        elif info.flag_bits & 0x1:
            entries.append(_Entry(name, outcome="skipped", reason="encrypted in the ZIP; unpack it and add the PDF"))
        elif info.file_size > limit:
            entries.append(_Entry(name, outcome="refused", reason=storage.too_large_message(info.file_size)))
        else:
            entries.append(_Entry(name, read=_member_reader(archive, info, limit)))
    return entries


def _member_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int):
    def read() -> bytes:
        with archive.open(info) as member:  # reads at most the cap + 1, whatever the directory claims
            return member.read(limit + 1)
    return read


def _expand(files: list[tuple[str, bytes | BinaryIO]]) -> tuple[list[_Entry], list[zipfile.ZipFile]]:
    """Every file of the batch as entries, ZIPs opened (their directories only); ValidationError
    when the batch is over a cap (nothing is created then)."""
    settings = get_settings()
    entries, archives, unzipped = [], [], 0
    for raw_name, data in files:
        label = _shown(raw_name)
        stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
        if label.lower().endswith(".zip"):
            try:
                archive = zipfile.ZipFile(stream)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                log.info("bulk intake: %s is not a readable ZIP (%s)", label, exc)
                entries.append(_Entry(label, outcome="refused", reason="not a readable ZIP file"))
                continue
            archives.append(archive)
            unzipped += sum(i.file_size for i in archive.infolist())
            entries += _zip_entries(label, archive)
        else:
            entries.append(_Entry(label, read=lambda data=data: data))
    if unzipped > settings.bulk_max_unzipped_mb * 1048576:
        raise ValidationError(f"The ZIPs unpack to {unzipped / 1048576:.0f} MB; the limit for one intake is "
                              f"{settings.bulk_max_unzipped_mb:g} MB (BULK_MAX_UNZIPPED_MB). Nothing was added.")
    if len(entries) > settings.bulk_max_files:
        raise ValidationError(f"That is {len(entries)} files; one intake takes at most {settings.bulk_max_files} "
                              "(BULK_MAX_FILES). Nothing was added; split the batch.")
    return entries, archives


def bulk_intake(actor: UserRecord, files: list[tuple[str, bytes | BinaryIO]], on_progress=None) -> int:
    """Take in many PDFs and ZIPs of PDFs: one candidate per PDF, a line per other file.

    Returns the batch's id. One audit row per candidate and one for the batch. A PDF that is
    refused (too large, unreadable) creates nothing and is listed with the reason; the others
    are added all the same. `on_progress(done, total)` is called after each file.
    """
    actor = require(actor, Perm.CREATE)
    if not files:
        raise ValidationError("Choose at least one PDF or ZIP file.")
    entries, archives = _expand(files)
    with session_scope() as s:
        batch = IntakeBatch(actor_id=actor.id, actor_email=actor.email, files=len(entries))
        s.add(batch)
        s.flush()
        batch_id = batch.id
    try:
        for position, entry in enumerate(entries):
            candidate_id = None
            if entry.outcome == "created":
                try:
                    record = create_candidate(actor, None, None, None, entry.read(), entry.name.split(" › ")[-1],
                                              audit_detail=f"bulk intake #{batch_id}",
                                              source="bulk", source_detail=f"batch #{batch_id}")
                    candidate_id = record.id
                except ResumeDeskError as exc:
                    entry.outcome, entry.reason = "refused", str(exc)
                except (zipfile.BadZipFile, OSError, EOFError) as exc:  # a damaged member
                    log.info("bulk intake #%s: %s could not be read (%s)", batch_id, entry.name, exc)
                    entry.outcome, entry.reason = "refused", "could not be read from the ZIP (damaged?)"
            with session_scope() as s:
                s.add(IntakeItem(batch_id=batch_id, position=position, filename=entry.name,
                                 outcome=entry.outcome, reason=entry.reason, candidate_id=candidate_id))
            if on_progress is not None:
                on_progress(position + 1, len(entries))
    finally:
        for archive in archives:
            archive.close()
    counts = Counter(e.outcome for e in entries)
    summary = ", ".join(f"{n} {outcome}" for outcome, n in counts.items())
    audit.record_now(actor, audit.BULK_INTAKE, detail=f"batch #{batch_id}: {len(entries)} files ({summary})")
    log.info("bulk intake #%s by %s: %s", batch_id, actor.email, summary)
    return batch_id


# --- progress --------------------------------------------------------------------------------

PHASES = ("queued", "parsing", "done", "needs review", "failed", "skipped")


@dataclass(frozen=True)
class ItemView:
    position: int
    filename: str
    phase: str                 # one of PHASES
    reason: str | None
    candidate_id: int | None
    name: str | None
    email: str | None
    phone: str | None
    duplicate_of: list[tuple[int, str]] = field(default_factory=list)  # (id, rule)


@dataclass(frozen=True)
class BatchView:
    id: int
    created_at: datetime
    actor_email: str
    items: list[ItemView]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(PHASES, 0)
        counts.update(Counter(i.phase for i in self.items))
        return counts

    @property
    def duplicates(self) -> int:
        return sum(1 for i in self.items if i.duplicate_of)

    @property
    def in_flight(self) -> bool:
        return any(i.phase in ("queued", "parsing") for i in self.items)


def _phase(item: IntakeItem, c: Candidate | None) -> tuple[str, str | None]:
    if item.outcome != "created":
        return ("skipped" if item.outcome == "skipped" else "failed"), item.reason
    if c is None:
        return "skipped", "the candidate was removed since"
    if c.parse_status == "pending":
        return ("queued" if (c.parse_stage or "queued") == "queued" else "parsing"), c.parse_error
    if c.parse_status == "failed":
        return "failed", c.parse_error
    if c.needs_review:
        return "needs review", c.review_reason
    return "done", None


def batch_progress(actor: UserRecord, batch_id: int) -> BatchView:
    """Where each file of a batch is, read in three queries (the page reruns it every second)."""
    require(actor, Perm.VIEW)
    if not valid_id(batch_id):
        raise NotFoundError(f"There is no intake batch #{batch_id}.")
    with session_scope(readonly=True) as s:
        batch = s.get(IntakeBatch, batch_id)
        if batch is None:
            raise NotFoundError(f"There is no intake batch #{batch_id}.")
        rows = s.execute(
            select(IntakeItem, Candidate).outerjoin(Candidate, Candidate.id == IntakeItem.candidate_id)
            .where(IntakeItem.batch_id == batch_id).order_by(IntakeItem.position)
        ).all()
        ids = [c.id for _, c in rows if c is not None]
        pairs: dict[int, list[tuple[int, str]]] = {}
        if ids:
            for p in s.execute(select(DuplicatePair).where(
                    DuplicatePair.dismissed_at.is_(None),
                    DuplicatePair.candidate_id.in_(ids) | DuplicatePair.other_id.in_(ids))).scalars():
                pairs.setdefault(p.candidate_id, []).append((p.other_id, p.rule))
                pairs.setdefault(p.other_id, []).append((p.candidate_id, p.rule))
        items = []
        for item, c in rows:
            phase, reason = _phase(item, c)
            items.append(ItemView(
                position=item.position, filename=item.filename, phase=phase, reason=reason,
                candidate_id=c.id if c else None, name=c.full_name if c else None,
                email=c.email if c else None, phone=c.phone if c else None,
                duplicate_of=sorted(pairs.get(c.id, [])) if c else []))
        return BatchView(id=batch.id, created_at=batch.created_at, actor_email=batch.actor_email, items=items)


def recent_batches(actor: UserRecord, limit: int = 20) -> list[tuple[int, datetime, str, int]]:
    """(id, when, who, files) of the latest batches, newest first."""
    require(actor, Perm.VIEW)
    with session_scope(readonly=True) as s:
        rows = s.execute(select(IntakeBatch.id, IntakeBatch.created_at, IntakeBatch.actor_email, IntakeBatch.files)
                         .order_by(IntakeBatch.id.desc()).limit(max(1, min(int(limit), 200)))).all()
    return [tuple(r) for r in rows]
