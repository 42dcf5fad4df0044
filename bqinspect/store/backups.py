"""Automatic rolling backups of the SQLite database, and restoring one.

Backups are made into ``backups/`` of the data directory: once a day when the app starts,
before every import that changes the database, before a schema upgrade and before a restore,
and on request; the newest N are kept (the ``backup_keep`` setting). The daily, pre-import and
pre-restore backups are lean (``store.lean_backup``: the database with its photos kept once in
``photos.sqlite``, shared by them, so each costs the database without its photos plus the new
photos); the backups before an upgrade and on request are whole files, made with SQLite's
online backup API. Both kinds restore the whole database. A head-office PostgreSQL database
is backed up by its own tools (``pg_dump``): these functions do nothing there.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bqinspect.base import clock, paths
from bqinspect.base.errors import Refused, refuse_write_errors
from bqinspect.domain.messages import declare
from bqinspect.store.db import Database, copy_sqlite, known_revisions, rolling_backup
from bqinspect.store.lean_backup import is_lean, rebuild_whole

NO_SUCH_FILE = declare(
    "store.backups.no_such_file",
    "no such file",
    "文件不存在",
)
RESTORE_WORKS_ON_EMBEDDED = declare(
    "store.backups.restore_works_on_embedded",
    "restore works on the embedded SQLite database; use PostgreSQL's own tools",
    "恢复仅适用于内置 SQLite 数据库；PostgreSQL 请使用其自带工具",
)
BQINSPECT_DATABASE_SQLITE_FILE = declare(
    "store.backups.bqinspect_database_sqlite_file",
    "not a bqinspect database (not an SQLite file)",
    "不是 bqinspect 数据库（不是 SQLite 文件）",
)
USABLE_DATABASE = declare(
    "store.backups.usable_database",
    "not a usable database ({exc})",
    "不是可用的数据库（{exc}）",
)
BQINSPECT_DATABASE_TABLES_ARE = declare(
    "store.backups.bqinspect_database_tables_are",
    "not a bqinspect database (its tables are not bqinspect's)",
    "不是 bqinspect 数据库（其中的表不属于 bqinspect）",
)
MADE_BY_NEWER_UNKNOWN = declare(
    "store.backups.made_by_newer_unknown",
    "made by a newer or unknown version of bqinspect; update bqinspect first",
    "由更新或未知版本的 bqinspect 创建；请先升级 bqinspect",
)
DATABASE_FILE_DAMAGED_INTEGRITY = declare(
    "store.backups.database_file_damaged_integrity",
    "the database file is damaged (integrity check failed)",
    "数据库文件已损坏（完整性检查未通过）",
)

SQLITE_MAGIC = b"SQLite format 3\x00"
# The tables every bqinspect database has had since the first schema.
CORE_TABLES = frozenset({"inspection", "answer", "branch", "formversion", "alembic_version"})
_STAMP = re.compile(r"^bqinspect-(\d{8}T\d{6})\d*Z-")


def backups(db: Database) -> list[Path]:
    """The backups in ``backups/``, oldest first."""
    return sorted(paths.backups_dir(db.home).glob("bqinspect-*.sqlite"))


def _made_at(path: Path) -> datetime | None:
    match = _STAMP.match(path.name)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)


def daily_backup(db: Database, keep: int, now: datetime | None = None) -> Path | None:
    """A backup unless one was made in the last 24 hours (called when the app starts)."""
    now = now or clock.now()
    newest = max((t for t in map(_made_at, backups(db)) if t is not None), default=None)
    if newest is not None and now - newest < timedelta(hours=24):
        return None
    return rolling_backup(db, "daily", keep, lean=True)


def check_backup_file(source: Path) -> None:
    """Refuse ``source`` unless it is a bqinspect SQLite database this version can open."""
    where = str(source)
    if not source.is_file():
        raise Refused(NO_SUCH_FILE(), where=where)
    with source.open("rb") as f:
        if f.read(16) != SQLITE_MAGIC:
            raise Refused(BQINSPECT_DATABASE_SQLITE_FILE(), where=where)
    try:
        con = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables >= CORE_TABLES:
                raise Refused(BQINSPECT_DATABASE_TABLES_ARE(), where)
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None or revision[0] not in known_revisions():
                raise Refused(
                    MADE_BY_NEWER_UNKNOWN(),
                    where=where,
                )
            if con.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise Refused(DATABASE_FILE_DAMAGED_INTEGRITY(), where)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise Refused(USABLE_DATABASE(exc=exc), where=where) from exc


def restore_backup(db: Database, source: Path, keep: int) -> Path | None:
    """Replace the database's content with ``source``, after backing up the current one.

    Returns the backup of what was replaced. The caller reopens the workspace afterwards
    (an older schema is then upgraded as usual). Refuses anything that is not a bqinspect
    database, and a PostgreSQL workspace.
    """
    if db.sqlite_path is None:
        raise Refused(RESTORE_WORKS_ON_EMBEDDED())
    source = source.resolve()
    check_backup_file(source)
    # the whole content first, then the backup of the current one: that backup may rotate
    # out the oldest kept backup, which may be ``source`` itself
    whole = db.sqlite_path.with_name(db.sqlite_path.name + ".restore")
    whole.unlink(missing_ok=True)  # left by a restore that was killed
    try:
        with refuse_write_errors(whole):
            if is_lean(source):
                rebuild_whole(source, whole)
            else:
                copy_sqlite(source, whole)
        saved = rolling_backup(db, "pre-restore", keep, lean=True)
        db.dispose()
        copy_sqlite(whole, db.sqlite_path)  # one transaction on the destination: all or nothing
    finally:
        whole.unlink(missing_ok=True)
        Path(f"{whole}-journal").unlink(missing_ok=True)
    return saved
    whole = db.sqlite_path.with_name(db.sqlite_path.name + ".restore")
    try:
        with refuse_write_errors(whole):
            rebuild_whole(source, whole)  # before the backup below, which may rotate ``source``
        saved = rolling_backup(db, "pre-restore", keep, lean=True)
        db.dispose()
        copy_sqlite(whole, db.sqlite_path)
    finally:
        whole.unlink(missing_ok=True)
        Path(f"{whole}-journal").unlink(missing_ok=True)
    return saved
