"""Settings, read once from the environment and the app folder's .env (python-dotenv).

Every environment variable ResumeDesk reads is a field of `Settings`, declared once below with
its name, default, bounds and one line of documentation. `.env.example` and the README's
configuration table are written from these declarations (`python -m core.config --write-docs`),
and tests/core/test_config.py fails when either has drifted from them.

The environment wins over .env. An empty variable means "use the default". Tests change the
environment and call `reset_settings()`.
"""
from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import textwrap
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, get_type_hints

from dotenv import load_dotenv

APP_ROOT = Path(__file__).resolve().parent.parent
ENV_FILE = APP_ROOT / ".env"
ENV_EXAMPLE = APP_ROOT / ".env.example"
README = APP_ROOT / "README.md"


@dataclass(frozen=True)
class Variable:
    """How one environment variable is read and documented."""

    name: str
    doc: str                               # one line: the README's table and .env.example
    minimum: float | None = None           # smaller numbers are raised to this
    shown_default: str | None = None       # the README's "Default" cell, when not the value itself
    example: str | None = None             # the value .env.example writes (default: the default)
    note: str = ""                         # a paragraph above the variable in .env.example only
    strip: bool = True                     # passwords keep their spaces
    normalise: Callable[[str], str] | None = None


def env(name: str, default: Any, doc: str, **how: Any) -> Any:
    """A Settings field read from the environment variable `name`."""
    return field(default=default, metadata={"env": Variable(name, doc, **how)})


def _relative_to_app(raw: str) -> Path:
    """Relative paths are taken from the app folder, not the working directory."""
    path = Path(raw).expanduser()
    return path if path.is_absolute() else APP_ROOT / path


