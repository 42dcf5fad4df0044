"""A multi-check answer: each named check passed or failed; digits toggle, Y passes the rest."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QPushButton, QWidget

from bqinspect.domain.checks import check_answers
from bqinspect.domain.forms import Item
from bqinspect.domain.scoring import FAIL, PASS
from bqinspect.ui.editor.inputs.base import AnswerInput, KeyResult, answer_button, digit_of, plain


class ChecksInput(AnswerInput):
    """One row a check: its number, ✓ and ✗ buttons and its text."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        self.checks = list(item.checks or [])
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self.buttons: dict[tuple[str, str], QPushButton] = {}
        self.labels: list[QLabel] = []
        for row, check in enumerate(self.checks):
            group = QButtonGroup(self)
            for col, answer in enumerate((PASS, FAIL)):
                button = answer_button("✓" if answer == PASS else "✗", answer)
                button.setStyleSheet("min-width: 30px; padding: 2px 6px;")
                button.clicked.connect(lambda _checked=False, c=check.id, a=answer: self._set(c, a))
                group.addButton(button)
                grid.addWidget(button, row, col)
                self.buttons[(check.id, answer)] = button
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            grid.addWidget(label, row, 2)
            self.labels.append(label)
        grid.setColumnStretch(2, 1)
        self.row.addWidget(grid_host, 1)
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.row.addWidget(self.hint)
        self.na_button = self._add_na_button()
        self._value: dict[str, str] = {}

    def _set(self, check_id: str, answer: str) -> None:
        if self.read_only:
            return
        self.committed.emit({**self._value, check_id: answer}, False)

    def set_state(self, value: Any, na: bool) -> None:
        self._value = {} if na else check_answers(self.item, value)
        for (check_id, answer), button in self.buttons.items():
            group = button.group()
            if group is not None:
                group.setExclusive(False)
            button.setChecked(self._value.get(check_id) == answer)
            if group is not None:
                group.setExclusive(True)
        if self.na_button is not None:
            self.na_button.setChecked(na)

    def handle_key(self, event: QKeyEvent) -> KeyResult:
        if self.read_only:
            return KeyResult.IGNORED
        digit = digit_of(event)
        if digit is not None and 1 <= digit <= len(self.checks):
            check_id = self.checks[digit - 1].id
            answer = PASS if self._value.get(check_id) == FAIL else FAIL
            self._set(check_id, answer)
            return KeyResult.HANDLED
        if plain(event) and event.key() in (Qt.Key.Key_Y, Qt.Key.Key_P):
            rest = {c.id: PASS for c in self.checks if c.id not in self._value}
            self.committed.emit({**self._value, **rest}, False)
            failed = FAIL in self._value.values()
            return KeyResult.HANDLED if failed else KeyResult.ADVANCE
        if self.item.na_allowed and plain(event) and event.key() in (Qt.Key.Key_0, Qt.Key.Key_A):
            self.committed.emit(None, True)
            return KeyResult.ADVANCE
        return super().handle_key(event)

    def retranslate(self, lang: str) -> None:
        for number, (check, label) in enumerate(zip(self.checks, self.labels, strict=True), 1):
            points = self.tr("%1 pts").replace("%1", f"{check.points:g}")
            veto = "  ⚑ " + self.tr("veto") if check.veto else ""
            label.setText(f"{number} · {check.id} {check.text.get(lang)} ({points}){veto}")
        self.hint.setText(
            self.tr("1–%1 fail a check · Y the rest pass").replace("%1", str(len(self.checks)))
        )
        if self.na_button is not None:
            self.na_button.setText(self.tr("N/A  0"))
