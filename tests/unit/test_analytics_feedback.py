"""The feedback figure: counts by channel, category and branch, time to reply, the filter."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bqinspect.analytics import filters
from bqinspect.analytics.feedback import feedback_counts
from bqinspect.analytics.filters import Filter
from bqinspect.base import clock
from bqinspect.domain.lifecycle import Role
from bqinspect.services import feedback as svc
from bqinspect.services.branches import save_branch
from bqinspect.store.workspace import Workspace

pytestmark = pytest.mark.usefixtures("frozen_clock")


def test_feedback_is_counted_by_channel_category_and_branch(empty_workspace: Workspace) -> None:
    ws = empty_workspace
    ws.set_role(Role.OFFICE)
    save_branch(ws, {"code": "0101", "name": "甲", "region": "东区"})
    save_branch(ws, {"code": "0102", "name": "乙", "region": "西区"})
    now = clock.now()
    old = svc.add_feedback(
        ws, branch="0101", channel="hotline", category="fees", content="a",
        received_at=now - timedelta(days=20),
    )  # fmt: skip
    svc.reply(ws, old.id, "ok", accepted=True, replied_at=now - timedelta(days=18))
    late = svc.add_feedback(
        ws, branch="0101", channel="online", category="fees", content="b",
        received_at=now - timedelta(days=19),
    )  # fmt: skip
    svc.add_feedback(ws, branch="0102", channel="online", category="products", content="c")
    with ws.db.engine.connect() as conn:
        rows = feedback_counts(conn, Filter(), clock.today())
        west = feedback_counts(conn, Filter(regions=("西区",)), clock.today())
        lastyear = feedback_counts(conn, Filter(period=filters.year(2024)), clock.today())
    by = {(r.group, r.key): r for r in rows}
    total = by[("all", "")]
    assert (total.items, total.open, total.overdue, total.replied) == (3, 2, 1, 1)
    assert total.mean_days_to_reply == pytest.approx(2.0) and total.acceptance_rate == 1.0
    assert total.replied_on_time == 1
    assert by[("channel", "online")].items == 2 and by[("category", "fees")].items == 2
    assert by[("branch", "0101")].overdue == 1 and late.overdue
    assert [(r.group, r.key, r.items) for r in west if r.group == "branch"] == [
        ("branch", "0102", 1)
    ]
    assert lastyear == ()
