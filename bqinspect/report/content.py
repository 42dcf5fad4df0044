"""What a report shows, gathered from the workspace and filtered for its audience."""

from __future__ import annotations

import base64
import binascii
import enum
import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from sqlmodel import Session, col, select

from bqinspect.domain.annotations import Shape, marked_key
from bqinspect.domain.forms import AnswerType, Form, Item, Kind, Severity, Text
from bqinspect.domain.recheck import FORM_PREFIX as RECHECK_PREFIX
from bqinspect.domain.scoring import ScoreResult, score
from bqinspect.redaction.settings import office_keeps_original
from bqinspect.report.staff import Concerns, concerns_of, register_names
from bqinspect.store.models import Branch, FormVersion, Inspection, InspectionStatus
from bqinspect.store.record import (
    FindingRow,
    InspectionHead,
    PhotoRow,
    answer_states,
    read_record,
)
from bqinspect.store.workspace import Workspace

log = logging.getLogger(__name__)

MAX_LOGO_BYTES = 2 * 1024 * 1024
SEVERITIES = [s.value for s in Severity]


class Audience(enum.StrEnum):
    BRANCH = "branch"  # no shopper identity, no internal notes
    OFFICE = "office"  # everything


@dataclass(frozen=True)
class PhotoRef:
    number: int  # "Photo n" in the report
    sha256: str
    caption: str
    taken_at: datetime | None
    shapes: tuple[Shape, ...] = ()  # marks drawn on it
    redacted: bool = False  # the printed pixels are the redacted copy (marked on the notice)

    @property
    def key(self) -> str:
        return marked_key(self.sha256, self.shapes)


@dataclass(frozen=True)
class FindingView:
    number: int
    item_id: str | None
    item_text: Text | str
    section: Text | None
    severity: str
    observation: str
    points_deducted: float
    deduction_reason: str
    requirement: Text | str
    basis: str  # 检查依据 of the item in the inspection's frozen form ("" before forms had it)
    responsible: str
    due_date: date | None
    photos: list[PhotoRef]
    appeal: str = ""  # "" | pending | upheld | overturned: the branch's appeal of the deduction
    appeal_reason: str = ""  # the lead's reason for the decision
    concerns: Concerns | None = None  # the staff member and counter the finding names


@dataclass(frozen=True)
class SectionView:
    id: str
    title: Text
    weight: float
    percent: float | None
    previous_percent: float | None
    failed: int


@dataclass(frozen=True)
class Previous:
    visit: datetime
    overall: float
    grade: Text | str


@dataclass(frozen=True)
class TimerView:
    checkpoint: str
    label: Text
    at: datetime | None


@dataclass(frozen=True)
class DurationView:
    item_id: str
    text: Text
    seconds: float | None
    achievement: float | None  # 1 met, 0 < x < 1 partly, 0 not met; None unscored


@dataclass(frozen=True)
class SignatureView:
    role: str
    name: str
    image: bytes | None
    signed_at: datetime | None


@dataclass(frozen=True)
class Comment:
    item_id: str
    author: str
    text: str
    at: datetime


@dataclass(frozen=True)
class ReviewView:
    reviewer: str
    decision: str
    comment: str
    at: datetime


@dataclass
class ReportContent:
    record_id: uuid.UUID
    revision: int
    audience: Audience
    report_no: str
    bank_name: str
    logo: bytes | None
    branch: Branch
    kind: Kind
    form_title: Text
    form_version: str
    status: str
    zone: tzinfo
    visit_start: datetime
    visit_end: datetime | None
    inspectors: list[str] | None  # None: withheld (mystery shopper, branch copy)
    lead: str
    shopper_alias: str | None  # office copy only
    notes: str
    internal_notes: str | None  # office copy only
    overall: float
    grade: Text | str
    grade_key: str
    failed_grade: bool
    veto_hits: list[tuple[str, Text | str]]
    sections: list[SectionView]
    previous: Previous | None
    findings: list[FindingView]
    other_photos: list[PhotoRef]
    timers: list[TimerView]
    durations: list[DurationView]
    signatures: list[SignatureView]
    grade_bands: list[float] = field(default_factory=list)  # lower bounds, for bar colours
    comments: list[Comment] = field(default_factory=list)  # office copy only
    reviews: list[ReviewView] = field(default_factory=list)  # office copy only

    @property
    def is_draft(self) -> bool:
        return self.status in (InspectionStatus.DRAFT, InspectionStatus.RETURNED)

    def local(self, when: datetime) -> datetime:
        aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
        return aware.astimezone(self.zone)


def report_zone(ws: Workspace) -> tzinfo:
    """The zone report times are printed in: the workspace's (``timezone`` setting, else the
    system's)."""
    return ws.zone()


def decode_logo(value: Any) -> tuple[bytes | None, str | None]:
    """The ``bank_logo`` setting (base64 of a PNG or JPEG file, optionally a data: URL)."""
    if not value:
        return None, None
    if not isinstance(value, str):
        return None, "setting bank_logo: expected base64 text of a PNG or JPEG image"
    text = value.strip()
    if text.startswith("data:"):
        text = text.partition(",")[2]
    try:
        data = base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError) as exc:
        return None, f"setting bank_logo: not valid base64 ({exc})"
    if len(data) > MAX_LOGO_BYTES:
        return None, f"setting bank_logo: larger than {MAX_LOGO_BYTES // 2**20} MiB"
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8")):
        return None, "setting bank_logo: not a PNG or JPEG image"
    return data, None


