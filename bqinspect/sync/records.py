"""The package format as pydantic models: the one definition behind validation and JSON Schema."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    model_validator,
)

from bqinspect.domain.annotations import MAX_SHAPES, AnnotationError, shapes_from_json
from bqinspect.domain.messages import declare, joined
from bqinspect.domain.storable import date_problem
from bqinspect.sync.consistency import record_problems

NAME_LISTED_TWICE = declare(
    "sync.records.name_listed_twice",
    "files lists a name twice",
    "files 中有文件名重复列出",
)

FORMAT_NAME: Final = "bqinspect-package"
FORMAT_VERSION: Final = 3
# 1: one revision per record; 2: each owner's part counted apart, roles on comments, reviews
# and audit events. A version-1 record reads as version 2 (the missing parts derived).
# 3: marks drawn on photos (``annotations``), photo redactions (boxes, the redacted copy)
# and blobs that carry only redacted pixels, appeals of deductions (``appeals``), the staff
# member and counter an answer or a finding names, and new record kinds (the customer feedback
# register, records/feedback.json; the staff register, records/staff.json); a version-2
# package has none of them and reads unchanged.
READABLE_VERSIONS: Final = (1, 2, 3)

MAX_FILES = 200_000
MAX_ROWS = 5_000  # answers, photos, findings… of one inspection

_PART = r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}"
ENTRY_NAME_RE = re.compile(rf"^{_PART}(/{_PART}){{0,3}}$")


def _utc(value: datetime) -> datetime:
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return value.astimezone(UTC)


def _calendar_date(value: date) -> date:
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
HexKey = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Short = Annotated[str, StringConstraints(max_length=200)]
Long = Annotated[str, StringConstraints(max_length=100_000)]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
ItemId = Annotated[str, StringConstraints(min_length=1, max_length=100)]
UtcTime = Annotated[AwareDatetime, AfterValidator(_utc)]
CalendarDate = Annotated[date, AfterValidator(_calendar_date)]
MAX_REVISION = 2**53  # far beyond any real count; JSON numbers stay exact below it
Revision = Annotated[int, Field(ge=1, le=MAX_REVISION)]
PartRevision = Annotated[int, Field(ge=0, le=MAX_REVISION)]
RoleName = Literal["inspector", "lead", "office", "branch", ""]
Score = Annotated[float, Field(allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# manifest ---------------------------------------------------------------------------------------
class FileEntry(_Strict):
    """One entry of the ZIP other than the manifest and its signature."""

    name: Annotated[str, StringConstraints(pattern=ENTRY_NAME_RE.pattern)]
    sha256: Sha256
    size: Annotated[int, Field(ge=0)]


class Source(_Strict):
    """Who made the package: the signing device and the person using it."""

    device_id: uuid.UUID
    device_name: Short = ""
    public_key: HexKey = Field(description="Ed25519 public key of the signer, 32 bytes as hex")
    person: Short = ""


class Counts(_Strict):
    inspections: Annotated[int, Field(ge=0)] = 0
    forms: Annotated[int, Field(ge=0)] = 0
    branches: Annotated[int, Field(ge=0)] = 0
    blobs: Annotated[int, Field(ge=0)] = 0
    feedback: Annotated[int, Field(ge=0)] = 0  # version 3
    staff: Annotated[int, Field(ge=0)] = 0


class Manifest(_Strict):
    """``manifest.json``: what the package is, who signed it, and every other entry's hash."""

    format: Literal["bqinspect-package"]
    format_version: Literal[1, 2, 3]
    package_id: uuid.UUID
    created_at: UtcTime
    app_version: Short
    kind: Literal["inspections", "reference"] = "inspections"
    source: Source
    counts: Counts
    files: Annotated[list[FileEntry], Field(max_length=MAX_FILES)]

    @model_validator(mode="after")
    def _unique_names(self) -> Manifest:
        names = [f.name for f in self.files]
        if len(set(names)) != len(names):
            raise ValueError(NAME_LISTED_TWICE())
        return self


