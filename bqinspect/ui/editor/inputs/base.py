"""The base of the answer widgets: what they tell the card and how keys reach them."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from bqinspect.domain.forms import Item
from bqinspect.ui.widgets import theme


class KeyResult(enum.IntEnum):
    IGNORED = 0
    HANDLED = 1
    ADVANCE = 2  # answered: move to the next item


def plain(event: QKeyEvent) -> bool:
    """No modifier except keypad/shift (so digits on the keypad count too)."""
    mods = event.modifiers() & ~(
        Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
    )
    return mods == Qt.KeyboardModifier.NoModifier


def digit_of(event: QKeyEvent) -> int | None:
    key = event.key()
    if Qt.Key.Key_0 <= key <= Qt.Key.Key_9 and plain(event):
        return int(key - Qt.Key.Key_0)
    return None


class AnswerInput(QWidget):
    """Base of the answer widgets. ``committed(value, na)`` asks the card to store an answer."""

    committed = Signal(object, bool)
    leave = Signal()  # give the focus back to the card (Escape in a text field)
    refused = Signal(str)  # what was typed is not taken, and why (the card shows it)

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        self.read_only = False
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(6)

    def set_state(self, value: Any, na: bool) -> None:
        raise NotImplementedError

    def handle_key(self, event: QKeyEvent) -> KeyResult:
        """A key pressed while the card itself has focus."""
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and plain(event):
            if not self.read_only:
                self.committed.emit(None, False)
            return KeyResult.HANDLED
        return KeyResult.IGNORED

    def focus_widget(self) -> QWidget | None:
        """The widget that takes the card's focus (typing goes straight into it), if any."""
        return None

    def commit_pending(self) -> None:
        """Store what is typed but not yet committed (before moving away)."""

    def restore(self, value: Any, na: bool) -> None:
        """Show the stored answer again after what was typed was refused."""
        self.set_state(value, na)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for child in self.findChildren(QWidget):
            if isinstance(child, QAbstractButton):
                child.setEnabled(not read_only)
            elif isinstance(child, QPlainTextEdit | QDateEdit | QDateTimeEdit):
                theme.set_read_only(child, read_only)
            elif isinstance(child, QLineEdit):
                child.setReadOnly(read_only)

    def retranslate(self, lang: str) -> None:
        """Re-label after a language change (``lang`` is the content language zh/en)."""

    def _add_na_button(self) -> QPushButton | None:
        """An N/A button at the end of the row when the item allows N/A (it commits N/A)."""
        if not self.item.na_allowed:
            return None
        button = answer_button("", "na")
        button.clicked.connect(lambda: self.committed.emit(None, True))
        self.row.addWidget(button)
        return button


def answer_button(text: str, role: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName("answer")
    button.setProperty("role", role)
    button.setCheckable(True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
    return button