def _localised(stored: str, text: Text | None) -> Text | str:
    """The form's bilingual text unless the user changed the wording of the stored copy."""
    if text is None:
        return stored
    if not stored.strip() or stored.strip() in (text.zh, text.en):
        return text
    return stored


def _item(form: Form, item_id: str | None) -> Item | None:
    if item_id is None:
        return None
    try:
        return form.item(item_id)
    except KeyError:
        return None


def _item_text(form: Form, item_id: str) -> Text | str:
    item = _item(form, item_id)
    return item.text if item is not None else item_id


def _grade_label(form: Form, grade: str | None) -> Text | str:
    if not grade:
        return ""
    try:
        return form.grading.band(grade).label
    except StopIteration:
        return grade


def _previous(
    ws: Workspace, s: Session, insp: InspectionHead
) -> tuple[Previous | None, dict[str, float]]:
    done = [InspectionStatus.SUBMITTED.value, InspectionStatus.APPROVED.value]
    rechecks = select(FormVersion.id).where(  # a re-check's score is not the branch's
        col(FormVersion.form_id).startswith(RECHECK_PREFIX, autoescape=True)
    )
    row = s.exec(
        select(Inspection)
        .where(
            Inspection.branch_id == insp.branch_id,
            Inspection.kind == insp.kind,
            Inspection.id != insp.id,
            Inspection.visit_start < insp.visit_start,
            col(Inspection.status).in_(done),
            col(Inspection.overall_score).is_not(None),
            col(Inspection.form_version_id).not_in(rechecks),
        )
        .order_by(col(Inspection.visit_start).desc())
    ).first()
    if row is None or row.overall_score is None:
        return None, {}
    try:
        label = _grade_label(ws.form(row.form_version_id), row.grade)
    except (KeyError, ValueError):
        label = row.grade or ""
    sections: dict[str, float] = {}
    for key, value in (row.section_scores or {}).items():
        percent = value.get("percent") if isinstance(value, dict) else None
        if isinstance(percent, int | float):
            sections[key] = float(percent)
    return Previous(visit=row.visit_start, overall=row.overall_score, grade=label), sections


def _photo_groups(
    findings: list[FindingRow], photos: list[PhotoRow]
) -> tuple[dict[uuid.UUID, list[PhotoRow]], list[PhotoRow]]:
    by_finding: dict[uuid.UUID, list[PhotoRow]] = {f.id: [] for f in findings}
    by_item = {f.item_id: f.id for f in findings if f.item_id}
    other: list[PhotoRow] = []
    for photo in photos:
        owner = photo.finding_id if photo.finding_id in by_finding else None
        if owner is None and photo.item_id is not None:
            owner = by_item.get(photo.item_id)
        if owner is None:
            other.append(photo)
        else:
            by_finding[owner].append(photo)
    return by_finding, other


