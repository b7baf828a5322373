"""core/intake.py and core/contacts.py: contacts from the parse, needs review, attach/replace,
bulk intake of PDFs and ZIPs; the duplicate rules at intake."""
from __future__ import annotations

import pytest

from core import audit, contacts, intake, storage
from core import candidates as cands
from core.errors import DuplicateError, NotFoundError, PermissionDenied, PossibleDuplicate, ValidationError
from utils import audit_rows, blank_pdf, resume_pdf, set_env, stored_files, wait_for_status, zip_bytes


def done(actor, candidate_id):
    wait_for_status(actor, candidate_id)
    return cands.get_candidate(actor, candidate_id)


# --- contacts from the parse ---------------------------------------------------------------

def test_a_pdf_alone_makes_a_pending_candidate_filled_by_the_parse(any_db, app_env, recruiter):
    c = cands.create_candidate(recruiter, "", "", None, resume_pdf("Grace Hopper", "grace@example.com",
                                                                    "0044 20 7946 0958"), "grace_cv.pdf")
    assert (c.full_name, c.email, c.phone, c.parse_status) == ("(grace_cv)", None, None, "pending")
    assert c.fill_from_parse == "full_name,email,phone" and not c.needs_review
    c = done(recruiter, c.id)
    assert (c.full_name, c.email, c.phone, c.phone_e164) == ("Grace Hopper", "grace@example.com",
                                                             "+44 20 7946 0958", "+442079460958")
    assert c.phone_typed == "0044 20 7946 0958"  # as the resume printed it
    assert not c.needs_review and c.fill_from_parse is None


def test_typed_fields_win_and_the_parsed_ones_are_offered(app_env, recruiter):
    c = cands.create_candidate(recruiter, "Grace B. Hopper", "", "+1 415 555 0142",
                               resume_pdf("Grace Hopper", "grace@example.com", "+44 20 7946 0958"), "g.pdf")
    c = done(recruiter, c.id)
    assert (c.full_name, c.email, c.phone) == ("Grace B. Hopper", "grace@example.com", "+1 415-555-0142")
    diffs = {d.field: (d.current, d.parsed) for d in contacts.differences(c, c.parsed_resume)}
    assert diffs == {"full_name": ("Grace B. Hopper", "Grace Hopper"),
                     "phone": ("+1 415-555-0142", "+44 20 7946 0958")}
    picked = cands.update_candidate(recruiter, c.id, phone=diffs["phone"][1])
    assert picked.phone_e164 == "+442079460958"
    assert [d.field for d in contacts.differences(picked, picked.parsed_resume)] == ["full_name"]


def test_no_email_in_the_resume_means_needs_review_and_never_a_made_up_address(any_db, app_env, recruiter):
    a = cands.create_candidate(recruiter, None, None, None, resume_pdf("Alan Turing", "", "+44 20 7946 0111"), "a.pdf")
    b = cands.create_candidate(recruiter, None, None, None, resume_pdf("Joan Clarke", "", "+44 20 7946 0222"), "b.pdf")
    a, b = done(recruiter, a.id), done(recruiter, b.id)
    assert (a.email, b.email) == (None, None)  # two candidates without an email: the unique index allows it
    assert a.needs_review and "no email" in a.review_reason and a.full_name == "Alan Turing"
    listed = cands.list_candidates(recruiter, status=cands.NEEDS_REVIEW)
    assert {x.id for x in listed.items} == {a.id, b.id}
    fixed = cands.update_candidate(recruiter, a.id, email="alan@example.com")
    assert not fixed.needs_review and fixed.review_reason is None
    assert [x.id for x in cands.list_candidates(recruiter, status=cands.NEEDS_REVIEW).items] == [b.id]


def nameless_pdf(tmp_path, email="anon@example.com") -> bytes:
    """A resume with contacts and skills but no name line."""
    from pdfgen import simple_pdf

    path = tmp_path / "nameless.pdf"
    simple_pdf(path, [(60, 60, f"{email} | +44 20 7946 0958"), (60, 90, "SKILLS"), (60, 110, "Python, SQL")])
    return path.read_bytes()


def test_no_name_in_the_resume_keeps_the_file_name_and_needs_review(app_env, recruiter):
    c = cands.create_candidate(recruiter, None, None, None, nameless_pdf(app_env), "scan 7.pdf")
    c = done(recruiter, c.id)
    assert c.parse_status == "completed" and c.email == "anon@example.com"
    assert c.full_name == "(scan 7)" and c.needs_review and "no name" in c.review_reason
    assert [x.id for x in cands.list_candidates(recruiter, status=cands.NEEDS_REVIEW).items] == [c.id]
    assert not cands.update_candidate(recruiter, c.id, full_name="Anne Onymous").needs_review