# reference data ---------------------------------------------------------------------------------
class BranchRecord(_Strict):
    id: uuid.UUID
    code: Code
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    name_en: Short = ""
    region: Short = ""
    sub_branch: Short = ""
    address: Short = ""
    manager: Short = ""
    phone: Short = ""
    active: bool = True
    revision: Revision = 1
    created_at: UtcTime
    updated_at: UtcTime


class BranchList(_Strict):
    """``records/branches.json``: the branches the package's inspections refer to (by code)."""

    branches: Annotated[list[BranchRecord], Field(max_length=100_000)]


Badge = Annotated[str, StringConstraints(max_length=32)]
PostName = Literal[
    "lobby_manager",
    "teller",
    "wealth_manager",
    "security_guard",
    "customer_manager",
    "branch_head",
    "other",
]


class StaffRecord(_Strict):
    """One employee of the staff register (head office's), at the branch with ``branch_code``."""

    id: uuid.UUID
    employee_no: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    post: PostName = "other"
    branch_code: Code
    active: bool = True
    revision: Revision = 1
    created_at: UtcTime
    updated_at: UtcTime


class StaffList(_Strict):
    """``records/staff.json`` (format 3, reference packages): the branches' staff registers."""

    staff: Annotated[list[StaffRecord], Field(max_length=100_000)]


# one inspection ---------------------------------------------------------------------------------
class InspectionHeader(_Strict):
    id: uuid.UUID
    branch_code: Code
    form_sha256: Sha256
    kind: Literal["onsite", "mystery"]
    status: Literal["draft", "submitted", "approved", "returned"]
    inspectors: Annotated[list[Short], Field(max_length=50)]
    lead: Short = ""
    shopper_alias: Short = ""
    visit_start: UtcTime
    visit_end: UtcTime | None = None
    notes: Long = ""
    internal_notes: Long = ""
    overall_score: Score | None = None
    grade: Short | None = None
    section_scores: dict[Short, dict[Short, Score | int | bool | None]] | None = None
    veto_hits: Annotated[list[Short], Field(max_length=1000)] | None = None
    submitted_at: UtcTime | None = None
    created_at: UtcTime
    updated_at: UtcTime
    revision: Revision = 1
    origin_device_id: uuid.UUID | None = None
    work_status: Literal["draft", "submitted"] = "draft"
    decision: Literal["", "approved", "returned", "reopened"] = ""
    reviewed_revision: Revision | None = None
    review_revision: PartRevision = 0

    @model_validator(mode="before")
    @classmethod
    def _from_version_1(cls, data: Any) -> Any:
        """A version-1 header has one status: split it into the two owners' parts."""
        if isinstance(data, dict) and "work_status" not in data:
            status = data.get("status")
            data = {**data, "work_status": "draft" if status == "draft" else "submitted"}
            if status in ("approved", "returned"):
                data |= {
                    "decision": status,
                    "reviewed_revision": data.get("revision", 1),
                    "review_revision": 1,
                }
        return data


class AnswerRecord(_Strict):
    id: uuid.UUID
    item_id: ItemId
    value: JsonValue = None
    is_na: bool = False
    note: Long = ""
    points_awarded: Score | None = None
    points_possible: Score | None = None
    deduction_reason: Long = ""
    answered_at: UtcTime
    staff_no: Badge = ""  # format 3: the badge number seen
    counter: Badge = ""  # format 3: the counter number


class TimerMarkRecord(_Strict):
    id: uuid.UUID
    checkpoint: ItemId
    at: UtcTime
    corrected: bool = False
    created_at: UtcTime


class BlobRecord(_Strict):
    """A photo: ``sha256`` of the original file; ``display``/``thumbnail`` name files in blobs/."""

    sha256: Sha256
    display: Sha256
    thumbnail: Sha256
    mime: Annotated[str, StringConstraints(pattern=r"^image/[a-z0-9.+-]{1,40}$")] = "image/jpeg"
    original_size: Annotated[int, Field(ge=0)] = 0
    original_width: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    original_height: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    display_width: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    display_height: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    taken_at: UtcTime | None = None
    created_at: UtcTime
    # "redacted": display and thumbnail are the photo's redacted copy, the original's pixels
    # were kept at the office (a package to a branch or an inspector; version 3)
    pixels: Literal["original", "redacted"] = "original"


