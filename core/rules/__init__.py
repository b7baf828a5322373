"""The offline rules parser: PdfText -> JSON Resume document.

Stages: layout (words -> lines -> columns), sections (headings, split), then one module per
field group (contact, work, education, lists for skills/languages/certificates).
Deterministic, no network.
"""
from __future__ import annotations

from core.pdftext import PdfText
from core.rules.contact import basics, find_name
from core.rules.education import parse_education
from core.rules.layout import document_lines, drop_page_furniture, drop_running_headers
from core.rules.lists import parse_certificates, parse_languages, parse_skills
from core.rules.sections import body_size, split_sections
from core.rules.work import parse_work

__all__ = ["parse"]


def parse(doc: PdfText) -> dict:
    """A JSON Resume document built from the visible text of `doc` (hidden text is never used)."""
    lines = drop_page_furniture(document_lines(doc.pages, doc.page_sizes), doc.page_sizes)
    body = body_size(lines)
    found = find_name(lines, body)
    if found[0] and len(doc.page_sizes) > 1:
        lines = drop_running_headers(lines, found[0], doc.page_sizes)
    name_line = found[1]
    preamble, sections = split_sections(lines, name_line, found[0])
    out: dict = {
        "basics": basics(preamble, sections, lines, body, found),
        "work": parse_work(sections),
        "education": parse_education(sections),
        "skills": parse_skills(sections),
        "languages": parse_languages(sections),
    }
    certs = parse_certificates(sections)
    if certs:
        out["certificates"] = certs
    return out
