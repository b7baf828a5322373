"""The bundled sample resumes, so a first-time user can watch parsing without any data."""
from __future__ import annotations

import json
import logging

from core.accounts import UserRecord
from core.candidates import CandidateRecord, create_candidate
from core.config import APP_ROOT
from core.errors import DuplicateError

log = logging.getLogger(__name__)

SAMPLES_DIR = APP_ROOT / "samples"


def load_sample_candidates(actor: UserRecord) -> list[CandidateRecord]:
    """Add every sample candidate not already present, as `actor`; returns those added."""
    index = json.loads((SAMPLES_DIR / "candidates.json").read_text(encoding="utf-8"))
    added = []
    for entry in index:
        try:
            added.append(create_candidate(
                actor, entry["full_name"], entry["email"], entry.get("phone"),
                resume=(SAMPLES_DIR / entry["file"]).read_bytes(), filename=entry["file"],
            ))
        except DuplicateError:
            log.info("sample %s already present", entry["email"])
    return added
