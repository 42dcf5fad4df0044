"""The editor's keyboard scheme, in one place, and the legend shown in the footer."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def legend(mystery: bool) -> str:
    """One line of key hints for the footer."""
    parts = [
        QCoreApplication.translate("keys", "Y/P pass"),
        QCoreApplication.translate("keys", "N/F fail"),
        QCoreApplication.translate("keys", "0/A N/A"),
        QCoreApplication.translate("keys", "1–5 rating or option"),
        QCoreApplication.translate("keys", "Del clear"),
        QCoreApplication.translate("keys", "↓/Enter next"),
        QCoreApplication.translate("keys", "↑ previous"),
        QCoreApplication.translate("keys", "G guidance"),
        QCoreApplication.translate("keys", "Ctrl+F find"),
        QCoreApplication.translate("keys", "Ctrl+Enter note"),
        QCoreApplication.translate("keys", "Ctrl+Shift+P photo"),
        QCoreApplication.translate("keys", "Ctrl+V paste photo"),
    ]
    if mystery:
        parts.append(QCoreApplication.translate("keys", "Alt+0…7 stopwatch"))
    return "  ·  ".join(parts)
