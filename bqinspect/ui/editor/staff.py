"""The card's compact "staff / counter" field: whom an item concerns, in a few keys (S)."""

# The staff box completes employee numbers and names from the branch's register; Enter or Tab
# moves to the counter box, Enter there stores both and returns to the card, Escape returns
# without storing. A badge number not in the register is stored as it was seen.

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bqinspect.domain.staff import MAX_BADGE, Badge
from bqinspect.ui.editor.session import EditorSession
from bqinspect.ui.labels import post_label

STAFF_KEY = Qt.Key.Key_S


def _completion(badge: Badge) -> str:
    """``1023 张伟 · 柜员`` with the post in the window's language."""
    return f"{badge.employee_no} {badge.name} · {post_label(badge.post)}"


class StaffField(QWidget):
    """Two small boxes, staff and counter, and what the register says of the badge."""

    committed = Signal(str, str)  # staff as typed (or chosen), counter
    leave = Signal()

    def __init__(self, register: list[Badge], parent: QWidget | None = None):
        super().__init__(parent)
        self.register = register
        self._stored = ("", "")
        self.caption = QLabel()
        self.caption.setStyleSheet("color: #475569;")
        self.staff = QLineEdit()
        self.staff.setObjectName("staffBox")
        self.staff.setMaxLength(200)
        self.staff.setMinimumWidth(180)
        self.counter = QLineEdit()
        self.counter.setObjectName("counterBox")
        self.counter.setMaxLength(MAX_BADGE)
        self.counter.setMaximumWidth(90)
        self.who = QLabel()
        self.who.setStyleSheet("color: #334155;")
        self.choices = QStringListModel([_completion(b) for b in register], self)
        self.completer = QCompleter(self.choices, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.staff.setCompleter(self.completer)
        for box in (self.staff, self.counter):
            box.installEventFilter(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.caption)
        row.addWidget(self.staff)
        row.addWidget(self.counter)
        row.addWidget(self.who, 1)
        self.setTabOrder(self.staff, self.counter)
        self.retranslate()

    # state ----------------------------------------------------------------------------------
    def set_state(self, staff_no: str, counter: str) -> None:
        self._stored = (staff_no, counter)
        if not self.staff.hasFocus():
            self.staff.setText(staff_no)
        if not self.counter.hasFocus():
            self.counter.setText(counter)
        self._show_who(staff_no)

    def set_read_only(self, read_only: bool) -> None:
        for box in (self.staff, self.counter):
            box.setReadOnly(read_only)

    def _show_who(self, staff_no: str) -> None:
        match = next((b for b in self.register if b.employee_no == staff_no), None)
        if match is not None:
            self.who.setText(f"{match.name} · {post_label(match.post)}")
        elif staff_no:
            self.who.setText(self.tr("not in the branch's staff register"))
        else:
            self.who.setText("")

    def typed(self) -> str:
        """The staff box as the services read it: a chosen completion names its number."""
        text = self.staff.text().strip()
        for badge in self.register:
            if text == _completion(badge):
                return badge.employee_no
        return text

    def open(self) -> None:
        self.show()
        self.staff.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.staff.selectAll()

    def commit(self) -> None:
        """Store both boxes when they differ from what is stored."""
        if self.staff.isReadOnly():
            return
        staff, counter = self.typed(), self.counter.text().strip()
        if (staff, counter) != self._stored:
            self.committed.emit(staff, counter)

    # keys -----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.staff.setText(self._stored[0])
                self.counter.setText(self._stored[1])
                self.leave.emit()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if watched is self.staff:
                    self._take_completion()
                    self.counter.setFocus(Qt.FocusReason.TabFocusReason)
                    self.counter.selectAll()
                else:
                    self.commit()
                    self.leave.emit()
                return True
        if event.type() == QEvent.Type.FocusOut:
            focus = QApplication.focusWidget()
            if focus is None or not self.isAncestorOf(focus):
                self.commit()
        return super().eventFilter(watched, event)

    def _take_completion(self) -> None:
        """Enter while completions are offered takes the one highlighted (or the only one)."""
        popup = self.completer.popup()
        if popup is None or not popup.isVisible():
            return
        index = popup.currentIndex()
        model = self.completer.completionModel()
        if not index.isValid() and model.rowCount() == 1:
            index = model.index(0, 0)
        if index.isValid():
            self.staff.setText(str(model.data(index)))
        popup.hide()

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Staff / counter"))
        self.staff.setPlaceholderText(self.tr("Employee no. or name"))
        self.counter.setPlaceholderText(self.tr("Counter"))
        self.setToolTip(self.tr("Whom the item concerns: S on the card, Enter to store"))
        self.choices.setStringList([_completion(b) for b in self.register])
        self._show_who(self._stored[0])


class StaffHook(QObject):
    """The card's side of the field: made when first needed (S, or a stored name), inserted
    in the card's body before ``before``, storing through the session."""

    def __init__(self, card: QWidget, session: EditorSession, item_id: str, body: QVBoxLayout):
        super().__init__(card)
        self.card, self.session, self.item_id, self.body = card, session, item_id, body
        self.field: StaffField | None = None

    def ensure(self, before: QWidget) -> StaffField:
        if self.field is None:
            self.field = StaffField(self.session.staff_register(), self.card)
            self.field.committed.connect(self._store)
            self.field.leave.connect(lambda: self.card.setFocus(Qt.FocusReason.OtherFocusReason))
            self.body.insertWidget(self.body.indexOf(before), self.field)
            self.refresh()
        return self.field

    def refresh(self) -> None:
        """Show what is stored; the field appears once somebody is named."""
        staff_no, counter = self.session.named(self.item_id)
        field = self.field
        if field is None:
            return
        field.set_state(staff_no, counter)
        field.set_read_only(self.session.read_only)

    def open(self, before: QWidget) -> bool:
        """S on the card: open the field (not when the answers cannot be changed)."""
        if self.session.read_only:
            return False
        self.ensure(before).open()
        return True

    def _store(self, staff: str, counter: str) -> None:
        self.session.set_staff(self.item_id, staff, counter)
        self.refresh()

    def retranslate(self) -> None:
        if self.field is not None:
            self.field.retranslate()
