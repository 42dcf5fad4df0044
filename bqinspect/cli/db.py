"""``bqinspect db``: integrity check, backup and schema upgrade of the workspace's database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bqinspect.cli.common import EXIT_OK, EXIT_REFUSED, err, out, workspace


def cmd_check(args: argparse.Namespace) -> int:
    from bqinspect.services.maintenance import check_integrity

    with workspace(args) as ws:
        problems = check_integrity(ws)
    if problems:
        for p in problems:
            err(p)
        return EXIT_REFUSED
    out("database ok")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from bqinspect.services.maintenance import back_up

    with workspace(args) as ws:
        dest = back_up(ws, Path(args.out) if args.out else None)
    out(f"backed up to {dest}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from bqinspect.services.maintenance import restore

    with workspace(args) as ws:
        saved = restore(ws, Path(args.file))
    out(f"restored {args.file}" + (f"; the replaced database is kept as {saved}" if saved else ""))
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    from bqinspect.services.maintenance import list_backups

    with workspace(args) as ws:
        for path in list_backups(ws):
            out(str(path))
    return EXIT_OK


def cmd_upgrade(args: argparse.Namespace) -> int:
    from bqinspect.services.maintenance import schema_revision

    with workspace(args) as ws:  # opening upgrades (after a backup)
        out(f"database at schema {schema_revision(ws)}")
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """Add ``db`` and its actions to the main parser's sub-commands."""
    db = sub.add_parser("db", help="database maintenance").add_subparsers(metavar="ACTION")
    p = db.add_parser("check", help="integrity and schema check")
    p.set_defaults(handler=cmd_check)
    p = db.add_parser("backup", help="back up the SQLite database (online backup API)")
    p.add_argument("--out", help="backup file (default: the rolling backups folder)")
    p.set_defaults(handler=cmd_backup)
    p = db.add_parser(
        "restore", help="replace the database with a backup (the current one is backed up first)"
    )
    p.add_argument("file", metavar="FILE", help="a backup made by bqinspect (a .sqlite file)")
    p.set_defaults(handler=cmd_restore)
    p = db.add_parser("backups", help="list the rolling backups, newest first")
    p.set_defaults(handler=cmd_backups)
    p = db.add_parser("upgrade", help="upgrade the schema (a backup is made first)")
    p.set_defaults(handler=cmd_upgrade)
