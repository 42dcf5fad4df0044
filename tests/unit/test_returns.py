"""What a return asks to redo, and the list's count of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bqinspect.domain.lifecycle import Role
from bqinspect.domain.returns import latest_return, redo_items
from bqinspect.services import inspections, review
from tests.inspection_factory import submitted_inspection

T0 = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Decided:
    decision: str
    at: datetime


@dataclass(frozen=True)
class Comment:
    item_id: str
    role: str
    at: datetime


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_items_named_since_the_latest_return_by_the_lead_only():
    reviews = [
        Decided("returned", _at(0)),
        Decided("approved", _at(5)),
        Decided("returned", _at(10)),
    ]
    comments = [
        Comment("A", "lead", _at(1)),  # an earlier return's
        Comment("B", "lead", _at(10)),
        Comment("", "lead", _at(10)),  # on the whole inspection
        Comment("C", "inspector", _at(11)),
        Comment("D", "office", _at(12)),
        Comment("B", "lead", _at(13)),
    ]
    assert latest_return(reviews) == reviews[2]
    assert redo_items(reviews, comments) == ["B", "D"]
    assert redo_items([Decided("approved", _at(0))], comments) == []


def test_the_list_counts_the_items_to_redo(empty_workspace, mini_form):
    ws = empty_workspace
    insp = submitted_inspection(ws, mini_form)
    listed = {r.id: r for r in inspections.list_inspections(ws)}
    assert listed[insp.id].redo_items == 0  # submitted: nothing to redo
    with ws.acting_as(Role.LEAD):
        review.return_inspection(ws, insp.id, "redo", ["ENV-04", "SEC-04"])
        review.comment(ws, insp.id, "and this one", "ENV-01")
        review.comment(ws, insp.id, "overall fine")  # the whole inspection: not an item
    row = next(r for r in inspections.list_inspections(ws) if r.id == insp.id)
    assert row.status == "returned" and row.redo_items == 3


@pytest.mark.postgres
def test_the_list_counts_the_items_to_redo_on_postgresql(pg_url, home, mini_form):
    from bqinspect.store.workspace import open_workspace
    from tests.pg import fresh_database

    with fresh_database(pg_url) as url:
        ws = open_workspace(home, url, actor="督导组长")
        try:
            insp = submitted_inspection(ws, mini_form)
            with ws.acting_as(Role.LEAD):
                review.return_inspection(ws, insp.id, "redo", ["ENV-04"])
            row = next(r for r in inspections.list_inspections(ws) if r.id == insp.id)
            assert row.status == "returned" and row.redo_items == 1
        finally:
            ws.close()
