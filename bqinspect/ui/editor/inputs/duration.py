"""A time span in m:ss, filled from the stopwatch or typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression
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


class DurationInput(NumberInput):
    """A time span in m:ss, filled from the stopwatch; can be typed when a mark was missed."""

    def _setup_validator(self) -> None:
        self.edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^\d{0,5}(:\d{0,2}){0,2}$"), self.edit)
        )
        self.edit.setPlaceholderText("m:ss")

    def _format(self, value: Any) -> str:
        if value == ABSENT:  # the event never came before its deadline mark
            return self.tr("did not happen")
        return format_seconds(value)

    def commit_pending(self) -> None:
        if self._value == ABSENT and self.edit.text() == self._format(ABSENT):
            return  # shown as "did not happen": nothing typed
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