def test_a_failed_parse_leaves_the_empty_fields_flagged(app_env, recruiter):
    c = cands.create_candidate(recruiter, None, None, None, blank_pdf(), "blank.pdf")
    c = done(recruiter, c.id)
    assert c.parse_status == "failed" and c.needs_review and "fill in" in c.review_reason


def test_a_parsed_email_another_candidate_has_is_not_taken(any_db, app_env, recruiter):
    first = cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com")
    c = cands.create_candidate(recruiter, None, None, None, resume_pdf("Ada King", "ada@example.com"), "ada.pdf")
    c = done(recruiter, c.id)
    assert c.email is None and c.needs_review and f"#{first.id}" in c.review_reason
    assert [(p.older.id, p.newer.id, p.rule) for p in duplicates_of(recruiter, c.id)] == [(first.id, c.id, "email")]


def test_without_a_resume_name_and_email_are_still_required(app_env, recruiter):
    with pytest.raises(ValidationError, match="name is empty"):
        cands.create_candidate(recruiter, "", "x@example.com")
    with pytest.raises(ValidationError, match="email is empty"):
        cands.create_candidate(recruiter, "X", "")


def test_an_oversized_pdf_is_refused_by_name_and_nothing_is_created(app_env, recruiter):
    big = resume_pdf() + b"%" * (10 * 1024 * 1024)
    with pytest.raises(ValidationError, match=r"10\.\d MB; the limit is 10 MB"):
        cands.create_candidate(recruiter, "Ada", "ada@example.com", resume=big, filename="big.pdf")
    assert cands.list_candidates(recruiter).total == 0 and stored_files(app_env / "resumes") == []


# --- duplicates ----------------------------------------------------------------------------

def duplicates_of(actor, candidate_id):
    from core import duplicates
    return duplicates.list_pairs(actor, candidate_id)


def test_same_file_under_another_email_is_a_warning_with_the_existing_candidate(app_env, recruiter):
    pdf = resume_pdf()
    first = cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com", resume=pdf, filename="a.pdf")
    with pytest.raises(PossibleDuplicate) as info:
        cands.create_candidate(recruiter, "Ada L", "ada.l@example.com", resume=pdf, filename="a.pdf",
                               on_duplicate="warn")
    assert [(m.other_id, m.rule) for m in info.value.matches] == [(first.id, "file")]
    assert f"#{first.id}" in str(info.value) and "same resume file" in str(info.value)
    assert cands.list_candidates(recruiter).total == 1 and stored_files(app_env / "resumes") == [f"{first.id}.pdf"]
    kept = cands.create_candidate(recruiter, "Ada L", "ada.l@example.com", resume=pdf, filename="a.pdf")
    assert [(p.older.id, p.newer.id, p.rule) for p in duplicates_of(recruiter, kept.id)] == [(first.id, kept.id, "file")]


def test_same_email_stays_a_refusal(app_env, recruiter):
    cands.create_candidate(recruiter, "Ada", "ada@example.com")
    with pytest.raises(DuplicateError):
        cands.create_candidate(recruiter, "Someone Else", "ADA@example.com", on_duplicate="keep")


@pytest.mark.parametrize("first, second, rule", [
    (("Ada Lovelace", "ada@example.com", "+44 20 7946 0958"), ("Bob Smith", "bob@example.com", "0044 20 7946 0958"),
     "phone"),
    (("José García", "jose@example.com", "+34 612 345 678"), ("JOSE GARCIA", "jg@example.com", "0034 612345678"),
     "name_contact"),
    (("José García-López", "jose@example.com", None), ("Lopez, Jose Garcia", "other@example.com", None), "name"),
    (("Zoë Ångström", "zoe@example.com", None), ("zoe angstrom", "za@example.com", "+1 415 555 0142"), "name"),
])
def test_soft_rules_warn_with_the_rule(app_env, recruiter, first, second, rule):
    existing = cands.create_candidate(recruiter, *first)
    with pytest.raises(PossibleDuplicate) as info:
        cands.create_candidate(recruiter, *second, on_duplicate="warn")
    assert [(m.other_id, m.rule) for m in info.value.matches] == [(existing.id, rule)]


