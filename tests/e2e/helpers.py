"""What a recruiter does in the browser, as small steps the flows share.

Every step waits on something the user would see (Playwright's `expect`), never on a sleep.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

import utils

APP_ROOT = Path(__file__).resolve().parents[2]
SETTLED = "[data-testid='stApp'][data-test-script-state='notRunning']"
SAMPLES_DIR = APP_ROOT / "samples"
ADMIN_EMAIL, ADMIN_PASSWORD = "admin@example.com", "e2e-admin-password-1"
SAMPLES = json.loads((SAMPLES_DIR / "candidates.json").read_text(encoding="utf-8"))

# st.dataframe (glide-data-grid) draws rows on a canvas. Its accessible twin, an off-screen
# <table role="grid">, holds the visible rows' text and `aria-selected`, so reading and
# checking go through the table; clicking goes to the canvas, at the row-marker column.
HEADER_PX = 35   # Streamlit's header height and default row height
ROW_PX = 35
MARKER_X_PX = 15  # middle of the row-marker (checkbox) column


def settled(page: Page) -> None:
    """The script run the last action started has finished, without an uncaught exception."""
    page.locator(SETTLED).wait_for()
    crash = page.get_by_test_id("stException")
    if crash.count():
        raise AssertionError(f"the app raised: {crash.first.inner_text()[:1500]}")


def shows(page: Page, wanted: Locator) -> None:
    """Wait until `wanted` is visible; fail at once, with the app's words, if an error shows first.

    An error is an uncaught exception or an st.error that is not a candidate's status line
    (a failed parse is a status, not an error of the app).
    """
    problem = page.get_by_test_id("stException").or_(
        page.get_by_test_id("stAlertContentError").filter(has_not_text="Candidate #"))
    expect(wanted.or_(problem).first).to_be_visible()
    if not wanted.first.is_visible() and problem.count():
        raise AssertionError(f"the app showed an error instead: {problem.first.inner_text()[:1500]}")


def button(page: Page, label: str) -> Locator:
    """A Streamlit button (st.button / st.download_button) by its exact label.

    By role and name alone, "Open" would also match the selectbox's open-the-list button.
    """
    return page.get_by_role("button", name=label, exact=True).and_(page.locator("[data-testid^='stBaseButton']"))


def sign_in(page: Page, email: str, password: str) -> None:
    """On the Sign in page: sign in, and wait until the signed-in sidebar shows."""
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    form = page.get_by_test_id("stForm")
    form.get_by_label("Email", exact=True).fill(email)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_role("button", name="Sign in").click()
    shows(page, page.get_by_test_id("stSidebar").get_by_text("Signed in as"))
    settled(page)


def sign_out(page: Page) -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    settled(page)


def nav_titles(page: Page) -> list[str]:
    links = page.get_by_test_id("stSidebarNav").get_by_role("link")
    expect(links.first).to_be_visible()
    return [t.strip() for t in links.all_inner_texts()]


def go(page: Page, title: str) -> None:
    """Open a page from the sidebar navigation."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    settled(page)


# --- the candidates table --------------------------------------------------------------------

def grid(page: Page) -> Locator:
    return page.get_by_test_id("stDataFrame")


def row(page: Page, text: str) -> Locator:
    """The table row (accessible twin) that contains `text`, e.g. a name or an email."""
    return grid(page).locator("tbody tr[role='row']", has_text=text)


def cell(page: Page, text: str, column: str) -> Locator:
    """One cell of the row containing `text`, by column header (e.g. "status", "skills")."""
    heads = grid(page).locator("thead th")
    expect(heads.filter(has_text=column).first).to_be_attached()  # the grid has rendered
    headers = heads.all_inner_texts()
    index = [h.strip() for h in headers].index(column) + 1
    return row(page, text).locator(f"td[aria-colindex='{index}']")


def candidate_id(page: Page, text: str) -> int:
    """The id in the row's "#" cell: a number, or the link to the candidate (`/candidate?id=7`)."""
    return int(re.search(r"(\d+)\s*$", cell(page, text, "#").inner_text()).group(1))


