"""The one reader of stored inspection records: many records in a few queries, as frozen data."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from bqinspect.base.errors import NotFound
from bqinspect.domain.annotations import Shape, shapes_from_json
from bqinspect.domain.messages import declare
from bqinspect.domain.scoring import AnswerState

NO_INSPECTION = declare(
    "store.record.no_inspection",
    "no inspection {inspection_id}",
    "没有检查记录 {inspection_id}",
)

CHUNK = 400  # ids per IN (...) list: well below every backend's parameter limit

T = TypeVar("T")


@dataclass(frozen=True)
class InspectionHead:
    """The inspection row, with its branch's code and its form's identity."""

    id: uuid.UUID
    branch_id: uuid.UUID
    branch_code: str
    form_version_id: uuid.UUID
    form_id: str
    form_version: str
    form_sha256: str
    kind: str
    status: str
    inspectors: tuple[str, ...]
    lead: str
    shopper_alias: str
    visit_start: datetime
    visit_end: datetime | None
    notes: str
    internal_notes: str
    overall_score: float | None
    grade: str | None
    section_scores: Mapping[str, Any] | None
    veto_hits: tuple[str, ...] | None
    submitted_at: datetime | None
    exported_at: datetime | None
    source_device_id: uuid.UUID | None
    revision: int
    created_at: datetime
    updated_at: datetime
    work_status: str
    decision: str
    reviewed_revision: int | None
    review_revision: int


@dataclass(frozen=True)
class AnswerRow:
    id: uuid.UUID
    inspection_id: uuid.UUID
    item_id: str
    value: Any
    is_na: bool
    note: str
    points_awarded: float | None
    points_possible: float | None
    deduction_reason: str
    answered_at: datetime
    staff_no: str
    counter: str


@dataclass(frozen=True)
class TimerMarkRow:
    id: uuid.UUID
    inspection_id: uuid.UUID
    checkpoint: str
    at: datetime
    corrected: bool
    created_at: datetime


@dataclass(frozen=True)
class FindingRow:
    id: uuid.UUID
    inspection_id: uuid.UUID | None
    branch_id: uuid.UUID
    item_id: str | None
    severity: str
    risk_type: str
    description: str
    observation: str
    requirement: str
    responsible: str
    due_date: date | None
    status: str
    source: str
    points_deducted: float
    deduction_reason: str
    closed_at: datetime | None
    revision: int
    created_at: datetime
    updated_at: datetime
    followup_revision: int
    staff_no: str
    counter: str


@dataclass(frozen=True)
class FindingEventRow:
    id: uuid.UUID
    finding_id: uuid.UUID
    kind: str
    actor: str
    at: datetime
    text: str
    result: str
    data: Mapping[str, Any] | None


@dataclass(frozen=True)
class PhotoRow:
    id: uuid.UUID
    inspection_id: uuid.UUID | None
    item_id: str | None
    finding_id: uuid.UUID | None
    finding_event_id: uuid.UUID | None
    blob_sha256: str
    caption: str
    position: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class AnnotationRow:
    """The marks drawn on one photo and how many times they were saved."""

    photo_id: uuid.UUID
    shapes: tuple[Shape, ...]
    revision: int
    updated_at: datetime


@dataclass(frozen=True)
class BlobMeta:
    """What is known of a stored photo without its image bytes."""

    sha256: str
    mime: str
    original_size: int
    original_width: int
    original_height: int
    display_width: int
    display_height: int
    taken_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class RedactionRow:
    """A photo's redaction: boxes as stored (``bqinspect.redaction.boxes``) and the copy's hash."""

    photo_id: uuid.UUID
    original_sha256: str
    redacted_sha256: str
    boxes: tuple[Mapping[str, Any], ...]
    revision: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class SignatureRow:
    id: uuid.UUID
    inspection_id: uuid.UUID
    role: str
    name: str
    image: bytes
    signed_at: datetime


@dataclass(frozen=True)
class ReviewRow:
    id: uuid.UUID
    inspection_id: uuid.UUID
    reviewer: str
    decision: str
    comment: str
    inspection_revision: int
    at: datetime
    role: str
    device_id: uuid.UUID | None


@dataclass(frozen=True)
class ItemCommentRow:
    id: uuid.UUID
    inspection_id: uuid.UUID
    item_id: str
    author: str
    text: str
    at: datetime
    role: str
    device_id: uuid.UUID | None


@dataclass(frozen=True)
class AppealRow:
    """A branch's appeal of one deduction and the lead's decision (``decision`` "" pending)."""

    id: uuid.UUID
    finding_id: uuid.UUID
    inspection_id: uuid.UUID | None
    item_id: str | None
    points: float
    reason: str
    photos: tuple[str, ...]
    lodged_at: datetime
    lodged_by: str
    decision: str
    decision_reason: str
    decided_at: datetime | None
    decided_by: str
    revision: int
    role: str
    device_id: uuid.UUID | None


def appeal_row(row: Mapping[str, Any]) -> AppealRow:
    """An appeal as a frozen row, from a database row or a model object's fields."""
    return _make(AppealRow, dict(row) | {"photos": tuple(row["photos"] or ())})


