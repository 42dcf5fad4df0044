"""Storage: SQLite settings, migrations with backup, refusal of newer databases, PostgreSQL."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from bqinspect.base import clock, paths
from bqinspect.store.db import (
    DatabaseError,
    _alembic_config,
    head_revision,
    integrity_check,
    make_engine,
    open_database,
    rolling_backup,
)
from bqinspect.store.models import Branch, Inspection


def test_sqlite_is_wal_with_foreign_keys_and_normal_sync(home: Path) -> None:
    db = open_database(home)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    assert integrity_check(db) == []
    db.dispose()


def test_a_checkpoint_moves_every_committed_page_out_of_the_wal(home: Path) -> None:
    db = open_database(home)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    db.checkpoint()
    with db.engine.connect() as conn:
        busy, logged, moved = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    assert busy == 0 and logged == moved  # nothing committed is left only in the WAL
    db.dispose()


# SQLite's reflection leaves out an index on an expression (ix_auditevent_entity_head)
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_models_match_the_migrations(home: Path) -> None:
    db = open_database(home)
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, SQLModel.metadata) == []
    db.dispose()


def test_datetimes_are_aware_utc_and_naive_ones_are_refused(home: Path) -> None:
    db = open_database(home)
    with db.session() as s:
        b = Branch(code="0231", name="测试网点")
        s.add(b)
        s.commit()
        s.refresh(b)
        assert b.created_at.tzinfo is not None and b.created_at.utcoffset() == timedelta(0)
    with db.session() as s:
        china = timezone(timedelta(hours=8))
        b2 = Branch(code="0232", name="x", created_at=datetime(2026, 1, 1, 9, tzinfo=china))
        s.add(b2)
        s.commit()
        row = s.get(Branch, b2.id)
        assert row is not None and row.created_at == datetime(2026, 1, 1, 1, tzinfo=UTC)
    with db.session() as s:
        s.add(Branch(code="0233", name="x", created_at=datetime(2026, 1, 1)))
        with pytest.raises(sa.exc.StatementError, match="timezone"):
            s.commit()
    db.dispose()


def test_foreign_keys_are_enforced(home: Path) -> None:
    db = open_database(home)
    with db.session() as s:
        s.add(
            Inspection(
                branch_id=uuid.uuid4(),
                form_version_id=uuid.uuid4(),
                kind="onsite",
                visit_start=clock.now(),
            )
        )
        with pytest.raises(sa.exc.IntegrityError):
            s.commit()
    db.dispose()


def _database_at(home: Path, revision: str) -> Path:
    path = paths.database_path(home)
    engine = make_engine(f"sqlite:///{path}")
    cfg = _alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
    engine.dispose()
    return path


def test_old_database_is_backed_up_then_upgraded_without_losing_rows(home: Path) -> None:
    path = _database_at(home, "0001")
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=ON")
    now = clock.now().isoformat(sep=" ")
    bid, fid, iid = uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex
    con.execute(
        "INSERT INTO branch (created_at, updated_at, id, code, name, region, sub_branch,"
        " address, manager, phone, active, revision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (now, now, bid, "0231", "旧网点", "", "", "", "", "", 1, 1),
    )
    con.execute(
        "INSERT INTO formversion (created_at, updated_at, id, form_id, version, kind,"
        " title_zh, title_en, sha256, definition, active) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (now, now, fid, "f", "1", "onsite", "表", "Form", "0" * 64, "{}", 1),
    )
    con.execute(
        "INSERT INTO inspection (created_at, updated_at, id, branch_id, form_version_id,"
        " kind, status, inspectors, lead, shopper_alias, visit_start, notes,"
        " internal_notes, revision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (now, now, iid, bid, fid, "onsite", "draft", "[]", "", "", now, "", "", 1),
    )
    con.execute(
        "INSERT INTO answer (id, inspection_id, item_id, value, is_na, note,"
        " deduction_reason, answered_at) VALUES (?,?,?,?,?,?,?,?)",
        (uuid.uuid4().hex, iid, "ENV-01", '"pass"', 0, "", "", now),
    )
    con.commit()
    con.close()

    db = open_database(home)
    backups = list(paths.backups_dir(home).glob("*pre-upgrade-0001*.sqlite"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    with db.engine.connect() as conn:
        assert (
            conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            == head_revision()
        )
        assert conn.exec_driver_sql("SELECT count(*) FROM answer").scalar() == 1
        assert conn.exec_driver_sql("SELECT name_en FROM branch").scalar() == ""
    assert integrity_check(db) == []
    db.dispose()


def test_database_from_a_newer_version_is_refused_and_left_alone(home: Path) -> None:
    path = _database_at(home, "head")
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num='9999_future'")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer version of bqinspect"):
        open_database(home)
    assert path.read_bytes() == before
    assert not list(paths.backups_dir(home).glob("*.sqlite"))


def test_corrupt_file_is_refused_clearly(home: Path) -> None:
    paths.database_path(home).write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match="not a usable database"):
        open_database(home)


def test_rolling_backups_keep_the_newest(home: Path) -> None:
    db = open_database(home)
    made = [rolling_backup(db, f"n{i}") for i in range(12)]
    kept = sorted(paths.backups_dir(home).glob("*.sqlite"))
    assert len(kept) == 10 and made[-1] in kept and made[0] not in kept
    with sqlite3.connect(kept[-1]) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.dispose()


def test_data_dir_override_by_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BQINSPECT_HOME", str(tmp_path / "elsewhere"))
    home = paths.data_dir()
    assert home == (tmp_path / "elsewhere").resolve() and home.is_dir()
    assert paths.data_dir(tmp_path / "flag") == (tmp_path / "flag").resolve()
    assert (home.stat().st_mode & 0o777) == 0o700


@pytest.mark.postgres
def test_postgresql_schema_matches_models(pg_url: str, home: Path) -> None:
    from tests.pg import fresh_database

    with fresh_database(pg_url) as url:
        db = open_database(home, url)
        try:  # disposed even when a check fails, so no connection outlives the database
            assert not db.is_sqlite
            with db.engine.connect() as conn:
                ctx = MigrationContext.configure(conn, opts={"compare_type": True})
                assert compare_metadata(ctx, SQLModel.metadata) == []
            assert integrity_check(db) == []
        finally:
            db.dispose()
