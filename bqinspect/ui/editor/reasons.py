"""An item's common deduction reasons as one-key choices, offered when its answer loses points."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.domain.forms import Item
from bqinspect.ui.flow import FlowLayout

MAX_KEYED = 9  # reasons 1–9 have a key
OPEN_KEY = Qt.Key.Key_R


def merged(note: str, reason: str) -> str:
    """The note with ``reason`` added (once), on a line of its own."""
    note = note.rstrip()
    if reason in note.splitlines():
        return note
    return f"{note}\n{reason}" if note else reason


class ReasonPopup(QFrame):
    """A small popup: 1–9 pick a reason, ↑/↓ and Enter pick the highlighted one, typed text and
    Enter give a reason of one's own, Escape closes."""

    chosen = Signal(str)

    def __init__(self, reasons: list[str], parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("reasonPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(
            self.tr("Deduction reason: press 1–%1, or type one").replace(
                "%1", str(min(len(reasons), MAX_KEYED))
            )
        )
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Another reason… (Enter)"))
        self.list = QListWidget()
        self.reasons = reasons
        for n, reason in enumerate(reasons, 1):
            self.list.addItem(f"{n}  {reason}" if n <= MAX_KEYED else f"   {reason}")
        self.list.setCurrentRow(0)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.itemActivated.connect(lambda _item: self._pick(self.list.currentRow()))
        self.list.itemClicked.connect(lambda _item: self._pick(self.list.currentRow()))
        rows = min(len(reasons), MAX_KEYED)
        self.list.setFixedHeight(rows * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.edit.installEventFilter(self)
        self.setMinimumWidth(320)

    def open_at(self, where: QPoint) -> None:
        self.move(where)
        self.show()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key(event)
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        key, typed = event.key(), self.edit.text().strip()
        if not typed and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_1
            if index < min(len(self.reasons), MAX_KEYED):
                self._pick(index)
            return True
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            self.list.setCurrentRow((self.list.currentRow() + step) % len(self.reasons))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if typed:
                self._give(typed)
            else:
                self._pick(self.list.currentRow())
            return True
        if key == Qt.Key.Key_Escape:
            self.close()
            return True
        return False

    def _pick(self, index: int) -> None:
        if 0 <= index < len(self.reasons):
            self._give(self.reasons[index])

    def _give(self, reason: str) -> None:
        self.close()
        self.chosen.emit(reason)


class ReasonChips(QWidget):
    """Below the answer: the item's reasons as buttons, shown while it loses points. On the
    card, 1–9 pick one when the answer field does not take digits (pass/fail, text), and R
    opens the one-key popup (for a rating or a choice, whose digits answer it)."""

    chosen = Signal(str)

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        self.lang = lang
        self.popup: ReasonPopup | None = None
        self.label = QLabel()
        self.label.setObjectName("muted")
        # wraps onto new rows: a long list of reasons never makes the card wider than the page
        self.row = FlowLayout(self)
        self.row.addWidget(self.label)
        self.buttons: list[QToolButton] = []
        for _reason in item.reasons:
            button = QToolButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _on=False, b=button: self._clicked(b))
            self.buttons.append(button)
            self.row.addWidget(button)
        self.retranslate(lang)
        self.hide()

    def texts(self) -> list[str]:
        return [r.get(self.lang) for r in self.item.reasons]

    def offered(self) -> bool:
        """True when the item has reasons to offer."""
        return bool(self.item.reasons)

    def set_losing(self, losing: bool, read_only: bool) -> None:
        self.setVisible(self.offered() and losing and not read_only)

    def open_popup(self) -> ReasonPopup | None:
        """The one-key popup under the chips (None when there is nothing to offer now)."""
        if not self.isVisible():
            return None
        if self.popup is not None:
            self.popup.close()
            self.popup.deleteLater()
        self.popup = ReasonPopup(self.texts(), self)
        self.popup.chosen.connect(self.chosen)
        self.popup.open_at(self.mapToGlobal(QPoint(0, self.height())))
        return self.popup

    def handle_key(self, event: QKeyEvent) -> bool:
        """A key the answer field did not take: 1–9 pick a reason, R opens the popup."""
        if not self.isVisible():
            return False
        key = event.key()
        if key == OPEN_KEY:
            return self.open_popup() is not None
        index = key - Qt.Key.Key_1
        if 0 <= index < min(len(self.buttons), MAX_KEYED):
            self.chosen.emit(self.texts()[index])
            return True
        return False

    def _clicked(self, button: QToolButton) -> None:
        self.chosen.emit(self.texts()[self.buttons.index(button)])

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.label.setText(self.tr("Deduction reason (key, or R):"))
        for n, (button, text) in enumerate(zip(self.buttons, self.texts(), strict=True), 1):
            button.setText(f"{n} {text}" if n <= MAX_KEYED else text)
