"""Lean backups: the database with its photos kept once, in a store the backups share."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bqinspect.base.errors import Refused
from bqinspect.domain.messages import render
from bqinspect.services.branches import save_branch
from bqinspect.store.backups import backups, check_backup_file, restore_backup
from bqinspect.store.blobs import store_blob
from bqinspect.store.db import rolling_backup
from bqinspect.store.lean_backup import STORE_NAME, is_lean
from bqinspect.store.workspace import Workspace
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package
from tests.unit.sync_helpers import (
    db_content_hash,
    field_with_inspections,
    ingest_bytes,
    open_ws,
    photo_bytes,
    trust,
)


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Workspace]:
    ws, _ids = field_with_inspections(tmp_path / "field", 2)
    yield ws
    ws.close()


def _store_rows(ws: Workspace) -> int:
    with sqlite3.connect(ws.home / "backups" / STORE_NAME) as con:
        return int(con.execute("SELECT count(*) FROM photo").fetchone()[0])


def _photo_bytes_in(path: Path) -> int:
    with sqlite3.connect(path) as con:
        return int(con.execute("SELECT count(*) FROM photoblob").fetchone()[0])


def _add_photo(ws: Workspace, seed: int) -> None:
    with ws.db.session() as s:
        store_blob(s, ingest_bytes(photo_bytes(seed), "more.jpg"))
        s.commit()


def _reopened(ws: Workspace) -> Workspace:
    home = ws.home
    ws.close()
    return open_ws(home)


def test_a_lean_backup_restores_the_whole_database(field: Workspace) -> None:
    saved = rolling_backup(field.db, "pre-import", lean=True)
    assert saved is not None and is_lean(saved)
    check_backup_file(saved)  # a bqinspect database like any backup
    assert _photo_bytes_in(saved) == 0  # its photos are in the store
    assert _store_rows(field) == 2  # the two inspections' photos
    before = db_content_hash(field)
    _add_photo(field, 50)
    save_branch(field, {"code": "0299", "name": "新网点（演示）"})
    assert db_content_hash(field) != before
    restore_backup(field.db, saved, keep=10)
    field = _reopened(field)
    assert db_content_hash(field) == before  # every row, photo bytes included
    field.close()


def test_a_second_lean_backup_stores_only_the_new_photos(field: Workspace) -> None:
    rolling_backup(field.db, "daily", lean=True)
    stored = _store_rows(field)
    rolling_backup(field.db, "pre-import", lean=True)
    assert _store_rows(field) == stored  # nothing new: nothing added
    _add_photo(field, 51)
    second = rolling_backup(field.db, "pre-import", lean=True)
    assert _store_rows(field) == stored + 1
    assert second is not None
    before = db_content_hash(field)
    restore_backup(field.db, second, keep=10)
    field = _reopened(field)
    assert db_content_hash(field) == before
    field.close()


def test_a_whole_file_backup_as_earlier_versions_made_still_restores(field: Workspace) -> None:
    whole = rolling_backup(field.db, "manual")  # the online backup API: photos inside
    assert whole is not None and not is_lean(whole)
    assert _photo_bytes_in(whole) > 0
    before = db_content_hash(field)
    _add_photo(field, 52)
    restore_backup(field.db, whole, keep=10)
    field = _reopened(field)
    assert db_content_hash(field) == before
    field.close()


def test_photos_no_kept_backup_names_are_pruned(field: Workspace) -> None:
    first = rolling_backup(field.db, "a", keep=2, lean=True)
    stored = _store_rows(field)
    _add_photo(field, 53)
    rolling_backup(field.db, "b", keep=2, lean=True)
    assert _store_rows(field) == stored + 1
    assert first is not None and first.exists()
    rolling_backup(field.db, "c", keep=2, lean=True)  # the first one goes; its photos stay
    assert not first.exists()
    assert _store_rows(field) == stored + 1
    oldest = backups(field.db)[0]
    before = db_content_hash(field)
    restore_backup(field.db, oldest, keep=2)  # the oldest kept still restores
    field = _reopened(field)
    assert db_content_hash(field) == before
    field.close()


def test_a_photo_that_left_and_came_back_changed_is_stored_again(field: Workspace) -> None:
    saved = rolling_backup(field.db, "a", lean=True)
    assert saved is not None
    with field.db.engine.begin() as conn:  # the same photo, other bytes (as after a restore)
        conn.exec_driver_sql("UPDATE photoblob SET thumbnail = X'00112233'")
    stored = _store_rows(field)
    changed = rolling_backup(field.db, "b", lean=True)
    assert changed is not None
    assert _store_rows(field) == 2 * stored
    before = db_content_hash(field)
    restore_backup(field.db, saved, keep=10)
    restore_backup(field.db, changed, keep=10)
    field = _reopened(field)
    assert db_content_hash(field) == before
    field.close()


def test_a_lean_backup_without_its_store_is_refused(field: Workspace, tmp_path: Path) -> None:
    saved = rolling_backup(field.db, "a", lean=True)
    assert saved is not None
    alone = tmp_path / "elsewhere" / saved.name
    alone.parent.mkdir()
    shutil.copy(saved, alone)
    before = db_content_hash(field)
    with pytest.raises(Refused) as info:
        restore_backup(field.db, alone, keep=10)
    assert info.value.text("en") == (
        f"{alone}: this backup keeps its photos in {STORE_NAME} next to it, which is missing"
    )
    assert "照片" in info.value.text("zh")
    shutil.copy(saved.parent / STORE_NAME, alone.parent / STORE_NAME)
    with sqlite3.connect(alone.parent / STORE_NAME) as con:
        con.execute("DELETE FROM photo WHERE rowid = (SELECT min(rowid) FROM photo)")
    with pytest.raises(Refused) as info:
        restore_backup(field.db, alone, keep=10)
    assert render(info.value.problems[0].reason, "en") == (
        f"1 photos of this backup are missing from {STORE_NAME} next to it"
    )
    field = _reopened(field)
    assert db_content_hash(field) == before  # nothing replaced
    field.close()


def test_the_backup_before_an_import_is_lean(field: Workspace, tmp_path: Path) -> None:
    office = open_ws(tmp_path / "office")
    trust(office, field, tmp_path)
    with field.db.engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM inspection ORDER BY id")]
        ids = [uuid.UUID(str(i)) if not isinstance(i, uuid.UUID) else i for i in ids]
    first = import_package(office, export_package(field, tmp_path / "1.bqpkg", ids[:1]).path)
    assert first.changed
    import_package(office, export_package(field, tmp_path / "2.bqpkg", ids).path)
    made = backups(office.db)
    assert [is_lean(p) for p in made] == [True, True]
    assert _photo_bytes_in(made[1]) == 0
    with sqlite3.connect(made[1]) as con:  # the state before the second import
        assert con.execute("SELECT count(*) FROM inspection").fetchone() == (1,)
    office.close()


def test_the_photos_of_a_backup_being_written_are_not_pruned(field: Workspace) -> None:
    rolling_backup(field.db, "a", keep=5, lean=True)
    _add_photo(field, 54)
    second = rolling_backup(field.db, "b", keep=5, lean=True)
    assert second is not None
    writing = second.with_name(second.name + ".part")  # as if still being renamed into place
    second.rename(writing)
    stored = _store_rows(field)
    with field.db.engine.begin() as conn:  # the new photo leaves the database
        conn.exec_driver_sql(
            "DELETE FROM photoblob WHERE sha256 NOT IN (SELECT blob_sha256 FROM photo)"
        )
    rolling_backup(field.db, "c", keep=1, lean=True)  # the first goes: the store is pruned
    assert _store_rows(field) == stored  # the photo the unfinished one names stays
    writing.rename(second)
    before = db_content_hash(field)
    restore_backup(field.db, second, keep=10)
    field = _reopened(field)
    assert db_content_hash(field) != before  # the photo is back
    with field.db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM photoblob").scalar() == 3
    field.close()
