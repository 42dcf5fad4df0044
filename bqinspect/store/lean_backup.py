"""Backups whose photos are kept once, in a store all such backups share (SQLite).

Photos are most of a database's bytes and never change: a photo blob is addressed by the sha256
of its original file and is never updated. A *lean* backup is the whole database — every table,
index and trigger, every row — but its photo blob rows are in ``photos.sqlite`` next to it,
added once by the first backup that holds them; the backup lists the rows it stands for. A lean
backup therefore costs the database without its photos plus the photos new since the last one,
not the whole file (a photo row's other columns come after its images in the file, so they are
read, like the images, only for a photo not stored yet).

The store keys each photo row by its sha256, its row id, the sizes of its two images and the
table's columns, so a photo that left the database (a restore of an older backup) and came back
with other bytes, or a table of other columns, is stored again instead of matched. Restoring a
lean backup builds the whole database first (the backup's rows and its photo rows from the
store, every one of them there) and only then replaces the workspace's. Making a backup and
pruning the store (a photo row no backup names any more is deleted) hold the store's write
lock, so two backups made at once cannot prune what the other one needs.
"""

from __future__ import annotations

import errno
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from bqinspect.base.errors import Refused, WriteFailed, write_reason
from bqinspect.domain.messages import declare

STORE_MISSING = declare(
    "store.lean_backup.store_missing",
    "this backup keeps its photos in {store} next to it, which is missing",
    "此备份的照片保存在同一文件夹的 {store} 中，但该文件不存在",
)
PHOTOS_MISSING = declare(
    "store.lean_backup.photos_missing",
    "{count} photos of this backup are missing from {store} next to it",
    "此备份有 {count} 张照片在同一文件夹的 {store} 中缺失",
)

STORE_NAME = "photos.sqlite"
MARKER = "lean_backup_photo"  # in a lean backup: the store keys of its photo rows
BUSY_SECONDS = 120.0
_PHOTO = "photoblob"
_IMAGES = ("display", "thumbnail")
_KEY = ("sha256", "row_id", "display_size", "thumbnail_size", "layout")
_STORE_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS photo (sha256 TEXT NOT NULL, row_id INTEGER NOT NULL,"
    " display_size INTEGER NOT NULL, thumbnail_size INTEGER NOT NULL, layout TEXT NOT NULL,"
    " meta TEXT NOT NULL, display BLOB NOT NULL, thumbnail BLOB NOT NULL,"
    " PRIMARY KEY (sha256, row_id, display_size, thumbnail_size, layout))"
)


def _same_key(a: str, b: str) -> str:
    return " AND ".join(f"{a}.{k} = {b}.{k}" for k in _KEY)


@contextmanager
def _transaction(con: sqlite3.Connection, begin: str = "BEGIN") -> Iterator[None]:
    """One transaction on ``con`` (opened with ``isolation_level=None``): committed when the
    block ends, rolled back when it raises."""
    con.execute(begin)
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise


def store_path(backup: Path) -> Path:
    return backup.parent / STORE_NAME


def _has_marker(con: sqlite3.Connection, schema: str = "main") -> bool:
    row = con.execute(
        f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?", (MARKER,)
    ).fetchone()
    return row is not None


def is_lean(path: Path) -> bool:
    """Whether the SQLite file ``path`` is a lean backup (its photos in the shared store)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return _has_marker(con)
    finally:
        con.close()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _open_store(store: Path) -> sqlite3.Connection:
    con = sqlite3.connect(store, timeout=BUSY_SECONDS, isolation_level=None)
    con.execute("PRAGMA auto_vacuum = INCREMENTAL")  # takes effect on a new, empty file
    con.execute(_STORE_SCHEMA)
    return con


def _columns(con: sqlite3.Connection, schema: str) -> list[tuple[str, str]]:
    """The photo table's columns (name, declared type) in ``schema``."""
    return [(r[1], r[2]) for r in con.execute(f"PRAGMA {schema}.table_info({_PHOTO})")]


def _layout(columns: list[tuple[str, str]]) -> str:
    return hashlib.sha256(repr(columns).encode("utf-8")).hexdigest()[:16]


