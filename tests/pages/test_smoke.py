"""Every page for every role: a page a role is offered opens without an error and shows what
it is for; a page it is not offered is refused by the navigation, and refuses again when its
file is run on its own (as Streamlit's old pages/ mode would run it)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core import candidates as cands
from core.config import APP_ROOT
from utils import PAGES_BY_ROLE, app_as, labels, make_user, signed_in_as, table_rows

NAME = "Ada Lovelace"

# page file -> (its title, what it shows when it works)
PAGES = {
    "candidates.py": ("Candidates", lambda at: list(table_rows(at)["name"]) == [NAME]),
    "add_candidate.py": ("Add candidate", lambda at: [t.label for t in at.text_input] == ["Full name", "Email", "Phone"]),
    "bulk_add.py": ("Bulk add", lambda at: at.get("file_uploader")[0].proto.multiple_files),
    "duplicates.py": ("Possible duplicates", lambda at: [i.value for i in at.info] == ["No possible duplicates."]),
    "candidate_detail.py": (NAME, lambda at: any("no_resume" in m.value for m in at.markdown)),  # its status line
    "users.py": ("Users", lambda at: {"admin@example.com", "viewer@example.com"} <= set(at.dataframe[0].value["email"])),
    "audit.py": ("Audit log", lambda at: list(at.dataframe[0].value["action"]) == ["create"]),
    "retention.py": ("Retention", lambda at: any("No candidate is due" in m.value for m in at.success)),
    "account.py": ("Account", lambda at: "Change password" in labels(at)),
}
ROLES = ["admin", "recruiter", "viewer", None]  # None: signed out


@pytest.fixture
def people(app_env) -> dict:
    users = {role: make_user(role) for role in ROLES if role}
    users["candidate"] = cands.create_candidate(users["admin"], NAME, "ada@example.com")
    return users


def test_the_smoke_test_knows_every_page():
    assert {p.name for p in (APP_ROOT / "pages").glob("*.py")} == set(PAGES) | {"login.py", "setup.py"}
    assert set().union(*PAGES_BY_ROLE.values()) == set(PAGES)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "signed-out")
@pytest.mark.parametrize("page", PAGES)
def test_every_page_for_every_role(nav, people, page, role):
    user = people.get(role)
    at = app_as(user)
    assert not at.exception
    title, shows = PAGES[page]
    if role is not None and page in PAGES_BY_ROLE[role]:
        at.switch_page(f"pages/{page}")
        at.query_params["id"] = str(people["candidate"].id)
        at.run()
        assert not at.exception and not at.error, at.error
        assert at.title[0].value == title
        assert shows(at), f"{page} as {role} does not show what it is for"
        return
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(f"pages/{page}")
    alone = AppTest.from_file(str(APP_ROOT / "pages" / page), default_timeout=30)
    if user is not None:
        signed_in_as(alone, user)
    alone.run()
    assert not alone.exception
    if user is not None:
        assert [e.value for e in alone.error] == [f"Your role ({role}) may not use this page."]
    assert not alone.dataframe and not alone.text_input and NAME not in str(alone.main)
