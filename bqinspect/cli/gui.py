"""The desktop window and ``bqinspect screenshots``: the commands that need the gui extra."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bqinspect.base.errors import Refused
from bqinspect.cli.common import EXIT_REFUSED, err
from bqinspect.cli.demo import ensure_demo

NEEDS_GUI_EXTRA = "the window needs the gui extra: pip install 'bqinspect[gui]'"
QT_PACKAGES = ("PySide6", "shiboken6")


@contextmanager
def gui_extra() -> Iterator[None]:
    """Around an import of the window: PySide6 not installed is a refusal naming the extra.

    Any other import error (a broken installation, a missing system library) propagates.
    """
    try:
        yield
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in QT_PACKAGES:
            raise
        raise Refused(NEEDS_GUI_EXTRA) from None


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    )


def cmd_gui(args: argparse.Namespace) -> int:
    with gui_extra():
        from bqinspect.ui.app import run_gui
    if not has_display():
        err(
            "No display found (DISPLAY/WAYLAND_DISPLAY unset): the window cannot open here. "
            "Run with a desktop session, or try `bqinspect demo --tour` for the headless demo."
        )
        return EXIT_REFUSED
    if args.demo:
        ensure_demo(args)
    return int(run_gui(args))


def cmd_screenshots(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with gui_extra():
        from bqinspect.ui.screenshots import main as screenshots_main
    return int(screenshots_main(args))


def add_parsers(sub: Any) -> None:
    """Add ``screenshots`` to the main parser's sub-commands (the window is the default)."""
    p = sub.add_parser("screenshots", help="render every main screen to PNG (zh_CN and English)")
    p.add_argument("--out", default="screenshots", help="output folder")
    p.add_argument(
        "--lang",
        action="append",
        choices=["zh_CN", "en"],
        help="language(s) to render (default both)",
    )
    p.set_defaults(handler=cmd_screenshots)
