"""Date and moment answers in calendar fields; T sets today or now."""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QLabel, QPushButton, QWidget

from bqinspect.base import clock
from bqinspect.domain.forms import Item
from bqinspect.ui.editor.inputs.base import AnswerInput, KeyResult, plain

UNSET_DATE = QDate(1900, 1, 1)  # the minimum of a field, shown as "—" (no answer)
_LEFT_TO_CARD = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_T, Qt.Key.Key_Delete)


def _unset(edit: QDateTimeEdit) -> bool:
    return edit.dateTime() == edit.minimumDateTime()


def _nav_key_press(edit: NavDateEdit | NavDateTimeEdit, event: QKeyEvent) -> None:
    """Leave Up/Down (navigation), T (today/now) and Delete to the card; refuse typing into
    the "—" of an unset field (there is no date to edit yet)."""
    if event.key() in _LEFT_TO_CARD and plain(event):
        event.ignore()
    elif _unset(edit) and event.text().strip() and event.text().isprintable():
        edit.key_refused.emit()
    else:
        QDateTimeEdit.keyPressEvent(edit, event)


def _validate(edit: QDateTimeEdit, text: str, pos: int) -> object:
    """Nothing typed onto the "—" of an unset field (Qt would take "—y5y5…")."""
    special = edit.specialValueText()
    if special and text != special and text.startswith(special):
        return QValidator.State.Invalid
    return QDateTimeEdit.validate(edit, text, pos)


class NavDateEdit(QDateEdit):
    """A date field whose navigation keys go to the card."""

    key_refused = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        _nav_key_press(self, event)

    def validate(self, text: str, pos: int) -> object:
        return _validate(self, text, pos)


class NavDateTimeEdit(QDateTimeEdit):
    """A date-time field whose navigation keys go to the card."""

    key_refused = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        _nav_key_press(self, event)

    def validate(self, text: str, pos: int) -> object:
        return _validate(self, text, pos)


class _WhenInput(AnswerInput):
    """A date or a moment in a calendar field, "—" while unset; T (or the button) sets now."""

    def __init__(
        self, item: Item, edit: NavDateEdit | NavDateTimeEdit, parent: QWidget | None = None
    ):
        super().__init__(item, parent)
        self.edit = edit
        edit.key_refused.connect(lambda: self.refused.emit(self.unset_hint()))
        edit.setCalendarPopup(True)
        edit.setMinimumDateTime(QDateTime(UNSET_DATE, QTime(0, 0)))
        edit.setSpecialValueText("—")
        edit.setDateTime(edit.minimumDateTime())
        edit.dateTimeChanged.connect(self._changed)
        self.now_button = QPushButton()
        self.now_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.now_button.clicked.connect(self.set_now)
        self.row.addWidget(edit)
        self.row.addWidget(self.now_button)
        self._setting = False

    def now(self) -> QDateTime:
        raise NotImplementedError

    def unset_hint(self) -> str:
        """What to do instead of typing into an unset field."""
        raise NotImplementedError

    def stored(self, shown: QDateTime) -> str:
        """The answer value of what the field shows."""
        raise NotImplementedError

    def shown(self, value: str) -> QDateTime:
        """What the field shows of a stored value; ValueError when it cannot be read."""
        raise NotImplementedError

    def set_now(self) -> None:
        self.edit.setDateTime(self.now())

    def focus_widget(self) -> QWidget | None:
        return self.edit

    def _changed(self, value: QDateTime) -> None:
        if self._setting or self.read_only:
            return
        unset = value == self.edit.minimumDateTime()
        self.committed.emit(None if unset else self.stored(value), False)

    def set_state(self, value: Any, na: bool) -> None:
        target = self.edit.minimumDateTime()
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                target = self.shown(value)
        if target != self.edit.dateTime():
            self._setting = True
            self.edit.setDateTime(target)
            self._setting = False

    def handle_key(self, event: QKeyEvent) -> KeyResult:
        if not self.read_only and event.key() == Qt.Key.Key_T and plain(event):
            self.set_now()
            return KeyResult.HANDLED
        return super().handle_key(event)


class DateInput(_WhenInput):
    """A date; T on the card sets today."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, NavDateEdit(), parent)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setMinimumWidth(130)
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.row.addWidget(self.hint)
        self.row.addStretch()

    def now(self) -> QDateTime:
        return QDateTime(QDate(clock.today()), QTime(0, 0))

    def unset_hint(self) -> str:
        return self.tr("No date yet: press T for today or pick one from the calendar, then edit.")

    def stored(self, shown: QDateTime) -> str:
        return shown.date().toString(Qt.DateFormat.ISODate)

    def shown(self, value: str) -> QDateTime:
        day = date.fromisoformat(value[:10])
        return QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))

    def retranslate(self, lang: str) -> None:
        self.now_button.setText(self.tr("Today"))
        if self.item.max_age_days:
            self.hint.setText(
                self.tr("valid for %1 days").replace("%1", str(self.item.max_age_days))
            )


class TimestampInput(_WhenInput):
    """A moment to the second; T on the card sets now."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, NavDateTimeEdit(), parent)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.row.addStretch()

    def now(self) -> QDateTime:
        return QDateTime(clock.local_now().replace(tzinfo=None))

    def unset_hint(self) -> str:
        return self.tr("No time yet: press T for now or pick a day from the calendar, then edit.")

    def stored(self, shown: QDateTime) -> str:
        moment = shown.toPython()  # typed as object by PySide6
        assert isinstance(moment, datetime)
        return moment.astimezone().isoformat()

    def shown(self, value: str) -> QDateTime:
        local = datetime.fromisoformat(value).astimezone()
        return QDateTime(
            QDate(local.year, local.month, local.day),
            QTime(local.hour, local.minute, local.second),
        )

    def retranslate(self, lang: str) -> None:
        self.now_button.setText(self.tr("Now"))