@dataclass(frozen=True)
class AuditRow:
    id: uuid.UUID
    at: datetime
    actor: str
    entity: str
    entity_id: str
    action: str
    field: str
    old: Any
    new: Any
    why: str
    role: str
    device_id: uuid.UUID | None
    revision: int | None


@dataclass(frozen=True)
class Record:
    """Everything stored about one inspection, children in the order the database gave them
    (audit oldest first); ``photos`` holds the visit's photos and those of its findings and
    their events, ``blobs`` the metadata of every photo in it, by sha256."""

    inspection: InspectionHead
    answers: tuple[AnswerRow, ...]
    timer_marks: tuple[TimerMarkRow, ...]
    findings: tuple[FindingRow, ...]
    finding_events: tuple[FindingEventRow, ...]
    photos: tuple[PhotoRow, ...]
    blobs: Mapping[str, BlobMeta]
    signatures: tuple[SignatureRow, ...]
    reviews: tuple[ReviewRow, ...]
    item_comments: tuple[ItemCommentRow, ...]
    audit: tuple[AuditRow, ...]
    annotations: Mapping[uuid.UUID, AnnotationRow]  # by photo id, only photos with marks
    # the redactions of its photos by photo id; their redacted copies' metadata is in ``blobs``
    redactions: Mapping[uuid.UUID, RedactionRow] = field(default_factory=dict)
    appeals: tuple[AppealRow, ...] = ()

    @property
    def id(self) -> uuid.UUID:
        return self.inspection.id

    def restored_items(self) -> frozenset[str]:
        """The items whose deduction was overturned on appeal: scored in full."""
        return frozenset(
            a.item_id for a in self.appeals if a.item_id and a.decision == "overturned"
        )

    def answer_map(self) -> dict[str, AnswerRow]:
        return {a.item_id: a for a in self.answers}

    def own_photos(self) -> list[PhotoRow]:
        """Photos linked to the inspection itself (the visit's, and those of its findings)."""
        return [p for p in self.photos if p.inspection_id == self.id]

    def visit_photos(self) -> list[PhotoRow]:
        """The visit's photos in their order (evidence of a rectification belongs to it)."""
        rows = [p for p in self.own_photos() if p.finding_event_id is None]
        return sorted(rows, key=lambda p: p.position)


class Answered(Protocol):
    """What scoring reads of an answer (a stored row or a model object being written)."""

    @property
    def value(self) -> Any: ...

    @property
    def is_na(self) -> bool: ...


def answer_states(answers: Mapping[str, Answered]) -> dict[str, AnswerState]:
    """What scoring needs of each answer."""
    return {k: AnswerState(value=a.value, na=a.is_na) for k, a in answers.items()}


def _table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _rows(conn: Connection, query: sa.Select[Any]) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(query)]


def _make(cls: type[T], row: Mapping[str, Any]) -> T:
    return cls(**{f.name: row[f.name] for f in fields(cls)})  # type: ignore[arg-type]


def row_of(cls: type[T], obj: object) -> T:
    """A frozen row of a just-written model object (the same columns, by name)."""
    return cls(**{f.name: getattr(obj, f.name) for f in fields(cls)})  # type: ignore[arg-type]


def _by(rows: Iterable[T], owner: Any) -> dict[Any, list[T]]:
    out: dict[Any, list[T]] = defaultdict(list)
    for row in rows:
        out[owner(row)].append(row)
    return out


def _children(conn: Connection, name: str, cls: type[T], ids: Sequence[uuid.UUID]) -> list[T]:
    t = _table(name)
    return [_make(cls, r) for r in _rows(conn, sa.select(t).where(t.c.inspection_id.in_(ids)))]