def write_lean_backup(source: Path, dest: Path) -> None:
    """Write a lean backup of the live SQLite database ``source`` into ``dest`` (a new file),
    adding its photo rows not stored yet to the store next to ``dest``; one consistent
    snapshot of ``source``, all committed together or nothing."""
    _open_store(store_path(dest)).close()
    con = sqlite3.connect(dest, timeout=BUSY_SECONDS, isolation_level=None, uri=True)
    with closing(con):
        con.execute("ATTACH DATABASE ? AS src", (f"file:{source}?mode=ro",))
        con.execute("ATTACH DATABASE ? AS shared", (str(store_path(dest)),))
        with _transaction(con):
            # the store's write lock first: a backup made at the same time waits for this one
            con.execute("DELETE FROM shared.photo WHERE 0")
            _copy_rows(con)
            columns = _columns(con, "src")
            con.execute(
                f"CREATE TABLE {MARKER} (sha256 TEXT NOT NULL, row_id INTEGER PRIMARY KEY,"
                " display_size INTEGER NOT NULL, thumbnail_size INTEGER NOT NULL,"
                " layout TEXT NOT NULL)"
            )
            con.execute(  # the row id, the key and the images' sizes: no image is read
                f"INSERT INTO {MARKER} SELECT sha256, rowid, length(display), length(thumbnail), ?"
                f" FROM src.{_PHOTO}",
                (_layout(columns),),
            )
            con.execute(
                f"CREATE TEMP TABLE new_photo AS SELECT m.* FROM main.{MARKER} m"
                f" WHERE NOT EXISTS (SELECT 1 FROM shared.photo s WHERE {_same_key('s', 'm')})"
            )
            meta = ", ".join(f"'{c}', p.{_q(c)}" for c, _t in columns if c not in _IMAGES)
            con.execute(
                f"INSERT INTO shared.photo SELECT n.sha256, n.row_id, n.display_size,"
                f" n.thumbnail_size, n.layout, json_object({meta}), p.display, p.thumbnail"
                f" FROM temp.new_photo n JOIN src.{_PHOTO} p ON p.rowid = n.row_id"
            )
            con.execute("DROP TABLE temp.new_photo")


def _copy_rows(con: sqlite3.Connection) -> None:
    """Inside the open transaction: ``src``'s schema and rows into ``main``, but the photo
    rows; indexes and triggers made after the rows (no trigger fires)."""
    schema = con.execute(
        "SELECT type, name, sql FROM src.sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    tables = [
        (n, sql) for kind, n, sql in schema if kind == "table" and not n.startswith("sqlite_")
    ]
    for _name, sql in tables:
        con.execute(sql)
    for name, sql in tables:
        if name == _PHOTO:
            continue
        cols = [_q(r[1]) for r in con.execute(f"PRAGMA src.table_info({_q(name)})")]
        if "WITHOUT ROWID" not in sql.upper():
            cols.insert(0, "rowid")
        listed = ", ".join(cols)
        con.execute(f"INSERT INTO main.{_q(name)} ({listed}) SELECT {listed} FROM src.{_q(name)}")
    names = {n for _kind, n, _sql in schema}
    if "sqlite_sequence" in names:
        con.execute("DELETE FROM main.sqlite_sequence")
        con.execute("INSERT INTO main.sqlite_sequence SELECT * FROM src.sqlite_sequence")
    if "sqlite_stat1" in names:
        con.execute("ANALYZE main.sqlite_master")  # makes main.sqlite_stat1
        con.execute("DELETE FROM main.sqlite_stat1")
        con.execute("INSERT INTO main.sqlite_stat1 SELECT * FROM src.sqlite_stat1")
    for kind, _name, sql in schema:
        if kind in ("index", "view", "trigger"):
            con.execute(sql)
    for pragma in ("user_version", "application_id"):
        value = int(con.execute(f"PRAGMA src.{pragma}").fetchone()[0])
        con.execute(f"PRAGMA main.{pragma} = {value}")


