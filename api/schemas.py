"""Request and response models: what the OpenAPI document says each endpoint takes and gives."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.candidates import STATUSES

ParseStatus = Literal[STATUSES]  # type: ignore[valid-type]  # the values core.candidates.STATUSES


class Error(BaseModel):
    """Every error response: one sentence that says what is wrong."""

    detail: str = Field(examples=["There is no candidate #7."])


class CandidateIn(BaseModel):
    """The `candidate_in` form field, a JSON object (core validates and normalises the values)."""

    model_config = ConfigDict(extra="ignore")

    full_name: str = Field(examples=["Ada Lovelace"])
    email: str = Field(examples=["ada@example.com"])
    phone: str | None = Field(default=None, examples=["+44 20 7946 0958"])


class Candidate(BaseModel):
    id: int
    full_name: str
    email: str
    phone: str | None
    resume_url: str | None = Field(description="Where to download the PDF: this API's /candidates/{id}/resume "
                                                    "(null when no resume was uploaded).")
    resume_filename: str | None = Field(description="The uploaded file's name (used for downloads).")
    resume_size: int | None
    resume_sha256: str | None
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
