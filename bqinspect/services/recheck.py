"""Re-check visits (复查): started from a branch's open findings, which their outcome settles.

The inspector's re-check is an inspection like any other (answers, notes, photos, signature,
submission, packages) on a generated form version, so it is recorded at once. Its outcome is a
change of each finding's follow-up, which is the lead's: it takes effect in the transaction of
the lead's (or head office's) approval of the re-check visit, or at submission when the
installation's role may itself change the follow-up. A pass verifies the finding (an event
naming the re-check visit, method on-site re-check); a fail keeps it open with the re-check's
note and photos as a new event (a rejection when the branch had reported it rectified).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from bqinspect.base.errors import Refused
from bqinspect.domain.forms import SEVERITY_ORDER, Form, Severity, Text
from bqinspect.domain.lifecycle import FINDING, FindingAction, InspectionStatus, is_closed
from bqinspect.domain.messages import declare
from bqinspect.domain.ownership import Part, may_change
from bqinspect.domain.recheck import Subject, finding_key, is_recheck, recheck_form
from bqinspect.domain.values import PASS
from bqinspect.services.branches import get_branch
from bqinspect.services.catalog import install_form
from bqinspect.services.inspections.listing import start_inspection
from bqinspect.services.rectification import apply
from bqinspect.store.models import Answer, Finding, FindingEvent, Inspection, Photo, utcnow
from bqinspect.store.workspace import Workspace

BRANCH_HAS_NO_OPEN = declare(
    "services.recheck.branch_has_no_open",
    "branch {code} has no open findings: there is nothing to re-check",
    "网点 {code} 没有未关闭的问题：无需复查",
)

log = logging.getLogger(__name__)

ORIGINAL_CAPTION = {"zh": "原检查照片", "en": "original photo"}
VERIFY_METHOD = "overt"  # the finding tracker's "on-site re-check"


@dataclass(frozen=True)
class Outcome:
    """What a re-check's item did to its finding."""

    finding_id: uuid.UUID
    item_id: str
    action: FindingAction  # verify | reject | comment


@dataclass(frozen=True)
class _Original:
    finding: Finding
    inspection: Inspection | None
    photos: tuple[str, ...]  # blob sha256 of the original item's photos
    observation: str  # the finding's, else the original answer's note


def _open_findings(s: Session, branch_id: uuid.UUID) -> list[_Original]:
    """The branch's issued findings not yet verified, worst first, with their visit's photos."""
    rows = s.exec(
        select(Finding, Inspection)
        .join(Inspection, col(Finding.inspection_id) == col(Inspection.id), isouter=True)
        .where(Finding.branch_id == branch_id)
    ).all()
    order = {sev.value: i for i, sev in enumerate(SEVERITY_ORDER)}
    out = []
    for finding, insp in rows:
        if is_closed(finding.status):
            continue
        if insp is not None and InspectionStatus(insp.status) is InspectionStatus.DRAFT:
            continue
        out.append(_Original(finding, insp, _original_photos(s, finding), _observation(s, finding)))
    out.sort(
        key=lambda o: (
            order.get(o.finding.severity, 9),
            o.finding.due_date or datetime.max.date(),
            o.finding.created_at,
        )
    )
    return out


def _original_photos(s: Session, finding: Finding) -> tuple[str, ...]:
    if finding.inspection_id is None or finding.item_id is None:
        return ()
    rows = s.exec(
        select(Photo.blob_sha256)
        .where(
            Photo.inspection_id == finding.inspection_id,
            Photo.item_id == finding.item_id,
            col(Photo.finding_event_id).is_(None),
        )
        .order_by(col(Photo.position))
    ).all()
    return tuple(dict.fromkeys(rows))


def _observation(s: Session, finding: Finding) -> str:
    if finding.observation.strip() or finding.inspection_id is None:
        return finding.observation
    note = s.exec(
        select(Answer.note).where(
            Answer.inspection_id == finding.inspection_id, Answer.item_id == finding.item_id
        )
    ).first()
    return note or ""


def _subject(ws: Workspace, original: _Original) -> Subject:
    finding, insp = original.finding, original.inspection
    item_text: Text | None = None
    basis: str | None = None
    if insp is not None and finding.item_id is not None:
        try:
            item = ws.form(insp.form_version_id).item(finding.item_id)
        except KeyError:
            item = None
        if item is not None:
            item_text, basis = item.text, item.basis
    when = insp.visit_start if insp is not None else finding.created_at
    return Subject(
        finding_id=finding.id,
        severity=Severity(finding.severity),
        description=finding.description,
        requirement=finding.requirement,
        observation=original.observation,
        item_id=finding.item_id,
        item_text=item_text,
        basis=basis,
        visit=when.astimezone(UTC).date().isoformat(),
    )


