"""core/candidates.py: the use cases: create (with and without a PDF), validation, list and search,
edit, delete, downloads, re-parse and the parsing-status document."""
from __future__ import annotations

import io
import zipfile

import pytest

from core import candidates as cands
from core import storage
from core.errors import DuplicateError, NotFoundError, ValidationError
from utils import STATUS_KEYS, resume_pdf, stored_files, wait_for_status


def test_create_with_resume_stores_row_and_file_and_parses(app_env, admin):
    data = resume_pdf()
    c = cands.create_candidate(admin, "Ada Lovelace", "Ada@Example.com", "+44 20 7946 0958", data, "Ada CV.pdf")
    assert c.id > 0 and c.email == "ada@example.com"
    assert c.parse_status == "pending" and c.parse_stage == "queued"
    assert c.resume_path == str(app_env / "resumes" / f"{c.id}.pdf")
    assert c.resume_filename == "Ada CV.pdf" and c.resume_size == len(data)
    assert storage.read_resume_file(c.id) == data
    status = wait_for_status(admin, c.id)
    assert status["parsing_status"] == "completed", status
    done = cands.get_candidate(admin, c.id)
    assert done.parsed_resume["basics"]["email"] == "ada@example.com"
    assert done.parser_backend == "rules" and done.parsed_at is not None and done.parse_attempts == 1


def test_create_accepts_a_file_object(app_env, admin):
    data = resume_pdf(email="fo@example.com")
    c = cands.create_candidate(admin, "File Object", "fo@example.com", resume=io.BytesIO(data), filename="x.pdf")
    assert storage.read_resume_file(c.id) == data


def test_create_without_resume(app_env, admin):
    c = cands.create_candidate(admin, "No File", "nofile@example.com")
    assert c.parse_status == "no_resume" and c.resume_path is None
    assert cands.parsing_status(admin, c.id) == {
        "candidate_id": c.id, "parsing_status": "no_resume", "message": "No resume was uploaded.",
        "has_resume_file": False, "has_parsed_data": False, "resume_path": None,
    }