def gather(
    ws: Workspace, inspection_id: uuid.UUID, audience: Audience
) -> tuple[ReportContent, list[str]]:
    """Everything the report prints, and warnings about settings that could not be used."""
    warnings: list[str] = []
    with ws.db.session() as s:
        record = read_record(s.connection(), inspection_id)
        insp = record.inspection
        branch = s.get(Branch, insp.branch_id)
        assert branch is not None  # foreign key
        previous, previous_sections = _previous(ws, s, insp)
        names = register_names(s, (f.staff_no for f in record.findings))
    form = ws.form(insp.form_version_id)
    answers = record.answer_map()
    marks = {m.checkpoint: m.at for m in record.timer_marks}
    order = {v: i for i, v in enumerate(SEVERITIES)}
    findings = sorted(
        record.findings, key=lambda f: (order.get(f.severity, 9), f.item_id or "~", str(f.id))
    )
    photos = sorted(record.own_photos(), key=lambda p: (p.position, str(p.id)))
    blobs_taken = {sha: meta.taken_at for sha, meta in record.blobs.items()}
    # what this copy prints of a redacted photo: every copy that leaves the office the
    # redacted pixels; the head-office copy the original where the bank's setting allows it
    original_here = audience is Audience.OFFICE and office_keeps_original(ws)
    printed = {} if original_here else {p: r.redacted_sha256 for p, r in record.redactions.items()}
    sigs = list(record.signatures)
    comments = sorted(record.item_comments, key=lambda c: c.at)
    reviews = sorted(record.reviews, key=lambda r: r.at)

    zone = report_zone(ws)
    visit_date = insp.visit_start.astimezone(UTC).date()
    result: ScoreResult = score(
        form, answer_states(answers), visit_date=visit_date, restored=record.restored_items()
    )
    submitted = insp.overall_score is not None and insp.grade is not None
    overall = float(insp.overall_score) if submitted and insp.overall_score is not None else 0.0
    if not submitted:
        overall = round(result.overall, 2)
    grade_key = insp.grade if submitted and insp.grade else result.grade
    veto_ids = list(insp.veto_hits or []) if submitted else list(result.veto_hits)

    sections = [
        SectionView(
            id=sec.id,
            title=sec.title,
            weight=sec.weight,
            percent=result.sections[sec.id].percent,
            previous_percent=previous_sections.get(sec.id),
            failed=result.sections[sec.id].failed,
        )
        for sec in form.sections
    ]

    by_finding, other = _photo_groups(findings, photos)
    counter = 0

    def refs(rows: list[PhotoRow]) -> list[PhotoRef]:
        nonlocal counter
        out = []
        for p in rows:
            counter += 1
            taken = blobs_taken.get(p.blob_sha256)
            sha = printed.get(p.id, p.blob_sha256)
            marks = record.annotations.get(p.id)
            shapes = marks.shapes if marks else ()
            out.append(PhotoRef(counter, sha, p.caption, taken, shapes, redacted=p.id in printed))
        return out

    appealed = {a.finding_id: a for a in record.appeals}
    finding_views: list[FindingView] = []
    for number, f in enumerate(findings, start=1):
        appeal = appealed.get(f.id)
        item = _item(form, f.item_id)
        section = form.section_of(item.id).title if item is not None else None
        answer = answers.get(f.item_id or "")
        reason = f.deduction_reason or (answer.deduction_reason if answer else "")
        finding_views.append(
            FindingView(
                number=number,
                item_id=f.item_id,
                item_text=_localised(f.description, item.text if item else None),
                section=section,
                severity=f.severity,
                # a note typed after the finding was drafted lives on the answer
                observation=f.observation or (answer.note if answer else ""),
                points_deducted=f.points_deducted,
                deduction_reason=reason,
                requirement=_localised(f.requirement, item.requirement if item else None),
                basis=(item.basis or "") if item is not None else "",
                responsible=f.responsible,
                due_date=f.due_date,
                photos=refs(by_finding.get(f.id, [])),
                appeal=(appeal.decision or "pending") if appeal else "",
                appeal_reason=appeal.decision_reason if appeal else "",
                concerns=concerns_of(f.staff_no, f.counter, names),
            )
        )
    other_refs = refs(other)

    mystery = form.kind is Kind.MYSTERY or insp.kind == Kind.MYSTERY.value
    office = audience is Audience.OFFICE
    timers = [TimerView(c.id, c.label, marks.get(c.id)) for c in form.checkpoints]
    durations = []
    for item in form.items():
        if item.type is AnswerType.DURATION:
            item_score = result.items[item.id]
            answer = answers.get(item.id)
            value = answer.value if answer is not None and not answer.is_na else None
            seconds = float(value) if isinstance(value, int | float) else None
            achieved = item_score.achievement if item.scored and item.bands else None
            durations.append(DurationView(item.id, item.text, seconds, achieved))

    signatures = []
    for sig in sorted(sigs, key=lambda g: (_ROLE_ORDER.get(g.role, 9), g.signed_at)):
        hide = mystery and not office and sig.role == "inspector"
        signatures.append(
            SignatureView(
                role=sig.role,
                name="" if hide else sig.name,
                image=None if hide else sig.image,
                signed_at=sig.signed_at,
            )
        )

    logo, problem = decode_logo(ws.setting("bank_logo"))
    if problem:
        warnings.append(problem)
    local_visit = insp.visit_start.astimezone(zone)
    report_no = f"ZG-{local_visit:%Y%m%d}-{branch.code}-{insp.id.hex[:6].upper()}"

    content = ReportContent(
        record_id=insp.id,
        revision=insp.revision,
        audience=audience,
        report_no=report_no,
        bank_name=str(ws.setting("bank_name") or ""),
        logo=logo,
        branch=branch,
        kind=Kind.MYSTERY if mystery else Kind.ONSITE,
        form_title=form.title,
        form_version=form.version,
        status=insp.status,
        zone=zone,
        visit_start=insp.visit_start,
        visit_end=insp.visit_end,
        inspectors=list(insp.inspectors) if office or not mystery else None,
        lead=insp.lead,
        shopper_alias=(insp.shopper_alias or None) if office else None,
        notes=insp.notes,
        internal_notes=(insp.internal_notes or None) if office else None,
        overall=overall,
        grade=_grade_label(form, grade_key),
        grade_key=grade_key,
        failed_grade=bool(veto_ids) or grade_key == form.grading.veto_grade,
        veto_hits=[(i, _item_text(form, i)) for i in veto_ids],
        sections=sections,
        previous=previous,
        findings=finding_views,
        other_photos=other_refs,
        timers=timers if mystery else [],
        durations=durations if mystery else [],
        signatures=signatures,
        grade_bands=[b.min for b in form.grading.bands],
        comments=[Comment(c.item_id, c.author, c.text, c.at) for c in comments] if office else [],
        reviews=[ReviewView(r.reviewer, r.decision, r.comment, r.at) for r in reviews]
        if office
        else [],
    )
    return content, warnings


_ROLE_ORDER = {"inspector": 0, "manager": 1, "lead": 2}
