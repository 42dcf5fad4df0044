"""The new-feedback dialog: branch, channel, category, time received, content, contact."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base import clock
from bqinspect.base.errors import Refused
from bqinspect.services import branches
from bqinspect.services import feedback as svc
from bqinspect.store.workspace import Workspace
from bqinspect.ui.labels import label
from bqinspect.ui.pages.feedback.labels import CATEGORY, CHANNEL


class NewFeedbackDialog(QDialog):
    """Open with ``open()``; ``created`` carries the new item's id."""

    created = Signal(object)  # uuid.UUID

    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(520)
        self.branch = QComboBox()
        for row in branches.list_branches(ws, include_inactive=False):
            self.branch.addItem(f"{row.code}  {row.name}", row.code)
        self.channel = QComboBox()
        for code in CHANNEL:
            self.channel.addItem("", code)
        self.category = QComboBox()
        for code in CATEGORY:
            self.category.addItem("", code)
        self.received = QDateTimeEdit(QDateTime(clock.local_now().replace(tzinfo=None)))
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.content = QPlainTextEdit()
        self.content.setTabChangesFocus(True)
        self.content.setFixedHeight(96)
        self.contact_name = QLineEdit()
        self.contact_phone = QLineEdit()
        self.assigned = QLineEdit()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        fields: list[QWidget] = [
            self.branch,
            self.channel,
            self.category,
            self.received,
            self.content,
            self.contact_name,
            self.contact_phone,
            self.assigned,
        ]
        self.labels = [QLabel() for _ in fields]
        form = QFormLayout()
        for caption, field in zip(self.labels, fields, strict=True):
            caption.setBuddy(field)
            form.addRow(caption, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def _create(self) -> None:
        received = self.received.dateTime().toPython().replace(tzinfo=self.ws.zone())
        try:
            item = svc.add_feedback(
                self.ws,
                branch=str(self.branch.currentData() or ""),
                channel=str(self.channel.currentData()),
                category=str(self.category.currentData()),
                content=self.content.toPlainText(),
                received_at=received,
                contact_name=self.contact_name.text(),
                contact_phone=self.contact_phone.text(),
                assigned_to=self.assigned.text(),
            )
        except Refused as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.created.emit(item.id)
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New customer feedback"))
        texts = [
            self.tr("&Branch"),
            self.tr("C&hannel"),
            self.tr("&Category"),
            self.tr("&Received"),
            self.tr("C&ontent"),
            self.tr("Customer &name"),
            self.tr("Customer &phone"),
            self.tr("&Assigned to"),
        ]
        for caption, text in zip(self.labels, texts, strict=True):
            caption.setText(text)
        for i in range(self.channel.count()):
            self.channel.setItemText(i, label(CHANNEL, str(self.channel.itemData(i))))
        for i in range(self.category.count()):
            self.category.setItemText(i, label(CATEGORY, str(self.category.itemData(i))))
        self.content.setPlaceholderText(self.tr("What the customer said, in detail"))
        self.contact_name.setPlaceholderText(self.tr("Kept in the office copy only"))
        self.contact_phone.setPlaceholderText(self.tr("Kept in the office copy only"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