def prune_store(folder: Path) -> int:
    """Delete from the store in ``folder`` the photo rows no lean backup there (finished or
    being written) names; returns how many were deleted. A backup file that cannot be read
    (busy, or gone meanwhile) stops the pruning: nothing is deleted this time."""
    store = folder / STORE_NAME
    if not store.exists():
        return 0
    con = _open_store(store)
    with closing(con):
        with _transaction(con, "BEGIN IMMEDIATE"):  # no backup adds photos while the names are read
            con.execute(f"CREATE TEMP TABLE keep ({', '.join(_KEY)})")
            # listed under the lock: a backup that stored photos before it is on disk by now
            listed = [*folder.glob("bqinspect-*.sqlite"), *folder.glob("bqinspect-*.sqlite.part")]
            for path in listed:
                con.executemany("INSERT INTO temp.keep VALUES (?, ?, ?, ?, ?)", _named(path))
            con.execute(f"CREATE INDEX temp.keep_key ON keep ({', '.join(_KEY)})")
            deleted = con.execute(
                "DELETE FROM main.photo AS s WHERE NOT EXISTS"
                f" (SELECT 1 FROM temp.keep k WHERE {_same_key('k', 's')})"
            ).rowcount
        if deleted:
            con.execute("PRAGMA incremental_vacuum")
        return deleted


def _named(path: Path) -> list[tuple[object, ...]]:
    """The store keys a lean backup names (none for a whole-file backup or one unfinished)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_SECONDS)
    try:
        if not _has_marker(con):
            return []
        return con.execute(f"SELECT {', '.join(_KEY)} FROM {MARKER}").fetchall()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            return []  # not an SQLite file: it names nothing
        raise  # busy or unreadable: nothing is pruned this time
    finally:
        con.close()


def rebuild_whole(backup: Path, dest: Path) -> None:
    """Write into ``dest`` the whole database a lean ``backup`` stands for: its rows and its
    photo rows from the store; refused if the store or any photo row is missing."""
    from bqinspect.store.db import copy_sqlite

    store = store_path(backup)
    where = str(backup)
    if not store.is_file():
        raise Refused(STORE_MISSING(store=STORE_NAME), where=where)
    try:
        _rebuild(backup, store, dest, copy_sqlite)
    except sqlite3.OperationalError as exc:
        if "full" not in str(exc).lower():
            raise
        raise WriteFailed(write_reason(OSError(errno.ENOSPC, "")), str(dest)) from exc


def _rebuild(
    backup: Path, store: Path, dest: Path, copy_sqlite: Callable[[Path, Path], None]
) -> None:
    where = str(backup)
    copy_sqlite(backup, dest)
    con = sqlite3.connect(dest, timeout=BUSY_SECONDS, isolation_level=None, uri=True)
    with closing(con):
        con.execute("ATTACH DATABASE ? AS shared", (f"file:{store}?mode=ro",))
        with _transaction(con):
            missing = con.execute(
                f"SELECT count(*) FROM {MARKER} m"
                f" WHERE NOT EXISTS (SELECT 1 FROM shared.photo s WHERE {_same_key('s', 'm')})"
            ).fetchone()[0]
            if missing:
                raise Refused(PHOTOS_MISSING(count=missing, store=STORE_NAME), where)
            triggers = con.execute(
                "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                (_PHOTO,),
            ).fetchall()
            for name, _sql in triggers:  # putting the photo rows back is no change to the data
                con.execute(f"DROP TRIGGER main.{_q(name)}")
            columns = [c for c, _t in _columns(con, "main")]
            values = [
                f"s.{c}" if c in _IMAGES else f"json_extract(s.meta, '$.\"{c}\"')" for c in columns
            ]
            con.execute(
                f"INSERT INTO main.{_PHOTO} (rowid, {', '.join(map(_q, columns))})"
                f" SELECT s.row_id, {', '.join(values)} FROM main.{MARKER} m"
                f" JOIN shared.photo s ON {_same_key('s', 'm')}"
            )
            for _name, sql in triggers:
                con.execute(sql)
            con.execute(f"DROP TABLE main.{MARKER}")
