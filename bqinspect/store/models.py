"""SQLModel tables: the whole data model (docs/architecture.md). UUID keys, aware UTC datetimes."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    LargeBinary,
    UniqueConstraint,
    func,
    literal_column,
)
from sqlmodel import Field, SQLModel

from bqinspect.base import clock

# The status columns hold the lifecycle's values; the names stay importable from here.
from bqinspect.domain.lifecycle import FindingStatus as FindingStatus
from bqinspect.domain.lifecycle import InspectionStatus as InspectionStatus


def utcnow() -> datetime:
    """This moment in UTC from the program's clock (the default of every time column)."""
    return clock.now()


class FindingSource(enum.StrEnum):
    INSPECTION = "inspection"
    MYSTERY = "mystery"
    FEEDBACK = "feedback"
    SELF_CHECK = "self_check"


class PersonRole(enum.StrEnum):
    INSPECTOR = "inspector"
    LEAD = "lead"
    ANALYST = "analyst"
    BRANCH_CONTACT = "branch_contact"


def _fk(target: str, *, nullable: bool = False, cascade: bool = True) -> Any:
    ondelete = "CASCADE" if cascade else "RESTRICT"
    return Field(
        default=None if nullable else ...,
        sa_column=Column(ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True),
    )


class Timestamped(SQLModel):
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Branch(Timestamped, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=32)
    name: str
    name_en: str = ""
    region: str = ""
    sub_branch: str = ""
    address: str = ""
    manager: str = ""
    phone: str = ""
    active: bool = True
    revision: int = 1  # head office's edits


class StaffMember(Timestamped, table=True):
    """An employee of a branch, as head office's staff register lists them (reference data)."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    employee_no: str = Field(index=True, unique=True, max_length=32)  # bank-wide
    name: str
    post: str = "other"  # domain.staff.Post
    branch_id: uuid.UUID = _fk("branch.id", cascade=False)
    active: bool = True
    revision: int = 1  # head office's edits


class Person(Timestamped, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str
    role: str = PersonRole.INSPECTOR.value
    employee_no: str = ""


class Device(Timestamped, table=True):
    """An installation: this one (``is_self``) or a device known from imported packages."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = ""
    public_key: str = Field(index=True, unique=True)  # hex Ed25519 public key
    is_self: bool = False
    trusted: bool = False
    revoked: bool = False
    note: str = ""
    role: str = "inspector"  # what a package it signs may change (domain.ownership)