def select_rows(page: Page, *texts: str) -> None:
    """Tick the row-marker checkbox of each row containing one of `texts`, and check it took.

    The click goes to the canvas at the row's computed position; the accessible table then
    says `aria-selected="true"` for that row, which is what this waits for.
    """
    table = grid(page)
    table.scroll_into_view_if_needed()
    expect(table.locator("canvas").first).to_be_visible()
    for text in texts:
        target = row(page, text)
        expect(target).to_have_count(1)
        index = int(target.get_attribute("aria-rowindex")) - 2  # 1 is the header row
        if target.get_attribute("aria-selected") == "true":
            continue
        box = table.locator("canvas").first.bounding_box()
        page.mouse.click(box["x"] + MARKER_X_PX, box["y"] + HEADER_PX + ROW_PX * index + ROW_PX / 2)
        expect(target).to_have_attribute("aria-selected", "true")
    settled(page)


def wait_all(page: Page, status: str, names: list[str]) -> None:
    """Every named row shows `status` (the table refreshes itself; the page is never reloaded)."""
    for name in names:
        expect(cell(page, name, "status")).to_contain_text(status)


def load_samples(page: Page) -> list[str]:
    """On the empty Candidates page: load the bundled samples and wait until all are parsed."""
    names = [s["full_name"] for s in SAMPLES]
    page.get_by_role("button", name="Load sample candidates").click()
    shows(page, page.get_by_text(re.compile(r"\d+ candidate\(s\) · page")))
    expect(grid(page).locator("tbody tr")).to_have_count(len(names))
    wait_all(page, "completed", names)
    expect(page.get_by_text("completed 5")).to_be_visible()  # caption; the timer stopped
    settled(page)
    return names


def sample_path(name: str) -> Path:
    entry = next(s for s in SAMPLES if s["full_name"] == name)
    return SAMPLES_DIR / entry["file"]


# --- the add form ----------------------------------------------------------------------------

def fill_add_form(page: Page, name: str, email: str, phone: str | None = None,
                  resume: Path | None = None) -> None:
    page.get_by_label("Full name", exact=True).fill(name)
    page.get_by_label("Email", exact=True).fill(email)
    if phone:
        page.get_by_label("Phone", exact=True).fill(phone)
    if resume is not None:
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(resume))
        expect(page.get_by_role("button", name=f"Remove {resume.name}", exact=True)).to_be_visible()
    page.keyboard.press("Tab")  # commit the last text field before the submit


def submit_add_form(page: Page, added: str | None = None) -> None:
    """Press "Add candidate"; with `added` (the name), wait until the app says it was added."""
    page.get_by_test_id("stForm").get_by_role("button", name="Add candidate").click()
    if added:
        shows(page, page.get_by_text(f"{added} was added."))
    settled(page)


def status_line(page: Page, candidate: int) -> Locator:
    """The live status line of the Add / Candidate pages ("Candidate #7: completed — …")."""
    return page.get_by_test_id("stAlert").filter(has_text=f"Candidate #{candidate}:")


# --- PDFs ------------------------------------------------------------------------------------

def resume_pdf(path: Path, name: str, email: str, phone: str = "+44 20 7946 0958",
               employer: str = "Analytical Engines Ltd", school: str = "University of London") -> Path:
    """A one-page resume with a real text layer (utils.resume_pdf), written to `path`."""
    path.write_bytes(utils.resume_pdf(name, email, phone, employer=employer, school=school))
    return path


def scanned_pdf(path: Path) -> Path:
    """A valid one-page PDF with no text layer (utils.blank_pdf), written to `path`."""
    path.write_bytes(utils.blank_pdf())
    return path


def pdf_preview_painted(page: Page) -> None:
    """The PDF preview (st.pdf) shows page 1, and its canvas has ink on it (not blank)."""
    first = page.locator(".react-pdf__Page[data-page-number='1'] canvas")
    expect(first).to_be_visible()
    page.wait_for_function(
        """(el) => {
            const ctx = el.getContext('2d');
            if (!ctx || !el.width || !el.height) return false;
            const d = ctx.getImageData(0, 0, el.width, el.height).data;
            for (let i = 0; i < d.length; i += 4 * 7) {
                if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 300) return true;  // a dark pixel
            }
            return false;
        }""",
        arg=first.element_handle(),
    )
