"""Database maintenance: where the data is, integrity check, backups and the schema in use."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from bqinspect.base.errors import Refused
from bqinspect.store import backups
from bqinspect.store.db import (
    KEEP_BACKUPS,
    backup_sqlite,
    current_revision,
    integrity_check,
    rolling_backup,
)
from bqinspect.store.workspace import Workspace

MANUAL = "manual"  # the reason in the name of a backup asked for by the user
SERVER_BACKUP = "backups of a server database are made with the server's own tools"


@dataclass(frozen=True)
class DatabaseInfo:
    """Where a workspace keeps its data, as shown to the user."""

    home: Path
    url: str  # with any password hidden
    sqlite_path: Path | None  # None for a server database

    @property
    def can_back_up(self) -> bool:
        """Only a SQLite file is backed up by bqinspect; a server has its own tools."""
        return self.sqlite_path is not None

    @property
    def where(self) -> str:
        """The database file's name, or the server URL."""
        return self.sqlite_path.name if self.sqlite_path else self.url


def display_url(url: str) -> str:
    """A database URL with its password hidden (an unparsable URL as it is)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # any parse failure: show what was configured
        return url


def database_info(ws: Workspace) -> DatabaseInfo:
    return DatabaseInfo(home=ws.home, url=display_url(ws.db.url), sqlite_path=ws.db.sqlite_path)


def check_integrity(ws: Workspace) -> list[str]:
    """Problems found by the database's own checks and the schema check (empty when healthy)."""
    return integrity_check(ws.db)


def back_up(ws: Workspace, dest: Path | None = None) -> Path | None:
    """Back up the SQLite database to ``dest``, or into the rolling backups folder.

    Refused for a server database. None when there is no database file yet to back up.
    """
    if ws.db.sqlite_path is None:
        raise Refused(SERVER_BACKUP)
    if dest is not None:
        return backup_sqlite(ws.db.sqlite_path, dest)
    return rolling_backup(ws.db, MANUAL, keep_backups(ws))


def keep_backups(ws: Workspace) -> int:
    """How many rolling backups are kept (the ``backup_keep`` setting, at least one)."""
    try:
        return max(1, int(ws.setting("backup_keep") or KEEP_BACKUPS))
    except (TypeError, ValueError):
        return KEEP_BACKUPS


def daily_backup(ws: Workspace) -> Path | None:
    """The backup made when the app starts, at most once a day (none for a server database)."""
    if ws.db.sqlite_path is None:
        return None
    return backups.daily_backup(ws.db, keep_backups(ws))


def list_backups(ws: Workspace) -> list[Path]:
    """The rolling backups, newest first."""
    if ws.db.sqlite_path is None:
        return []
    return list(reversed(backups.backups(ws.db)))


def restore(ws: Workspace, source: Path) -> Path | None:
    """Replace the database with the backup ``source`` (the current one is backed up first).

    The workspace is closed afterwards: open it again to use the restored data. Returns the
    backup of what was replaced.
    """
    if ws.db.sqlite_path is None:
        raise Refused(SERVER_BACKUP.replace("backups", "restores"))
    saved = backups.restore_backup(ws.db, source, keep_backups(ws))
    ws.close()
    return saved


def schema_revision(ws: Workspace) -> str | None:
    """The schema revision of the open database (opening a workspace upgrades it first)."""
    return current_revision(ws.db.engine)
