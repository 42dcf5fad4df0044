"""One helper for shipped files (forms, fonts, icons, translations), from source or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def root() -> Path:
    """The folder that holds ``forms/`` and ``resources/``.

    From a source checkout it is the repository root; from a PyInstaller bundle it is the
    bundle's data folder (``sys._MEIPASS``).
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[2]


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
