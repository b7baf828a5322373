"""Notes, tags, the timeline, and what the law asks for (a candidate's data as a ZIP, erasure,
the retention review), with the same roles as the dashboard: core/notes.py, core/tags.py,
core/timeline.py and core/privacy.py check them and write the audit log."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from api import schemas
from api.dependencies import Actor, CandidateId
from api.errors import error_responses
from api.routes.candidates import content_disposition
from core import notes, privacy, tags, timeline
from core.validation import MAX_ID

router = APIRouter(tags=["notes, tags and privacy"])
NoteId = Annotated[int, Path(ge=1, le=MAX_ID, description="The note's id.")]
ON_A_CANDIDATE = error_responses(404, 422)
BAD_JSON = {400: {"model": schemas.Error, "description": "The body is not well-formed JSON."}}
WITH_BODY = {**ON_A_CANDIDATE, **BAD_JSON}  # the endpoints that read a JSON body


def _note(note: notes.NoteRecord) -> schemas.Note:
    return schemas.Note(id=note.id, candidate_id=note.candidate_id, author_email=note.author_email,
                        text=note.body, created_at=note.created_at, updated_at=note.updated_at)


@router.get("/candidates/{candidate_id}/notes", response_model=list[schemas.Note],
            summary="The candidate's notes, newest first", responses=ON_A_CANDIDATE)
def list_notes(actor: Actor, candidate_id: CandidateId) -> list[schemas.Note]:
    return [_note(n) for n in notes.list_notes(actor, candidate_id)]


@router.post("/candidates/{candidate_id}/notes", status_code=201, response_model=schemas.Note,
             summary="Add a note (anyone who may see the candidate)", responses=WITH_BODY)
def add_note(actor: Actor, candidate_id: CandidateId, note_in: schemas.NoteIn) -> schemas.Note:
    return _note(notes.add_note(actor, candidate_id, note_in.text))


@router.patch("/candidates/{candidate_id}/notes/{note_id}", response_model=schemas.Note,
              summary="Change a note (its author or an admin)", responses=WITH_BODY)
def edit_note(actor: Actor, candidate_id: CandidateId, note_id: NoteId, note_in: schemas.NoteIn) -> schemas.Note:
    return _note(notes.edit_note(actor, note_id, note_in.text, candidate_id))


@router.delete("/candidates/{candidate_id}/notes/{note_id}", status_code=204, response_class=Response,
               summary="Delete a note (its author or an admin)", responses=ON_A_CANDIDATE)
def delete_note(actor: Actor, candidate_id: CandidateId, note_id: NoteId) -> Response:
    notes.delete_note(actor, note_id, candidate_id)
    return Response(status_code=204)


@router.get("/candidates/{candidate_id}/tags", response_model=schemas.Tags,
            summary="The candidate's tags", responses=ON_A_CANDIDATE)
def get_tags(actor: Actor, candidate_id: CandidateId) -> schemas.Tags:
    return schemas.Tags(tags=tags.tags_of(actor, candidate_id))


@router.put("/candidates/{candidate_id}/tags", response_model=schemas.Tags,
            summary="Make the candidate's tags exactly these (recruiters and admins)", responses=WITH_BODY)
def set_tags(actor: Actor, candidate_id: CandidateId, tags_in: schemas.TagsIn) -> schemas.Tags:
    return schemas.Tags(tags=tags.set_tags(actor, candidate_id, tags_in.tags))


@router.get("/tags", response_model=list[schemas.TagCount],
            summary="The tags in use, the most used first", responses=error_responses(422))
def tags_in_use(actor: Actor) -> list[schemas.TagCount]:
    return [schemas.TagCount(tag=t, candidates=n) for t, n in tags.tags_in_use(actor)]


@router.post("/tags/change", response_model=schemas.TagChangeResult,
             summary="Add and remove tags on several candidates at once (recruiters and admins)",
             responses={**error_responses(422), **BAD_JSON})
def change_tags(actor: Actor, change: schemas.TagChange) -> schemas.TagChangeResult:
    changed = 0
    if change.remove:
        changed += tags.remove_tags(actor, change.candidate_ids, change.remove)
    if change.add or not change.remove:
        changed += tags.add_tags(actor, change.candidate_ids, change.add)
    return schemas.TagChangeResult(changed=changed)


@router.get("/candidates/{candidate_id}/timeline", response_model=list[schemas.TimelineEntry],
            summary="What happened to the candidate, newest first (viewers see only their own downloads)",
            responses=ON_A_CANDIDATE)
def get_timeline(actor: Actor, candidate_id: CandidateId) -> list[schemas.TimelineEntry]:
    return [schemas.TimelineEntry(at=e.at, who=e.who, action=e.action, what=e.what)
            for e in timeline.candidate_timeline(actor, candidate_id)]


@router.get(
    "/candidates/{candidate_id}/export", response_class=Response,
    summary="Everything kept about the candidate, as a ZIP, for an access request (admins; audited)",
    responses={200: {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
                     "description": "summary.txt, candidate.json, parsed_resume.json, notes.json, tags.json, "
                                    "timeline.json and resume/ with the original PDF."},
               **ON_A_CANDIDATE},
)
def export_candidate(actor: Actor, candidate_id: CandidateId) -> Response:
    name, data = privacy.export_candidate(actor, candidate_id)
    return Response(content=data, media_type="application/zip", headers={
        "Content-Disposition": content_disposition(name), "Cache-Control": "private, no-store"})


@router.post("/candidates/{candidate_id}/erase", status_code=204, response_class=Response,
             summary="Erase the candidate for good: row, file, notes, tags; the audit log keeps only "
                     "that it happened (admins)", responses=WITH_BODY)
def erase_candidate(actor: Actor, candidate_id: CandidateId, erase_in: schemas.EraseIn) -> Response:
    privacy.erase_candidate(actor, candidate_id, erase_in.reason)
    return Response(status_code=204)


@router.get("/retention", response_model=list[schemas.RetentionItem],
            summary="Candidates due for review: consent ended, or no activity for RETENTION_DAYS (admins)",
            responses=error_responses(422))
def retention_review(actor: Actor) -> list[schemas.RetentionItem]:
    return [schemas.RetentionItem(**item.as_dict()) for item in privacy.due_for_review(actor)]