def _head(row: dict[str, Any]) -> InspectionHead:
    veto = row["veto_hits"]
    return _make(
        InspectionHead,
        row
        | {
            "inspectors": tuple(row["inspectors"] or ()),
            "veto_hits": None if veto is None else tuple(veto),
        },
    )


def read_records(conn: Connection, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Record]:
    """The stored records of ``ids`` (missing ids are left out), a few queries per chunk."""
    out: dict[uuid.UUID, Record] = {}
    for part in chunks(list(dict.fromkeys(ids))):
        out.update(_read_chunk(conn, part))
    return out


def read_record(conn: Connection, inspection_id: uuid.UUID) -> Record:
    record = read_records(conn, [inspection_id]).get(inspection_id)
    if record is None:
        raise NotFound(NO_INSPECTION(inspection_id=inspection_id), where="inspection")
    return record


def read_head(conn: Connection, inspection_id: uuid.UUID) -> InspectionHead:
    """Only the header of one inspection."""
    heads = _heads(conn, [inspection_id])
    if not heads:
        raise NotFound(NO_INSPECTION(inspection_id=inspection_id), where="inspection")
    return heads[0]


def read_timer_marks(conn: Connection, inspection_id: uuid.UUID) -> dict[str, datetime]:
    """Only the timer marks of one inspection, by checkpoint."""
    marks = _children(conn, "timermark", TimerMarkRow, [inspection_id])
    return {m.checkpoint: m.at for m in marks}


def _heads(conn: Connection, ids: Sequence[uuid.UUID]) -> list[InspectionHead]:
    insp, branch, form = _table("inspection"), _table("branch"), _table("formversion")
    query = (
        sa.select(
            insp,
            branch.c.code.label("branch_code"),
            form.c.form_id.label("form_id"),
            form.c.version.label("form_version"),
            form.c.sha256.label("form_sha256"),
        )
        .join(branch, insp.c.branch_id == branch.c.id)
        .join(form, insp.c.form_version_id == form.c.id)
        .where(insp.c.id.in_(ids))
    )
    return [_head(r) for r in _rows(conn, query)]


def _read_chunk(conn: Connection, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Record]:
    heads = _heads(conn, ids)
    if not heads:
        return {}
    ids = [h.id for h in heads]
    answers = _by(_children(conn, "answer", AnswerRow, ids), lambda a: a.inspection_id)
    marks = _by(_children(conn, "timermark", TimerMarkRow, ids), lambda m: m.inspection_id)
    finding_rows = _children(conn, "finding", FindingRow, ids)
    finding_owner = {f.id: f.inspection_id for f in finding_rows}
    findings = _by(finding_rows, lambda f: f.inspection_id)
    event = _table("findingevent")
    event_rows = [
        _make(FindingEventRow, r)
        for part in chunks(list(finding_owner))
        for r in _rows(conn, sa.select(event).where(event.c.finding_id.in_(part)))
    ]
    event_owner = {e.id: finding_owner[e.finding_id] for e in event_rows}
    events = _by(event_rows, lambda e: finding_owner[e.finding_id])
    photos = _by(
        _photos(conn, ids, list(finding_owner), list(event_owner)),
        lambda p: (
            p.inspection_id
            or finding_owner.get(p.finding_id)
            or event_owner.get(p.finding_event_id)
        ),
    )
    redactions = _redactions(conn, [p.id for rows in photos.values() for p in rows])
    appeal = _table("appeal")
    appeals = _by(
        (
            appeal_row(r)
            for r in _rows(conn, sa.select(appeal).where(appeal.c.inspection_id.in_(ids)))
        ),
        lambda a: a.inspection_id,
    )
    shas = {p.blob_sha256 for rows in photos.values() for p in rows}
    shas |= {r.redacted_sha256 for r in redactions.values()}
    shas |= {sha for rows in appeals.values() for a in rows for sha in a.photos}
    blobs = _blobs(conn, sorted(shas))
    drawn = read_annotations(conn, [p.id for rows in photos.values() for p in rows])
    reviews = _by(_children(conn, "review", ReviewRow, ids), lambda r: r.inspection_id)
    comments = _by(_children(conn, "itemcomment", ItemCommentRow, ids), lambda c: c.inspection_id)
    signatures = _by(_children(conn, "signature", SignatureRow, ids), lambda s: s.inspection_id)
    audit = _audit(conn, ids, finding_owner)
    out: dict[uuid.UUID, Record] = {}
    for head in heads:
        iid = head.id
        own = photos.get(iid, [])
        hidden = {p.id: redactions[p.id] for p in own if p.id in redactions}
        wanted = {p.blob_sha256 for p in own} | {r.redacted_sha256 for r in hidden.values()}
        out[iid] = Record(
            inspection=head,
            answers=tuple(answers.get(iid, ())),
            timer_marks=tuple(marks.get(iid, ())),
            findings=tuple(findings.get(iid, ())),
            finding_events=tuple(events.get(iid, ())),
            photos=tuple(own),
            blobs={
                s: blobs[s]
                for s in sorted(wanted | _shas_of(own, appeals.get(iid, ())))
                if s in blobs
            },
            signatures=tuple(signatures.get(iid, ())),
            reviews=tuple(reviews.get(iid, ())),
            item_comments=tuple(comments.get(iid, ())),
            audit=tuple(audit.get(iid, ())),
            annotations={p.id: drawn[p.id] for p in own if p.id in drawn},
            redactions=hidden,
            appeals=tuple(appeals.get(iid, ())),
        )
    return out


