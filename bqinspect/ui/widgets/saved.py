"""An unobtrusive "saved hh:mm:ss" label shown after every commit ("not saved yet" while
typed text waits for its commit)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from bqinspect.base import clock


class SavedIndicator(QLabel):
    """Shows when the last edit reached the database (local time)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("saved")
        self._at: datetime | None = None
        self._pending = False
        self.retranslate()

    @property
    def saved_at(self) -> datetime | None:
        return self._at

    @property
    def pending(self) -> bool:
        return self._pending

    def mark_saved(self, at: datetime | None = None) -> None:
        self._at = (at or clock.local_now()).astimezone()
        self._pending = False
        self.retranslate()

    def mark_pending(self) -> None:
        """Typed text is not committed yet: claim nothing until it is."""
        if not self._pending:
            self._pending = True
            self.retranslate()

    def retranslate(self) -> None:
        if self._pending:
            self.setText(self.tr("Not saved yet"))
        elif self._at is None:
            self.setText(self.tr("All changes are saved automatically"))
        else:
            self.setText(self.tr("Saved %1").replace("%1", self._at.strftime("%H:%M:%S")))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
