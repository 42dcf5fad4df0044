"""The demo's staff: a register for each demo branch, and answers and findings naming them."""

from __future__ import annotations

from sqlmodel import col, select

from bqinspect.analytics.filters import Filter
from bqinspect.analytics.staff import staff_failures
from bqinspect.services.branches import list_branches
from bqinspect.services.demo import create_demo
from bqinspect.services.staff import list_staff
from bqinspect.store.models import Answer, Finding


def test_every_demo_branch_has_staff_and_some_failures_name_them(empty_workspace) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    create_demo(ws, branches=3, inspections_count=8)
    staff = list_staff(ws)
    assert {m.branch_code for m in staff} == {b.code for b in list_branches(ws)}
    assert all(m.name.endswith("（演示）") for m in staff)
    assert {m.post for m in staff} >= {"teller", "lobby_manager", "security_guard"}
    with ws.db.session() as s:
        answers = s.exec(select(Answer).where(col(Answer.staff_no) != "")).all()
        findings = s.exec(select(Finding).where(col(Finding.staff_no) != "")).all()
    numbers = {m.employee_no for m in staff}
    assert answers and {a.staff_no for a in answers} <= numbers
    assert any(a.counter for a in answers) and findings
    with ws.db.engine.connect() as conn:
        figures = staff_failures(conn, Filter())
    assert figures.by_post and sum(p.failed for p in figures.by_post) > 0