class PhotoRecord(_Strict):
    id: uuid.UUID
    item_id: ItemId | None = None
    finding_id: uuid.UUID | None = None
    finding_event_id: uuid.UUID | None = None
    blob_sha256: Sha256
    caption: Long = ""
    position: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    created_at: UtcTime
    updated_at: UtcTime


class AnnotationRecord(_Strict):
    """The marks drawn on one photo of the record (``domain.annotations``), 0–1 of its image."""

    photo_id: uuid.UUID
    shapes: Annotated[list[dict[str, JsonValue]], Field(min_length=1, max_length=MAX_SHAPES)]
    revision: Revision = 1
    updated_at: UtcTime

    @model_validator(mode="after")
    def _valid_shapes(self) -> AnnotationRecord:
        try:
            shapes_from_json(self.shapes)
        except AnnotationError as exc:
            raise ValueError(exc.args[0] if exc.args else str(exc)) from exc
        return self


Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class RedactionBox(_Strict):
    """A hidden rectangle in fractions of the upright photo (0..1 from the top left)."""

    x: Fraction
    y: Fraction
    w: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
    h: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
    kind: Literal["face", "id_card", "screen", "document", "other"] = "other"
    auto: bool = False  # found by the face detector, not drawn by hand


class RedactionRecord(_Strict):
    """A photo's redaction (version 3): its boxes, the original's and the redacted copy's hash."""

    photo_id: uuid.UUID
    original_sha256: Sha256
    redacted_sha256: Sha256  # a blob of this record: the redacted display copy and thumbnail
    boxes: Annotated[list[RedactionBox], Field(min_length=1, max_length=500)]
    revision: Revision = 1
    created_at: UtcTime
    updated_at: UtcTime


class FindingRecord(_Strict):
    id: uuid.UUID
    item_id: ItemId | None = None
    severity: Literal["critical", "major", "general", "observation"]
    risk_type: Short = ""
    description: Long = ""
    observation: Long = ""
    requirement: Long = ""
    responsible: Short = ""
    due_date: CalendarDate | None = None
    status: Literal["open", "rectifying", "submitted", "verified", "rejected"]
    source: Literal["inspection", "mystery", "feedback", "self_check"]
    points_deducted: Score = 0.0
    deduction_reason: Long = ""
    closed_at: UtcTime | None = None
    revision: Revision = 1
    created_at: UtcTime
    updated_at: UtcTime
    followup_revision: PartRevision = 0
    staff_no: Badge = ""  # format 3
    counter: Badge = ""  # format 3

    @model_validator(mode="before")
    @classmethod
    def _from_version_1(cls, data: Any) -> Any:
        """A version-1 finding somebody acted on has a follow-up of the lead's."""
        if isinstance(data, dict) and "followup_revision" not in data:
            data = {**data, "followup_revision": 0 if data.get("status") == "open" else 1}
        return data


class FindingEventRecord(_Strict):
    id: uuid.UUID
    finding_id: uuid.UUID
    kind: Short
    actor: Short = ""
    at: UtcTime
    text: Long = ""
    result: Short = ""
    data: dict[str, JsonValue] | None = None


class ReviewRecord(_Strict):
    id: uuid.UUID
    reviewer: Short
    decision: Literal["approved", "returned", "reopened"]
    comment: Long = ""
    inspection_revision: Revision = 1
    at: UtcTime
    role: RoleName = "lead"
    device_id: uuid.UUID | None = None


class ItemCommentRecord(_Strict):
    id: uuid.UUID
    item_id: Annotated[str, StringConstraints(max_length=100)]  # "": the whole inspection
    author: Short
    text: Long
    at: UtcTime
    role: RoleName = "lead"
    device_id: uuid.UUID | None = None


class SignatureRecord(_Strict):
    """``image`` names a PNG file in blobs/ by its sha256."""

    id: uuid.UUID
    role: Short
    name: Short
    image: Sha256
    signed_at: UtcTime


class AuditRecord(_Strict):
    id: uuid.UUID
    at: UtcTime
    actor: Short = ""
    entity: Short
    entity_id: Short
    action: Short
    field: Short = ""
    old: JsonValue = None
    new: JsonValue = None
    why: Long = ""
    role: RoleName = ""
    device_id: uuid.UUID | None = None
    revision: Revision | None = None


