"""Every table, as SQLAlchemy 2.x models: what the migrations create and the code reads.

Timestamps are aware UTC datetimes on every backend (`AwareDateTime`), written with `utcnow()`.
Changing a model means a new migration (migrations/versions): `alembic revision --autogenerate`.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
                        literal_column)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class AwareDateTime(TypeDecorator):
    """SQLite forgets time zones; hand back aware UTC datetimes on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    pass


STATUSES = ("no_resume", "pending", "completed", "failed")  # candidates.parse_status


class Candidate(Base):
    """A candidate, their stored resume, and its parse job (the job queue is this table)."""

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # NULL until known: a resume added on its own gets its address from the parse (unique
    # allows any number of NULLs on SQLite and PostgreSQL).
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))  # for people: +44 20 7946 0958 ext. 12
    phone_e164: Mapped[str | None] = mapped_column(String(20))  # +442079460958: what duplicates match on
    phone_typed: Mapped[str | None] = mapped_column(String(100))  # as it was typed
    # The name folded for matching (no accents or case, words sorted); NULL while the name is
    # only a placeholder (the file's name) waiting for the parse.
    name_key: Mapped[str | None] = mapped_column(String(200))
    # Contact fields left empty at intake, to fill from the parse ("full_name,email,phone").
    fill_from_parse: Mapped[str | None] = mapped_column(String(40))
    # Set when the parse left the candidate without an email or a name; why, in words.
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    review_reason: Mapped[str | None] = mapped_column(String(500))
    resume_path: Mapped[str | None] = mapped_column(String(1000))  # the stored file, on the server
    resume_filename: Mapped[str | None] = mapped_column(String(255))
    resume_size: Mapped[int | None] = mapped_column(Integer)
    resume_sha256: Mapped[str | None] = mapped_column(String(64))
    resume_uploaded_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    parse_status: Mapped[str] = mapped_column(String(20), default="no_resume")
    parse_stage: Mapped[str | None] = mapped_column(String(20))
    parse_error: Mapped[str | None] = mapped_column(Text)
    parse_attempts: Mapped[int] = mapped_column(Integer, default=0)
    parsed_resume: Mapped[dict | None] = mapped_column(JSON)
    parser_backend: Mapped[str | None] = mapped_column(String(40))
    hidden_text: Mapped[str | None] = mapped_column(Text)
    parsed_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    # The job's lease: which process runs it and until when; an expired lease means the
    # process died and the job may be claimed again.
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    # After a transient failure the job waits until then (exponential backoff).
    next_attempt_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    # Where the resume came from (core/privacy.py SOURCES) and a detail: a batch name, a referrer.
    source: Mapped[str] = mapped_column(String(20), default="upload", server_default="upload")
    source_detail: Mapped[str | None] = mapped_column(String(200))
    # The candidate agreed to be kept until this day; past it the candidate is due for review.
    consent_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow, onupdate=utcnow)
    # Raised by every UPDATE of the row (ORM or Core statement alike): core/changes.py sums it
    # to tell that something changed, whatever order concurrent transactions commit in.
    change_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0",
                                              onupdate=literal_column("change_count + 1"))

    __table_args__ = (
        Index("ix_candidates_created_at", "created_at"),
        Index("ix_candidates_consent_until", "consent_until"),
        Index("ix_candidates_status_created", "parse_status", "created_at"),
        # core/changes.py: per status, the count and the newest change, read from the index alone
        Index("ix_candidates_status_updated", "parse_status", "updated_at", "change_count"),
        Index("ix_candidates_sha256", "resume_sha256"),
        Index("ix_candidates_phone_e164", "phone_e164"),
        Index("ix_candidates_name_key", "name_key"),
        Index("ix_candidates_needs_review", "needs_review"),
    )


