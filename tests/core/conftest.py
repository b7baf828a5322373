"""Fixtures of the core tests that run the same test on SQLite and on PostgreSQL."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from utils import make_user


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def team(request, app_env):
    """An admin, a recruiter, a second recruiter and a viewer, in a database of each kind."""
    if request.param == "postgresql":
        request.getfixturevalue("pg_url")
    return SimpleNamespace(admin=make_user("admin"), recruiter=make_user("recruiter"),
                           other=make_user("recruiter", "other@example.com"), viewer=make_user("viewer"),
                           backend=request.param)
