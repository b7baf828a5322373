"""core.rules.lists: skills, languages and certificates."""
from __future__ import annotations

from core.rules import parse
from pdfgen import stacked, pdf_text, words


def test_skills_never_come_from_prose():
    d = parse(stacked([("Jane Doe", 22, True), "jane@x.io", ("SUMMARY", 12, True),
                "Expert in Python, Kubernetes and Terraform with a passion for Rust.",
                ("EXPERIENCE", 12, True), ("Engineer, Acme Inc", 10, True), "2020 - 2022",
                "• Used Golang, Docker and AWS daily"]))
    assert d["skills"] == []
