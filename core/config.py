"""Settings, read once from the environment and the app root's .env (python-dotenv).

The environment wins over .env. Tests change the environment and call `reset_settings()`.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

APP_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _int(name: str, default: int, minimum: int = 0) -> int:
    raw = _env(name)
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    return max(minimum, value)


def _float(name: str, default: float, minimum: float = 0.0) -> float:
    raw = _env(name)
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None
    return max(minimum, value)


def _bool(name: str, default: bool) -> bool:
    raw = _env(name).lower()
    if not raw:
        return default
    return raw in ("1", "true", "yes", "on")


def _path(raw: str) -> Path:
    """Relative paths are taken from the app root, not the working directory."""
    p = Path(raw).expanduser()
    return p if p.is_absolute() else APP_ROOT / p


@dataclass(frozen=True)
class Settings:
    database_url: str
    resume_storage_dir: Path
    max_resume_mb: float
    parser_backend: str          # "rules" or "openai" (core.parser.BACKENDS)
    parser_fallback: bool        # keep the rules result when the model fails for good
    parser_workers: int          # 0: this process only queues; worker processes parse
    openai_api_key: str
    openai_base_url: str
    openai_model: str
    openai_timeout: float        # seconds per request
    openai_max_retries: int
    job_lease_seconds: int
    job_max_attempts: int        # claims of one job before it fails for good
    job_retry_seconds: float     # first backoff after a transient failure (doubles each time)
    job_poll_seconds: float      # how often a process looks for work it was not told about
    pdf_max_pages: int
    pdf_timeout_seconds: float   # deadline for reading one PDF
    pdf_memory_mb: int           # memory cap of the process that reads it
    pdf_isolation: bool          # read PDFs in child processes (off only for debugging)
    parser_plugins: tuple[str, ...]  # modules imported at start that may register backends
    default_phone_region: str    # how to read phone numbers written without a country code

    @property
    def max_resume_bytes(self) -> int:
        return int(self.max_resume_mb * 1024 * 1024)

    @classmethod
    def from_env(cls) -> "Settings":
        load_dotenv(APP_ROOT / ".env", override=False)
        db = _env("DATABASE_URL") or f"sqlite:///{APP_ROOT / 'resumedesk.db'}"
        api_key = _env("OPENAI_API_KEY")
        backend = (_env("PARSER_BACKEND") or ("openai" if api_key else "rules")).lower()
        return cls(
            database_url=db,
            resume_storage_dir=_path(_env("RESUME_STORAGE_DIR") or "resumes"),
            max_resume_mb=_float("MAX_RESUME_MB", 10.0, minimum=0.001),
            parser_backend=backend,
            parser_fallback=_bool("PARSER_FALLBACK", False),
            parser_workers=_int("PARSER_WORKERS", 4, minimum=0),
            openai_api_key=api_key,
            openai_base_url=_env("OPENAI_BASE_URL"),
            openai_model=_env("OPENAI_MODEL") or "gpt-4o-mini",
            openai_timeout=_float("OPENAI_TIMEOUT", 60.0, minimum=0.1),
            openai_max_retries=_int("OPENAI_MAX_RETRIES", 2),
            job_lease_seconds=_int("JOB_LEASE_SECONDS", 300, minimum=1),
            job_max_attempts=_int("JOB_MAX_ATTEMPTS", 5, minimum=1),
            job_retry_seconds=_float("JOB_RETRY_SECONDS", 10.0),
            job_poll_seconds=_float("JOB_POLL_SECONDS", 5.0, minimum=0.05),
            pdf_max_pages=_int("PDF_MAX_PAGES", 50, minimum=1),
            pdf_timeout_seconds=_float("PDF_TIMEOUT_SECONDS", 30.0, minimum=0.1),
            pdf_memory_mb=_int("PDF_MEMORY_MB", 1024, minimum=128),
            pdf_isolation=_bool("PDF_ISOLATION", True),
            parser_plugins=tuple(m.strip() for m in _env("PARSER_PLUGINS").split(",") if m.strip()),
            default_phone_region=(_env("DEFAULT_PHONE_REGION") or "US").upper(),
        )


@functools.cache
def get_settings() -> Settings:
    return Settings.from_env()


def reset_settings() -> None:
    get_settings.cache_clear()
