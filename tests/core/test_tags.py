"""core/tags.py and the tag and consent filters: set and clear on several candidates, tags in
use, roles and audit rows (on SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from core import candidates as cands
from core import privacy, tags
from core.errors import NotFoundError, PermissionDenied, ValidationError
from utils import audit_rows


def _three(team):
    return [cands.create_candidate(team.recruiter, n, f"{n.lower()}@example.com").id for n in ("Ada", "Grace", "Alan")]


def test_tags_set_and_cleared_on_several_candidates_at_once(team):
    ada, grace, alan = _three(team)
    assert tags.add_tags(team.recruiter, [ada, grace, 9999], ["#Java ", "shortlist", "java"]) == 2
    assert tags.tags_for(team.viewer, [ada, grace, alan]) == {ada: ["java", "shortlist"],
                                                              grace: ["java", "shortlist"], alan: []}
    assert tags.add_tags(team.recruiter, [ada, alan], "java, referral") == 2
    assert tags.tags_in_use(team.viewer) == [("java", 3), ("referral", 2), ("shortlist", 2)]
    assert tags.remove_tags(team.recruiter, [ada, grace, alan], ["shortlist"]) == 2
    assert tags.tags_of(team.viewer, ada) == ["java", "referral"]
    assert tags.set_tags(team.admin, ada, ["python"]) == ["python"]
    rows = audit_rows(detail=True)
    assert ("recruiter@example.com", "tag_add", ada, "java, shortlist") in rows
    assert ("recruiter@example.com", "tag_add", alan, "java, referral") in rows
    assert ("recruiter@example.com", "tag_add", ada, "referral") in rows, "only what was new"
    assert ("admin@example.com", "tag_remove", ada, "java, referral") in rows
    assert len(audit_rows("tag_remove")) == 3  # shortlist off two, then the set on one


def test_viewers_see_tags_but_do_not_change_them(team):
    ada, *_ = _three(team)
    with pytest.raises(PermissionDenied):
        tags.add_tags(team.viewer, [ada], ["java"])
    with pytest.raises(PermissionDenied):
        tags.set_tags(team.viewer, ada, [])
    assert tags.tags_of(team.viewer, ada) == [] and audit_rows("tag_add") == []


@pytest.mark.parametrize("raw, message", [("x" * 41, "longer than 40"), ("a\x07b", "control"), ([" ", ""], "at least one")])
def test_bad_tags_are_refused(team, raw, message):
    ada, *_ = _three(team)
    with pytest.raises(ValidationError, match=message):
        tags.add_tags(team.recruiter, [ada], raw if isinstance(raw, list) else [raw])
    assert tags.tags_of(team.recruiter, ada) == []


def test_too_many_tags_change_nothing(team):
    ada, grace, _ = _three(team)
    tags.add_tags(team.recruiter, [grace], [f"t{i}" for i in range(tags.MAX_TAGS)])
    with pytest.raises(ValidationError, match="more than 30 tags"):
        tags.add_tags(team.recruiter, [ada, grace], ["one-more"])
    assert tags.tags_of(team.recruiter, ada) == [], "all or none"
    with pytest.raises(NotFoundError):
        tags.set_tags(team.recruiter, 9999, ["x"])


def test_list_and_export_filter_by_tag_and_consent(team):
    ada, grace, alan = _three(team)
    tags.add_tags(team.recruiter, [ada, alan], ["java"])
    page = cands.list_candidates(team.viewer, tag="JAVA")
    assert page.total == 2 and {c.id for c in page.items} == {ada, alan}
    assert cands.list_candidates(team.viewer, search="ada", tag="java").total == 1
    assert cands.list_candidates(team.viewer, tag="nobody-has-it").total == 0
    assert b"grace@" not in cands.export_csv(team.recruiter, tag="java")
    today = date.today()
    privacy.set_consent(team.recruiter, ada, today - timedelta(days=1))
    privacy.set_consent(team.recruiter, grace, today.isoformat())
    assert [c.id for c in cands.list_candidates(team.viewer, consent="expired").items] == [ada]
    assert [c.id for c in cands.list_candidates(team.viewer, consent="valid").items] == [grace]
    assert [c.id for c in cands.list_candidates(team.viewer, consent="none").items] == [alan]
    with pytest.raises(ValidationError, match="consent filter"):
        cands.list_candidates(team.viewer, consent="maybe")
