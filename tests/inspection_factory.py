"""Test data: a submitted inspection of the mini form with two failed items, for any test tier."""

from __future__ import annotations

from datetime import UTC, datetime

from bqinspect.base.errors import Refused
from bqinspect.services import inspections as insp_svc
from bqinspect.services.branches import save_branch
from bqinspect.services.catalog import install_form

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea35d9c8b0000000049454e44ae426082"
)

VISIT = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)  # a Monday


def submitted_inspection(ws, form, branch_code="0101", visit=VISIT):  # type: ignore[no-untyped-def]
    """A submitted mini-form inspection with two failed items (ENV-04 general, SEC-04 veto)."""
    fv = install_form(ws, form)
    try:
        branch = save_branch(ws, {"code": branch_code, "name": f"网点 {branch_code}"})
    except Refused:
        from bqinspect.services.branches import get_branch

        branch = get_branch(ws, branch_code)
    insp = insp_svc.start_inspection(
        ws, branch.id, fv.id, inspectors=["检查员甲"], visit_start=visit
    )
    answers = {
        "ENV-01": "pass",
        "ENV-04": 2,
        "STF-04": "pass",
        "STF-05": 5,
        "STF-06": 4,
        "SEC-04": {"x": 3, "y": 4},
        "SEC-05": 30,
        "FAC-15": ["water", "glasses", "firstaid"],
    }
    for item_id, value in answers.items():
        insp_svc.set_answer(ws, insp.id, item_id, value)
    insp_svc.set_answer(ws, insp.id, "ENV-05", na=True)
    insp_svc.add_signature(ws, insp.id, "inspector", "检查员甲", PNG_1PX)
    insp_svc.submit(ws, insp.id)
    return insp
