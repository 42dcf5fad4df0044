"""Shared by every command: exit statuses, output lines, the workspace, dates given as options."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bqinspect.base.errors import Refused
from bqinspect.domain.messages import declare

CANNOT_READ = declare(
    "cli.common.cannot_read",
    "cannot read {name}: {value}",
    "无法读取 {name}：{value}",
)

if TYPE_CHECKING:
    from bqinspect.store.workspace import Workspace

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def out(text: str) -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def usage(parser: argparse.ArgumentParser) -> int:
    """A command group named without its action: its help on stderr, a usage error."""
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def workspace(args: argparse.Namespace) -> Workspace:
    """The workspace named by the global ``--data-dir`` / ``--db-url`` (use it in ``with``)."""
    from bqinspect.store.workspace import open_workspace  # the database stack: on demand

    return open_workspace(getattr(args, "data_dir", None), getattr(args, "db_url", None))


def parse_date(text: str) -> datetime:
    """A date or date-time from the command line, as an aware datetime (UTC when naive)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def parse_time(text: str) -> datetime:
    """A date-time from the command line as typed (naive when it names no zone)."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date and time (ISO 8601)") from None


def read_file(name: str, where: str) -> bytes:
    """The bytes of a file named on the command line; a refusal naming ``where`` if unreadable."""
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise Refused(CANNOT_READ(name=name, value=exc.strerror or exc), where=where) from None
