"""Request and response models: what the OpenAPI document says each endpoint takes and gives."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.candidates import STATUSES
from core.sources import SOURCES

ParseStatus = Literal[STATUSES]  # type: ignore[valid-type]  # the values core.candidates.STATUSES


class Error(BaseModel):
    """Every error response: one sentence that says what is wrong."""

    detail: str = Field(examples=["There is no candidate #7."])


class CandidateIn(BaseModel):
    """The `candidate_in` form field, a JSON object (core validates and normalises the values).

    Every field may be left out when a resume is sent, so an unknown key (a typo such as
    `emial`) is refused rather than ignored: it would otherwise add a candidate without it."""

    model_config = ConfigDict(extra="forbid")

    full_name: str | None = Field(default=None, examples=["Ada Lovelace"],
                                  description="May be left out when a resume is sent: the parse fills it.")
    email: str | None = Field(default=None, examples=["ada@example.com"],
                              description="May be left out when a resume is sent: the parse fills it.")
    phone: str | None = Field(default=None, examples=["+44 20 7946 0958", "0044 20 7946 0958"])
    source: Literal[SOURCES] = Field(default="api", description="Where the resume came from.")  # type: ignore[valid-type]
    source_detail: str | None = Field(default=None, max_length=200, examples=["careers page"],
                                      description="Which client, batch or referrer.")


class Candidate(BaseModel):
    id: int
    full_name: str = Field(description="While the parse has yet to read it: the file's name in brackets.")
    email: str | None = Field(description="Null until known (the parse fills it, or found none: needs_review).")
    phone: str | None = Field(description="International format, with any extension.")
    phone_e164: str | None
    phone_typed: str | None = Field(description="The phone as it was typed (or printed on the resume).")
    needs_review: bool = Field(description="The parse left the candidate without an email or a name.")
    review_reason: str | None
    resume_url: str | None = Field(description="Where to download the PDF: this API's /candidates/{id}/resume "
                                                    "(null when no resume was uploaded).")
    resume_filename: str | None = Field(description="The uploaded file's name (used for downloads).")
    resume_size: int | None
    resume_sha256: str | None
    resume_uploaded_at: datetime | None
    parse_status: ParseStatus
    parse_stage: str | None = Field(description="While pending: queued, extracting, parsing or saving.")
    parse_error: str | None
    parse_attempts: int
    parsed_resume: dict[str, Any] | None = Field(description="The JSON Resume document once completed.")
    parser_backend: str | None
    hidden_text: str | None = Field(description="Text the PDF hides from a reader (ignored for the fields).")
    parsed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    source: str = Field(description="Where the resume came from: upload, bulk, api, referral or other.")
    source_detail: str | None = Field(description="A batch name, who referred the candidate, which client.")
    consent_until: date | None = Field(description="The day the candidate's consent to be kept ends.")


class CandidateList(BaseModel):
    items: list[Candidate]
    total: int
    page: int
    page_size: int
    pages: int


class ParsingStatus(BaseModel):
    """The parsing-status document, exactly these keys."""

    model_config = ConfigDict(extra="forbid")

    candidate_id: int
    parsing_status: ParseStatus
    message: str
    has_resume_file: bool
    has_parsed_data: bool
    resume_url: str | None = Field(description="Where to download the PDF (null when no resume was uploaded).")


IntakePhase = Literal["queued", "parsing", "done", "needs review", "failed", "skipped"]


class IntakeItem(BaseModel):
    position: int
    filename: str = Field(description="The file's name; a ZIP member as `archive.zip › folder/name.pdf`.")
    phase: IntakePhase
    reason: str | None = Field(description="Why it was skipped or failed, or what needs review.")
    candidate_id: int | None
    name: str | None
    email: str | None
    phone: str | None
    duplicate_of: list[tuple[int, str]] = Field(description="(candidate id, rule) of possible duplicates.")


class IntakeBatch(BaseModel):
    id: int
    created_at: datetime
    counts: dict[str, int]
    in_flight: bool
    items: list[IntakeItem]


# --- notes, tags, timeline, privacy (api/routes/privacy.py) -------------------------------

class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=20_000, examples=["Strong on SQL; call back Monday."],
                      description="Plain text (line breaks kept); at most 5000 characters once trimmed.")


class Note(BaseModel):
    id: int
    candidate_id: int
    author_email: str
    text: str
    created_at: datetime
    updated_at: datetime


class Tags(BaseModel):
    tags: list[str] = Field(examples=[["java", "shortlist"]])


class TagsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tags: list[str] = Field(max_length=100, examples=[["java", "shortlist"]],
                            description="Free tags: lower-cased, at most 40 characters each.")


class TagCount(BaseModel):
    tag: str
    candidates: int


class TagChange(BaseModel):
    """Tags added to and removed from several candidates at once."""

    model_config = ConfigDict(extra="forbid")

    candidate_ids: list[int] = Field(min_length=1, max_length=1000)
    add: list[str] = Field(default=[], max_length=100)
    remove: list[str] = Field(default=[], max_length=100)


class TagChangeResult(BaseModel):
    changed: int = Field(description="How many candidates had a tag added or removed.")


class TimelineEntry(BaseModel):
    at: datetime
    who: str
    action: str
    what: str


class EraseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=500, examples=["erasure request of 2026-11-30"],
                        description="Why; kept in the audit log (the candidate's name, email and phone are cut out).")


class RetentionItem(BaseModel):
    candidate_id: int
    full_name: str
    email: str | None
    created_at: datetime
    last_activity: datetime
    consent_until: date | None
    reason: str
