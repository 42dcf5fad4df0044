"""Photo and signature answers: a count of what is attached, and a sign button."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from bqinspect.domain.forms import AnswerType, Item
from bqinspect.ui.editor.inputs.base import AnswerInput, KeyResult


class AttachmentInput(AnswerInput):
    """Photo and signature items: the answer is what is attached (see the card's photo strip)."""

    sign_requested = Signal()

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        self.label = QLabel()
        self.label.setObjectName("muted")
        self.sign = QPushButton()
        self.sign.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sign.clicked.connect(self.sign_requested.emit)
        self.sign.setVisible(item.type is AnswerType.SIGNATURE)
        self.row.addWidget(self.sign)
        self.row.addWidget(self.label)
        self.row.addStretch()
        self._count = 0

    def set_state(self, value: Any, na: bool) -> None:
        self._count = int(value) if isinstance(value, int) else 0
        self.retranslate("")

    def handle_key(self, event: QKeyEvent) -> KeyResult:
        return KeyResult.IGNORED  # removing goes through the photo viewer

    def retranslate(self, lang: str) -> None:
        self.sign.setText(self.tr("Sign…"))
        if self._count:
            self.label.setText(self.tr("%n attached", "", self._count))
        elif self.item.type is AnswerType.SIGNATURE:
            self.label.setText(self.tr("Not signed yet"))
        else:
            self.label.setText(self.tr("Drop photos here, paste (Ctrl+V) or add (Ctrl+Shift+P)"))
