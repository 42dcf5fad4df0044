"""Where a redaction applies: the branch copy of the notice and packages that leave the office
carry only the redacted pixels, the office copy the original; verify works on every copy."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from bqinspect.base import paths
from bqinspect.domain.lifecycle import Role
from bqinspect.photos import ingest_bytes
from bqinspect.redaction.boxes import Box, BoxKind
from bqinspect.report import build_report, record_hash, verify_report
from bqinspect.report.record import record_document
from bqinspect.services import inspections as svc
from bqinspect.services import redaction
from bqinspect.store.blobs import photo_blob
from bqinspect.store.workspace import Workspace
from bqinspect.sync.export import export_package, leaves_the_office
from bqinspect.sync.imports import import_package
from bqinspect.sync.keys import load_identity
from tests.face_photos import ASTRONAUT_FACE, jpeg_of
from tests.unit.sync_helpers import (
    blob_names,
    make_inspection,
    open_ws,
    rebuild,
    record_names,
    setup_field,
    signature_png,
    trust,
    zip_entries,
)


def _field_with_a_face(home: Path) -> tuple[Workspace, uuid.UUID, uuid.UUID]:
    """A submitted inspection whose failed item has the astronaut's photo; (ws, id, photo)."""
    ws = open_ws(home)
    branch, fv = setup_field(ws)
    iid = make_inspection(ws, branch, fv, submit=False)
    (first,) = svc.photos_of(ws, iid)
    svc.remove_photo(ws, first.id)
    face = ingest_bytes(jpeg_of("astronaut"), "lobby.jpg")
    svc.attach_photo(ws, iid, face, item_id="ENV-01", caption="大堂")
    svc.add_signature(ws, iid, "inspector", "王晓明", signature_png())
    svc.submit(ws, iid)
    (photo,) = svc.photos_of(ws, iid)
    return ws, iid, photo.id


def _face_detail(img: Image.Image) -> float:
    """Mean neighbour difference in the astronaut's face: low once it is pixelated."""
    w, h = img.size
    x, y, bw, bh = ASTRONAUT_FACE
    gray = img.convert("L").crop((int(x * w), int(y * h), int((x + bw) * w), int((y + bh) * h)))
    px = gray.load()
    assert px is not None
    diffs = [
        abs(int(px[i, j]) - int(px[i - 1, j]))  # type: ignore[arg-type]
        for j in range(gray.height)
        for i in range(1, gray.width)
    ]
    return sum(diffs) / len(diffs)


