"""An import writes the photos' bytes after every record (SQLite), and stays all or nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bqinspect.base.progress import Cancelled
from bqinspect.store.workspace import Workspace
from bqinspect.sync import rows
from bqinspect.sync.imports import import_package
from tests.unit.sync_helpers import db_content_hash, exported_pair


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, list[uuid.UUID], Path]]:
    yield from exported_pair(tmp_path)


def test_the_photos_are_written_after_the_records(
    pair: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _field, office, _ids, package = pair
    order: list[str] = []
    original = rows.insert_rows

    def recording(conn: sa.Connection, name: str, batch: list[dict[str, Any]], **kw: Any) -> None:
        order.append(name)
        original(conn, name, batch, **kw)

    monkeypatch.setattr(rows, "insert_rows", recording)
    result = import_package(office, package)
    assert result.counts()["new"] == 3 and result.blobs_new == 3
    written = [n for n in order if n in ("photo", "photoblob")]
    assert written[-1] == "photoblob" and "photoblob" not in written[: written.index("photo") + 1]
    with office.db.engine.connect() as conn:  # every photo has its bytes: the keys hold
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert conn.exec_driver_sql("SELECT count(*) FROM photoblob").scalar() == 3


class CancelWhilePhotosAreWritten:
    """Cancels once the progress passes the records (the photos held back are being written)."""

    def __init__(self, records: int) -> None:
        self.records = records
        self.seen = 0

    def __call__(self, done: int, total: int, text: str = "") -> None:
        if text == "importing":
            self.seen = done

    def cancelled(self) -> bool:
        return self.seen >= self.records


def test_an_import_cancelled_while_its_photos_are_written_changes_nothing(pair: Any) -> None:
    _field, office, ids, package = pair
    before = db_content_hash(office)
    with pytest.raises(Cancelled):
        import_package(office, package, progress=CancelWhilePhotosAreWritten(len(ids)))
    assert db_content_hash(office) == before
    assert import_package(office, package).counts()["new"] == 3  # and it can be imported after
