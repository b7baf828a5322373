"""Fixtures of the HTTP API tests: a TestClient and Authorization headers per role."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import app
from core import tokens


@pytest.fixture
def client(app_env):
    """The app without its lifespan: the pool starts on demand (core.jobs.wake)."""
    return TestClient(app)


@pytest.fixture
def bearer(admin):
    """bearer(user) -> the Authorization header of a fresh token for that user."""
    def make(user):
        _, secret = tokens.create_token(admin, user.id, "tests")
        return {"Authorization": f"Bearer {secret}"}
    return make


@pytest.fixture
def as_admin(admin, bearer):
    return bearer(admin)


@pytest.fixture
def as_recruiter(recruiter, bearer):
    return bearer(recruiter)


@pytest.fixture
def as_viewer(viewer, bearer):
    return bearer(viewer)
