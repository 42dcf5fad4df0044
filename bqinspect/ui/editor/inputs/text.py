"""Free text answers and the multi-line note field they share with the card."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from bqinspect.domain.forms import Item
from bqinspect.ui.editor.inputs.base import AnswerInput, KeyResult, plain


class NoteEdit(QPlainTextEdit):
    """Multi-line text that gives focus back on Escape and moves focus with Tab; ``left`` when
    it loses the focus (the card commits a note then)."""

    escaped = Signal()
    left = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(64)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class TextInput(AnswerInput):
    """Free text: F2 or typing on the card starts editing, Escape returns; saved as you type."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        self.edit = NoteEdit()
        self.edit.setFixedHeight(72)
        self.row.addWidget(self.edit, 1)
        self.edit.textChanged.connect(self._changed)
        self.edit.escaped.connect(self.leave.emit)
        self._value: Any = None
        self._setting = False

    def _changed(self) -> None:
        if self._setting or self.read_only:
            return
        text = self.edit.toPlainText()
        self._value = text or None
        self.committed.emit(text or None, False)

    def set_state(self, value: Any, na: bool) -> None:
        self._value = value
        if (value or "") != self.edit.toPlainText():
            self._setting = True
            self.edit.setPlainText(value or "")
            self._setting = False

    def handle_key(self, event: QKeyEvent) -> KeyResult:
        if self.read_only:
            return KeyResult.IGNORED
        if event.key() == Qt.Key.Key_F2:
            self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return KeyResult.HANDLED
        text = event.text()
        if text and text.isprintable() and plain(event):
            self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)
            self.edit.insertPlainText(text)
            return KeyResult.HANDLED
        return KeyResult.IGNORED

    def retranslate(self, lang: str) -> None:
        self.edit.setPlaceholderText(self.tr("Type here (F2); Escape returns to the item list"))
