"""A time span in m:ss, filled from the stopwatch or typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator

from bqinspect.domain.answer_text import parse_seconds
from bqinspect.domain.scoring import ABSENT
from bqinspect.ui.editor.inputs.number import NumberInput


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = round(seconds)
    minutes, secs = divmod(whole, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def duration_text(value: float | str | None) -> str:
    """A duration as shown: m:ss, or "did not happen" for an event that never came."""
    if value == ABSENT:
        return QCoreApplication.translate("DurationInput", "did not happen")
    return format_seconds(value if isinstance(value, int | float) else None)


class DurationInput(NumberInput):
    """A time span in m:ss, filled from the stopwatch; can be typed when a mark was missed."""

    def _setup_validator(self) -> None:
        self.edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^\d{0,5}(:\d{0,2}){0,2}$"), self.edit)
        )
        self.edit.setPlaceholderText("m:ss")

    def _format(self, value: Any) -> str:
        return "" if value == ABSENT else duration_text(value)

    def set_state(self, value: Any, na: bool) -> None:
        if value != ABSENT:
            super().set_state(value, na)
            return
        self._value, self._na = value, na  # the event never came: nothing to edit, said so
        self.edit.clear()
        self.edit.setPlaceholderText(duration_text(value))
        if self.na_button is not None:
            self.na_button.setChecked(False)

    def commit_pending(self) -> None:
        if self._value == ABSENT and not self.edit.text().strip():
            return  # "did not happen" is shown, nothing typed over it
        super().commit_pending()

    def key_refusal(self) -> str:
        return self.tr("Only digits and colons can be typed here, as m:ss.")

    def accepted(self) -> str:
        return self.tr("a time as m:ss or h:mm:ss")

    def _parse(self, text: str) -> Any:
        return parse_seconds(text)

    def retranslate(self, lang: str) -> None:
        derive = self.item.derive
        if derive is not None:
            base = self.tr("from stopwatch %1 → %2").replace("%1", derive.start)
            base = base.replace("%2", derive.end)
            if derive.absent_after:
                base += " · " + self.tr("no %1 before %2: fails").replace("%1", derive.end).replace(
                    "%2", derive.absent_after
                )
            bands = [b for b in (self.item.bands or []) if b.score >= 1 and b.max is not None]
            if bands:
                target = format_seconds(bands[0].max)
                base += " · " + self.tr("target ≤ %1").replace("%1", target)
            self.hint.setText(base)
        if self.na_button is not None:
            self.na_button.setText(self.tr("N/A"))
