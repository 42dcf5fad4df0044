"""Re-importing: a record merged before is hashed, not read or merged; every check still holds."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bqinspect.store.workspace import Workspace
from bqinspect.sync import imports
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package
from bqinspect.sync.merge import Outcome
from bqinspect.sync.package import OpenPackage, record_name
from bqinspect.sync.safezip import PackageError, SafeZip
from tests.unit.sync_helpers import (
    db_content_hash,
    exported_pair,
    field_with_inspections,
    open_ws,
    rebuild,
    trust,
    write_zip,
    zip_entries,
)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, list[uuid.UUID], Path]]:
    yield from exported_pair(tmp_path)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The record entries an import reads and validates."""
    seen: list[str] = []
    original = OpenPackage.inspection

    def counting(self: OpenPackage, name: str) -> Any:
        seen.append(name)
        return original(self, name)

    monkeypatch.setattr(OpenPackage, "inspection", counting)
    return seen


def test_a_package_imported_before_is_not_read_again(pair: Any, reads: list[str]) -> None:
    _field, office, _ids, package = pair
    first = import_package(office, package)
    assert first.counts()["new"] == 3
    reads.clear()
    before = db_content_hash(office)
    again = import_package(office, package)
    assert reads == []
    assert again.counts()["unchanged"] == 3 and not again.changed
    assert {o.label for o in again.outcomes} == {o.label for o in first.outcomes}
    assert db_content_hash(office) == before


def test_only_the_records_changed_since_are_read(
    pair: Any, reads: list[str], tmp_path: Path
) -> None:
    field, office, ids, package = pair
    import_package(office, package)
    with field.db.engine.begin() as conn:  # a newer revision of one record, made in the field
        conn.execute(
            sa.text("UPDATE inspection SET revision = revision + 1 WHERE id = :id"),
            {"id": ids[1].hex},
        )
        conn.execute(
            sa.text("UPDATE answer SET note = '复核后修改（演示）' WHERE inspection_id = :id"),
            {"id": ids[1].hex},
        )
    changed = export_package(field, tmp_path / "changed.bqpkg", ids).path
    reads.clear()
    result = import_package(office, changed)
    assert set(reads) == {record_name(ids[1])}
    assert (result.count(Outcome.UPDATED), result.count(Outcome.UNCHANGED)) == (1, 2)
    reads.clear()
    assert import_package(office, changed).counts()["unchanged"] == 3
    assert set(reads) == {record_name(ids[1])}  # merged unchanged: nothing written, nothing kept


def test_exporting_from_the_office_keeps_the_digests(
    pair: Any, reads: list[str], tmp_path: Path
) -> None:
    _field, office, ids, package = pair
    import_package(office, package)
    export_package(office, tmp_path / "onwards.bqpkg", ids)  # marks them exported
    reads.clear()
    assert import_package(office, package).counts()["unchanged"] == 3
    assert reads == []


def test_a_local_edit_forgets_the_digest(pair: Any, reads: list[str]) -> None:
    _field, office, ids, package = pair
    import_package(office, package)
    with office.db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE answer SET note = 'edited here' WHERE note != ''"))
        assert conn.execute(sa.text("SELECT count(*) FROM syncdigest")).scalar() == 0
    reads.clear()
    import_package(office, package)
    assert set(reads) == {record_name(i) for i in ids}


def test_an_edit_between_the_check_and_the_merge_is_read_late(
    pair: Any, reads: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    field, office, ids, package = pair
    import_package(office, package)
    package = export_package(field, tmp_path / "again.bqpkg", ids).path  # same records, merged
    original = imports.confirm_skips

    def edited_meanwhile(conn: sa.Connection, pkg: OpenPackage, ledger: Any) -> None:
        conn.execute(sa.text("UPDATE inspection SET notes = 'edited meanwhile'"))
        original(conn, pkg, ledger)

    monkeypatch.setattr(imports, "confirm_skips", edited_meanwhile)
    reads.clear()
    result = import_package(office, package)
    assert set(reads) == {record_name(i) for i in ids}
    assert result.count(Outcome.CONFLICT) == 3  # merged as ever: the same revision, edited here


def test_a_tampered_entry_is_refused_on_reimport(pair: Any, tmp_path: Path) -> None:
    _field, office, _ids, package = pair
    import_package(office, package)
    entries = [
        (info, data.replace(b"ENV-01", b"ENV-02") if info.filename.endswith(".json")
         and info.filename.startswith("records/inspections/") else data)
        for info, data in zip_entries(package)
    ]  # fmt: skip
    tampered = write_zip(tmp_path / "tampered.bqpkg", entries)
    before = db_content_hash(office)
    with pytest.raises(PackageError, match="altered after signing"):
        import_package(office, tampered)
    assert db_content_hash(office) == before


def test_a_database_of_schema_0011_gains_the_digests_and_the_audit_index(home: Path) -> None:
    from alembic import command

    from bqinspect.base import paths
    from bqinspect.store.db import _alembic_config, head_revision, make_engine, open_database

    path = paths.database_path(home)
    engine = make_engine(f"sqlite:///{path}")
    cfg = _alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
        conn.commit()
    engine.dispose()
    with sqlite3.connect(path) as con:
        assert "syncdigest" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    db = open_database(home)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            head_revision()
        )
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert {
            "syncdigest",
            "ix_auditevent_entity_head",
            "syncdigest_forget_answer_update",
        } <= names
        plan = " ".join(
            str(r[-1])
            for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT * FROM auditevent "
                "WHERE substr(entity_id, 1, 36) IN ('a', 'b')"
            )
        )
        assert "ix_auditevent_entity_head" in plan
    db.dispose()


