"""Opening the database: SQLite (WAL, foreign keys) or PostgreSQL, Alembic upgrades, backups."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bqinspect.base import clock, paths
from bqinspect.base.errors import DatabaseError, WriteFailed, refuse_write_errors, write_reason
from bqinspect.domain.messages import declare
from bqinspect.store.lean_backup import prune_store, write_lean_backup
from bqinspect.store.revisions import current_revision, head_revision, known_revisions

if TYPE_CHECKING:
    from alembic.config import Config

WAS_WRITTEN_BY_NEWER = declare(
    "store.db.was_written_by_newer",
    "{where} was written by a newer version of bqinspect (schema {current}); this version"
    " understands up to schema {head}. Update bqinspect to open it.",
    "{where} 由更新版本的 bqinspect 写入（结构版本 {current}）；"
    "本版本最高支持 {head}。请升级 bqinspect 后再打开。",
)
USABLE_DATABASE = declare(
    "store.db.usable_database",
    "{where}: not a usable database ({orig})",
    "{where}：不是可用的数据库（{orig}）",
)
CANNOT_CONNECT = declare(
    "store.db.cannot_connect",
    "{where}: cannot connect ({orig})",
    "{where}：无法连接（{orig}）",
)
NEEDS_UPGRADE_FROM = declare(
    "store.db.needs_upgrade_from",
    "{where} needs an upgrade from {current} to {head}",
    "{where} 需要从 {current} 升级到 {head}",
)
FOREIGN_KEY_CHECK_FAILED = declare(
    "store.db.foreign_key_check_failed",
    "foreign key check failed after upgrade: {value}",
    "升级后外键检查未通过：{value}",
)
REFUSED = declare(
    "store.db.refused",
    "{where}: {full}",
    "{where}：{full}",
)

log = logging.getLogger(__name__)

__all__ = ["current_revision", "head_revision", "known_revisions"]  # kept here for callers

MIGRATIONS = Path(__file__).with_name("migrations")
KEEP_BACKUPS = 10


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

    def checkpoint(self) -> None:
        """Sync what is committed to the disk (SQLite: a passive WAL checkpoint, which syncs
        the WAL first); PostgreSQL syncs at every commit itself."""
        if self.sqlite_path is None:
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    @property
    def is_sqlite(self) -> bool:
        return self.sqlite_path is not None


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # NORMAL in WAL: a commit is durable against a killed or crashed program (the WAL is
    # written before the commit returns; the operating system keeps it) without an fsync per
    # answer; the WAL is synced at every checkpoint, which the editor asks for after a pause in
    # work (Database.checkpoint) and SQLite runs when the last connection closes, so a power
    # cut can lose at most the commits of the last pause. FULL cost 15–60 ms per key.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _alembic_config() -> Config:
    from alembic.config import Config  # only when a schema is created or upgraded

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _nearly_full(folder: Path) -> bool:
    """Less free space in ``folder`` than SQLite needs to open a database (its -shm and -wal)."""
    try:
        stat = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return stat.f_bavail * stat.f_frsize < 128 * 1024


def storage_full_reason(exc: BaseException, folder: Path | None = None) -> str | None:
    """Why the database could not be written, if ``exc`` says its disk is full or failing.

    SQLite reports a full disk as "database or disk is full", or as "disk I/O error" when it
    cannot extend its -wal or -shm file; ``folder`` (the database's) tells the two apart.
    """
    text = str(getattr(exc, "orig", None) or exc).lower()
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    full = "cannot write the database: the disk is full (no space left on the device)"
    if "database or disk is full" in text or code == "53100" or "no space left" in text:
        return full
    if "disk i/o error" in text or code == "58030":
        if folder is not None and _nearly_full(folder):
            return full
        return "cannot write the database: the disk reported an input/output error"
    return None


@contextmanager
def refuse_storage_errors(db: Database) -> Iterator[None]:
    """Turn "database or disk is full" and the like into one clear refusal naming the database."""
    try:
        yield
    except (sa.exc.OperationalError, sqlite3.OperationalError) as exc:
        folder = db.sqlite_path.parent if db.sqlite_path is not None else None
        reason = storage_full_reason(exc, folder)
        if reason is None:
            raise
        raise WriteFailed(reason, where=_where(db)) from exc


def copy_sqlite(source: Path, dest: Path) -> None:
    """Copy the SQLite file ``source`` into ``dest`` with the online backup API: a consistent
    snapshot of a live database, written to ``dest`` in one transaction (all or nothing)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup_sqlite(source: Path, dest: Path, *, lean: bool = False) -> Path:
    """Copy a live SQLite database consistently with the online backup API, or, ``lean``,
    as a lean backup (``store.lean_backup``: its photos kept once, in a store next to it).

    The copy appears whole or not at all; a full disk is one refusal naming the backup file.
    """
    tmp = dest.with_suffix(dest.suffix + ".part")
    try:
        with refuse_write_errors(dest):
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                if lean:
                    write_lean_backup(source, tmp)
                else:
                    copy_sqlite(source, tmp)
            except sqlite3.OperationalError as exc:
                if storage_full_reason(exc) is None:
                    raise
                raise WriteFailed(write_reason(OSError(errno.ENOSPC, "")), str(dest)) from exc
            tmp.replace(dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def rolling_backup(
    db: Database, reason: str, keep: int = KEEP_BACKUPS, *, lean: bool = False
) -> Path | None:
    """Back up the SQLite file into ``backups/`` and keep the newest ``keep`` (at least one).

    ``lean``: a lean backup (``store.lean_backup``), whose photos are kept once in the store
    all lean backups share; the store then forgets the photos no kept backup names."""
    if db.sqlite_path is None or not db.sqlite_path.exists():
        return None
    folder = paths.backups_dir(db.home)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
    name = f"bqinspect-{stamp}-{reason}.sqlite"
    dest = backup_sqlite(db.sqlite_path, folder / name, lean=lean)
    removed = sorted(folder.glob("bqinspect-*.sqlite"))[: -max(1, keep)]
    for old in removed:
        old.unlink(missing_ok=True)
    if removed:
        try:
            prune_store(folder)
        except (OSError, sqlite3.Error) as exc:  # kept until a later backup prunes them
            log.warning("the photos of removed backups were not pruned: %s", exc)
    return dest


def _upgrade(engine: Engine) -> None:
    from alembic import command

    cfg = _alembic_config()
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # A batch table rebuild with foreign keys on fires ON DELETE CASCADE, emptying children.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
        if conn.dialect.name == "sqlite":
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            if problems:
                raise DatabaseError(FOREIGN_KEY_CHECK_FAILED(value=problems[:5]))


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
        full = storage_full_reason(exc, sqlite_path.parent if sqlite_path else None)
        if full is not None:
            raise DatabaseError(REFUSED(where=_where(db), full=full)) from exc
        raise DatabaseError(USABLE_DATABASE(where=_where(db), orig=exc.orig)) from exc
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise DatabaseError(CANNOT_CONNECT(where=_where(db), orig=exc.orig)) from exc
    head = head_revision()
    if current is not None and current not in known_revisions():
        engine.dispose()
        raise DatabaseError(WAS_WRITTEN_BY_NEWER(where=_where(db), current=current, head=head))
    if current != head:
        if not migrate:
            engine.dispose()
            raise DatabaseError(NEEDS_UPGRADE_FROM(where=_where(db), current=current, head=head))
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
    current = current_revision(db.engine)
    if current != head_revision():
        problems.append(f"schema {current} is not the current {head_revision()}")
    return problems