def test_different_people_are_not_duplicates(app_env, recruiter):
    cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com", "+44 20 7946 0958")
    made = cands.create_candidate(recruiter, "Ada Byron", "byron@example.com", "+44 20 7946 0959", on_duplicate="warn")
    assert duplicates_of(recruiter, made.id) == []


def test_name_with_a_shared_parsed_email_is_found_when_the_parse_completes(app_env, recruiter):
    first = cands.create_candidate(recruiter, "Grace Hopper", "grace@navy.example")
    c = cands.create_candidate(recruiter, "Grace Hopper", "grace@home.example", None,
                               resume_pdf("Grace Hopper", "grace@navy.example", ""), "g.pdf", on_duplicate="keep")
    assert [p.rule for p in duplicates_of(recruiter, c.id)] == ["name"]  # at intake: the name only
    done(recruiter, c.id)
    assert [p.rule for p in duplicates_of(recruiter, c.id)] == ["name_contact"]  # the parse shows the shared email


# --- attach and replace --------------------------------------------------------------------

def test_attach_a_resume_to_a_candidate_without_one(app_env, recruiter):
    c = cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com")
    pdf = resume_pdf(phone="+44 20 7946 0958")
    c = intake.attach_resume(recruiter, c.id, pdf, "ada.pdf")
    assert c.parse_status == "pending" and storage.read_resume_file(c.id) == pdf
    assert c.fill_from_parse == "phone"
    c = done(recruiter, c.id)
    assert c.parse_status == "completed" and c.phone == "+44 20 7946 0958"
    assert audit_rows(audit.RESUME_ATTACH) == [("recruiter@example.com", "resume_attach", c.id)]
    assert stored_files(app_env / "resumes") == [f"{c.id}.pdf"]


