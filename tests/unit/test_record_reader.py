"""The one reader of stored inspection records: complete, frozen, and a few queries for many."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from PIL import Image

from bqinspect.base.errors import NotFound
from bqinspect.photos import ingest_bytes
from bqinspect.services import branches, catalog
from bqinspect.services import inspections as I
from bqinspect.store.record import read_record, read_records


def _jpeg(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


def _inspections(ws: Any, mini_form: Any, count: int) -> list[Any]:
    fv = catalog.install_form(ws, mini_form)
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    out = []
    for n in range(count):
        visit = datetime(2026, 11, 2 + n, 9, 30, tzinfo=UTC)
        insp = I.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"], visit_start=visit)
        I.set_answer(ws, insp.id, "ENV-01", "fail")
        I.set_note(ws, insp.id, "ENV-01", f"第{n}次")
        I.attach_photo(
            ws, insp.id, ingest_bytes(_jpeg(["red", "blue"][n % 2]), "a.jpg"), item_id="ENV-01"
        )
        out.append(insp)
    return out


def _statements(ws: Any, ids: list[Any]) -> int:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    sa.event.listen(ws.db.engine, "before_cursor_execute", count)
    try:
        with ws.db.engine.connect() as conn:
            records = read_records(conn, ids)
    finally:
        sa.event.remove(ws.db.engine, "before_cursor_execute", count)
    assert set(records) == set(ids)
    return len(seen)


def test_many_records_take_as_many_queries_as_one(empty_workspace, mini_form) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    ids = [i.id for i in _inspections(ws, mini_form, 5)]
    assert _statements(ws, ids) == _statements(ws, ids[:1])


def test_a_record_holds_every_part_as_frozen_rows(empty_workspace, mini_form) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    (insp,) = _inspections(ws, mini_form, 1)
    with ws.db.engine.connect() as conn:
        record = read_record(conn, insp.id)
    assert record.inspection.branch_code == "0231"
    assert record.inspection.inspectors == ("王晓明",)
    assert record.answer_map()["ENV-01"].note == "第0次"
    assert [f.item_id for f in record.findings] == ["ENV-01"]
    assert [p.item_id for p in record.visit_photos()] == ["ENV-01"]
    assert set(record.blobs) == {record.photos[0].blob_sha256}
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.answers[0].value = "pass"  # type: ignore[misc]


def test_a_missing_record_is_not_found(empty_workspace) -> None:  # type: ignore[no-untyped-def]
    import uuid

    with empty_workspace.db.engine.connect() as conn, pytest.raises(NotFound):
        read_record(conn, uuid.uuid4())