def read_annotations(
    conn: Connection, photo_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, AnnotationRow]:
    """The marks of those of ``photo_ids`` that have any, by photo id."""
    t = _table("photoannotation")
    out: dict[uuid.UUID, AnnotationRow] = {}
    for part in chunks(list(photo_ids)):
        for r in _rows(conn, sa.select(t).where(t.c.photo_id.in_(part))):
            out[r["photo_id"]] = _make(AnnotationRow, r | {"shapes": shapes_from_json(r["shapes"])})
    return out


def _redactions(conn: Connection, photo_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, RedactionRow]:
    t = _table("photoredaction")
    out: dict[uuid.UUID, RedactionRow] = {}
    for part in chunks(list(photo_ids)):
        for r in _rows(conn, sa.select(t).where(t.c.photo_id.in_(part))):
            out[r["photo_id"]] = _make(RedactionRow, r | {"boxes": tuple(r["boxes"] or ())})
    return out


def _shas_of(photos: Iterable[PhotoRow], appeals: Iterable[AppealRow]) -> set[str]:
    """The photo blobs a record holds: its photos' and its appeals' evidence."""
    return {p.blob_sha256 for p in photos} | {sha for a in appeals for sha in a.photos}


def _photos(
    conn: Connection,
    ids: Sequence[uuid.UUID],
    finding_ids: Sequence[uuid.UUID],
    event_ids: Sequence[uuid.UUID],
) -> list[PhotoRow]:
    photo = _table("photo")
    cond: sa.ColumnElement[bool] = photo.c.inspection_id.in_(ids)
    if finding_ids:
        cond = cond | photo.c.finding_id.in_(finding_ids)
    if event_ids:
        cond = cond | photo.c.finding_event_id.in_(event_ids)
    return [_make(PhotoRow, r) for r in _rows(conn, sa.select(photo).where(cond))]


def _blobs(conn: Connection, shas: Sequence[str]) -> dict[str, BlobMeta]:
    blob = _table("photoblob")
    meta = [c for c in blob.c if c.name not in ("display", "thumbnail")]
    return {
        r["sha256"]: _make(BlobMeta, r)
        for part in chunks(shas)
        for r in _rows(conn, sa.select(*meta).where(blob.c.sha256.in_(part)))
    }


def _audit(
    conn: Connection, ids: Sequence[uuid.UUID], finding_owner: Mapping[uuid.UUID, Any]
) -> dict[Any, list[AuditRow]]:
    """Audit events of the inspections (``<id>`` and ``<id>/...``) and of their findings."""
    audit = _table("auditevent")
    inspections: dict[str, Any] = {str(i): i for i in ids}
    owner_of = inspections | {str(f): owner for f, owner in finding_owner.items()}
    # One indexed IN over the first 36 characters (ix_auditevent_entity_head), not a LIKE per id.
    head = sa.func.substr(audit.c.entity_id, sa.literal_column("1"), sa.literal_column("36"))
    out: dict[Any, list[AuditRow]] = defaultdict(list)
    for row in _rows(conn, sa.select(audit).where(head.in_(list(owner_of))).order_by(audit.c.at)):
        entity_id: str = row["entity_id"]
        owner = owner_of.get(entity_id)
        if owner is None and entity_id[36:37] == "/":
            owner = inspections.get(entity_id[:36])
        if owner is not None:
            out[owner].append(_make(AuditRow, row))
    return out
