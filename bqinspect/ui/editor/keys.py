"""The editor's keyboard scheme, in one place, and the legend shown in the footer."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

NEXT_FAILED = "F8"
PREVIOUS_FAILED = "Shift+F8"
NEXT_COMMENTED = "F9"
PREVIOUS_COMMENTED = "Shift+F9"
COMMENT = "Ctrl+Shift+M"


def legend(mystery: bool, review: bool = False) -> str:
    """One line of key hints for the footer (the review's keys when reviewing)."""
    if review:
        return "  ·  ".join(
            [
                QCoreApplication.translate("keys", "F8 / Shift+F8 next / previous failed item"),
                QCoreApplication.translate("keys", "F9 / Shift+F9 next / previous commented"),
                QCoreApplication.translate("keys", "Ctrl+Shift+M comment"),
                QCoreApplication.translate("keys", "↓/↑ next / previous item"),
                QCoreApplication.translate("keys", "Ctrl+F find"),
            ]
        )
    parts = [
        QCoreApplication.translate("keys", "Y/P pass"),
        QCoreApplication.translate("keys", "N/F fail"),
        QCoreApplication.translate("keys", "0/A N/A"),
        QCoreApplication.translate("keys", "1–5 rating or option"),
        QCoreApplication.translate("keys", "Del clear"),
        QCoreApplication.translate("keys", "↓/Enter next"),
        QCoreApplication.translate("keys", "↑ previous"),
        QCoreApplication.translate("keys", "G guidance"),
        QCoreApplication.translate("keys", "S staff / counter"),
        QCoreApplication.translate("keys", "Ctrl+F find"),
        QCoreApplication.translate("keys", "Ctrl+Enter note"),
        QCoreApplication.translate("keys", "Ctrl+Shift+P photo"),
        QCoreApplication.translate("keys", "Ctrl+V paste photo"),
        QCoreApplication.translate("keys", "F8 next failed"),
    ]
    if mystery:
        parts.append(QCoreApplication.translate("keys", "Alt+0…7 stopwatch"))
    return "  ·  ".join(parts)
