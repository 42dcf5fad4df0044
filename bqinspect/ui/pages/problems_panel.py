"""A panel that lists why an import was refused (file, row or line, reason), with copy and hide."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base.errors import Problem, Refused
from bqinspect.ui.models.problems import ProblemsModel
from bqinspect.ui.widgets.tables import record_table
from bqinspect.ui.widgets.theme import FAIL

log = logging.getLogger(__name__)

MAX_TABLE_HEIGHT = 260


def problems_of(exc: BaseException, where: str = "", *, doing: str) -> list[Problem]:
    """What to show of a failed ``doing``: a refusal's problems, else the error (logged)."""
    if isinstance(exc, Refused):
        return list(exc.problems)
    log.error("%s failed", doing, exc_info=exc)
    return [Problem(where, str(exc) or type(exc).__name__)]


class ProblemsPanel(QFrame):
    """Hidden until :meth:`show_problems`; the title says what was refused and why."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("panel")
        self.model = ProblemsModel(self)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet(f"color: {FAIL}; font-weight: 600;")
        self.table = record_table(self.model, single=False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ProblemsModel.WHERE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ProblemsModel.REASON, QHeaderView.ResizeMode.Stretch)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        self.hide_button = QPushButton()
        self.hide_button.clicked.connect(self.hide)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.hide_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self._file = ""
        self._summary = ""
        self.retranslate()
        self.hide()

    def show_problems(self, summary: str, problems: list[Problem], file_name: str = "") -> None:
        self._summary = summary
        self._file = file_name
        self.model.set_problems(problems, file_name)
        self.title.setText(summary)
        self.table.resizeRowsToContents()
        self._fit()
        self.show()

    def _fit(self) -> None:
        """As tall as the rows need, up to :data:`MAX_TABLE_HEIGHT` (then it scrolls)."""
        rows = sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        wanted = self.table.horizontalHeader().sizeHint().height() + rows
        wanted += 2 * self.table.frameWidth() + 6
        self.table.setFixedHeight(min(wanted, MAX_TABLE_HEIGHT))

    def copy(self) -> None:
        lines = [f"{self.model.where(p)}\t{p.reason}" for p in self.model.problems()]
        head = [self._file] if self._file else []
        QGuiApplication.clipboard().setText("\n".join(head + lines))

    def retranslate(self) -> None:
        self.copy_button.setText(self.tr("Copy"))
        self.hide_button.setText(self.tr("Hide"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