@pytest.mark.postgres
def test_postgresql_keeps_no_digests_and_merges_every_record(
    pg_url: str, tmp_path: Path, reads: list[str]
) -> None:
    from tests.pg import fresh_database

    field, ids = field_with_inspections(tmp_path / "field", 2)
    package = export_package(field, tmp_path / "all.bqpkg", ids).path
    with fresh_database(pg_url) as url:
        office = open_ws(tmp_path / "office", url)
        try:
            trust(office, field, tmp_path)
            import_package(office, package)
            with office.db.engine.connect() as conn:
                assert conn.execute(sa.text("SELECT count(*) FROM syncdigest")).scalar() == 0
            reads.clear()
            assert import_package(office, package).counts()["unchanged"] == 2
            assert set(reads) == {record_name(i) for i in ids}
        finally:
            office.close()
    field.close()


def _photo_files(package: Path) -> set[str]:
    """The blobs/ entries of a package that are photos' image files (not signatures)."""
    names: set[str] = set()
    for info, data in zip_entries(package):
        if info.filename.startswith("records/inspections/"):
            for b in json.loads(data)["blobs"]:
                names |= {"blobs/" + b["display"], "blobs/" + b["thumbnail"]}
    return names


def test_the_files_of_photos_stored_here_are_not_read(
    pair: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    field, office, ids, package = pair
    import_package(office, package)
    with field.db.engine.begin() as conn:  # a newer revision of one record, made in the field
        conn.execute(
            sa.text("UPDATE inspection SET revision = revision + 1 WHERE id = :id"),
            {"id": ids[1].hex},
        )
    changed = export_package(field, tmp_path / "changed.bqpkg", ids).path
    photos = _photo_files(changed)
    assert photos
    # the stored photos' files damaged in transit: the merge would not read them anyway
    damaged = rebuild(changed, tmp_path / "damaged.bqpkg", replace={n: b"damaged" for n in photos})
    hashed: list[str] = []
    original = SafeZip.digest

    def digest(self: SafeZip, name: str) -> Any:
        hashed.append(name)
        return original(self, name)

    monkeypatch.setattr(SafeZip, "digest", digest)
    before = _photo_content(office)
    result = import_package(office, damaged)
    assert (result.count(Outcome.UPDATED), result.count(Outcome.UNCHANGED)) == (1, 2)
    assert not photos & set(hashed)
    assert _photo_content(office) == before  # the stored photos, as they were


def test_the_damaged_file_of_a_photo_not_stored_here_is_refused(pair: Any, tmp_path: Path) -> None:
    _field, office, _ids, package = pair
    import_package(office, package)
    with office.db.engine.begin() as conn:  # the office lost its photos (as if never imported)
        conn.execute(sa.text("DELETE FROM photo"))
        conn.execute(sa.text("DELETE FROM photoblob"))
    photos = _photo_files(package)
    name = sorted(photos)[0]
    damaged = rebuild(package, tmp_path / "damaged.bqpkg", replace={name: b"damaged"})
    before = db_content_hash(office)
    with pytest.raises(PackageError, match="altered after signing") as info:
        import_package(office, damaged)
    assert info.value.where == name
    assert db_content_hash(office) == before


def _photo_content(ws: Workspace) -> dict[str, tuple[bytes, bytes]]:
    with ws.db.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT sha256, display, thumbnail FROM photoblob"))
        return {r.sha256: (r.display, r.thumbnail) for r in rows}