def _printed_photo(pdf: Path) -> Image.Image:
    """The square photo embedded in a notice (the astronaut is 512 x 512)."""
    for page in PdfReader(pdf).pages:
        for image in page.images:
            if image.image is not None and image.image.width == image.image.height > 100:
                return image.image
    raise AssertionError(f"no photo in {pdf}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def office_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """Where head office keeps its data: SQLite, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield None
        return
    from tests.pg import fresh_database

    with fresh_database(request.getfixturevalue("pg_url")) as url:
        yield url


@pytest.fixture
def field(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws, iid, photo_id = _field_with_a_face(tmp_path / "field")
    yield ws, iid, photo_id
    ws.close()


def test_a_redaction_keeps_both_hashes_the_boxes_and_a_revision(field) -> None:  # type: ignore[no-untyped-def]
    ws, iid, photo_id = field
    before = record_hash(ws, iid)[0]
    original = photo_blob(ws, svc.photos_of(ws, iid)[0].blob_sha256)
    assert original is not None
    faces = redaction.propose_faces(ws, photo_id).boxes
    assert len(faces) == 1 and faces[0].kind is BoxKind.FACE
    state = redaction.redact_photo(ws, photo_id, faces)
    assert state is not None and state.revision == 1
    assert state.original_sha256 == original.sha256 != state.redacted_sha256
    copy = photo_blob(ws, state.redacted_sha256)
    assert copy is not None and copy.display != original.display
    assert photo_blob(ws, original.sha256).display == original.display  # type: ignore[union-attr]
    assert redaction.redact_photo(ws, photo_id, faces).revision == 1  # type: ignore[union-attr]
    card = Box(0.05, 0.7, 0.3, 0.2, BoxKind.ID_CARD)
    again = redaction.redact_photo(ws, photo_id, [*faces, card])
    assert again is not None and again.revision == 2 and again.boxes[1] == card
    with ws.db.session() as s:
        (doc,) = record_document(s, iid)["photos"]
    assert doc["redaction"]["redacted_sha256"] == again.redacted_sha256
    assert [b["kind"] for b in doc["redaction"]["boxes"]] == ["face", "id_card"]
    trail = [(a.entity, a.action) for a in svc.read_inspection(ws, iid).audit]
    assert trail.count(("photo", "redact")) == 2  # the unchanged second call wrote nothing
    assert redaction.redact_photo(ws, photo_id, []) is None
    assert redaction.redaction_of(ws, photo_id) is None
    assert record_hash(ws, iid)[0] == before  # an unredacted photo hashes as it always did


def test_the_branch_copy_prints_the_redacted_pixels_and_the_office_copy_the_original(
    field,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    ws, iid, photo_id = field
    plain = build_report(ws, iid, tmp_path / "plain.pdf", audience="branch")
    unredacted = _face_detail(_printed_photo(plain.path))
    redaction.redact_photo(ws, photo_id, redaction.propose_faces(ws, photo_id).boxes)
    branch = build_report(ws, iid, tmp_path / "branch.pdf", audience="branch")
    office = build_report(ws, iid, tmp_path / "office.pdf", audience="office")
    assert _face_detail(_printed_photo(branch.path)) < unredacted / 3
    assert _face_detail(_printed_photo(office.path)) > unredacted * 0.8
    assert "已打码" in "".join(p.extract_text() for p in PdfReader(branch.path).pages)
    assert "已打码" not in "".join(p.extract_text() for p in PdfReader(office.path).pages)
    for copy in (branch, office):
        assert verify_report(ws, copy.path).matches
    assert not verify_report(ws, plain.path).matches  # the redaction is part of the record
    assert verify_report(ws, plain.path).changed == ["photos"]

    ws.set_setting(redaction.OFFICE_ORIGINAL, False)  # this bank keeps no original on paper
    strict = build_report(ws, iid, tmp_path / "strict.pdf", audience="office")
    assert _face_detail(_printed_photo(strict.path)) < unredacted / 3
    assert verify_report(ws, strict.path).matches


def test_a_package_to_the_field_carries_only_the_redacted_pixels(  # type: ignore[no-untyped-def]
    field, office_url: str | None, tmp_path: Path
) -> None:
    laptop, iid, photo_id = field
    state = redaction.redact_photo(
        laptop, photo_id, redaction.propose_faces(laptop, photo_id).boxes
    )
    assert state is not None
    original = photo_blob(laptop, state.original_sha256)
    copy = photo_blob(laptop, state.redacted_sha256)
    assert original is not None and copy is not None
    assert not leaves_the_office(laptop)  # the inspector's own package goes to the office
    up = export_package(laptop, tmp_path / "up.bqpkg", [iid]).path
    office = open_ws(tmp_path / "office", office_url)
    office.set_role(Role.OFFICE)
    trust(office, laptop, tmp_path)
    assert import_package(office, up).refused == []
    assert photo_blob(office, original.sha256).display == original.display  # type: ignore[union-attr]
    assert redaction.redaction_of(office, photo_id) == state
    assert record_hash(office, iid) == record_hash(laptop, iid)

    assert leaves_the_office(office)
    down = export_package(office, tmp_path / "down.bqpkg", [iid], redact=True).path
    from hashlib import sha256

    names = {n.removeprefix("blobs/") for n in blob_names(down)}
    assert sha256(original.display).hexdigest() not in names
    assert sha256(original.thumbnail).hexdigest() not in names
    assert sha256(copy.display).hexdigest() in names
    (name,) = record_names(down)
    record = json.loads(dict((i.filename, d) for i, d in zip_entries(down))[name])
    pixels = {b["sha256"]: b["pixels"] for b in record["blobs"]}
    assert pixels == {original.sha256: "redacted", copy.sha256: "original"}

    branch = open_ws(tmp_path / "branch-laptop")
    trust(branch, office, tmp_path, Role.OFFICE)
    assert import_package(branch, down).refused == []
    shown = photo_blob(branch, original.sha256)
    assert shown is not None and shown.display == copy.display  # the face never arrived
    assert redaction.redaction_of(branch, photo_id) == state
    assert record_hash(branch, iid) == record_hash(office, iid)
    notice = build_report(office, iid, tmp_path / "office.pdf", audience="office")
    assert verify_report(branch, notice.path).matches
    for ws in (office, branch):
        ws.close()


def test_a_newer_redaction_replaces_the_stored_one_on_import(  # type: ignore[no-untyped-def]
    field, office_url: str | None, tmp_path: Path
) -> None:
    laptop, iid, photo_id = field
    redaction.redact_photo(laptop, photo_id, [Box(0.1, 0.1, 0.2, 0.2, BoxKind.SCREEN)])
    office = open_ws(tmp_path / "office", office_url)
    trust(office, laptop, tmp_path)
    import_package(office, export_package(laptop, tmp_path / "1.bqpkg", [iid]).path)
    faces = redaction.propose_faces(laptop, photo_id).boxes
    newer = redaction.redact_photo(laptop, photo_id, faces)
    result = import_package(office, export_package(laptop, tmp_path / "2.bqpkg", [iid]).path)
    assert [o.outcome.value for o in result.outcomes if o.entity == "inspection"] == ["updated"]
    assert redaction.redaction_of(office, photo_id) == newer
    again = import_package(office, export_package(laptop, tmp_path / "3.bqpkg", [iid]).path)
    assert [o.outcome.value for o in again.outcomes if o.entity == "inspection"] == ["unchanged"]
    office.close()


def test_a_version_2_package_still_imports(field, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    laptop, iid, _photo_id = field
    package = export_package(laptop, tmp_path / "v3.bqpkg", [iid]).path
    (name,) = record_names(package)
    record = json.loads(dict((i.filename, d) for i, d in zip_entries(package))[name])
    assert record.pop("redactions") == []
    for blob in record["blobs"]:
        del blob["pixels"]

    def version_2(m: dict) -> dict:  # type: ignore[type-arg]
        m["format_version"] = 2
        return m

    old = rebuild(
        package,
        tmp_path / "v2.bqpkg",
        replace={name: json.dumps(record, ensure_ascii=False).encode()},
        manifest=version_2,
        sign_with=load_identity(laptop),
        relist=True,
    )
    office = open_ws(tmp_path / "office")
    trust(office, laptop, tmp_path)
    result = import_package(office, old)
    assert [o.outcome.value for o in result.outcomes if o.entity == "inspection"] == ["new"]
    assert record_hash(office, iid) == record_hash(laptop, iid)
    office.close()


def test_a_database_of_schema_0004_gains_the_redaction_table(home: Path) -> None:
    from alembic import command

    from bqinspect.store.db import (
        _alembic_config,
        head_revision,
        integrity_check,
        make_engine,
        open_database,
    )

    path = paths.database_path(home)
    engine = make_engine(f"sqlite:///{path}")
    cfg = _alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.commit()
    engine.dispose()
    with sqlite3.connect(path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "photoredaction" not in tables and "photo" in tables
    db = open_database(home)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            head_revision()
        )
        assert conn.exec_driver_sql("SELECT count(*) FROM photoredaction").scalar() == 0
    assert integrity_check(db) == []
    db.dispose()


def test_redacting_a_photo_that_is_not_there_is_refused(field) -> None:  # type: ignore[no-untyped-def]
    from bqinspect.base.errors import NotFound

    ws, _iid, photo_id = field
    with pytest.raises(NotFound):
        redaction.find_photo(ws, "ffffffff")
    assert redaction.find_photo(ws, str(photo_id)[:8]).photo_id == photo_id
    with pytest.raises(NotFound):
        redaction.redact_photo(ws, uuid.uuid4(), [Box(0.1, 0.1, 0.2, 0.2)])
