"""Each branch's last score, grade, trend and open findings, read in one statement."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bqinspect.analytics.branch_status import BranchStatus, Trend, branch_status
from bqinspect.store.db import open_database
from tests.unit.analytics_world import TODAY, WBranch, WFinding, WInspection, World, store

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def _visit(
    branch: WBranch, days: int, score: float, status: str = "submitted", **findings: WFinding
) -> WInspection:
    return WInspection(
        branch=branch,
        form_id="onsite-a",
        status=status,
        visit_start=T0 + timedelta(days=days),
        score=score,
        grade="A" if score >= 90 else "B",
        sections={},
        veto=(),
        answers={},
        findings=dict(findings),
        marks={},
    )


def _finding(status: str, due: date) -> WFinding:
    return WFinding("major", "ops", due, status, None, ())


def test_last_score_trend_and_open_findings(tmp_path: Path) -> None:
    up, down, flat, once, never = (
        WBranch(c, "华东", "城东") for c in ("01", "02", "03", "04", "05")
    )
    late = TODAY - timedelta(days=3)
    world = World(
        branches=(up, down, flat, once, never),
        inspections=(
            _visit(up, 0, 70.0, a=_finding("open", late)),
            _visit(up, 10, 92.0, b=_finding("rectifying", TODAY + timedelta(days=5))),
            _visit(up, 20, 40.0, status="draft"),  # drafts never count
            _visit(down, 0, 95.0),
            _visit(down, 5, 80.0, status="approved", c=_finding("verified", late)),
            _visit(flat, 0, 85.0),
            _visit(flat, 1, 85.5),
            _visit(once, 0, 60.0),
        ),
    )
    db = open_database(tmp_path)
    try:
        store(db.engine, world)
        with db.engine.connect() as conn:
            rows = {r.branch_id: r for r in branch_status(conn, TODAY)}
    finally:
        db.dispose()
    assert rows[up.id] == BranchStatus(up.id, 92.0, "A", 70.0, 2, 1)
    assert rows[up.id].trend is Trend.UP
    assert rows[down.id].trend is Trend.DOWN and rows[down.id].open_findings == 0
    assert rows[flat.id].trend is Trend.FLAT
    assert rows[once.id].trend is Trend.NONE and rows[once.id].last_score == 60.0
    assert rows[never.id] == BranchStatus(never.id, None, "", None, 0, 0)
