"""Marks on photos: checked shapes, stored beside the photo, amended, and carried in packages."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from alembic import command

from bqinspect.base import paths
from bqinspect.base.errors import Refused
from bqinspect.domain.annotations import (
    AnnotationError,
    Colour,
    Shape,
    ShapeKind,
    shapes_from_json,
    shapes_to_json,
)
from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections as svc
from bqinspect.store.db import _alembic_config, head_revision, make_engine, open_database
from bqinspect.sync.conflicts import list_conflicts
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package
from bqinspect.sync.keys import load_identity
from bqinspect.sync.resolve import take_incoming
from tests.unit.sync_helpers import (
    make_inspection,
    open_ws,
    rebuild,
    record_names,
    setup_field,
    trust,
    zip_entries,
)

ARROW = Shape(ShapeKind.ARROW, Colour.RED, ((0.1, 0.2), (0.5, 0.6)))
LABEL = Shape(ShapeKind.TEXT, Colour.YELLOW, ((0.3, 0.3),), "灯箱破损")
BOX = Shape(ShapeKind.RECT, Colour.BLUE, ((0.6, 0.1), (0.9, 0.4)))


def test_shapes_survive_their_json_form() -> None:
    line = Shape(ShapeKind.FREEHAND, Colour.WHITE, ((0.0, 0.0), (0.5, 0.25), (1.0, 1.0)))
    shapes = (ARROW, LABEL, BOX, line)
    assert shapes_from_json(json.loads(json.dumps(shapes_to_json(shapes)))) == shapes


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"kind": "star", "colour": "red", "points": [[0, 0]]}, "kind must be one of"),
        ({"kind": "rect", "colour": "pink", "points": [[0, 0], [1, 1]]}, "colour must be"),
        ({"kind": "rect", "colour": "red", "points": [[0, 0]]}, "takes 2..2 points"),
        ({"kind": "arrow", "colour": "red", "points": [[0, 0], [1.5, 1]]}, "within 0..1"),
        ({"kind": "arrow", "colour": "red", "points": [[0, 0], [True, 1]]}, "finite number"),
        ({"kind": "text", "colour": "red", "points": [[0, 0]], "text": " "}, "1..40 characters"),
        ({"kind": "rect", "colour": "red", "points": [[0, 0], [1, 1]], "x": 1}, "unknown field"),
    ],
)
def test_a_bad_shape_is_refused_with_its_reason(data: object, reason: str) -> None:
    with pytest.raises(AnnotationError, match=reason):
        shapes_from_json([data])


@pytest.fixture
def draft(home: Path):  # type: ignore[no-untyped-def]
    ws = open_ws(home)
    branch, fv = setup_field(ws)
    iid = make_inspection(ws, branch, fv, submit=False)
    yield ws, iid, svc.photos_of(ws, iid)[0].id
    ws.close()


def test_marks_round_trip_through_the_database_and_leave_the_photo_alone(draft) -> None:  # type: ignore[no-untyped-def]
    ws, iid, photo_id = draft
    before = svc.read_inspection(ws, iid)
    saved = svc.save_annotations(ws, photo_id, [ARROW, LABEL])
    assert saved is not None and saved.revision == 1 and saved.shapes == (ARROW, LABEL)
    record = svc.read_inspection(ws, iid)
    assert record.annotations[photo_id].shapes == (ARROW, LABEL)
    assert record.photos[0].blob_sha256 == before.photos[0].blob_sha256
    assert record.blobs == before.blobs  # the original's hash and its copies are untouched
    again = svc.save_annotations(ws, photo_id, [ARROW, LABEL, BOX])
    assert again is not None and again.revision == 2
    assert svc.save_annotations(ws, photo_id, [ARROW, LABEL, BOX]) == again  # nothing changed
    assert svc.save_annotations(ws, photo_id, []) is None
    assert svc.annotations_of(ws, [photo_id]) == {}


def test_marks_on_a_submitted_inspection_are_an_audited_amendment(draft) -> None:  # type: ignore[no-untyped-def]
    ws, iid, photo_id = draft
    svc.add_signature(ws, iid, "inspector", "王晓明", b"\x89PNG\r\n\x1a\n" + bytes(20))
    svc.submit(ws, iid)
    revision = svc.get_inspection(ws, iid).revision
    with pytest.raises(Refused, match="needs a reason"):
        svc.save_annotations(ws, photo_id, [ARROW])
    svc.save_annotations(ws, photo_id, [ARROW], why="标出破损位置")
    assert svc.get_inspection(ws, iid).revision == revision + 1
    (event,) = [a for a in svc.audit_trail(ws, iid) if a.action == "annotate"]
    assert (event.old, event.new, event.why) == (0, 1, "标出破损位置")


def test_a_lead_cannot_draw_on_the_inspectors_photo(draft) -> None:  # type: ignore[no-untyped-def]
    ws, _iid, photo_id = draft
    with ws.acting_as(Role.LEAD), pytest.raises(Refused, match="inspector's"):
        svc.save_annotations(ws, photo_id, [ARROW])


def test_marks_travel_in_a_package_and_a_newer_edit_replaces_them(tmp_path: Path) -> None:
    field = open_ws(tmp_path / "field")
    branch, fv = setup_field(field)
    iid = make_inspection(field, branch, fv, submit=False)
    photo_id = svc.photos_of(field, iid)[0].id
    svc.save_annotations(field, photo_id, [ARROW, LABEL])
    office = open_ws(tmp_path / "office")
    trust(office, field, tmp_path)
    result = import_package(office, export_package(field, tmp_path / "1.bqpkg", [iid]).path)
    assert result.refused == []
    assert svc.annotations_of(office, [photo_id])[photo_id].shapes == (ARROW, LABEL)

    svc.save_annotations(field, photo_id, [BOX])
    import_package(office, export_package(field, tmp_path / "2.bqpkg", [iid]).path)
    assert svc.annotations_of(office, [photo_id])[photo_id].shapes == (BOX,)
    svc.save_annotations(field, photo_id, [])
    import_package(office, export_package(field, tmp_path / "3.bqpkg", [iid]).path)
    assert svc.annotations_of(office, [photo_id]) == {}
    field.close()
    office.close()


def test_a_version_2_package_still_imports(tmp_path: Path) -> None:
    field = open_ws(tmp_path / "field")
    branch, fv = setup_field(field)
    iid = make_inspection(field, branch, fv)
    package = export_package(field, tmp_path / "v3.bqpkg", [iid]).path
    (name,) = record_names(package)
    record = json.loads(dict((i.filename, d) for i, d in zip_entries(package))[name])
    assert record.pop("annotations") == []

    def version_2(m: dict[str, object]) -> dict[str, object]:
        m["format_version"] = 2
        return m

    old = rebuild(
        package,
        tmp_path / "v2.bqpkg",
        replace={name: json.dumps(record, ensure_ascii=False).encode()},
        manifest=version_2,
        sign_with=load_identity(field),
        relist=True,
    )
    office = open_ws(tmp_path / "office")
    trust(office, field, tmp_path)
    result = import_package(office, old)
    assert [o.outcome.value for o in result.outcomes if o.entity == "inspection"] == ["new"]
    assert svc.read_inspection(office, iid).annotations == {}
    assert len(svc.photos_of(office, iid)) == 1
    field.close()
    office.close()


def test_a_database_of_the_previous_schema_upgrades_and_takes_marks(home: Path) -> None:
    path = paths.database_path(home)
    engine = make_engine(f"sqlite:///{path}")
    cfg = _alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.commit()
    engine.dispose()
    with sqlite3.connect(path) as con:
        assert "photoannotation" not in {
            r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    db = open_database(home)
    with db.engine.connect() as conn:
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert version == head_revision()
        assert conn.exec_driver_sql("SELECT count(*) FROM photoannotation").scalar() == 0
    db.dispose()
    ws = open_ws(home)
    branch, fv = setup_field(ws)
    iid = make_inspection(ws, branch, fv, submit=False)
    photo_id = svc.photos_of(ws, iid)[0].id
    svc.save_annotations(ws, photo_id, [BOX])
    svc.remove_photo(ws, photo_id)  # the marks go with their photo
    assert svc.annotations_of(ws, [photo_id]) == {}
    ws.close()


def test_marks_drawn_on_both_sides_of_one_revision_are_a_conflict_taken_whole(
    tmp_path: Path,
) -> None:
    field = open_ws(tmp_path / "field")
    branch, fv = setup_field(field)
    iid = make_inspection(field, branch, fv)
    photo_id = svc.photos_of(field, iid)[0].id
    office = open_ws(tmp_path / "office")
    trust(office, field, tmp_path)
    import_package(office, export_package(field, tmp_path / "1.bqpkg", [iid]).path)
    svc.save_annotations(office, photo_id, [BOX], why="复核标注")  # both amend revision 1
    svc.save_annotations(field, photo_id, [ARROW, LABEL], why="标出破损")
    import_package(office, export_package(field, tmp_path / "2.bqpkg", [iid]).path)
    (row,) = list_conflicts(office)
    assert any(d.path.startswith(f"annotations[{photo_id}].shapes") for d in row.differences)
    assert svc.annotations_of(office, [photo_id])[photo_id].shapes == (BOX,)  # kept meanwhile
    take_incoming(office, row.id, why="以检查员为准")
    assert svc.annotations_of(office, [photo_id])[photo_id].shapes == (ARROW, LABEL)
    field.close()
    office.close()
