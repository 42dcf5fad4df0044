"""Database maintenance as a use case: where the data is, integrity, backups, the schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bqinspect.base.errors import Refused
from bqinspect.services import maintenance
from bqinspect.store.db import head_revision
from bqinspect.store.workspace import open_workspace
from tests.pg import fresh_database


def test_a_sqlite_workspace_is_checked_and_backed_up(home: Path, tmp_path: Path) -> None:
    with open_workspace(home) as ws:
        info = maintenance.database_info(ws)
        assert info.home == home.resolve()
        assert info.sqlite_path == home.resolve() / "bqinspect.sqlite"
        assert info.can_back_up and info.where == "bqinspect.sqlite"
        assert info.url.startswith("sqlite:///")
        assert maintenance.check_integrity(ws) == []
        assert maintenance.schema_revision(ws) == head_revision()
        rolling = maintenance.back_up(ws)
        copy = maintenance.back_up(ws, tmp_path / "copies" / "copy.sqlite")
    assert rolling is not None and rolling.parent == home.resolve() / "backups"
    assert rolling.name.endswith("-manual.sqlite")
    assert copy == tmp_path / "copies" / "copy.sqlite"
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_damaged_schema_is_reported(home: Path) -> None:
    with open_workspace(home) as ws:
        with ws.db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'elsewhere'")
        assert maintenance.check_integrity(ws) == [
            f"schema elsewhere is not the current {head_revision()}"
        ]


def test_the_url_is_shown_without_its_password() -> None:
    assert (
        maintenance.display_url("postgresql+psycopg://inspector:s3cret@db.example/bq")
        == "postgresql+psycopg://inspector:***@db.example/bq"
    )
    assert maintenance.display_url("not a url") == "not a url"


@pytest.mark.postgres
def test_a_server_database_is_not_backed_up_by_bqinspect(pg_url: str, home: Path) -> None:
    with fresh_database(pg_url) as url, open_workspace(home, url) as ws:
        info = maintenance.database_info(ws)
        assert not info.can_back_up and info.sqlite_path is None
        assert info.where == info.url
        with pytest.raises(Refused, match="server's own tools"):
            maintenance.back_up(ws)
        assert maintenance.check_integrity(ws) == []


def test_a_workspace_closes_at_the_end_of_its_with_block(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[Path] = []
    with open_workspace(home) as ws:
        monkeypatch.setattr(type(ws.db), "dispose", lambda db: closed.append(db.home))
    assert closed == [home.resolve()]
    with pytest.raises(RuntimeError), open_workspace(home) as ws:
        raise RuntimeError("a failing command")
    assert closed == [home.resolve(), home.resolve()]
