"""Where bqinspect keeps its data: one place, overridable by --data-dir or BQINSPECT_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from bqinspect import APP_NAME

ENV_HOME = "BQINSPECT_HOME"
ENV_DB_URL = "BQINSPECT_DB_URL"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory, created owner-only if missing."""
    chosen = override or os.environ.get(ENV_HOME)
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def database_path(home: Path) -> Path:
    return home / "bqinspect.sqlite"


def backups_dir(home: Path) -> Path:
    path = home / "backups"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def keys_dir(home: Path) -> Path:
    path = home / "keys"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
