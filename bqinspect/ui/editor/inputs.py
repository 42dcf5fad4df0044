"""Answer widgets, one per answer type, each with its own keys (see keys.py for the scheme)."""

from __future__ import annotations

import contextlib
import enum
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QRegularExpression, Qt, QTime, Signal
from PySide6.QtGui import QDoubleValidator, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from bqinspect.base import clock
from bqinspect.domain.forms import AnswerType, Item
from bqinspect.domain.scoring import FAIL, PASS

UNSET_DATE = QDate(1900, 1, 1)


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


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = round(seconds)
    minutes, secs = divmod(whole, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def parse_seconds(text: str) -> float | None:
    """``m:ss``, ``h:mm:ss`` or plain seconds; None when empty; ValueError when unreadable."""
    text = text.strip()
    if not text:
        return None
    parts = text.split(":")
    if not all(p.strip().isdigit() for p in parts) or len(parts) > 3:
        raise ValueError(text)
    total = 0
    for part in parts:
        total = total * 60 + int(part)
    return float(total)


def parse_number(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    value = float(text)
    return int(value) if value == int(value) else value


class NoteEdit(QPlainTextEdit):
    """Multi-line text that gives focus back on Escape and moves focus with Tab."""

    escaped = Signal()

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


_LEFT_TO_CARD = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_T, Qt.Key.Key_Delete)


def _nav_key_press(edit: QDateTimeEdit, event: QKeyEvent) -> None:
    """Leave Up/Down (navigation), T (today/now) and Delete to the card."""
    if event.key() in _LEFT_TO_CARD and plain(event):
        event.ignore()
    else:
        QDateTimeEdit.keyPressEvent(edit, event)


class NavDateEdit(QDateEdit):
    """A date field whose navigation keys go to the card."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        _nav_key_press(self, event)


class NavDateTimeEdit(QDateTimeEdit):
    """A date-time field whose navigation keys go to the card."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        _nav_key_press(self, event)


class AnswerInput(QWidget):
    """Base of the answer widgets. ``committed(value, na)`` asks the card to store an answer."""

    committed = Signal(object, bool)
    leave = Signal()  # give the focus back to the card (Escape in a text field)

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

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for child in self.findChildren(QWidget):
            if isinstance(child, QAbstractButton):
                child.setEnabled(not read_only)
            elif isinstance(child, QLineEdit | QPlainTextEdit | QDateEdit | QDateTimeEdit):
                child.setReadOnly(read_only)

    def retranslate(self, lang: str) -> None:
        """Re-label after a language change (``lang`` is the content language zh/en)."""

    def _add_na_button(self) -> QPushButton | None:
        """An N/A button at the end of the row when the item allows N/A (it commits N/A)."""
        if not self.item.na_allowed:
            return None
        button = _button("", "na")
        button.clicked.connect(lambda: self.committed.emit(None, True))
        self.row.addWidget(button)
        return button


def _button(text: str, role: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName("answer")
    button.setProperty("role", role)
    button.setCheckable(True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
    return button


class _ButtonsInput(AnswerInput):
    """Exclusive buttons; subclasses fill ``self.buttons`` (value → button)."""

    def __init__(self, item: Item, parent: QWidget | None = None, exclusive: bool = True):
        super().__init__(item, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(exclusive)
        self.buttons: dict[Any, QPushButton] = {}
        self.na_button: QPushButton | None = None

    def _add(self, value: Any, button: QPushButton) -> None:
        self.buttons[value] = button
        self.group.addButton(button)
        self.row.addWidget(button)
        button.clicked.connect(lambda _checked=False, v=value: self._clicked(v))

    def _add_na(self) -> None:
        self.na_button = self._add_na_button()
        if self.na_button is not None:
            self.group.addButton(self.na_button)

    def _clicked(self, value: Any) -> None:
        self.committed.emit(value, False)

    def set_state(self, value: Any, na: bool) -> None:
        exclusive = self.group.exclusive()
        self.group.setExclusive(False)
        for key, button in self.buttons.items():
            button.setChecked(not na and self._is_selected(key, value))
        if self.na_button is not None:
            self.na_button.setChecked(na)
        self.group.setExclusive(exclusive)

    def _is_selected(self, key: Any, value: Any) -> bool:
        return bool(key == value)

    def _na_key(self, event: QKeyEvent) -> bool:
        return self.item.na_allowed and plain(event) and event.key() in (Qt.Key.Key_0, Qt.Key.Key_A)


class YesNoInput(_ButtonsInput):
    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        self._add(PASS, _button("", "pass"))
        self._add(FAIL, _button("", "fail"))
        self._add_na()
        self.row.addStretch()

    def handle_key(self, event: QKeyEvent) -> KeyResult:
        if self.read_only:
            return KeyResult.IGNORED
        key = event.key()
        if plain(event) and key in (Qt.Key.Key_Y, Qt.Key.Key_P):
            self.committed.emit(PASS, False)
            return KeyResult.ADVANCE
        if plain(event) and key in (Qt.Key.Key_N, Qt.Key.Key_F):
            self.committed.emit(FAIL, False)
            return KeyResult.HANDLED  # stay: a failed item wants a photo, note, finding
        if self._na_key(event):
            self.committed.emit(None, True)
            return KeyResult.ADVANCE
        return super().handle_key(event)

    def retranslate(self, lang: str) -> None:
        self.buttons[PASS].setText(self.tr("✓ Pass  Y"))
        self.buttons[FAIL].setText(self.tr("✗ Fail  N"))
        if self.na_button is not None:
            self.na_button.setText(self.tr("N/A  0"))


class RatingInput(_ButtonsInput):
    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        for n in range(1, item.scale + 1):
            button = _button(str(n), "value")
            button.setStyleSheet("min-width: 30px; padding: 4px 6px;")
            self._add(n, button)
        self._add_na()
        self.scale_hint = QLabel()
        self.scale_hint.setObjectName("muted")
        self.scale_hint.setWordWrap(True)
        self.row.addWidget(self.scale_hint)
        self.row.addStretch()

    def handle_key(self, event: QKeyEvent) -> KeyResult:
        if self.read_only:
            return KeyResult.IGNORED
        digit = digit_of(event)
        if digit is not None and 1 <= digit <= self.item.scale:
            self.committed.emit(digit, False)
            return KeyResult.ADVANCE
        if self._na_key(event):
            self.committed.emit(None, True)
            return KeyResult.ADVANCE
        return super().handle_key(event)

    def retranslate(self, lang: str) -> None:
        self.scale_hint.setText(
            self.tr("1 very poor … %1 excellent").replace("%1", str(self.item.scale))
        )
        if self.na_button is not None:
            self.na_button.setText(self.tr("N/A  0"))


class ChoiceInput(_ButtonsInput):
    """Options numbered 1…n; with ``multi`` each key toggles an option."""

    def __init__(self, item: Item, parent: QWidget | None = None, multi: bool = False):
        super().__init__(item, parent, exclusive=not multi)
        self.multi = multi
        self.lang = "zh"
        assert item.options is not None
        for option in item.options:
            self._add(option.value, _button("", "value"))
        self._add_na()
        self.row.addStretch()
        self._current: list[str] = []

    def _is_selected(self, key: Any, value: Any) -> bool:
        if self.multi:
            return isinstance(value, list) and key in value
        return bool(key == value)

    def set_state(self, value: Any, na: bool) -> None:
        self._current = list(value) if self.multi and isinstance(value, list) else []
        super().set_state(value, na)

    def _clicked(self, value: Any) -> None:
        if self.multi:
            self._toggle(value)
        else:
            self.committed.emit(value, False)

    def _toggle(self, value: str) -> None:
        chosen = list(self._current)
        if value in chosen:
            chosen.remove(value)
        else:
            chosen.append(value)
        self.committed.emit(chosen, False)

    def handle_key(self, event: QKeyEvent) -> KeyResult:
        if self.read_only:
            return KeyResult.IGNORED
        assert self.item.options is not None
        digit = digit_of(event)
        if digit is not None and 1 <= digit <= len(self.item.options):
            value = self.item.options[digit - 1].value
            if self.multi:
                self._toggle(value)
                return KeyResult.HANDLED
            self.committed.emit(value, False)
            return KeyResult.ADVANCE
        if self._na_key(event):
            self.committed.emit(None, True)
            return KeyResult.ADVANCE
        return super().handle_key(event)

    def retranslate(self, lang: str) -> None:
        assert self.item.options is not None
        for number, option in enumerate(self.item.options, start=1):
            prefix = f"{number} · " if number <= 9 else ""
            self.buttons[option.value].setText(prefix + option.label.get(lang))
        if self.na_button is not None:
            self.na_button.setText(self.tr("N/A  0"))


class NumberInput(AnswerInput):
    """Digits go straight into the field; Enter (or moving away) commits."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(140)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._setup_validator()
        self.edit.editingFinished.connect(self.commit_pending)
        self.unit = QLabel(item.unit or "")
        self.row.addWidget(self.edit)
        self.row.addWidget(self.unit)
        self.na_button = self._add_na_button()
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.row.addWidget(self.hint, 1)
        self._value: Any = None
        self._na = False

    def _setup_validator(self) -> None:
        validator = QDoubleValidator(0.0, 1e12, 3, self.edit)
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
        self.edit.setValidator(validator)

    def focus_widget(self) -> QWidget | None:
        return self.edit

    def _format(self, value: Any) -> str:
        return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)

    def _parse(self, text: str) -> Any:
        return parse_number(text)

    def set_state(self, value: Any, na: bool) -> None:
        self._value, self._na = value, na
        try:
            typed = self._parse(self.edit.text())
        except ValueError:
            typed = object()
        if typed != value or na:
            self.edit.setText(self._format(value))
        self.edit.setPlaceholderText(self.tr("N/A") if na else "")
        if self.na_button is not None:
            self.na_button.setChecked(na)

    def commit_pending(self) -> None:
        if self.read_only:
            return
        try:
            value = self._parse(self.edit.text())
        except ValueError:
            return
        if value == self._value and not (self._na and value is not None):
            return
        if value is None and self._na:
            return
        self.committed.emit(value, False)

    def retranslate(self, lang: str) -> None:
        if self.na_button is not None:
            self.na_button.setText(self.tr("N/A"))
        bands = self.item.bands or []
        if bands:
            parts = []
            for band in bands:
                if band.score >= 1:
                    low = "" if band.min is None else f"≥{band.min:g}"
                    high = "" if band.max is None else f"≤{band.max:g}"
                    parts.append(" ".join(p for p in (low, high) if p))
            if parts:
                self.hint.setText(self.tr("target %1").replace("%1", " / ".join(parts)))


class DurationInput(NumberInput):
    """A time span in m:ss, filled from the stopwatch; can be typed when a mark was missed."""

    def _setup_validator(self) -> None:
        self.edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^\d{0,5}(:\d{0,2}){0,2}$"), self.edit)
        )
        self.edit.setPlaceholderText("m:ss")

    def _format(self, value: Any) -> str:
        return format_seconds(value)

    def _parse(self, text: str) -> Any:
        return parse_seconds(text)

    def retranslate(self, lang: str) -> None:
        derive = self.item.derive
        if derive is not None:
            base = self.tr("from stopwatch %1 → %2").replace("%1", derive.start)
            base = base.replace("%2", derive.end)
            bands = [b for b in (self.item.bands or []) if b.score >= 1 and b.max is not None]
            if bands:
                target = format_seconds(bands[0].max)
                base += " · " + self.tr("target ≤ %1").replace("%1", target)
            self.hint.setText(base)
        if self.na_button is not None:
            self.na_button.setText(self.tr("N/A"))


class CountInput(AnswerInput):
    """ "x of y": OK items out of those checked; digits go into x, Tab to y."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        self.x_edit = QLineEdit()
        self.y_edit = QLineEdit()
        for edit in (self.x_edit, self.y_edit):
            edit.setMaximumWidth(70)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"^\d{0,5}$"), edit))
            edit.editingFinished.connect(self._editing_finished)
        self.of = QLabel()
        self.row.addWidget(self.x_edit)
        self.row.addWidget(self.of)
        if item.count_of is not None:
            self.y_edit.setText(str(item.count_of))
            self.y_edit.setReadOnly(True)
            self.y_edit.hide()
            self.fixed = QLabel(str(item.count_of))
            self.row.addWidget(self.fixed)
        else:
            self.row.addWidget(self.y_edit)
        self.ok_label = QLabel()
        self.ok_label.setObjectName("muted")
        self.row.addWidget(self.ok_label)
        self.na_button = self._add_na_button()
        self.row.addStretch()
        self._value: Any = None

    def focus_widget(self) -> QWidget | None:
        return self.x_edit

    def set_state(self, value: Any, na: bool) -> None:
        self._value = value
        if isinstance(value, dict):
            if self.x_edit.text() != str(value.get("x", "")):
                self.x_edit.setText(str(value.get("x", "")))
            if self.item.count_of is None and self.y_edit.text() != str(value.get("y", "")):
                self.y_edit.setText(str(value.get("y", "")))
        elif value is None and not self.x_edit.hasFocus() and not self.y_edit.hasFocus():
            self.x_edit.clear()
            if self.item.count_of is None:
                self.y_edit.clear()
        if self.na_button is not None:
            self.na_button.setChecked(na)

    def _editing_finished(self) -> None:
        typing_y_next = self.sender() is self.x_edit and self.item.count_of is None
        editing = self.x_edit.hasFocus() or self.y_edit.hasFocus()
        if editing and typing_y_next and not self.y_edit.text():
            return  # y still to come
        self.commit_pending()

    def commit_pending(self) -> None:
        if self.read_only:
            return
        x_text, y_text = self.x_edit.text().strip(), self.y_edit.text().strip()
        if not x_text and not (self.item.count_of is None and y_text):
            if self._value is not None:
                self.committed.emit(None, False)
            return
        if not x_text or not y_text:
            return
        value = {"x": int(x_text), "y": int(y_text)}
        if value != self._value:
            self.committed.emit(value, False)

    def retranslate(self, lang: str) -> None:
        self.of.setText(self.tr("of"))
        self.ok_label.setText(self.tr("OK"))
        if self.na_button is not None:
            self.na_button.setText(self.tr("N/A"))


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


class _WhenInput(AnswerInput):
    """A date or a moment in a calendar field, "—" while unset; T (or the button) sets now."""

    def __init__(self, item: Item, edit: QDateTimeEdit, parent: QWidget | None = None):
        super().__init__(item, parent)
        self.edit = edit
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


def make_input(item: Item, parent: QWidget | None = None) -> AnswerInput:
    t = item.type
    if t is AnswerType.YESNO:
        return YesNoInput(item, parent)
    if t is AnswerType.RATING:
        return RatingInput(item, parent)
    if t is AnswerType.CHOICE:
        return ChoiceInput(item, parent)
    if t is AnswerType.MULTICHOICE:
        return ChoiceInput(item, parent, multi=True)
    if t is AnswerType.NUMBER:
        return NumberInput(item, parent)
    if t is AnswerType.DURATION:
        return DurationInput(item, parent)
    if t is AnswerType.COUNT:
        return CountInput(item, parent)
    if t is AnswerType.TEXT:
        return TextInput(item, parent)
    if t is AnswerType.DATE:
        return DateInput(item, parent)
    if t is AnswerType.TIMESTAMP:
        return TimestampInput(item, parent)
    return AttachmentInput(item, parent)