@pytest.mark.parametrize("kwargs, message", [
    (dict(full_name="  ", email="a@example.com"), "name is empty"),
    (dict(full_name="A", email="not-an-email"), "email 'not-an-email' is not valid"),
    (dict(full_name="A", email=""), "email is empty"),
    (dict(full_name="A", email="a@example.com", phone="12"), "phone number '12' is not valid"),
    (dict(full_name="A", email="a@example.com", resume=b"<html>hi</html>"), "not a PDF"),
    (dict(full_name="A", email="a@example.com", resume=b""), "empty"),
    (dict(full_name="A", email="a@example.com", resume=b"%PDF-1.7\n garbage without xref"), "not a readable PDF"),
])
def test_bad_input_gives_clear_error_and_stores_nothing(app_env, admin, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        cands.create_candidate(admin, **kwargs)
    assert cands.list_candidates(admin).total == 0
    assert stored_files(app_env / "resumes") == []


def test_oversized_pdf_refused(app_env, admin, monkeypatch):
    monkeypatch.setenv("MAX_RESUME_MB", "0.001")
    from core.config import reset_settings

    reset_settings()
    with pytest.raises(ValidationError, match="limit is 0.001 MB"):
        cands.create_candidate(admin, "Big", "big@example.com", resume=resume_pdf())
    assert cands.list_candidates(admin).total == 0 and stored_files(app_env / "resumes") == []


def test_duplicate_submit_is_refused_and_keeps_first(app_env, admin):
    first = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    with pytest.raises(DuplicateError, match=f"already exists \\(#{first.id}\\)"):
        cands.create_candidate(admin, "Ada again", "ADA@example.com", resume=resume_pdf())
    assert cands.list_candidates(admin).total == 1
    assert stored_files(app_env / "resumes") == [f"{first.id}.pdf"]


def test_failed_save_leaves_no_row(app_env, admin, monkeypatch):
    """A storage error after the row was flushed rolls the row back (no row without its file)."""
    (app_env / "resumes").mkdir()
    (app_env / "resumes" / "1.pdf").mkdir()  # os.replace onto a directory fails
    with pytest.raises(OSError):
        cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    assert cands.list_candidates(admin).total == 0
    assert [p for p in (app_env / "resumes").iterdir() if p.name != "1.pdf"] == []


def test_filenames_are_cleaned():
    assert cands.clean_filename("../../etc/passwd\x00.pdf") == "passwd.pdf"
    assert cands.clean_filename("C:\\Users\\me\\CV 2024.PDF") == "CV 2024.PDF"
    assert cands.clean_filename("") == "resume.pdf"
    assert cands.clean_filename("notes") == "notes.pdf"


def test_list_search_filter_paging_newest_first(app_env, admin):
    made = [cands.create_candidate(admin, f"Person {i}", f"p{i}@example.com") for i in range(5)]
    made.append(cands.create_candidate(admin, "Grace Hopper", "grace@navy.mil"))
    page = cands.list_candidates(admin, page_size=4)
    assert page.total == 6 and page.pages == 2
    assert [c.id for c in page.items] == [c.id for c in reversed(made)][:4]
    assert [c.full_name for c in cands.list_candidates(admin, search="grace").items] == ["Grace Hopper"]
    assert [c.full_name for c in cands.list_candidates(admin, search="NAVY").items] == ["Grace Hopper"]
    assert cands.list_candidates(admin, status="no_resume").total == 6
    assert cands.list_candidates(admin, status="completed").total == 0
    assert len(cands.list_candidates(admin, page=2, page_size=4).items) == 2
    with pytest.raises(ValidationError):
        cands.list_candidates(admin, status="bogus")
    assert cands.status_counts(admin) == {"no_resume": 6, "pending": 0, "completed": 0, "failed": 0}


def test_update_fields(app_env, admin):
    c = cands.create_candidate(admin, "Ada", "ada@example.com")
    other = cands.create_candidate(admin, "Bob", "bob@example.com")
    updated = cands.update_candidate(admin, c.id, full_name=" Ada  King ", phone="(415) 555-0142")
    assert (updated.full_name, updated.phone) == ("Ada King", "+1 415-555-0142")
    assert cands.update_candidate(admin, c.id, phone="+44 20 7946 0958").phone == "+44 20 7946 0958"
    with pytest.raises(DuplicateError):
        cands.update_candidate(admin, c.id, email=other.email)
    with pytest.raises(ValidationError):
        cands.update_candidate(admin, c.id, full_name="")
    assert cands.get_candidate(admin, c.id).email == "ada@example.com"
    assert cands.update_candidate(admin, c.id, phone="").phone is None
    with pytest.raises(NotFoundError):
        cands.update_candidate(admin, 99999, full_name="x")


def test_delete_removes_row_and_file_even_if_file_gone(app_env, admin):
    a = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    b = cands.create_candidate(admin, "Bob", "bob@example.com", resume=resume_pdf())
    wait_for_status(admin, a.id), wait_for_status(admin, b.id)
    cands.delete_candidate(admin, a.id)
    assert storage.get_resume_file_path(a.id) is None
    with pytest.raises(NotFoundError):
        cands.get_candidate(admin, a.id)
    storage.delete_resume_file(b.id)
    cands.delete_candidate(admin, b.id)  # file already gone: not an error
    assert cands.list_candidates(admin).total == 0
    with pytest.raises(NotFoundError):
        cands.delete_candidate(admin, b.id)


def test_downloads_give_exact_bytes_and_original_names(app_env, admin):
    datas = [resume_pdf(email=f"z{i}@example.com") for i in range(3)]
    ids = [cands.create_candidate(admin, f"Z {i}", f"z{i}@example.com", resume=d, filename="cv.pdf").id
           for i, d in enumerate(datas)]
    name, data = cands.resume_download(admin, ids[0])
    assert (name, data) == ("cv.pdf", datas[0])
    with zipfile.ZipFile(io.BytesIO(cands.resumes_zip(admin, ids))) as zf:
        assert zf.namelist() == ["cv.pdf", "cv (2).pdf", "cv (3).pdf"]
        assert [zf.read(n) for n in zf.namelist()] == datas
    nofile = cands.create_candidate(admin, "No", "no@example.com")
    with pytest.raises(NotFoundError):
        cands.resume_download(admin, nofile.id)


def test_reparse_requeues_a_completed_candidate(app_env, admin):
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    wait_for_status(admin, c.id)
    assert cands.reparse_candidate(admin, c.id).parse_status == "pending"
    assert wait_for_status(admin, c.id)["parsing_status"] == "completed"
    assert cands.get_candidate(admin, c.id).parse_attempts == 1, "a re-parse starts a fresh attempt budget"
    with pytest.raises(ValidationError, match="no resume"):
        cands.reparse_candidate(admin, cands.create_candidate(admin, "N", "n@example.com").id)


def test_parsing_status_shape_for_each_state(app_env, admin):
    c = cands.create_candidate(admin, "Ada", "ada@example.com", resume=resume_pdf())
    first = cands.parsing_status(admin, c.id)
    assert set(first) == STATUS_KEYS - {"resume_url"} | {"resume_path"}
    assert first["resume_path"] == str(app_env / "resumes" / f"{c.id}.pdf")
    assert first["parsing_status"] in ("pending", "completed") and first["has_resume_file"] is True
    done = wait_for_status(admin, c.id)
    assert done["has_parsed_data"] is True and done["message"] == "The resume was parsed."
    with pytest.raises(NotFoundError):
        cands.parsing_status(admin, 12345)


def test_search_is_bounded_with_a_clear_message(recruiter):
    cands.create_candidate(recruiter, "Ada", "ada@example.com")
    assert cands.list_candidates(recruiter, search="a" * cands.MAX_SEARCH).total == 0
    for huge in ("a" * (cands.MAX_SEARCH + 1), "%_" * 30_000):
        with pytest.raises(ValidationError, match="The search is longer than 200 characters"):
            cands.list_candidates(recruiter, search=huge)
        with pytest.raises(ValidationError, match="longer than 200"):
            cands.export_csv(recruiter, search=huge)


@pytest.mark.parametrize("bad_id", [0, -1, 2**31, 10**20, True, "1"])
def test_ids_out_of_range_are_simply_not_found(recruiter, bad_id):
    with pytest.raises(NotFoundError):
        cands.get_candidate(recruiter, bad_id)


@pytest.mark.parametrize("field, value, message", [
    ("full_name", "Ada \ud800 Lovelace", "The name contains invalid characters"),
    ("email", "ada\udfff@example.com", "The email contains invalid characters"),
])
def test_a_lone_surrogate_is_refused_and_stores_nothing(app_env, admin, field, value, message):
    kwargs = {"full_name": "Ada", "email": "ada@example.com", "phone": None, field: value}
    with pytest.raises(ValidationError, match=f"^{message}"):
        cands.create_candidate(admin, resume=resume_pdf(), **kwargs)
    assert cands.list_candidates(admin).total == 0
    assert stored_files(app_env / "resumes") == []
    with pytest.raises(ValidationError, match="^The search contains invalid characters"):
        cands.list_candidates(admin, search="\ud800")


@pytest.mark.parametrize("field, value", [("phone", "0" * 1000), ("phone", "+46 8 123" * 100_000),
                                          ("email", "x" * 1_000_000)])
def test_a_refusal_quotes_at_most_a_few_words_of_the_input(app_env, admin, field, value):
    kwargs = {"full_name": "Ada", "email": "ada@example.com", field: value}
    with pytest.raises(ValidationError) as refused:
        cands.create_candidate(admin, **kwargs)
    assert len(str(refused.value)) < 300, str(refused.value)[:400]
