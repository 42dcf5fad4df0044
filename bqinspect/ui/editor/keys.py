"""The editor's keyboard scheme, in one place, and the legend shown in the footer."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("keys", text)


def legend(mystery: bool) -> str:
    """One line of key hints for the footer."""
    parts = [
        _tr("Y/P pass"),
        _tr("N/F fail"),
        _tr("0/A N/A"),
        _tr("1–5 rating or option"),
        _tr("Del clear"),
        _tr("↓/Enter next"),
        _tr("↑ previous"),
        _tr("G guidance"),
        _tr("Ctrl+F find"),
        _tr("Ctrl+Enter note"),
        _tr("Ctrl+Shift+P photo"),
        _tr("Ctrl+V paste photo"),
    ]
    if mystery:
        parts.append(_tr("Alt+0…7 stopwatch"))
    return "  ·  ".join(parts)
