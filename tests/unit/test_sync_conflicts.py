"""Recorded conflicts: what differs, listing with people's labels, resolving (audited)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections as svc
from bqinspect.store.models import AuditEvent
from bqinspect.sync.conflicts import Difference, differences, list_conflicts, resolve
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package
from bqinspect.sync.resolve import take_incoming
from tests.unit.sync_helpers import (
    approve,
    field_with_inspections,
    open_ws,
    return_to_inspector,
    trust,
)


def test_differences_match_rows_by_item_and_id() -> None:
    local = {
        "inspection": {"notes": "a", "revision": 1},
        "answers": [{"item_id": "ENV-01", "value": "fail"}, {"item_id": "ENV-04", "value": 4}],
    }
    incoming = {
        "inspection": {"notes": "b", "revision": 1},
        "answers": [{"item_id": "ENV-04", "value": 5}, {"item_id": "ENV-01", "value": "fail"}],
    }
    assert differences(local, incoming) == [
        Difference("answers[ENV-04].value", 4, 5),
        Difference("inspection.notes", "a", "b"),
    ]
    assert differences(local, local) == []
    assert differences({"x": [1]}, {"x": [1, 2]})[0].incoming == 2


def test_list_and_resolve(tmp_path: Path) -> None:
    field, ids = field_with_inspections(tmp_path / "f", 1)
    office = open_ws(tmp_path / "o")
    trust(office, field, tmp_path)
    import_package(office, export_package(field, tmp_path / "1.bqpkg", ids).path)
    svc.set_note(office, ids[0], "ENV-04", "总行复核", why="复核")  # both sides edit revision 1
    svc.set_note(field, ids[0], "ENV-04", "补记", why="补记")
    second = export_package(field, tmp_path / "2.bqpkg", ids).path
    import_package(office, second)
    (row,) = list_conflicts(office)
    assert row.entity == "inspection"
    assert row.label.startswith("0231 城东支行营业部（演示） 2025-03-03 onsite")
    assert row.source.startswith("field-laptop (")
    # the note, and when the inspector last touched the item
    assert [d.path for d in row.differences] == [
        "answers[ENV-04].answered_at",
        "answers[ENV-04].note",
    ]
    resolve(office, row.id, why="以总行记录为准")
    assert list_conflicts(office) == []
    assert len(list_conflicts(office, include_resolved=True)) == 1
    with office.db.session() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "resolve-conflict")).one()
    assert (event.entity_id, event.why) == (str(ids[0]), "以总行记录为准")
    # The same package again brings back nothing, not even the resolved conflict.
    assert not import_package(office, second).changed
    assert list_conflicts(office) == []
    with pytest.raises(NotFound):
        resolve(office, event.id)
    field.close()
    office.close()


def test_take_incoming_writes_the_other_side_and_is_audited(tmp_path: Path) -> None:
    field, ids = field_with_inspections(tmp_path / "f", 1)
    office = open_ws(tmp_path / "o")
    trust(office, field, tmp_path)
    import_package(office, export_package(field, tmp_path / "1.bqpkg", ids).path)
    svc.set_note(office, ids[0], "ENV-04", "总行复核", why="复核")
    svc.set_answer(field, ids[0], "ENV-04", 2, why="重新计数")  # revision 2 on both sides
    import_package(office, export_package(field, tmp_path / "2.bqpkg", ids).path)
    (row,) = list_conflicts(office)
    assert svc.answers_of(office, ids[0])["ENV-04"].value != 2
    take_incoming(office, row.id, why="以检查员记录为准")
    answers = svc.answers_of(office, ids[0])
    assert (answers["ENV-04"].value, answers["ENV-04"].note) == (2, "")
    assert [s.image for s in svc.signatures_of(office, ids[0])] == [
        s.image for s in svc.signatures_of(field, ids[0])
    ]
    assert list_conflicts(office) == []
    with office.db.session() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "resolve-conflict")).one()
    assert (event.new, event.why) == ({"kept": "incoming"}, "以检查员记录为准")
    # both sides now hold the same revision 2: nothing to merge, nothing in conflict
    again = import_package(office, export_package(field, tmp_path / "3.bqpkg", ids).path)
    assert [o.outcome.value for o in again.outcomes if o.entity == "inspection"] == ["unchanged"]
    with pytest.raises(Refused, match="resolved already"):
        take_incoming(office, row.id)


def test_take_incoming_review_decision(tmp_path: Path) -> None:
    field, ids = field_with_inspections(tmp_path / "f", 1)
    lead, office = open_ws(tmp_path / "l"), open_ws(tmp_path / "o")
    package = export_package(field, tmp_path / "1.bqpkg", ids).path
    for ws in (lead, office):
        trust(ws, field, tmp_path)
        import_package(ws, package)
    approve(office, ids[0], "同意")
    return_to_inspector(lead, ids[0], "缺照片")
    trust(office, lead, tmp_path, Role.LEAD)
    import_package(office, export_package(lead, tmp_path / "l.bqpkg", ids).path)
    (row,) = list_conflicts(office)
    assert row.entity == "inspection.review"
    assert svc.get_inspection(office, ids[0]).status == "approved"
    take_incoming(office, row.id, why="以组长意见为准")
    assert svc.get_inspection(office, ids[0]).status == "returned"
