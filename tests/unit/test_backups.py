"""Rolling backups (daily on start, before imports) and restoring one."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bqinspect.base.errors import Refused
from bqinspect.services.branches import list_branches, save_branch
from bqinspect.store.backups import backups, check_backup_file, daily_backup, restore_backup
from bqinspect.store.db import rolling_backup
from bqinspect.store.workspace import open_workspace


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_daily_backup_at_most_once_a_day(home: Path) -> None:
    ws = open_workspace(home)
    first = daily_backup(ws.db, keep=5)
    assert first is not None and first.is_file()
    assert daily_backup(ws.db, keep=5) is None  # the same day: nothing new
    tomorrow = datetime.now(UTC) + timedelta(hours=25)
    second = daily_backup(ws.db, keep=5, now=tomorrow)
    assert second is not None and second != first
    ws.close()


def test_the_newest_n_are_kept(home: Path) -> None:
    ws = open_workspace(home)
    for i in range(6):
        rolling_backup(ws.db, f"import-{i}", keep=3)
    assert [p.name.rsplit("-", 2)[-1] for p in backups(ws.db)] == [
        "3.sqlite",
        "4.sqlite",
        "5.sqlite",
    ]
    ws.close()


def test_restore_puts_the_old_content_back_and_keeps_the_current_one(home: Path) -> None:
    ws = open_workspace(home)
    save_branch(ws, {"code": "0231", "name": "城东支行（演示）"})
    saved = rolling_backup(ws.db, "manual")
    assert saved is not None
    save_branch(ws, {"code": "0232", "name": "城西支行（演示）"})
    before_restore = restore_backup(ws.db, saved, keep=10)
    ws.close()
    ws = open_workspace(home)
    assert [b.code for b in list_branches(ws)] == ["0231"]
    assert before_restore is not None and "pre-restore" in before_restore.name
    with sqlite3.connect(before_restore) as con:  # what was replaced is kept
        assert con.execute("SELECT count(*) FROM branch").fetchone() == (2,)
    ws.close()


@pytest.mark.parametrize("lean", [False, True])
def test_restoring_the_oldest_kept_backup_survives_its_own_rotation(home: Path, lean: bool) -> None:
    """With ``keep`` backups already kept, the backup made before a restore rotates out the
    oldest one: restoring that oldest one still puts its content back."""
    ws = open_workspace(home)
    save_branch(ws, {"code": "0231", "name": "城东支行（演示）"})
    oldest = rolling_backup(ws.db, "manual", keep=2, lean=lean)
    save_branch(ws, {"code": "0232", "name": "城西支行（演示）"})
    rolling_backup(ws.db, "manual", keep=2, lean=lean)
    assert oldest is not None and oldest.exists()
    restore_backup(ws.db, oldest, keep=2)
    assert not oldest.exists()  # rotated out by the backup made before the restore
    ws.close()
    ws = open_workspace(home)
    assert [b.code for b in list_branches(ws)] == ["0231"]
    ws.close()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"just text, not a database" * 10, "not an SQLite file"),
        (None, "its tables are not bqinspect's"),
    ],
)
def test_restore_refuses_what_is_not_a_bqinspect_database(
    home: Path, tmp_path: Path, content: bytes | None, reason: str
) -> None:
    bad = tmp_path / "other.sqlite"
    if content is None:
        with sqlite3.connect(bad) as con:
            con.execute("CREATE TABLE contacts (name TEXT)")
    else:
        bad.write_bytes(content)
    ws = open_workspace(home)
    save_branch(ws, {"code": "0231", "name": "城东支行（演示）"})
    with pytest.raises(Refused, match=reason) as info:
        restore_backup(ws.db, bad, keep=10)
    assert info.value.problems[0].where == str(bad.resolve())
    assert backups(ws.db) == []  # refused before anything was done
    assert [b.code for b in list_branches(ws)] == ["0231"]
    ws.close()


def test_a_database_from_a_newer_version_is_refused(home: Path, tmp_path: Path) -> None:
    ws = open_workspace(home)
    copy = rolling_backup(ws.db, "manual")
    assert copy is not None
    with sqlite3.connect(copy) as con:
        con.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    with pytest.raises(Refused, match="newer or unknown version"):
        check_backup_file(copy)
    ws.close()


def test_an_import_is_preceded_by_a_backup_once(tmp_path: Path) -> None:
    from bqinspect.sync.export import export_package
    from bqinspect.sync.imports import import_package
    from tests.unit.sync_helpers import field_with_inspections, open_ws, trust

    field, ids = field_with_inspections(tmp_path / "field", 1)
    office = open_ws(tmp_path / "office")
    office.set_setting("backup_keep", 3)
    trust(office, field, tmp_path)
    package = export_package(field, tmp_path / "p.bqpkg", ids).path
    import_package(office, package)
    made = backups(office.db)
    assert len(made) == 1 and "pre-import" in made[0].name
    with sqlite3.connect(made[0]) as con:  # the state before the import
        assert con.execute("SELECT count(*) FROM inspection").fetchone() == (0,)
    import_package(office, package)  # the same package again changes nothing: no backup
    assert backups(office.db) == made
    field.close()
    office.close()
