"""An unobtrusive "saved hh:mm:ss" label shown after every commit."""

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
        self.retranslate()

    @property
    def saved_at(self) -> datetime | None:
        return self._at

    def mark_saved(self, at: datetime | None = None) -> None:
        self._at = (at or clock.local_now()).astimezone()
        self.retranslate()

    def retranslate(self) -> None:
        if self._at is None:
            self.setText(self.tr("All changes are saved automatically"))
        else:
            self.setText(self.tr("Saved %1").replace("%1", self._at.strftime("%H:%M:%S")))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
