"""bqinspect: offline bank-branch service-quality inspections and mystery shopping."""

from __future__ import annotations

import functools

APP_NAME = "bqinspect"


@functools.cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bqinspect")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.1.0"


def __getattr__(name: str) -> str:
    # ``__version__`` is read from the installed metadata when first asked for: the window
    # is shown without importing importlib.metadata (and the email package it imports)
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
