"""A package imported before and left as it merged: answered early, nothing read or written."""

from __future__ import annotations

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
from bqinspect.sync.keys import load_identity
from bqinspect.sync.merge import Merger, Outcome
from bqinspect.sync.package import OpenPackage, record_name
from bqinspect.sync.safezip import PackageError
from tests.unit.sync_helpers import (
    db_content_hash,
    exported_pair,
    rebuild,
    zip_entries,
)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, list[uuid.UUID], Path]]:
    yield from exported_pair(tmp_path)


@pytest.fixture
def merges(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The merges run and the rolling backups taken, by name, and the records read."""
    seen: list[str] = []
    run, inspection, backup = Merger.run, OpenPackage.inspection, imports.rolling_backup

    def counting_run(self: Merger) -> Any:
        seen.append("merge")
        return run(self)

    def counting_read(self: OpenPackage, name: str) -> Any:
        seen.append(name)
        return inspection(self, name)

    def counting_backup(*args: Any, **kwargs: Any) -> Any:
        seen.append("backup")
        return backup(*args, **kwargs)

    monkeypatch.setattr(Merger, "run", counting_run)
    monkeypatch.setattr(OpenPackage, "inspection", counting_read)
    monkeypatch.setattr(imports, "rolling_backup", counting_backup)
    return seen


def _rows(ws: Workspace, name: str) -> int:
    with ws.db.engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {name}")).scalar_one())


def test_a_second_import_of_the_same_package_changes_nothing(pair: Any, merges: list[str]) -> None:
    _field, office, _ids, package = pair
    first = import_package(office, package)
    assert first.changed and first.counts()["new"] == 3
    merges.clear()
    before = db_content_hash(office)
    audit, history = _rows(office, "auditevent"), _rows(office, "importrecord")
    again = import_package(office, package)
    assert merges == []  # no merge, no backup, no record read
    assert not again.changed and again.import_id is None
    assert again.counts() == {"new": 0, "updated": 0, "unchanged": 3, "conflict": 0, "refused": 0}
    assert again.counts("branch")["unchanged"] == first.counts("branch")["new"]
    assert {o.label for o in again.outcomes} == {o.label for o in first.outcomes}
    assert again.previously_imported_at is not None
    assert again.summary().startswith("already imported on ")
    assert db_content_hash(office) == before
    assert (_rows(office, "auditevent"), _rows(office, "importrecord")) == (audit, history)


def test_the_same_id_with_other_content_is_merged(
    pair: Any, merges: list[str], tmp_path: Path
) -> None:
    field, office, ids, package = pair
    import_package(office, package)
    name = record_name(ids[1])
    data = dict((i.filename, d) for i, d in zip_entries(package))[name]
    edited = data.replace(b'"note":"', '"note":"复核 '.encode(), 1)  # same revision, edited
    assert edited != data
    other = rebuild(
        package,
        tmp_path / "other.bqpkg",
        replace={name: edited},
        relist=True,
        sign_with=load_identity(field),
    )
    with OpenPackage(other) as a, OpenPackage(package) as b:
        assert a.manifest.package_id == b.manifest.package_id
        assert a.manifest_sha256 != b.manifest_sha256
    merges.clear()
    result = import_package(office, other)
    assert "merge" in merges and name in merges
    assert result.previously_imported_at is None
    assert result.count(Outcome.UNCHANGED) == 2  # the other two records, skipped by digest


def test_after_a_newer_revision_the_package_is_merged_again(
    pair: Any, merges: list[str], tmp_path: Path
) -> None:
    field, office, ids, package = pair
    import_package(office, package)
    with field.db.engine.begin() as conn:  # a newer revision of one record, made in the field
        conn.execute(
            sa.text("UPDATE inspection SET revision = revision + 1 WHERE id = :id"),
            {"id": ids[0].hex},
        )
    newer = import_package(office, export_package(field, tmp_path / "one.bqpkg", ids[:1]).path)
    assert newer.counts()["updated"] == 1
    merges.clear()
    result = import_package(office, package)  # no longer what it left: merged as ever
    assert "merge" in merges and record_name(ids[0]) in merges
    assert not result.changed


@pytest.mark.parametrize("entry", ["record", "records/branches.json", "forms/"])
def test_a_tampered_entry_of_the_same_package_is_refused(
    pair: Any, merges: list[str], tmp_path: Path, entry: str
) -> None:
    _field, office, ids, package = pair
    import_package(office, package)
    target = record_name(ids[0]) if entry == "record" else entry
    entries = dict((i.filename, d) for i, d in zip_entries(package))
    name = next(n for n in entries if n.startswith(target))
    tampered = rebuild(package, tmp_path / "tampered.bqpkg", replace={name: entries[name] + b" "})
    before = db_content_hash(office)
    merges.clear()
    with pytest.raises(PackageError, match="altered after signing") as info:
        import_package(office, tampered)
    assert info.value.where == name
    assert merges == []
    assert db_content_hash(office) == before
