"""A progress dialog bound to a background Task: shows progress, cancels it, closes itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from bqinspect.ui.tasks import Task


class TaskProgressDialog(QProgressDialog):
    """Window-modal, never blocks the event loop; Cancel asks the task to stop."""

    def __init__(self, task: Task, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.task = task
        self.setWindowTitle(title)
        self.setLabelText(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(300)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setRange(0, 0)
        self.canceled.connect(task.cancel)
        task.progressed.connect(self._progress)
        task.finished.connect(self._done)
        self.setCancelButtonText(self.tr("Cancel"))

    def _progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.setRange(0, total)
            self.setValue(min(done, total))
        if text:
            self.setLabelText(text)

    def _done(self) -> None:
        self.reset()
        self.close()
        self.deleteLater()