def test_replace_swaps_the_file_and_parses_again(any_db, app_env, recruiter):
    old, new = resume_pdf(employer="Old Co"), resume_pdf(employer="New Co")
    c = done(recruiter, cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com", None, old, "old.pdf").id)
    c = intake.attach_resume(recruiter, c.id, new, "new.pdf")
    assert (c.parse_status, c.parsed_resume, c.resume_filename) == ("pending", None, "new.pdf")
    c = done(recruiter, c.id)
    assert "New Co" in str(c.parsed_resume["work"]) and storage.read_resume_file(c.id) == new
    assert audit_rows(audit.RESUME_REPLACE) == [("recruiter@example.com", "resume_replace", c.id)]
    assert stored_files(app_env / "resumes") == [f"{c.id}.pdf"]  # no backup, no temp file left


@pytest.mark.parametrize("bad, message", [(b"<html>", "not a PDF"), (b"%PDF-1.7 junk", "not a readable PDF"),
                                          (b"%PDF-" + b"0" * (10 * 1024 * 1024 + 10), "the limit is 10 MB")])
def test_a_refused_replacement_changes_nothing(app_env, recruiter, bad, message):
    old = resume_pdf()
    c = done(recruiter, cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com", None, old, "old.pdf").id)
    with pytest.raises(ValidationError, match=message):
        intake.attach_resume(recruiter, c.id, bad, "new.pdf")
    after = cands.get_candidate(recruiter, c.id)
    assert (after.parse_status, after.resume_filename, after.resume_sha256) == ("completed", "old.pdf", c.resume_sha256)
    assert storage.read_resume_file(c.id) == old and stored_files(app_env / "resumes") == [f"{c.id}.pdf"]
    assert audit_rows(audit.RESUME_REPLACE) == []


def test_attach_needs_edit_rights_and_an_existing_candidate(app_env, recruiter, viewer):
    c = cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com")
    with pytest.raises(PermissionDenied):
        intake.attach_resume(viewer, c.id, resume_pdf(), "a.pdf")
    with pytest.raises(NotFoundError):
        intake.attach_resume(recruiter, c.id + 99, resume_pdf(), "a.pdf")
    assert stored_files(app_env / "resumes") == []


def test_installed_file_undo_puts_the_old_one_back(app_env):
    directory = storage.ensure_resume_directory()
    (directory / "5.pdf").write_bytes(b"%PDF-old")
    temp = directory / "new.tmp"
    temp.write_bytes(b"%PDF-new")
    installed = storage.install_resume_file(temp, 5)
    assert (directory / "5.pdf").read_bytes() == b"%PDF-new"
    installed.undo()
    assert (directory / "5.pdf").read_bytes() == b"%PDF-old" and stored_files(directory) == ["5.pdf"]


# --- bulk intake ---------------------------------------------------------------------------

def test_bulk_takes_pdfs_and_zips_and_lists_what_it_skipped(app_env, recruiter):
    names = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth"]
    people = [(n, f"p{i}@example.com", f"+44 20 7946 01{i:02d}") for i, n in enumerate(names)]
    pdfs = [resume_pdf(*p) for p in people]
    archive = zip_bytes({"cvs/a/one.pdf": pdfs[2], "cvs/b/deeper/two.PDF": pdfs[3], "cvs/readme.txt": b"hi",
                      "../escape.pdf": pdfs[4], "cvs/inner.zip": b"PK", "photo.jpg": b"\xff\xd8",
                      "/abs/five.pdf": pdfs[5]})
    batch = intake.bulk_intake(recruiter, [("a.pdf", pdfs[0]), ("b.pdf", pdfs[1]), ("agency.zip", archive),
                                           ("huge.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024))])
    view = intake.batch_progress(recruiter, batch)
    by_name = {i.filename: i for i in view.items}
    assert {n for n, i in by_name.items() if i.candidate_id} == {
        "a.pdf", "b.pdf", "agency.zip › cvs/a/one.pdf", "agency.zip › cvs/b/deeper/two.PDF"}
    assert by_name["agency.zip › ../escape.pdf"].phase == "skipped"
    assert "leaves the ZIP" in by_name["agency.zip › ../escape.pdf"].reason
    assert by_name["agency.zip › /abs/five.pdf"].phase == "skipped"
    assert by_name["agency.zip › cvs/readme.txt"].reason == "not a PDF"
    assert by_name["agency.zip › cvs/inner.zip"].reason == "a ZIP inside a ZIP is not opened"
    assert by_name["huge.pdf"].phase == "failed" and "the limit is 10 MB" in by_name["huge.pdf"].reason
    for item in view.items:
        if item.candidate_id:
            wait_for_status(recruiter, item.candidate_id)
    view = intake.batch_progress(recruiter, batch)
    assert view.counts["done"] == 4 and not view.in_flight
    assert {(i.name, i.email) for i in view.items if i.candidate_id} == {(p[0], p[1]) for p in people[:4]}
    stored = stored_files(app_env / "resumes")
    assert sorted(stored) == sorted(f"{i.candidate_id}.pdf" for i in view.items if i.candidate_id)
    creates = audit_rows(audit.CREATE, detail=True)
    assert len(creates) == 4 and all(d == f"bulk intake #{batch}" for *_, d in creates)
    assert [(a, c) for _, a, c, *_ in audit_rows(audit.BULK_INTAKE)] == [("bulk_intake", None)]


def test_bulk_shows_duplicates_of_the_same_file(any_db, app_env, recruiter):
    pdf = resume_pdf("Ada Lovelace", "ada@example.com")
    batch = intake.bulk_intake(recruiter, [("one.pdf", pdf), ("again.pdf", pdf)])
    items = intake.batch_progress(recruiter, batch).items
    assert items[1].duplicate_of == [(items[0].candidate_id, "file")]
    assert items[0].duplicate_of == [(items[1].candidate_id, "file")]


@pytest.mark.parametrize("env, message", [({"BULK_MAX_FILES": 3}, "at most 3"),
                                          ({"BULK_MAX_UNZIPPED_MB": 1}, "limit for one intake is 1 MB")])
def test_bulk_caps_refuse_the_whole_batch_before_anything_is_created(app_env, recruiter, monkeypatch, env, message):
    set_env(monkeypatch, **env)
    archive = zip_bytes({f"{i}.pdf": resume_pdf(email=f"p{i}@example.com") + b" " * 300_000 for i in range(4)})
    with pytest.raises(ValidationError, match=message):
        intake.bulk_intake(recruiter, [("all.zip", archive)])
    assert cands.list_candidates(recruiter).total == 0 and stored_files(app_env / "resumes") == []


def test_bulk_refuses_a_broken_zip_but_adds_the_rest(app_env, recruiter):
    batch = intake.bulk_intake(recruiter, [("broken.zip", b"PK\x03\x04 not really"), ("ok.pdf", resume_pdf())])
    phases = [(i.filename, i.phase) for i in intake.batch_progress(recruiter, batch).items]
    assert phases[0] == ("broken.zip", "failed") and phases[1][0] == "ok.pdf" and phases[1][1] != "failed"


def test_bulk_is_for_recruiters_and_admins(app_env, viewer):
    with pytest.raises(PermissionDenied):
        intake.bulk_intake(viewer, [("a.pdf", resume_pdf())])
