"""The API's intake routes: a PDF alone, bulk PDFs and ZIPs with their progress, and
attaching or replacing a resume, with the same roles as the dashboard."""
from __future__ import annotations

import json

from core import audit, storage
from utils import assert_error, audit_rows, resume_pdf, wait_for_status, zip_bytes


def test_a_pdf_alone_is_enough_and_the_parse_fills_the_contacts(client, recruiter, as_recruiter):
    response = client.post("/candidates/", data={"candidate_in": "{}"}, headers=as_recruiter,
                           files={"resume": ("grace.pdf", resume_pdf("Grace Hopper", "grace@example.com"),
                                             "application/pdf")})
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["full_name"], body["email"], body["needs_review"]) == ("(grace)", None, False)
    wait_for_status(recruiter, body["id"])
    done = client.get(f"/candidates/{body['id']}", headers=as_recruiter).json()
    assert (done["full_name"], done["email"], done["phone_e164"]) == ("Grace Hopper", "grace@example.com",
                                                                      "+442079460958")


def test_on_duplicate_warn_refuses_a_look_alike_with_409(client, as_recruiter):
    pdf = resume_pdf()
    files = {"resume": ("a.pdf", pdf, "application/pdf")}
    first = client.post("/candidates/", data={"candidate_in": json.dumps({"email": "a@example.com"})},
                        files=files, headers=as_recruiter).json()
    again = client.post("/candidates/", data={"candidate_in": json.dumps({"email": "b@example.com"}),
                                              "on_duplicate": "warn"}, files=files, headers=as_recruiter)
    assert_error(again, 409, f"#{first['id']}", "same resume file")
    kept = client.post("/candidates/", data={"candidate_in": json.dumps({"email": "b@example.com"})},
                       files=files, headers=as_recruiter)
    assert kept.status_code == 201


def test_bulk_takes_pdfs_and_zips_and_reports_each_file(client, recruiter, as_recruiter, as_viewer):
    archive = zip_bytes({"a/alan.pdf": resume_pdf("Alan Turing", "alan@example.com"), "notes.txt": b"x",
                         "../evil.pdf": resume_pdf("Eve Evil", "eve@example.com")})
    files = [("files", ("grace.pdf", resume_pdf("Grace Hopper", "grace@example.com"), "application/pdf")),
             ("files", ("agency.zip", archive, "application/zip"))]
    assert_error(client.post("/candidates/bulk", files=files, headers=as_viewer), 403, "may not add candidates")
    response = client.post("/candidates/bulk", files=files, headers=as_recruiter)
    assert response.status_code == 201, response.text
    batch = response.json()
    phases = {i["filename"]: i["phase"] for i in batch["items"]}
    assert phases["agency.zip › notes.txt"] == "skipped" and phases["agency.zip › ../evil.pdf"] == "skipped"
    created = [i["candidate_id"] for i in batch["items"] if i["candidate_id"]]
    assert len(created) == 2
    for candidate_id in created:
        wait_for_status(recruiter, candidate_id)
    progress = client.get(f"/candidates/bulk/{batch['id']}", headers=as_viewer).json()
    assert progress["counts"]["done"] == 2 and progress["counts"]["skipped"] == 2 and not progress["in_flight"]
    assert {i["email"] for i in progress["items"] if i["candidate_id"]} == {"grace@example.com", "alan@example.com"}
    assert_error(client.get("/candidates/bulk/999", headers=as_viewer), 404, "no intake batch #999")
    assert len(audit_rows(audit.BULK_INTAKE)) == 1 and len(audit_rows(audit.CREATE)) == 2


def test_put_resume_attaches_then_replaces(client, recruiter, as_recruiter, as_viewer):
    c = client.post("/candidates/", data={"candidate_in": json.dumps({"full_name": "Ada", "email": "a@example.com"})},
                    headers=as_recruiter).json()
    first, second = resume_pdf(employer="One Co"), resume_pdf(employer="Two Co")
    url = f"/candidates/{c['id']}/resume"
    assert_error(client.put(url, files={"resume": ("a.pdf", first, "application/pdf")}, headers=as_viewer), 403)
    attached = client.put(url, files={"resume": ("a.pdf", first, "application/pdf")}, headers=as_recruiter)
    assert attached.status_code == 200 and attached.json()["parse_status"] == "pending"
    wait_for_status(recruiter, c["id"])
    replaced = client.put(url, files={"resume": ("b.pdf", second, "application/pdf")}, headers=as_recruiter)
    assert replaced.json()["resume_filename"] == "b.pdf" and storage.read_resume_file(c["id"]) == second
    assert client.get(url, headers=as_recruiter).content == second
    assert [a for _, a, _ in audit_rows() if a.startswith("resume_")] == ["resume_attach", "resume_replace"]
    big = client.put(url, files={"resume": ("big.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024), "application/pdf")},
                     headers=as_recruiter)
    assert_error(big, 413, "the limit is 10 MB")
    assert storage.read_resume_file(c["id"]) == second


def test_a_bulk_body_may_be_larger_than_one_resume(client, recruiter, as_recruiter):
    padded = [resume_pdf(f"Person {n}", f"p{n}@example.com") + b"\n%" + b"x" * (3 * 1024 * 1024) for n in "ABCD"]
    files = [("files", (f"{n}.pdf", data, "application/pdf")) for n, data in enumerate(padded)]
    response = client.post("/candidates/bulk", files=files, headers=as_recruiter)  # 12 MB in one request
    assert response.status_code == 201, response.text
    assert len([i for i in response.json()["items"] if i["candidate_id"]]) == 4
    too_big = client.post("/candidates/", data={"candidate_in": "{}"}, headers=as_recruiter,
                          files={"resume": ("all.pdf", b"".join(padded), "application/pdf")})
    assert_error(too_big, 413, "the limit is 10 MB")
