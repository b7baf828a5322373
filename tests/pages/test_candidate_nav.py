"""ui/candidate_nav.py on the candidate page (AppTest): the search box that jumps, previous /
next through the table's list, Copy link, Delete with its confirmation."""
from __future__ import annotations

from core import candidates as cands
from utils import app_as, audit_rows, make_user, select_rows, shown

PAGE = "pages/candidate_detail.py"


def people(actor, *names: str) -> list[cands.CandidateRecord]:
    return [cands.create_candidate(actor, n, f"{n.split()[0].lower()}@example.com") for n in names]


def jumps(at) -> list[str]:
    return [shown(b.label) for b in at.button if b.key and b.key.startswith("jump-")]


def test_without_an_id_the_search_box_jumps_to_a_candidate(app_env, admin):
    ada, bob, cy = people(admin, "Ada Lovelace", "Bob Brown", "Cy Young")
    at = app_as(admin, PAGE)
    assert not at.exception
    assert jumps(at) == ["#3 Cy Young · cy@example.com", "#2 Bob Brown · bob@example.com",
                         "#1 Ada Lovelace · ada@example.com"]  # the newest, before anything is typed
    at.text_input(key="find_candidate").input("lovelace").run()
    assert jumps(at) == ["#1 Ada Lovelace · ada@example.com"]
    at.button(key=f"jump-{ada.id}").click().run()
    assert at.title[0].value == "Ada Lovelace" and at.query_params["id"] == str(ada.id)
    at.text_input(key="find_candidate").input("brown").run()
    at.button(key=f"jump-{bob.id}").click().run()
    assert at.title[0].value == "Bob Brown" and at.query_params["id"] == str(bob.id)
    at.text_input(key="find_candidate").input("nobody").run()
    assert jumps(at) == [] and any("No candidate matches" in c.value for c in at.caption)


def test_previous_and_next_follow_the_tables_list(app_env, admin):
    made = people(admin, "Ada Lovelace", "Bob Brown", "Cy Young", "Di Lovelace")
    at = app_as(admin)  # the table, newest first: Di, Cy, Bob, Ada
    at.text_input(key="search").input("lovelace").run()  # its list is now Di Lovelace, Ada Lovelace
    at.switch_page(PAGE)
    at.query_params["id"] = str(made[3].id)
    at.run()
    assert at.title[0].value == "Di Lovelace"
    assert any("1 of 2 in the list" in c.value for c in at.caption)
    assert at.button(key="previous").disabled
    at.button(key="next").click().run()
    assert at.title[0].value == "Ada Lovelace"
    assert at.button(key="next").disabled
    at.button(key="previous").click().run()
    assert at.title[0].value == "Di Lovelace"


def test_outside_the_list_previous_and_next_go_newest_first(app_env, admin):
    ada, bob, cy = people(admin, "Ada Lovelace", "Bob Brown", "Cy Young")
    assert cands.adjacent_ids(admin, bob.id) == (cy.id, ada.id)
    assert cands.adjacent_ids(admin, cy.id) == (None, bob.id)
    assert cands.adjacent_ids(admin, 999) == (None, None)
    at = app_as(admin)
    at.session_state["_result_ids"] = []  # as after a pasted link: no table seen in this session
    at.switch_page(PAGE)
    at.query_params["id"] = str(bob.id)
    at.run()
    assert any("newest first" in c.value for c in at.caption)
    at.button(key="previous").click().run()
    assert at.title[0].value == "Cy Young"
    at.button(key="next").click().run()
    at.button(key="next").click().run()
    assert at.title[0].value == "Ada Lovelace"


def test_copy_link_gives_the_candidates_address(app_env, admin):
    ada, = people(admin, "Ada Lovelace")
    at = app_as(admin, PAGE, id=ada.id)
    copy = [h.proto.body for h in at.get("html") if "Copy link" in h.proto.body]
    assert len(copy) == 1 and f"/candidate?id={ada.id}" in copy[0]


def test_delete_asks_first_then_opens_the_next_candidate(app_env, admin):
    ada, bob, cy = people(admin, "Ada Lovelace", "Bob Brown", "Cy Young")
    at = app_as(admin, PAGE, id=bob.id)
    at.button(key="delete_one").click().run()
    assert cands.find_candidate(admin, bob.id) is not None, "nothing is deleted before the confirmation"
    assert any("cannot be undone" in shown(m.value) for m in at.markdown)
    at.button(key="cancel_delete_one").click().run()
    assert cands.find_candidate(admin, bob.id) is not None
    at.button(key="delete_one").click().run()
    at.button(key="delete_for_good").click().run()
    assert not at.exception
    assert cands.find_candidate(admin, bob.id) is None
    assert audit_rows("delete") == [("admin@example.com", "delete", bob.id)]
    assert at.title[0].value == "Ada Lovelace"  # the next one, newest first


def test_roles_that_may_not_delete_get_no_delete_button(app_env, admin):
    ada, = people(admin, "Ada Lovelace")
    at = app_as(make_user("viewer"), PAGE, id=ada.id)
    assert not at.exception
    assert "Delete" not in {b.label for b in at.button}
    assert {"Previous", "Next"} <= {b.label for b in at.button}


def test_deleting_the_last_one_goes_back_to_the_table(app_env, admin):
    ada, = people(admin, "Ada Lovelace")
    at = app_as(admin, PAGE, id=ada.id)
    at.button(key="delete_one").click().run()
    at.button(key="delete_for_good").click().run()
    assert not at.exception
    assert cands.find_candidate(admin, ada.id) is None
    assert at.title[0].value == "Candidates"


def test_open_in_the_table_opens_the_candidate_page(app_env, admin):
    ada, bob = people(admin, "Ada Lovelace", "Bob Brown")
    at = app_as(admin)
    select_rows(at, [1])  # newest first: Bob, Ada
    at.button(key="open").click().run()
    assert not at.exception
    assert at.title[0].value == "Ada Lovelace" and at.query_params["id"] == str(ada.id)
