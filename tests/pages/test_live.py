"""ui/live.py on the candidates page (AppTest): the counts line and the table follow changes made
elsewhere, whether or not anything was pending when the page loaded, and the rows are read
again only when something changed.

AppTest never fires a fragment's run_every timer: at.run() is the tick.
"""
from __future__ import annotations

from sqlalchemy import event

from core import candidates as cands
from core import tags
from core.db import get_engine, session_scope
from core.models import Candidate
from utils import app_as, make_user, run_until, set_env, table_rows


def counts_line(at) -> str:
    return next(c.value for c in at.caption if "completed" in c.value)


def test_a_colleagues_new_candidate_shows_on_the_next_tick(app_env, admin):
    cands.create_candidate(admin, "Ada Lovelace", "ada@example.com")  # nothing pending at load
    at = app_as(admin)
    assert list(table_rows(at)["name"]) == ["Ada Lovelace"]
    assert "no resume 1" in counts_line(at)
    colleague = make_user("recruiter")
    cands.create_candidate(colleague, "Bo Brown", "bo@example.com")
    run_until(at, lambda a: len(table_rows(a)) == 2)
    assert "no resume 2" in counts_line(at)
    assert not at.exception


def test_the_first_candidate_replaces_the_empty_page(app_env, admin):
    at = app_as(make_user("viewer"))
    assert "No candidates yet" in at.info[0].value
    cands.create_candidate(admin, "Ada Lovelace", "ada@example.com")
    run_until(at, lambda a: table_rows(a) is not None)
    assert list(table_rows(at)["name"]) == ["Ada Lovelace"]


def test_a_change_written_by_another_process_shows_within_the_shared_age(app_env, admin):
    """A worker's write does not pass through this process's use cases: it is seen once the
    shared answer is older than CHANGES_CACHE_SECONDS (1 s by default)."""
    c = cands.create_candidate(admin, "Ada Lovelace", "ada@example.com")
    at = app_as(admin)
    with session_scope() as s:
        s.execute(Candidate.__table__.update().where(Candidate.id == c.id)
                  .values(parse_status="failed", parse_error="the file is gone"))
    run_until(at, lambda a: "failed 1" in counts_line(a), timeout=10)
    assert list(table_rows(at)["status"]) == ["❌ failed: the file is gone"]


def test_a_tick_with_nothing_changed_reads_no_rows(app_env, admin, monkeypatch):
    set_env(monkeypatch, CHANGES_CACHE_SECONDS=60)
    for n in range(3):
        cands.create_candidate(admin, f"Person {n}", f"p{n}@example.com")
    at = app_as(admin)
    statements = []
    engine = get_engine()

    def spy(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", spy)
    try:
        at.run()
        quiet = [s for s in statements if "FROM candidates" in s or "candidate_id IN" in s]  # rows, their tags
        statements.clear()
        cands.create_candidate(admin, "Person 3", "p3@example.com")
        statements.clear()
        at.run()
        changed = [s for s in statements if "FROM candidates" in s]
    finally:
        event.remove(engine, "before_cursor_execute", spy)
    assert quiet == []
    assert any("count(" in s.lower() for s in changed) and len(table_rows(at)) == 4


def test_a_tag_set_elsewhere_shows_on_the_next_tick(app_env, admin):
    c = cands.create_candidate(admin, "Ada Lovelace", "ada@example.com")
    at = app_as(admin)
    assert list(table_rows(at)["tags"]) == [""]
    tags.add_tags(make_user("recruiter"), [c.id], ["shortlist"])
    run_until(at, lambda a: list(table_rows(a)["tags"]) == ["shortlist"])


def test_a_page_past_the_last_one_shows_the_last_one(app_env, admin):
    for n in range(3):
        cands.create_candidate(admin, f"Person {n}", f"p{n}@example.com")
    page = cands.list_candidates(admin, page=9, page_size=2)
    assert (page.page, page.pages, [c.full_name for c in page.items]) == (2, 2, ["Person 0"])
    at = app_as(admin)
    at.number_input(key="page_no").set_value(9).run()
    assert "page 1 of 1" in " ".join(c.value for c in at.caption)
    assert len(table_rows(at)) == 3