@dataclass(frozen=True)
class Settings:
    resume_storage_dir: Path = env(
        "RESUME_STORAGE_DIR", APP_ROOT / "resumes",
        "Where resume PDFs are stored, as `{id}.pdf`. Created when missing.",
        shown_default="`resumes`", example="resumes")
    max_resume_mb: float = env(
        "MAX_RESUME_MB", 10.0,
        "Largest PDF accepted; a larger one is refused with a message, in the form and in bulk.",
        minimum=0.001)
    bulk_max_files: int = env(
        "BULK_MAX_FILES", 500,
        "Most files one bulk intake takes (PDFs and ZIP members together); past it nothing is added.",
        minimum=1)
    bulk_max_unzipped_mb: float = env(
        "BULK_MAX_UNZIPPED_MB", 1000.0,
        "Most data the ZIPs of one bulk intake may unpack to (a ZIP bomb is refused before it is read). "
        "`server.maxUploadSize` in `.streamlit/config.toml` caps each uploaded file (the largest ZIP).",
        minimum=1.0)
    pdf_max_pages: int = env("PDF_MAX_PAGES", 50, "Pages past this are not read.", minimum=1)
    database_url: str = env(
        "DATABASE_URL", f"sqlite:///{APP_ROOT / 'resumedesk.db'}",
        "Any SQLAlchemy URL, e.g. `postgresql+psycopg://user:pw@host/db`.",
        shown_default="SQLite `resumedesk.db`", example="")
    parser_backend: str = env(
        "PARSER_BACKEND", "", "Which parser runs: `rules` (offline) or `openai`.",
        shown_default="`rules` (`openai` when `OPENAI_API_KEY` is set)", normalise=str.lower)
    parser_workers: int = env(
        "PARSER_WORKERS", 4,
        "Background parse threads per process; `0`: this instance only queues (worker processes parse).",
        minimum=0)
    parser_fallback: bool = env(
        "PARSER_FALLBACK", False,
        "When the model fails for good, keep the rules result instead of `failed`.")
    parser_plugins: tuple[str, ...] = env(
        "PARSER_PLUGINS", (), "Comma-separated modules imported at start that may register extra backends.")
    job_lease_seconds: int = env(
        "JOB_LEASE_SECONDS", 60,
        "A running job's lease, renewed by a heartbeat every sixth of it. A job whose process died on this host "
        "is taken over at once; one whose process ran on another host, once its lease expires.",
        minimum=1)
    job_max_attempts: int = env("JOB_MAX_ATTEMPTS", 5, "Claims of one job before it fails for good.", minimum=1)
    job_retry_seconds: float = env(
        "JOB_RETRY_SECONDS", 10.0,
        "First wait after a transient failure (model timeout, 429/5xx, database busy); doubles each time.",
        minimum=0.0)
    job_poll_seconds: float = env(
        "JOB_POLL_SECONDS", 5.0,
        "How often a process looks for work nobody announced (retries due, another instance's uploads, "
        "a dead process's jobs).",
        minimum=0.05)
    pdf_timeout_seconds: float = env(
        "PDF_TIMEOUT_SECONDS", 30.0, "Deadline for reading one PDF; the reader process is killed past it.",
        minimum=0.1)
    pdf_memory_mb: int = env("PDF_MEMORY_MB", 1024, "Memory cap (RLIMIT_AS) of the PDF reader processes.",
                             minimum=128)
    pdf_isolation: bool = env("PDF_ISOLATION", True,
                              "Read PDFs in capped child processes (turn off only to debug).")
    openai_api_key: str = env("OPENAI_API_KEY", "", "Enables the model path.")
    openai_base_url: str = env(
        "OPENAI_BASE_URL", "", "Any OpenAI-compatible server, e.g. `http://127.0.0.1:11434/v1`.",
        shown_default="OpenAI")
    openai_model: str = env("OPENAI_MODEL", "gpt-4o-mini", "Model name sent to the server.")
    openai_timeout: float = env("OPENAI_TIMEOUT", 60.0, "Seconds to wait for one answer.", minimum=0.1)
    openai_max_retries: int = env("OPENAI_MAX_RETRIES", 2, "Retries, with backoff, after 429 / 5xx / timeouts.",
                                  minimum=0)
    default_phone_region: str = env(
        "DEFAULT_PHONE_REGION", "US", "How to read phone numbers typed without a country code (ISO 3166).",
        normalise=str.upper)
    admin_email: str = env(
        "ADMIN_EMAIL", "",
        "With `ADMIN_PASSWORD`: the first admin, made at start while the database has no account.",
        note="Sign-in. There is no default password. On the first start with an empty database the app "
             "asks for the first admin; for unattended installs set both of these instead (used only "
             "while no account exists; remove them once the admin has signed in). Or, from a shell: "
             "`.venv/bin/python -m core.users create-admin EMAIL` (prompts, or reads stdin).")
    admin_password: str = env("ADMIN_PASSWORD", "", "The first admin's password (see `ADMIN_EMAIL`).",
                              strip=False)
    login_max_failures: int = env(
        "LOGIN_MAX_FAILURES", 5, "Failed sign-ins in a row (per email) before that email is locked.",
        minimum=1)
    login_lockout_seconds: int = env("LOGIN_LOCKOUT_SECONDS", 300, "How long a lockout lasts.", minimum=1)
    password_min_length: int = env(
        "PASSWORD_MIN_LENGTH", 10, "Minimum password length; may be raised, never below 10.", minimum=10)
    retention_days: int = env(
        "RETENTION_DAYS", 0,
        "Candidates with no activity for this many days are listed for review on the Retention page; `0`: off.",
        minimum=0,
        note="Retention (GDPR). Activity is anything done to a candidate but reading it (downloads and "
             "exports do not count). A candidate whose consent-until date has passed is listed too.")
    retention_auto_erase: bool = env(
        "RETENTION_AUTO_ERASE", False,
        "Erase the candidates listed for review without asking (each erasure audited).")
    retention_check_seconds: float = env(
        "RETENTION_CHECK_SECONDS", 3600.0,
        "How often the parser pool looks for candidates to erase automatically, and for files an "
        "interrupted upload or erasure left behind.",
        minimum=0.05)
    session_idle_hours: float = env(
        "SESSION_IDLE_HOURS", 12.0,
        "A browser stays signed in (through reloads, new tabs, links) until it has been idle this long.",
        minimum=0.01)
    session_max_days: float = env(
        "SESSION_MAX_DAYS", 7.0, "A browser's sign-in ends this long after it began, however active.",
        minimum=0.01)
    changes_cache_seconds: float = env(
        "CHANGES_CACHE_SECONDS", 1.0,
        "How long a process reuses its answer to \"has any candidate changed?\" (shared by every open page).",
        minimum=0.0)
    frame_ancestors: tuple[str, ...] = env(
        "FRAME_ANCESTORS", (),
        "Comma-separated origins that may show the dashboard in a frame, e.g. `https://intranet.example.com`; "
        "none by default.", example="")

    @property
    def max_resume_bytes(self) -> int:
        return int(self.max_resume_mb * 1024 * 1024)

    @classmethod
    def from_env(cls) -> "Settings":
        load_dotenv(ENV_FILE, override=False)
        types = get_type_hints(cls)
        values = {f.name: _read(f.metadata["env"], types[f.name], f.default) for f in fields(cls)}
        if not values["parser_backend"]:
            values["parser_backend"] = "openai" if values["openai_api_key"] else "rules"
        return cls(**values)