def start_recheck(
    ws: Workspace,
    branch_code: str,
    *,
    inspectors: Iterable[str] = (),
    visit_start: datetime | None = None,
) -> Inspection:
    """Start a re-check visit of a branch: a generated form with one item per open finding,
    each showing the original item, observation and photos. Refused when none is open."""
    branch = get_branch(ws, branch_code)
    start = visit_start or utcnow()
    with ws.db.session() as s:
        originals = _open_findings(s, branch.id)
    if not originals:
        raise Refused(
            BRANCH_HAS_NO_OPEN(code=branch.code),
            where="branch",
        )
    form = recheck_form(branch.code, [_subject(ws, o) for o in originals], start)
    version = install_form(ws, form)
    insp = start_inspection(ws, branch.id, version.id, inspectors=inspectors, visit_start=start)
    lang = "zh" if str(ws.setting("content_lang") or "zh").startswith("zh") else "en"
    with ws.session() as s:
        for item, original in zip(form.items(), originals, strict=True):
            for position, sha in enumerate(original.photos):
                s.add(
                    Photo(
                        inspection_id=insp.id,
                        item_id=item.id,
                        blob_sha256=sha,
                        caption=ORIGINAL_CAPTION[lang],
                        position=position,
                    )
                )
    log.info("re-check %s of branch %s: %d finding(s)", insp.id, branch.code, len(originals))
    return insp


def settle_recheck(s: Session, ws: Workspace, insp: Inspection, form: Form) -> list[Outcome]:
    """Carry a re-check's answers to its findings, in session ``s``, when this installation's
    role may change the follow-up; a finding already settled by this visit is left alone."""
    if not is_recheck(form) or not may_change(ws.role(), Part.FOLLOWUP):
        return []
    answers = {a.item_id: a for a in s.exec(select(Answer).where(Answer.inspection_id == insp.id))}
    findings = {
        f.id.hex: f for f in s.exec(select(Finding).where(Finding.branch_id == insp.branch_id))
    }
    now = utcnow()
    out = []
    for item in form.items():
        key, answer = finding_key(item.id), answers.get(item.id)
        if key is None or answer is None or answer.is_na or answer.value is None:
            continue
        finding = next((f for hexid, f in findings.items() if hexid.startswith(key)), None)
        if finding is None:
            log.warning("re-check %s: no finding for item %s", insp.id, item.id)
            continue
        if is_closed(finding.status) or _settled(s, finding.id, insp.id):
            continue
        act = _action(answer.value == PASS, finding)
        original = s.get(Inspection, finding.inspection_id) if finding.inspection_id else None
        text = answer.note.strip() or answer.deduction_reason.strip()
        apply(
            s,
            ws,
            finding,
            original,
            act,
            who=ws.who(),
            text=text or item.text.get("zh"),
            shas=_new_photos(s, insp.id, item.id, _original_photos(s, finding)),
            now=now,
            today=now.astimezone().date(),
            method=VERIFY_METHOD if act is FindingAction.VERIFY else "",
            extra={"recheck": str(insp.id), "item": item.id, "recheck_revision": insp.revision},
        )
        out.append(Outcome(finding.id, item.id, act))
    s.flush()
    return out


def _action(passed: bool, finding: Finding) -> FindingAction:
    """A pass verifies (the visit is the evidence, whether or not the branch reported back);
    a fail rejects a reported rectification, otherwise it is noted on the finding."""
    if passed:
        return FindingAction.VERIFY
    status = FINDING.statuses(finding.status)
    if FINDING.may(FindingAction.REJECT, status):
        return FindingAction.REJECT
    return FindingAction.COMMENT


def _settled(s: Session, finding_id: uuid.UUID, recheck_id: uuid.UUID) -> bool:
    events = s.exec(select(FindingEvent).where(FindingEvent.finding_id == finding_id)).all()
    return any((e.data or {}).get("recheck") == str(recheck_id) for e in events)


def _new_photos(
    s: Session, recheck_id: uuid.UUID, item_id: str, originals: Sequence[str]
) -> list[str]:
    """The re-check item's own photos (not the original visit's shown as guidance)."""
    rows = s.exec(
        select(Photo.blob_sha256)
        .where(
            Photo.inspection_id == recheck_id,
            Photo.item_id == item_id,
            col(Photo.finding_event_id).is_(None),
        )
        .order_by(col(Photo.position))
    ).all()
    return [sha for sha in dict.fromkeys(rows) if sha not in originals]