class CandidateSearch(Base):
    """What search reads about a candidate (core/search.py), written in the transaction that
    writes the candidate or its parse. The *_text columns are folded words (lower case, no
    accents) separated by spaces; the database's own full-text engine indexes them, through
    objects the migration creates beside this table (SEARCH_ENGINE_OBJECTS)."""

    __tablename__ = "candidate_search"

    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True)
    name_text: Mapped[str] = mapped_column(Text, default="")
    contact_text: Mapped[str] = mapped_column(Text, default="")
    headline_text: Mapped[str] = mapped_column(Text, default="")
    skills_text: Mapped[str] = mapped_column(Text, default="")
    history_text: Mapped[str] = mapped_column(Text, default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    # Folded name, email and phone digits, one per line: matched as substrings (trigrams).
    contact_key: Mapped[str] = mapped_column(Text, default="")
    location_key: Mapped[str] = mapped_column(String(200), default="")
    employers_key: Mapped[str] = mapped_column(Text, default="")  # folded employers, one per line
    # Years of experience without re-indexing: months of finished jobs, plus every month since
    # the first month (a month index, core.resume_facts.month_index) of the earliest job still held.
    exp_closed_months: Mapped[int] = mapped_column(Integer, default=0)
    exp_open_since: Mapped[int | None] = mapped_column(Integer)


class CandidateSkill(Base):
    """One skill of a candidate's parsed resume: the skill filter and its list of choices."""

    __tablename__ = "candidate_skills"

    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True)
    skill: Mapped[str] = mapped_column(String(200), primary_key=True)  # folded
    label: Mapped[str] = mapped_column(String(200))  # as the resume spells it

    __table_args__ = (Index("ix_candidate_skills_skill", "skill"),)


# Made by the migration (0010_search) for the search engine of each database, not by these models:
# SQLite's FTS5 tables (with their shadow tables) and the triggers that keep them in step with
# candidate_search; PostgreSQL's tsvector column and the GIN indexes.
SEARCH_ENGINE_OBJECTS = ("candidate_fts", "candidate_trgm", "tsv", "ix_candidate_search_tsv",
                         "ix_candidate_search_contact_trgm")


def is_search_engine_object(name: str | None) -> bool:
    return bool(name) and any(name == o or name.startswith(o + "_") for o in SEARCH_ENGINE_OBJECTS)


