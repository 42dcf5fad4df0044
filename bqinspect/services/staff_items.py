"""A staff member's own record: the items and findings of inspections that named them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from bqinspect.base.errors import NotFound
from bqinspect.domain.messages import declare
from bqinspect.store.models import Answer, Branch, Finding, Inspection
from bqinspect.store.workspace import Workspace

NO_EMPLOYEE_NUMBER_GIVEN = declare(
    "services.staff_items.no_employee_number_given",
    "no employee number given",
    "未给出员工编号",
)


@dataclass(frozen=True)
class NamedItem:
    """One item (or a finding of no item) that named the staff member."""

    inspection_id: uuid.UUID | None
    branch_code: str
    visit_start: datetime | None
    kind: str
    status: str
    item_id: str  # "" for a finding of no item
    text: str
    counter: str
    failed: bool
    points_lost: float


def named_items(ws: Workspace, employee_no: str) -> list[NamedItem]:
    """Every answer and every finding of no item naming ``employee_no``, newest visit first."""
    number = employee_no.strip()
    if not number:
        raise NotFound(NO_EMPLOYEE_NUMBER_GIVEN(), where="staff")
    lang = str(ws.setting("content_lang") or "zh")
    out: list[NamedItem] = []
    with ws.db.session() as s:
        answers = s.exec(
            select(Answer, Inspection, Branch)
            .join(Inspection, col(Answer.inspection_id) == col(Inspection.id))
            .join(Branch, col(Inspection.branch_id) == col(Branch.id))
            .where(Answer.staff_no == number)
        ).all()
        for answer, insp, branch in answers:
            texts = {i.id: i.text.get(lang) for i in ws.form(insp.form_version_id).items()}
            possible, awarded = answer.points_possible, answer.points_awarded
            lost = 0.0
            if possible is not None and awarded is not None:
                lost = round(possible - awarded, 4)
            out.append(
                NamedItem(
                    insp.id,
                    branch.code,
                    insp.visit_start,
                    insp.kind,
                    insp.status,
                    answer.item_id,
                    texts.get(answer.item_id, answer.item_id),
                    answer.counter,
                    lost > 0 or answer.value == "fail",
                    lost,
                )
            )
        findings = s.exec(
            select(Finding, Branch)
            .join(Branch, col(Finding.branch_id) == col(Branch.id))
            .where(Finding.staff_no == number, col(Finding.item_id).is_(None))
        ).all()
        for finding, branch in findings:
            out.append(
                NamedItem(
                    finding.inspection_id,
                    branch.code,
                    None,
                    finding.source,
                    finding.status,
                    "",
                    finding.description,
                    finding.counter,
                    True,
                    finding.points_deducted,
                )
            )
    out.sort(key=lambda n: n.visit_start.timestamp() if n.visit_start else 0.0, reverse=True)
    return out