class AppealRecord(_Strict):
    """A branch's appeal of one finding's deduction and the lead's decision (version 3).
    ``photos`` name evidence photos among the record's ``blobs`` by sha256."""

    id: uuid.UUID
    finding_id: uuid.UUID
    item_id: ItemId | None = None
    points: Score = 0.0
    reason: Long
    photos: Annotated[list[Sha256], Field(max_length=100)] = []
    lodged_at: UtcTime
    lodged_by: Short = ""
    decision: Literal["", "upheld", "overturned"] = ""
    decision_reason: Long = ""
    decided_at: UtcTime | None = None
    decided_by: Short = ""
    revision: Revision = 1
    role: RoleName = "lead"
    device_id: uuid.UUID | None = None


# the parts of an inspection record whose rows carry their own uuid
CHILD_PARTS = (
    "answers",
    "timer_marks",
    "photos",
    "findings",
    "finding_events",
    "reviews",
    "item_comments",
    "signatures",
    "audit",
    "appeals",
)


class InspectionRecord(_Strict):
    """``records/inspections/<id>.json``: one inspection with everything that belongs to it."""

    inspection: InspectionHeader
    answers: Annotated[list[AnswerRecord], Field(max_length=MAX_ROWS)] = []
    timer_marks: Annotated[list[TimerMarkRecord], Field(max_length=MAX_ROWS)] = []
    blobs: Annotated[list[BlobRecord], Field(max_length=MAX_ROWS)] = []
    photos: Annotated[list[PhotoRecord], Field(max_length=MAX_ROWS)] = []
    annotations: Annotated[list[AnnotationRecord], Field(max_length=MAX_ROWS)] = []
    findings: Annotated[list[FindingRecord], Field(max_length=MAX_ROWS)] = []
    finding_events: Annotated[list[FindingEventRecord], Field(max_length=MAX_ROWS)] = []
    reviews: Annotated[list[ReviewRecord], Field(max_length=MAX_ROWS)] = []
    item_comments: Annotated[list[ItemCommentRecord], Field(max_length=MAX_ROWS)] = []
    signatures: Annotated[list[SignatureRecord], Field(max_length=MAX_ROWS)] = []
    audit: Annotated[list[AuditRecord], Field(max_length=MAX_ROWS)] = []
    redactions: Annotated[list[RedactionRecord], Field(max_length=MAX_ROWS)] = []
    appeals: Annotated[list[AppealRecord], Field(max_length=MAX_ROWS)] = []

    @model_validator(mode="after")
    def _consistent(self) -> InspectionRecord:
        problems = record_problems(self, CHILD_PARTS)
        if problems:
            raise ValueError(joined(problems[:5]))
        return self

    def child_ids(self) -> set[uuid.UUID]:
        """Ids of every row that belongs to the inspection (not the inspection's own)."""
        return {row.id for part in CHILD_PARTS for row in getattr(self, part)}

    def blob_files(self) -> set[str]:
        """Content hashes of every file in blobs/ this record needs."""
        names = {b.display for b in self.blobs} | {b.thumbnail for b in self.blobs}
        return names | {s.image for s in self.signatures}


def json_schemas() -> dict[str, dict[str, Any]]:
    """The published JSON Schemas (``bqinspect/sync/schema/*.json``), generated from the models."""
    from bqinspect.sync.feedback_records import FeedbackList

    out: dict[str, dict[str, Any]] = {}
    for name, model in (
        ("manifest", Manifest),
        ("inspection", InspectionRecord),
        ("branches", BranchList),
        ("feedback", FeedbackList),
        ("staff", StaffList),
    ):
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"urn:{FORMAT_NAME}:{FORMAT_VERSION}:{name}"
        out[name] = schema
    return out


def write_json_schemas(folder: Path | None = None) -> list[Path]:
    """Write the JSON Schemas into ``folder`` (default: the ``schema`` folder beside this file)."""
    target = folder or Path(__file__).with_name("schema")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = target / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # python -m bqinspect.sync.records: regenerate the published schemas
    for written_path in write_json_schemas():
        print(written_path)