def variables() -> list[Variable]:
    """Every environment variable, in the order of the Settings fields."""
    return [f.metadata["env"] for f in fields(Settings)]


def _read(var: Variable, kind: type, default: Any) -> Any:
    raw = os.environ.get(var.name, "")
    if var.strip:
        raw = raw.strip()
    if not raw:
        return default
    if kind is bool:
        return raw.lower() in ("1", "true", "yes", "on")
    if kind in (int, float):
        try:
            value = kind(raw)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise ValueError(f"{var.name} must be {what}, got {raw!r}") from None
        return value if var.minimum is None else max(kind(var.minimum), value)
    if kind is Path:
        return _relative_to_app(raw)
    if kind == tuple[str, ...]:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return var.normalise(raw) if var.normalise else raw


@functools.cache
def get_settings() -> Settings:
    return Settings.from_env()


def reset_settings() -> None:
    get_settings.cache_clear()


# --- the documentation written from the declarations --------------------------------------

def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


def env_example() -> str:
    """The text of .env.example."""
    defaults = {f.metadata["env"].name: f.default for f in fields(Settings)}
    wrap = functools.partial(textwrap.wrap, width=94, initial_indent="# ", subsequent_indent="# ")
    out = [
        "# Copy to .env and change what you need; the environment wins over this file. An empty",
        "# value means the default. Relative paths are taken from the app's folder.",
        "# Written by `python -m core.config --write-docs` from core/config.py: change it there.",
    ]
    for var in variables():
        out.append("")
        if var.note:
            out += wrap(var.note.replace("`", ""))
        example = var.example if var.example is not None else _as_text(defaults[var.name])
        doc = f"{var.doc} Empty: {var.shown_default}." if not example and var.shown_default else var.doc
        out += wrap(doc.replace("`", ""))
        out.append(f"{var.name}={example}")
    out += ["", "# Single sign-on (optional) is configured in .streamlit/secrets.toml, not here: see README.md."]
    return "\n".join(out) + "\n"


def readme_table() -> str:
    """The README's table of variables (Markdown)."""
    defaults = {f.metadata["env"].name: f.default for f in fields(Settings)}
    rows = ["| Variable | Default | What it does |", "|---|---|---|"]
    for var in variables():
        value = _as_text(defaults[var.name])
        shown = var.shown_default or (f"`{value}`" if value else "–")
        rows.append(f"| `{var.name}` | {shown} | {var.doc} |")
    return "\n".join(rows) + "\n"


TABLE_START = "<!-- settings table: written by `python -m core.config --write-docs` -->\n"
TABLE_END = "<!-- end of settings table -->\n"


def readme_with_table(readme: str) -> str:
    """The README with its settings table replaced by the one the declarations give."""
    pattern = re.compile(re.escape(TABLE_START) + ".*?" + re.escape(TABLE_END), re.S)
    if not pattern.search(readme):
        raise ValueError("README.md has no settings table markers")
    return pattern.sub(lambda _: TABLE_START + readme_table() + TABLE_END, readme)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m core.config",
                                 description="Show the settings in effect, or rewrite their documentation.")
    ap.add_argument("--write-docs", action="store_true", help="rewrite .env.example and the README's table")
    args = ap.parse_args(argv)
    if args.write_docs:
        ENV_EXAMPLE.write_text(env_example(), encoding="utf-8")
        README.write_text(readme_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"wrote {ENV_EXAMPLE.name} and the table in {README.name}")
        return 0
    settings = get_settings()
    for f in fields(Settings):
        value = getattr(settings, f.name)
        secret = f.name in ("openai_api_key", "admin_password")
        print(f"{f.metadata['env'].name}={'***' if secret and value else _as_text(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
