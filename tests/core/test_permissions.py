"""core/permissions.py: each role may do its use cases and no others, checked against the database."""
from __future__ import annotations

import pytest

from core import accounts, audit, user_admin
from core import candidates as cands
from core.accounts import UserRecord
from core.errors import PermissionDenied
from core.permissions import Perm, can
from utils import resume_pdf, wait_for_status


def test_viewer_gets_permission_denied_for_recruiter_use_cases(app_env, recruiter, viewer):
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=resume_pdf())
    wait_for_status(viewer, c.id)  # viewing is allowed
    assert cands.get_candidate(viewer, c.id).full_name == "Ada"
    assert cands.list_candidates(viewer).total == 1
    for call in (
        lambda: cands.create_candidate(viewer, "Bob", "bob@example.com"),
        lambda: cands.update_candidate(viewer, c.id, full_name="Eve"),
        lambda: cands.reparse_candidate(viewer, c.id),
        lambda: cands.delete_candidate(viewer, c.id),
        lambda: cands.resume_download(viewer, c.id),
        lambda: cands.resumes_zip(viewer, [c.id]),
        lambda: cands.export_csv(viewer),
        lambda: user_admin.list_users(viewer),
        lambda: user_admin.set_viewer_downloads(viewer, True),
        lambda: audit.list_events(viewer),
    ):
        with pytest.raises(PermissionDenied, match=r"Your role \(viewer\) may not"):
            call()
    assert cands.get_candidate(recruiter, c.id).full_name == "Ada"
    assert cands.list_candidates(recruiter).total == 1


def test_recruiter_may_not_administer(app_env, recruiter, viewer):
    for call in (lambda: user_admin.list_users(recruiter), lambda: user_admin.set_role(recruiter, viewer.id, "admin"),
                 lambda: user_admin.create_user(recruiter, "x@example.com", "admin"),
                 lambda: audit.list_events(recruiter)):
        with pytest.raises(PermissionDenied):
            call()


def test_admin_lets_viewers_download(app_env, admin, viewer):
    data = resume_pdf()
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=data, filename="ada.pdf")
    assert not can(viewer, Perm.DOWNLOAD)
    user_admin.set_viewer_downloads(admin, True)
    assert can(viewer, Perm.DOWNLOAD) and can(viewer, Perm.EXPORT)
    assert cands.resume_download(viewer, c.id) == ("ada.pdf", data)
    assert not can(viewer, Perm.DELETE)
    user_admin.set_viewer_downloads(admin, False)
    with pytest.raises(PermissionDenied):
        cands.resume_download(viewer, c.id)


def test_stale_records_lose_their_power_at_once(app_env, admin, recruiter):
    """A page (or a download callable) holding an old record cannot outlive a change."""
    c = cands.create_candidate(recruiter, "Ada", "ada@example.com")
    user_admin.set_role(admin, recruiter.id, "viewer")
    with pytest.raises(PermissionDenied, match="sign in again"):
        cands.delete_candidate(recruiter, c.id)  # the record still says "recruiter"
    fresh = accounts.load_user(recruiter.id)
    with pytest.raises(PermissionDenied, match="viewer"):
        cands.delete_candidate(fresh, c.id)  # the role as it is now
    user_admin.set_enabled(admin, recruiter.id, False)
    with pytest.raises(PermissionDenied, match="disabled"):
        cands.get_candidate(recruiter, c.id)
    with pytest.raises(PermissionDenied, match="Sign in"):
        cands.list_candidates(None)


def test_forged_record_is_checked_against_the_database(app_env, viewer):
    forged = UserRecord(**{**viewer.__dict__, "role": "admin"})
    with pytest.raises(PermissionDenied):
        cands.create_candidate(forged, "Bob", "bob@example.com")
