"""Every page, walked with a candidate, a resume, a file name and a user that carry Markdown:
what they hold is shown as text, never as a link, an image or HTML (AppTest).

Streamlit renders Markdown in st.markdown, st.title, st.caption, st.write, st.toast, alerts
and widget labels. The app escapes what it puts there (ui.common.md), so the element's source
holds the payload's characters only escaped, and what a person reads is the payload itself.
"""
from __future__ import annotations

from core import candidates as cands
from core import user_admin
from core.db import session_scope
from core.models import User
from utils import PASSWORD, app_as, resume_pdf, select_rows, shown, wait_for_status

# A tracking pixel, a phishing link, HTML, autolinks, LaTeX and a Streamlit directive.
PAYLOAD = ("Eve ![n](http://198.51.100.7/pixel.png) [verify](https://evil.example/login) "
           "<img src=http://198.51.100.7/x.png> www.evil.example $x^2$ :red[alert]")
MARKERS = ("198.51.100.7", "evil.example")  # unescaped, these would be live URLs
MARKDOWN_ELEMENTS = ("markdown", "title", "header", "subheader", "caption", "error", "warning", "info",
                     "success", "toast")
LABELLED = ("button", "download_button", "text_input", "selectbox", "multiselect", "toggle", "checkbox",
            "number_input", "date_input", "text_area")


def rendered_markdown(at) -> list[str]:
    """The Markdown source of everything on the page that Streamlit renders as Markdown."""
    sources = [e.value for kind in MARKDOWN_ELEMENTS for e in getattr(at, kind)]
    sources += [e.label for kind in LABELLED for e in getattr(at, kind)]
    return [str(s) for s in sources]


def assert_shown_as_text(at, where: str, expect_payload: bool = True) -> None:
    assert not at.exception, f"{where}: {at.exception}"
    sources = rendered_markdown(at)
    live = [s for s in sources if any(m in s for m in MARKERS)]
    assert live == [], f"{where}: Markdown with live links or images: {live}"
    if expect_payload:
        assert any("[verify](https://evil.example/login)" in shown(s) for s in sources), \
            f"{where}: the payload is not shown at all (the walk would prove nothing)"


def test_payloads_in_names_resumes_file_names_and_users_show_as_text(app_env, admin):
    with session_scope() as s:  # the admin's own name is a payload too (sidebar, account page)
        s.get(User, admin.id).name = PAYLOAD
    pdf = resume_pdf(name=PAYLOAD[:60], employer=PAYLOAD, school=PAYLOAD, extra=[PAYLOAD])
    made = cands.create_candidate(admin, PAYLOAD, "eve@example.com", resume=pdf, filename=f"{PAYLOAD}.pdf")
    wait_for_status(admin, made.id)
    admin = user_admin.list_users(admin)[0]
    user_admin.create_user(admin, "mallory@example.com", "viewer", PAYLOAD, "mallory's own long secret")

    at = app_as(admin)
    assert_shown_as_text(at, "candidates")
    select_rows(at, [0])
    assert_shown_as_text(at, "candidates, a row selected")
    at.button(key="delete").click().run()
    assert_shown_as_text(at, "the delete dialog")
    at.button(key="cancel_delete").click().run()

    at.switch_page("pages/candidate_detail.py")
    at.query_params["id"] = str(made.id)
    at.run()
    assert_shown_as_text(at, "the candidate page")
    assert any("evil.example" in shown(m.value) for m in at.markdown), "the parsed fields are shown"

    at.switch_page("pages/add_candidate.py").run()
    at.text_input[0].input(PAYLOAD.replace("Eve", "Eva"))
    at.text_input[1].input("eva@example.com")
    at.button[0].click().run()
    assert_shown_as_text(at, "the add page's message")

    for page in ("pages/users.py", "pages/audit.py", "pages/account.py"):
        at.switch_page(page).run()
        assert_shown_as_text(at, page, expect_payload=page != "pages/audit.py")

    mallory = next(u for u in user_admin.list_users(admin) if u.email == "mallory@example.com")
    at.switch_page("pages/users.py").run()
    at.selectbox(key="chosen_user").set_value(mallory.id).run()
    at.button(key="reset_password").click().run()
    assert_shown_as_text(at, "the users page after a reset")


def test_an_error_quoting_what_was_typed_shows_it_as_text(app_env, admin):
    at = app_as(admin)
    at.switch_page("pages/add_candidate.py").run()
    at.text_input[0].input("Ada")
    at.text_input[1].input("[verify](https://evil.example/login)")
    at.button[0].click().run()
    assert at.error, "the bad email is refused"
    assert_shown_as_text(at, "the add page's error")


def test_a_failed_sign_in_shows_nothing_typed_as_markdown(app_env, admin):
    at = app_as()
    at.text_input(key="login_email").input(PAYLOAD)
    at.text_input(key="login_password").input(PASSWORD)
    at.button[-1].click().run()
    assert_shown_as_text(at, "the sign-in page", expect_payload=False)
