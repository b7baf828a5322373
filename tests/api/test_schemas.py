"""api/schemas.py: what the API says about a candidate agrees with core's record."""
from __future__ import annotations

import typing
from dataclasses import fields

from api import schemas
from core.candidates import STATUSES, CandidateRecord


def test_the_candidate_schema_is_the_record_with_a_download_url_for_the_stored_path():
    record = {f.name for f in fields(CandidateRecord)}
    schema = set(schemas.Candidate.model_fields)
    internal = {"resume_path", "name_key", "fill_from_parse"}  # a folded name, a to-do list for the parse
    assert schema == record - internal | {"resume_url"}


def test_optional_fields_agree():
    hints = typing.get_type_hints(CandidateRecord)
    for name, field in schemas.Candidate.model_fields.items():
        in_record = hints["resume_path" if name == "resume_url" else name]
        record_optional = type(None) in typing.get_args(in_record)
        assert (not field.is_required() or type(None) in typing.get_args(field.annotation)) == record_optional, name


def test_statuses_are_core_s():
    assert typing.get_args(schemas.ParseStatus) == STATUSES
    assert set(schemas.ParsingStatus.model_fields) == {
        "candidate_id", "parsing_status", "message", "has_resume_file", "has_parsed_data", "resume_url"}
