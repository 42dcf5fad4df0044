"""The ``bqinspect`` command: global options, every command group, exit statuses."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from bqinspect.base import paths
from bqinspect.base.errors import DatabaseError, Refused
from bqinspect.cli import (
    analytics,
    answer,
    branches,
    db,
    demo,
    feedback,
    findings,
    forms,
    gui,
    inspections,
    ledger,
    photos,
    report,
    review,
    staff,
    sync,
)
from bqinspect.cli.common import EXIT_REFUSED, EXIT_USAGE, err
from bqinspect.domain import messages

Handler = Callable[[argparse.Namespace], int]
# in the order of ``bqinspect --help``
GROUPS = (
    demo,
    forms,
    branches,
    staff,
    inspections,
    answer,
    feedback,
    photos,
    review,
    findings,
    db,
    gui,
    report,
    ledger,
    sync,
    analytics,
)


class _VersionAction(argparse.Action):
    """``--version``: the version read from the installed metadata only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version"
        )

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        from bqinspect import __version__

        print(f"bqinspect {__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bqinspect",
        description="Bank-branch service-quality inspections and mystery shopping, offline. "
        "Without a command, starts the desktop app.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--data-dir",
        default=None,
        help=f"data directory (default: platform user data dir; env {paths.ENV_HOME})",
    )
    parser.add_argument(
        "--db-url",
        default=None,
        help="database URL, e.g. postgresql+psycopg://user@host/db "
        f"(default: SQLite in the data directory; env {paths.ENV_DB_URL})",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="with no command: fill an empty data directory with demo data first",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="show the main window, open the data, fill the first page and exit (for packaging)",
    )
    parser.set_defaults(handler=gui.cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for group in GROUPS:
        group.add_parsers(sub)
    return parser


def _form_error(exc: BaseException) -> bool:
    """A form refused; its module is imported by whatever reads a form, not before."""
    formio = sys.modules.get("bqinspect.domain.formio")
    return formio is not None and isinstance(exc, formio.FormError)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler: Handler = args.handler
    messages.set_language(messages.locale_language())  # refusals in the locale's language
    try:
        return handler(args)
    except (Refused, DatabaseError) as exc:
        err(f"bqinspect: refused: {exc}")
        return EXIT_REFUSED
    except argparse.ArgumentTypeError as exc:
        err(f"bqinspect: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err("bqinspect: interrupted")
        return 130
    except Exception as exc:
        if not _form_error(exc):
            raise
        err(f"bqinspect: refused: {exc}")
        return EXIT_REFUSED


def gui_main(argv: Sequence[str] | None = None) -> int:
    """The window-only entry point (``bqinspect-gui``): the same command line."""
    return main(list(argv) if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
