"""The finding drafted for a failed item, editable in place: severity, requirement, who, due."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from bqinspect.base import clock
from bqinspect.domain.forms import SEVERITY_ORDER
from bqinspect.services.inspections import FindingRow
from bqinspect.ui.labels import severity_label
from bqinspect.ui.widgets import theme


class FindingPanel(QFrame):
    """Emits ``edited(finding_id, field, value)`` for each change; the owner commits it."""

    edited = Signal(object, str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findingPanel")
        self.finding_id: uuid.UUID | None = None
        self._loading = False
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600; color: #8a4b00;")
        self.severity = QComboBox()
        for severity in SEVERITY_ORDER:
            self.severity.addItem("", severity.value)
        self.requirement = QLineEdit()
        self.responsible = QLineEdit()
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.labels = [QLabel() for _ in range(4)]
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.title, 0, 0, 1, 6)
        grid.addWidget(self.labels[0], 1, 0)
        grid.addWidget(self.severity, 1, 1)
        grid.addWidget(self.labels[2], 1, 2)
        grid.addWidget(self.responsible, 1, 3)
        grid.addWidget(self.labels[3], 1, 4)
        grid.addWidget(self.due, 1, 5)
        grid.addWidget(self.labels[1], 2, 0)
        grid.addWidget(self.requirement, 2, 1, 1, 5)
        grid.setColumnStretch(3, 1)
        self.severity.currentIndexChanged.connect(
            lambda _i: self._emit("severity", self.severity.currentData())
        )
        self.requirement.editingFinished.connect(
            lambda: self._emit("requirement", self.requirement.text().strip())
        )
        self.responsible.editingFinished.connect(
            lambda: self._emit("responsible", self.responsible.text().strip())
        )
        self.due.dateChanged.connect(lambda d: self._emit("due_date", d.toPython()))
        self._points = 0.0
        self.retranslate()

    def _emit(self, field: str, value: Any) -> None:
        if not self._loading and self.finding_id is not None:
            self.edited.emit(self.finding_id, field, value)

    def set_finding(self, finding: FindingRow) -> None:
        self._loading = True
        self.finding_id = finding.id
        self._points = finding.points_deducted
        self.severity.setCurrentIndex(max(self.severity.findData(finding.severity), 0))
        if not self.requirement.hasFocus():
            self.requirement.setText(finding.requirement)
        if not self.responsible.hasFocus():
            self.responsible.setText(finding.responsible)
        due: date | None = finding.due_date
        self.due.setDate(QDate(due.year, due.month, due.day) if due else QDate(clock.today()))
        self._loading = False
        self._retitle()

    def set_read_only(self, read_only: bool) -> None:
        self.severity.setEnabled(not read_only)
        self.requirement.setReadOnly(read_only)
        self.responsible.setReadOnly(read_only)
        theme.set_read_only(self.due, read_only)

    def _retitle(self) -> None:
        text = self.tr("Finding (rectification): %1 points deducted").replace(
            "%1", f"{self._points:g}"
        )
        self.title.setText(text)

    def retranslate(self) -> None:
        for i in range(self.severity.count()):
            self.severity.setItemText(i, severity_label(self.severity.itemData(i)))
        texts = [
            self.tr("Severity"),
            self.tr("Requirement"),
            self.tr("Responsible"),
            self.tr("Due"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.responsible.setPlaceholderText(self.tr("Person responsible at the branch"))
        self._retitle()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
