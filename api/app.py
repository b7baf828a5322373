"""The HTTP API: `uvicorn api.app:app` (or `make api`), beside the dashboard.

Same database, storage directory and job queue as the dashboard; the process runs its own
parser pool (PARSER_WORKERS, 0 to leave parsing to `python -m core.worker`). The pieces:
api/dependencies.py (who is asking), api/errors.py (errors as JSON), api/limits.py (upload
size), api/routes/ (one module per resource), api/schemas.py (what goes in and out).
"""
from __future__ import annotations

import logging
import time
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool

from api import errors
from api.dependencies import authenticate_before_the_body
from api.limits import UploadLimit
from api.routes import candidates, privacy
from core import jobs
from core.errors import DatabaseUnavailable, ResumeDeskError, StorageError

log = logging.getLogger(__name__)


class _Start:
    """jobs.start, tried again by requests (at most every few seconds) while the database or the
    storage directory cannot be used; until then every request gets that error (503)."""

    def __init__(self) -> None:
        self.error: ResumeDeskError | None = None
        self.tried = 0.0

    async def __call__(self) -> None:
        self.tried = time.monotonic()
        try:
            waiting = await run_in_threadpool(jobs.start)
        except (DatabaseUnavailable, StorageError) as exc:
            if self.error is None:
                log.error("ResumeDesk API cannot serve yet: %s", exc)
            self.error = exc
            return
        self.error = None
        log.info("ResumeDesk API ready (%d parse jobs waiting)", waiting)

    async def middleware(self, request: Request, call_next):
        if self.error is not None and time.monotonic() - self.tried >= errors.RETRY_AFTER_S:
            await self()
        if self.error is not None:
            return errors.core_error_response(self.error)
        return await call_next(request)


started = _Start()


@asynccontextmanager
async def lifespan(_app: FastAPI):
    """Schema migrated, storage ready, the parser pool draining the shared queue."""
    await started()
    try:
        yield
    finally:
        started.error = None
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
# The middleware added last runs first: the token is checked before UploadLimit counts a body.
app.add_middleware(UploadLimit)
app.middleware("http")(authenticate_before_the_body)
app.middleware("http")(started.middleware)  # added last, runs first
errors.install(app)
app.include_router(candidates.router)
app.include_router(privacy.router)
