"""ui/intake.py on the candidate page and the add form: attach or replace the resume, pick
the resume's contact over the typed one, the duplicate warning's choices, oversized files."""
from __future__ import annotations

from core import candidates as cands
from core import storage
from utils import add_candidate, app_as, labels, resume_pdf, run_until, shown, wait_for_status


def test_attach_a_resume_to_a_candidate_without_one(app_env, recruiter):
    c = cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com")
    at = app_as(recruiter, "pages/candidate_detail.py", id=c.id)
    pdf = resume_pdf()
    at.get("file_uploader")[0].upload("ada.pdf", pdf, "application/pdf")
    at.button(key="FormSubmitter:resume_upload_%d-Attach a resume" % c.id).click().run()
    assert not at.exception and not at.error
    assert storage.read_resume_file(c.id) == pdf
    run_until(at, lambda a: cands.get_candidate(recruiter, c.id).parse_status == "completed")


def test_replace_refuses_an_oversized_file_by_name(app_env, recruiter):
    old = resume_pdf()
    c = cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com", resume=old, filename="a.pdf")
    wait_for_status(recruiter, c.id)
    at = app_as(recruiter, "pages/candidate_detail.py", id=c.id)
    at.get("file_uploader")[0].upload("huge.pdf", b"%PDF-" + b"0" * (15 * 1024 * 1024), "application/pdf")
    at.button(key="FormSubmitter:resume_upload_%d-Replace the resume" % c.id).click().run()
    assert shown(at.error[0].value) == "huge.pdf: The file is 15.0 MB; the limit is 10 MB."
    assert storage.read_resume_file(c.id) == old


def test_the_resumes_phone_can_replace_the_typed_one(app_env, recruiter, viewer):
    c = cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com", "+1 415 555 0142",
                               resume_pdf(phone="+44 20 7946 0958"), "a.pdf")
    wait_for_status(recruiter, c.id)
    assert "Use the resume's" not in labels(app_as(viewer, "pages/candidate_detail.py", id=c.id))
    at = app_as(recruiter, "pages/candidate_detail.py", id=c.id)
    assert any("+1 415" in m.value for m in at.markdown) and any("+44 20" in m.value for m in at.markdown)
    at.button(key="pick_phone").click().run()
    assert cands.get_candidate(recruiter, c.id).phone == "+44 20 7946 0958"


def test_needs_review_is_shown_with_its_reason(app_env, recruiter):
    c = cands.create_candidate(recruiter, None, None, None, resume_pdf("Alan Turing", ""), "alan.pdf")
    wait_for_status(recruiter, c.id)
    at = app_as(recruiter, "pages/candidate_detail.py", id=c.id)
    assert any("Needs review" in w.value and "no email" in w.value for w in at.warning)


def test_a_pdf_alone_adds_a_candidate_filled_from_the_resume(app_env, recruiter):
    at = add_candidate(app_as(recruiter), "", "", resume_pdf("Grace Hopper", "grace@example.com"), "grace.pdf")
    assert not at.exception and not at.error
    c = cands.list_candidates(recruiter).items[0]
    wait_for_status(recruiter, c.id)
    assert cands.get_candidate(recruiter, c.id).email == "grace@example.com"


def test_an_oversized_pdf_is_named_in_an_error_and_nothing_is_added(app_env, recruiter):
    at = add_candidate(app_as(recruiter), "Big", "big@example.com", b"%PDF-" + b"0" * (15 * 1024 * 1024), "big.pdf")
    assert shown(at.error[0].value) == "big.pdf: The file is 15.0 MB; the limit is 10 MB."
    assert cands.list_candidates(recruiter).total == 0
    assert not at.toast


def test_a_duplicate_file_is_warned_with_a_link_and_three_choices(app_env, recruiter):
    pdf = resume_pdf()
    first = cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com", resume=pdf, filename="a.pdf")
    at = add_candidate(app_as(recruiter), "Ada L", "ada.l@example.com", pdf)
    assert any("same resume file" in w.value for w in at.warning)
    assert {"Keep both", "Skip this one", f"Attach this PDF to #{first.id}"} <= labels(at)
    assert cands.list_candidates(recruiter).total == 1
    at.button(key="dup_keep").click().run()
    assert cands.list_candidates(recruiter).total == 2


def test_skip_adds_nothing_and_attach_replaces_the_existing_resume(app_env, recruiter):
    pdf = resume_pdf()
    first = cands.create_candidate(recruiter, "Ada Lovelace", "ada@example.com", "+44 20 7946 0958")
    at = app_as(recruiter, "pages/add_candidate.py")
    at.text_input[0].input("Ada Lovelace")
    at.text_input[1].input("ada2@example.com")
    at.get("file_uploader")[0].upload("new.pdf", pdf, "application/pdf")
    at.button[0].click().run()
    at.button(key="dup_skip").click().run()
    assert cands.list_candidates(recruiter).total == 1
    at.text_input[0].input("Ada Lovelace")
    at.text_input[1].input("ada2@example.com")
    at.get("file_uploader")[0].upload("new.pdf", pdf, "application/pdf")
    at.button[0].click().run()
    at.button(key="dup_attach").click().run()
    assert cands.list_candidates(recruiter).total == 1 and storage.read_resume_file(first.id) == pdf