class FormVersion(Timestamped, table=True):
    __table_args__ = (UniqueConstraint("form_id", "version", "sha256"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    form_id: str = Field(index=True)
    version: str
    kind: str
    title_zh: str
    title_en: str
    sha256: str = Field(index=True, unique=True)
    definition: str  # canonical JSON of the frozen form
    active: bool = True


class Inspection(Timestamped, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    branch_id: uuid.UUID = _fk("branch.id", cascade=False)
    form_version_id: uuid.UUID = _fk("formversion.id", cascade=False)
    kind: str
    # derived from the two owners' parts (domain.lifecycle.effective_status), kept for queries
    status: str = Field(default=InspectionStatus.DRAFT.value, index=True)
    inspectors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    lead: str = ""
    shopper_alias: str = ""  # mystery shopper identity: office copy only
    visit_start: datetime = Field(index=True)  # head-office figures filter by visit start
    visit_end: datetime | None = None
    notes: str = ""
    internal_notes: str = ""  # office copy only
    overall_score: float | None = None
    grade: str | None = None
    section_scores: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    veto_hits: list[str] | None = Field(default=None, sa_column=Column(JSON))
    submitted_at: datetime | None = None
    exported_at: datetime | None = None
    source_device_id: uuid.UUID | None = None
    revision: int = 1  # the inspector's part: header, answers, photos, marks, signatures
    work_status: str = "draft"  # the inspector's part: draft | submitted
    # the lead's part: a decision on one inspector revision, the lead, internal notes
    decision: str = ""  # "" | approved | returned | reopened
    reviewed_revision: int | None = None
    review_revision: int = 0


class Answer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("inspection_id", "item_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    inspection_id: uuid.UUID = _fk("inspection.id")
    item_id: str
    value: Any = Field(default=None, sa_column=Column(JSON))
    is_na: bool = False
    note: str = ""
    points_awarded: float | None = None
    points_possible: float | None = None
    deduction_reason: str = ""
    answered_at: datetime = Field(default_factory=utcnow)
    staff_no: str = ""  # the badge number seen: an employee's number when it matches one
    counter: str = ""  # the counter (window) number


class TimerMark(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("inspection_id", "checkpoint"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    inspection_id: uuid.UUID = _fk("inspection.id")
    checkpoint: str
    at: datetime
    corrected: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class PhotoBlob(SQLModel, table=True):
    """Image bytes, addressed by the sha256 of the original file."""

    sha256: str = Field(primary_key=True, max_length=64)
    display: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    thumbnail: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    mime: str = "image/jpeg"
    original_size: int = 0
    original_width: int = 0
    original_height: int = 0
    display_width: int = 0
    display_height: int = 0
    taken_at: datetime | None = None  # camera wall-clock, stored as UTC-tagged value
    created_at: datetime = Field(default_factory=utcnow)


class Photo(Timestamped, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    inspection_id: uuid.UUID | None = _fk("inspection.id", nullable=True)
    item_id: str | None = None
    finding_id: uuid.UUID | None = _fk("finding.id", nullable=True)
    finding_event_id: uuid.UUID | None = _fk("findingevent.id", nullable=True)
    blob_sha256: str = _fk("photoblob.sha256", cascade=False)
    caption: str = ""
    position: int = 0


class PhotoAnnotation(SQLModel, table=True):
    """Marks drawn on a photo (``domain.annotations``), kept apart so the pixels stay evidence."""

    photo_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("photo.id", ondelete="CASCADE"), primary_key=True)
    )
    shapes: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    revision: int = 1  # counts the saves of these marks
    updated_at: datetime = Field(default_factory=utcnow)


class PhotoRedaction(Timestamped, table=True):
    """The boxes hidden in a photo's copies that leave the office, and that redacted copy."""

    photo_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("photo.id", ondelete="CASCADE"), primary_key=True)
    )
    original_sha256: str = Field(max_length=64)  # the photo's blob when the boxes were drawn
    redacted_sha256: str = _fk("photoblob.sha256", cascade=False)  # the redacted copy's blob
    # [{x, y, w, h (fractions of the upright photo), kind, auto}] (bqinspect.redaction.boxes)
    boxes: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    revision: int = 1


class Finding(Timestamped, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    inspection_id: uuid.UUID | None = _fk("inspection.id", nullable=True)
    branch_id: uuid.UUID = _fk("branch.id", cascade=False)
    item_id: str | None = None
    severity: str
    risk_type: str = ""
    description: str = ""
    observation: str = ""
    requirement: str = ""
    responsible: str = ""
    due_date: date | None = Field(default=None, index=True)
    status: str = Field(default=FindingStatus.OPEN.value, index=True)
    source: str = FindingSource.INSPECTION.value
    points_deducted: float = 0.0
    deduction_reason: str = ""
    closed_at: datetime | None = None
    revision: int = 1  # the inspector's part: what was found
    staff_no: str = ""  # whom it concerns (an item's finding: whom its answer names)
    counter: str = ""
    # the follow-up (due date, responsible, status): the inspector's at 0, then the lead's
    followup_revision: int = 0


class FindingEvent(SQLModel, table=True):
    """Append-only: branch response, evidence, verification result, extension request."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    finding_id: uuid.UUID = _fk("finding.id")
    kind: str
    actor: str = ""
    at: datetime = Field(default_factory=utcnow)
    text: str = ""
    result: str = ""
    data: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


class Appeal(Timestamped, table=True):
    """A branch's appeal (申诉) of one deduction, recorded by the lead, and the lead's decision.

    The lead's part (``domain.ownership.Part.APPEAL``): an overturned appeal restores the item's
    points when the inspection is scored, without touching the inspector's answers."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    finding_id: uuid.UUID = Field(
        sa_column=Column(
            ForeignKey("finding.id", ondelete="CASCADE"), nullable=False, index=True, unique=True
        )
    )
    inspection_id: uuid.UUID | None = _fk("inspection.id", nullable=True)
    item_id: str | None = None
    points: float = 0.0  # the deduction appealed
    reason: str
    photos: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    lodged_at: datetime = Field(default_factory=utcnow)
    lodged_by: str = ""
    decision: str = ""  # "" | upheld | overturned (domain.appeals.AppealDecision)
    decision_reason: str = ""
    decided_at: datetime | None = None
    decided_by: str = ""
    revision: int = 1  # the lead's: 1 when lodged, 2 once decided
    role: str = "lead"
    device_id: uuid.UUID | None = None


class Review(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    inspection_id: uuid.UUID = _fk("inspection.id")
    reviewer: str
    decision: str  # approved | returned
    comment: str = ""
    inspection_revision: int = 1
    at: datetime = Field(default_factory=utcnow)
    role: str = "lead"
    device_id: uuid.UUID | None = None


class ItemComment(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    inspection_id: uuid.UUID = _fk("inspection.id")
    item_id: str  # "" for a comment on the whole inspection
    author: str
    text: str
    at: datetime = Field(default_factory=utcnow)
    role: str = "lead"
    device_id: uuid.UUID | None = None


class Signature(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    inspection_id: uuid.UUID = _fk("inspection.id")
    role: str  # inspector | manager | lead
    name: str
    image: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # PNG
    signed_at: datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """Append-only record of every change after submission (and of every status change)."""

    __table_args__ = (  # the inspection an ``<id>`` or ``<id>/...`` event belongs to
        Index(
            "ix_auditevent_entity_head",
            func.substr(literal_column("entity_id"), literal_column("1"), literal_column("36")),
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = ""
    entity: str
    entity_id: str = Field(index=True)
    action: str
    field: str = ""
    old: Any = Field(default=None, sa_column=Column(JSON))
    new: Any = Field(default=None, sa_column=Column(JSON))
    why: str = ""
    role: str = ""  # the role of the installation that made the change
    device_id: uuid.UUID | None = None
    revision: int | None = None  # the record's revision the change produced


class SyncDigest(SQLModel, table=True):
    """The package entry last merged into an inspection that a new merge would leave as is
    (SQLite: triggers empty the table whenever a record's rows change)."""

    inspection_id: uuid.UUID = Field(primary_key=True)
    entry_sha256: str = Field(max_length=64)
    label: str


class ImportRecord(SQLModel, table=True):
    """An import that changed something. ``message`` is its summary in English; ``counts``
    holds the figures and, beside them, the summary and each record's reason as structured
    messages (``sync.history``), read back in the reader's language."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    package_id: str = Field(index=True)
    sha256: str = Field(index=True)
    source_device: str = ""
    source_person: str = ""
    imported_at: datetime = Field(default_factory=utcnow)
    counts: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    result: str = ""
    message: str = ""


class Conflict(SQLModel, table=True):
    """Two different edits of the same revision met during an import; kept until resolved."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    entity: str
    entity_id: str = Field(index=True)
    revision: int
    local: Any = Field(default=None, sa_column=Column(JSON))
    incoming: Any = Field(default=None, sa_column=Column(JSON))
    import_id: uuid.UUID | None = _fk("importrecord.id", nullable=True)
    resolved: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True)
    value: Any = Field(default=None, sa_column=Column(JSON))
    updated_at: datetime = Field(default_factory=utcnow)


class Feedback(Timestamped, table=True):
    """A customer's feedback (complaint, suggestion, praise) in the register: the lead's and
    head office's (domain.ownership Part.FEEDBACK); the contact is the office copy's only."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    branch_id: uuid.UUID = _fk("branch.id", cascade=False)
    channel: str
    category: str
    received_at: datetime = Field(index=True)
    content: str
    contact_name: str = ""  # office copy only
    contact_phone: str = ""  # office copy only
    assigned_to: str = ""
    reply_due: date | None = Field(default=None, index=True)
    extensions: int = 0
    status: str = Field(default="received", index=True)
    replied_at: datetime | None = None
    reply_method: str = ""
    reply_text: str = ""
    accepted: bool | None = None
    follow_up: str = ""
    closed_at: datetime | None = None
    finding_id: uuid.UUID | None = None  # the finding it opened (may be on another machine)
    recorded_by: str = ""
    revision: int = 1


class FeedbackEvent(SQLModel, table=True):
    """Append-only: one step of a feedback item (received, assigned, step, reply, close…)."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    feedback_id: uuid.UUID = _fk("feedback.id")
    seq: int = 0  # its place among the item's steps, from 1
    kind: str
    actor: str = ""
    role: str = ""
    at: datetime = Field(default_factory=utcnow)
    text: str = ""
    data: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
