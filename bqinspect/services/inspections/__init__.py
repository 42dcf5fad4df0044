"""Inspections: start, answer (committed at once), photos, timer marks, submit, audit.

Each use case returns the state it left after its commit.
"""

from bqinspect.photos import PhotoSource, RawPhoto
from bqinspect.services.inspections.annotations import annotations_of, save_annotations
from bqinspect.services.inspections.answers import set_answer, set_note
from bqinspect.services.inspections.common import LOCKED, form_of
from bqinspect.services.inspections.findings import FINDING_FIELDS, Saved, update_finding
from bqinspect.services.inspections.listing import (
    InspectionRow,
    delete_draft,
    find_inspection,
    list_inspections,
    set_inspection_fields,
    start_inspection,
)
from bqinspect.services.inspections.naming import name_staff
from bqinspect.services.inspections.photos import (
    Ingested,
    PhotosChanged,
    add_photos,
    attach_photo,
    attach_photos,
    ingest_photos,
    photo_max_edge,
    remove_photo,
    set_photo_caption,
)
from bqinspect.services.inspections.reading import (
    answers_of,
    audit_trail,
    current_score,
    findings_of,
    get_inspection,
    photos_of,
    read_inspection,
    score_of,
    signatures_of,
    sorted_findings,
    timer_marks,
)
from bqinspect.services.inspections.submission import (
    Missing,
    add_signature,
    check_submission,
    revise_returned,
    submit,
)
from bqinspect.services.inspections.timer import TimerMarked, mark_timer
from bqinspect.store.blobs import photo_blob
from bqinspect.store.record import (
    AnnotationRow,
    AnswerRow,
    FindingRow,
    InspectionHead,
    ItemCommentRow,
    PhotoRow,
    Record,
    ReviewRow,
    SignatureRow,
    answer_states,
)

__all__ = [
    "FINDING_FIELDS",
    "LOCKED",
    "AnnotationRow",
    "AnswerRow",
    "FindingRow",
    "Ingested",
    "InspectionHead",
    "InspectionRow",
    "ItemCommentRow",
    "Missing",
    "PhotoRow",
    "PhotoSource",
    "PhotosChanged",
    "RawPhoto",
    "Record",
    "ReviewRow",
    "Saved",
    "SignatureRow",
    "TimerMarked",
    "add_photos",
    "add_signature",
    "annotations_of",
    "answer_states",
    "answers_of",
    "attach_photo",
    "attach_photos",
    "audit_trail",
    "check_submission",
    "current_score",
    "delete_draft",
    "find_inspection",
    "findings_of",
    "form_of",
    "get_inspection",
    "ingest_photos",
    "list_inspections",
    "mark_timer",
    "name_staff",
    "photo_blob",
    "photo_max_edge",
    "photos_of",
    "read_inspection",
    "remove_photo",
    "revise_returned",
    "save_annotations",
    "score_of",
    "set_answer",
    "set_inspection_fields",
    "set_note",
    "set_photo_caption",
    "signatures_of",
    "sorted_findings",
    "start_inspection",
    "submit",
    "timer_marks",
    "update_finding",
]
