"""A number typed into a field, with its unit and the target from its score bands."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, Qt
from PySide6.QtGui import QDoubleValidator, QFocusEvent, QValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from bqinspect.domain.answer_text import parse_number
from bqinspect.domain.forms import Item
from bqinspect.ui.editor.inputs.base import AnswerInput
from bqinspect.ui.labels import unit_label

TOP = 1e12  # the largest number typed into a field


class DecimalValidator(QDoubleValidator):
    """0 to :data:`TOP`, at most 3 decimals, a point or a comma as the decimal mark (as
    ``parse_number`` reads it), never a group separator: "1,000" is not a thousand."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(0.0, TOP, 3, parent)
        self.setNotation(QDoubleValidator.Notation.StandardNotation)
        plain = QLocale.c()
        plain.setNumberOptions(QLocale.NumberOption.RejectGroupSeparator)
        self.setLocale(plain)

    def validate(self, text: str, pos: int) -> object:
        if text.count(",") + text.count(".") > 1:
            return QValidator.State.Invalid
        state = super().validate(text.replace(",", "."), pos)
        return state[0] if isinstance(state, tuple) else state


class NumberInput(AnswerInput):
    """Digits go straight into the field; Enter (or moving away) commits. A key the field does
    not take, or a value it cannot store, is refused with the reason, and the stored value is
    put back."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(140)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._setup_validator()
        self.edit.editingFinished.connect(self.commit_pending)
        self.edit.inputRejected.connect(lambda: self.refused.emit(self.key_refusal()))
        self.edit.installEventFilter(self)  # moving away with a value it cannot take
        self.unit = QLabel(unit_label(item.unit))
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
        self.edit.setValidator(DecimalValidator(self.edit))

    def focus_widget(self) -> QWidget | None:
        return self.edit

    def key_refusal(self) -> str:
        return self.tr("Only digits and one decimal point can be typed here.")

    def accepted(self) -> str:
        """The values the field takes, for a refusal."""
        return self.tr("a number from 0 to %1 with at most 3 decimals").replace("%1", f"{TOP:,.0f}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.edit
            and isinstance(event, QFocusEvent)
            and event.type() == QEvent.Type.FocusOut
            and event.reason() != Qt.FocusReason.PopupFocusReason  # its own context menu
        ):
            self.commit_pending()
        return super().eventFilter(watched, event)

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
        text = self.edit.text()
        try:
            if text.strip() and not self.edit.hasAcceptableInput():
                raise ValueError(text)
            value = self._parse(text)
        except ValueError:
            self._put_back(text)
            return
        if value == self._value and not (self._na and value is not None):
            return
        if value is None and self._na:
            return
        self.committed.emit(value, False)

    def _put_back(self, typed: str) -> None:
        self.edit.setText("" if self._na else self._format(self._value))
        # one context for the subclasses too (self.tr would look in the subclass's)
        self.refused.emit(
            QCoreApplication.translate(
                "NumberInput", "“%1” is not taken: %2 is expected. The stored value was put back."
            )
            .replace("%1", typed.strip())
            .replace("%2", self.accepted())
        )

    def retranslate(self, lang: str) -> None:
        self.unit.setText(unit_label(self.item.unit))
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
