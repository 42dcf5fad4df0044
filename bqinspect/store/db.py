"""Opening the database: SQLite (WAL, foreign keys) or PostgreSQL, Alembic upgrades, backups."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bqinspect.base import clock, paths

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
KEEP_BACKUPS = 10


class DatabaseError(Exception):
    """A database cannot be used as it is (newer version, corrupt, unreachable); a clear message."""


@dataclass
class Database:
    engine: Engine
    url: str
    home: Path
    sqlite_path: Path | None

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()

    @property
    def is_sqlite(self) -> bool:
        return self.sqlite_path is not None


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed answer survives a power cut too, not only a killed process.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def backup_sqlite(source: Path, dest: Path) -> Path:
    """Copy a live SQLite database consistently with the online backup API."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(dest.suffix + ".part")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(dest)
    return dest


def rolling_backup(db: Database, reason: str) -> Path | None:
    """Back up the SQLite file into ``backups/`` and keep the newest :data:`KEEP_BACKUPS`."""
    if db.sqlite_path is None or not db.sqlite_path.exists():
        return None
    folder = paths.backups_dir(db.home)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
    dest = backup_sqlite(db.sqlite_path, folder / f"bqinspect-{stamp}-{reason}.sqlite")
    for old in sorted(folder.glob("bqinspect-*.sqlite"))[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return dest


def _upgrade(engine: Engine) -> None:
    cfg = _alembic_config()
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # A batch table rebuild with foreign keys on fires ON DELETE CASCADE (DESIGN §11).
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
        if conn.dialect.name == "sqlite":
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            if problems:
                raise DatabaseError(f"foreign key check failed after upgrade: {problems[:5]}")


def open_database(home: Path, url: str | None = None, *, migrate: bool = True) -> Database:
    """Open (and create or upgrade) the database of a data directory, or the one at ``url``."""
    sqlite_path = None
    if url is None:
        sqlite_path = paths.database_path(home)
        url = f"sqlite:///{sqlite_path}"
    elif url.startswith("sqlite:///"):
        sqlite_path = Path(url.removeprefix("sqlite:///"))
    engine = make_engine(url)
    db = Database(engine=engine, url=url, home=home, sqlite_path=sqlite_path)
    try:
        current = current_revision(engine)
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        raise DatabaseError(f"{_where(db)}: not a usable database ({exc.orig})") from exc
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise DatabaseError(f"{_where(db)}: cannot connect ({exc.orig})") from exc
    head = head_revision()
    if current is not None and current not in _known_revisions():
        engine.dispose()
        raise DatabaseError(
            f"{_where(db)} was written by a newer version of bqinspect "
            f"(schema {current}); this version understands up to schema {head}. "
            "Update bqinspect to open it."
        )
    if current != head:
        if not migrate:
            engine.dispose()
            raise DatabaseError(f"{_where(db)} needs an upgrade from {current} to {head}")
        if current is not None:
            saved = rolling_backup(db, f"pre-upgrade-{current}")
            log.info("backed up %s to %s before upgrading", _where(db), saved)
        _upgrade(engine)
    return db


def _where(db: Database) -> str:
    return str(db.sqlite_path) if db.sqlite_path else db.engine.url.render_as_string()


def integrity_check(db: Database) -> list[str]:
    """Problems found by the database's own checks (empty when healthy)."""
    problems: list[str] = []
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
            problems += [r[0] for r in rows if r[0] != "ok"]
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            problems += [f"foreign key: {tuple(r)}" for r in fk]
        current = MigrationContext.configure(conn).get_current_revision()
    if current != head_revision():
        problems.append(f"schema {current} is not the current {head_revision()}")
    return problems
