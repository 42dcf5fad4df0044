"""DEMO appeals: one deduction's appeal upheld and one overturned, on approved demo visits."""

from __future__ import annotations

from sqlmodel import col, select

from bqinspect.domain.lifecycle import Decision
from bqinspect.services import appeals
from bqinspect.store.models import Finding, Inspection
from bqinspect.store.workspace import Workspace

UPHELD = ("演示：网点称当日系统故障，无法按时开门。", "演示：经核查系统日志无故障，维持扣分。")
OVERTURNED = ("演示：监控当日在厂家检修，附维修单照片。", "演示：维修单属实，撤销该项扣分。")


def add_demo_appeals(ws: Workspace) -> int:
    """Two appeals on the latest approved demo inspections (the lead's role is the caller's);
    returns how many were recorded."""
    with ws.db.session() as s:
        findings = s.exec(
            select(Finding)
            .join(Inspection, col(Finding.inspection_id) == col(Inspection.id))
            .where(Inspection.decision == Decision.APPROVED.value, Finding.points_deducted > 0)
            .order_by(col(Inspection.visit_start).desc(), col(Finding.item_id))
        ).all()
    chosen: list[Finding] = []
    for finding in findings:  # one deduction per inspection
        if all(f.inspection_id != finding.inspection_id for f in chosen):
            chosen.append(finding)
        if len(chosen) == 2:
            break
    for finding, (reason, decision), overturn in zip(
        chosen, (UPHELD, OVERTURNED), (False, True), strict=False
    ):
        appeals.lodge(ws, finding.id, reason)
        appeals.decide(ws, finding.id, overturn=overturn, reason=decision)
    return len(chosen)
