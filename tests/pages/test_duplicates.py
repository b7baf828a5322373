"""pages/duplicates.py: the possible-duplicates list, merge and keep both."""
from __future__ import annotations

from core import candidates as cands
from core import duplicates
from utils import app_as, labels, resume_pdf, wait_for_status


def pair(recruiter):
    old = cands.create_candidate(recruiter, "José García", "jose@example.com", "+34 612 345 678")
    new = cands.create_candidate(recruiter, None, None, None, resume_pdf("Jose Garcia", "jg@example.com",
                                                                        "0034 612 345 678"), "jg.pdf")
    wait_for_status(recruiter, new.id)
    return old, new


def test_merge_into_the_older_one(app_env, recruiter):
    old, new = pair(recruiter)
    at = app_as(recruiter, "pages/duplicates.py")
    assert any("same name and a shared email or phone" in m.value for m in at.markdown)
    at.button(key=f"merge_old_{duplicates.list_pairs(recruiter)[0].id}").click().run()
    assert not at.exception and not at.error
    assert cands.find_candidate(recruiter, new.id) is None
    kept = cands.get_candidate(recruiter, old.id)
    assert kept.email == "jose@example.com" and kept.resume_filename == "jg.pdf"
    assert [i.value for i in at.info] == ["No possible duplicates."]


def test_keep_both_and_viewers_see_no_buttons(app_env, recruiter, viewer):
    pair(recruiter)
    assert not {lbl for lbl in labels(app_as(viewer, "pages/duplicates.py")) if "Merge" in lbl or "Keep" in lbl}
    at = app_as(recruiter, "pages/duplicates.py")
    at.button(key=f"keep_{duplicates.list_pairs(recruiter)[0].id}").click().run()
    assert duplicates.list_pairs(recruiter) == [] and cands.list_candidates(recruiter).total == 2
