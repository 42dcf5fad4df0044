"""One helper for shipped files (forms, fonts, icons, translations): source, wheel or bundle."""

from __future__ import annotations

import sys
from pathlib import Path

SHIPPED = "shipped"  # the folder inside an installed package (see setup.py)


def root() -> Path:
    """The folder that holds ``forms/`` and ``resources/``.

    From a PyInstaller bundle it is the bundle's data folder (``sys._MEIPASS``); from an
    installed wheel, ``bqinspect/shipped``; from a source checkout (or an editable install),
    the repository root.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    package = Path(__file__).resolve().parents[1]
    installed = package / SHIPPED
    return installed if installed.is_dir() else package.parent


def forms_dir() -> Path:
    return root() / "forms"


def resource(*parts: str) -> Path:
    return root().joinpath("resources", *parts)


def fonts_dir() -> Path:
    return resource("fonts")


def translations_dir() -> Path:
    return resource("translations")


def icon_path() -> Path:
    return resource("icons", "bqinspect.svg")