class CandidateNote(Base):
    """A dated plain-text note a user wrote about a candidate (core/notes.py)."""

    __tablename__ = "candidate_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(Integer, ForeignKey("candidates.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: the note outlives the account
    author_email: Mapped[str] = mapped_column(String(320), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_candidate_notes_candidate", "candidate_id", "created_at"),)


class CandidateTag(Base):
    """One free tag on one candidate (core/tags.py); tags in use are the distinct values."""

    __tablename__ = "candidate_tags"

    candidate_id: Mapped[int] = mapped_column(Integer, ForeignKey("candidates.id", ondelete="CASCADE"),
                                              primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(320), default="")

    __table_args__ = (Index("ix_candidate_tags_tag", "tag"),)


class DuplicatePair(Base):
    """A possible duplicate found at intake or when a parse filled the contacts
    (core/duplicates.py): `candidate_id` is the newer candidate, `other_id` the one it
    resembles; `rule` the strongest reason. Gone with either candidate; dismissed when a
    recruiter keeps both."""

    __tablename__ = "duplicate_pairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(Integer, ForeignKey("candidates.id", ondelete="CASCADE"))
    other_id: Mapped[int] = mapped_column(Integer, ForeignKey("candidates.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(20))
    found_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    dismissed_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    dismissed_by: Mapped[str | None] = mapped_column(String(320))

    __table_args__ = (
        UniqueConstraint("candidate_id", "other_id", name="uq_duplicate_pair"),
        Index("ix_duplicate_pairs_other", "other_id"),
    )


class CandidateMerge(Base):
    """A candidate merged into another (core/duplicates.py): the kept one's audit trail
    includes the removed one's rows. No foreign keys: the removed row is gone."""

    __tablename__ = "candidate_merges"

    removed_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kept_id: Mapped[int] = mapped_column(Integer)
    merged_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    actor_email: Mapped[str] = mapped_column(String(320), default="")

    __table_args__ = (Index("ix_candidate_merges_kept", "kept_id"),)


class IntakeBatch(Base):
    """One bulk intake: many PDFs and ZIPs dropped at once (core/intake.py)."""

    __tablename__ = "intake_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_email: Mapped[str] = mapped_column(String(320), default="")
    files: Mapped[int] = mapped_column(Integer, default=0)  # items listed (PDFs, skipped members, refusals)


class IntakeItem(Base):
    """One file of a batch: the candidate it became, or why it did not become one."""

    __tablename__ = "intake_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(Integer, ForeignKey("intake_batches.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(500))  # as named in the upload or the ZIP (shown as text)
    outcome: Mapped[str] = mapped_column(String(20))  # created / skipped / refused
    reason: Mapped[str | None] = mapped_column(Text)
    candidate_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("candidates.id", ondelete="SET NULL"))

    __table_args__ = (Index("ix_intake_items_batch", "batch_id", "position"),)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    # NULL for an account that signs in only through single sign-on.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set for a password an admin chose (new user, reset): the user picks their own first.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # Raised when the password, the role or the enabled flag changes: a dashboard session (and
    # any record of the user held from before) carries the number it began with, and is over
    # once the numbers differ.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow, onupdate=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(AwareDateTime)


class LoginThrottle(Base):
    """Sign-in attempts per address, existing or not, so a lockout reveals no account
    (core/authentication.py).

    `email` is a user's address, or a keyed hash of what was typed when it is nobody's (a
    password typed into the email field is never stored). `failures` counts the attempts since
    the last success, each counted before its password is checked.
    """

    __tablename__ = "login_throttle"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(AwareDateTime)  # the last counted attempt
    locked_until: Mapped[datetime | None] = mapped_column(AwareDateTime)

    __table_args__ = (Index("ix_login_throttle_last_failure", "last_failure_at"),)


class AppSetting(Base):
    """A setting an admin changes in the app (core/app_settings.py). The environment's
    settings are core.config.Settings."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow, onupdate=utcnow)


class AuditEvent(Base):
    """One thing someone did; never updated or deleted by the app (core/audit.py)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: the row outlives the user
    actor_email: Mapped[str] = mapped_column(String(320), default="")
    action: Mapped[str] = mapped_column(String(40))
    candidate_id: Mapped[int | None] = mapped_column(Integer)  # nor the candidate
    detail: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_audit_at", "at"),
        Index("ix_audit_candidate", "candidate_id", "at"),
        Index("ix_audit_actor", "actor_email", "at"),
    )


API_TOKEN_NAME_LENGTH = 100


class ApiToken(Base):
    """A per-user token for the HTTP API; only its SHA-256 is stored (core/tokens.py)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(API_TOKEN_NAME_LENGTH), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the token, to tell tokens apart in a list (not enough to use it).
    hint: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(320), default="")
    last_used_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(AwareDateTime)

    __table_args__ = (Index("ix_api_tokens_user", "user_id"),)


class UserSession(Base):
    """A signed-in browser: what its cookie stands for (core/sessions.py). Only SHA-256 hashes
    of the cookie's token and of the one-time code that fetches it are stored."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"))
    # The user's session_version at sign-in: a password, role or enabled change ends the session.
    session_version: Mapped[int] = mapped_column(Integer)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # set when the cookie is issued
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)   # cleared when it is used
    code_expires_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime)  # the absolute end
    ended_at: Mapped[datetime | None] = mapped_column(AwareDateTime)  # signed out or revoked

    __table_args__ = (Index("ix_user_sessions_user", "user_id"), Index("ix_user_sessions_expires", "expires_at"))
