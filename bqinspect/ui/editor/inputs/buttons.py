"""Answers given with buttons: pass/fail, a rating, one or several options."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QLabel, QPushButton, QWidget

from bqinspect.domain.forms import Item
from bqinspect.domain.scoring import FAIL, PASS
from bqinspect.ui.editor.inputs.base import AnswerInput, KeyResult, answer_button, digit_of, plain


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
        self._add(PASS, answer_button("", "pass"))
        self._add(FAIL, answer_button("", "fail"))
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
            button = answer_button(str(n), "value")
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
            self._add(option.value, answer_button("", "value"))
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
