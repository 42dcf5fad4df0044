"""A number typed into a field, with its unit and the target from its score bands."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from bqinspect.domain.answer_text import parse_number
from bqinspect.domain.forms import Item
from bqinspect.ui.editor.inputs.base import AnswerInput


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
