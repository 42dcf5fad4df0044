"""The answer widget for an item, chosen by its answer type."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from bqinspect.domain.forms import AnswerType, Item
from bqinspect.ui.editor.inputs.attachment import AttachmentInput
from bqinspect.ui.editor.inputs.base import AnswerInput
from bqinspect.ui.editor.inputs.buttons import ChoiceInput, RatingInput, YesNoInput
from bqinspect.ui.editor.inputs.checks import ChecksInput
from bqinspect.ui.editor.inputs.count import CountInput
from bqinspect.ui.editor.inputs.duration import DurationInput
from bqinspect.ui.editor.inputs.number import NumberInput
from bqinspect.ui.editor.inputs.text import TextInput
from bqinspect.ui.editor.inputs.when import DateInput, TimestampInput


def _multichoice(item: Item, parent: QWidget | None = None) -> AnswerInput:
    return ChoiceInput(item, parent, multi=True)


_BY_TYPE: dict[AnswerType, Callable[[Item, QWidget | None], AnswerInput]] = {
    AnswerType.YESNO: YesNoInput,
    AnswerType.RATING: RatingInput,
    AnswerType.CHOICE: ChoiceInput,
    AnswerType.MULTICHOICE: _multichoice,
    AnswerType.NUMBER: NumberInput,
    AnswerType.DURATION: DurationInput,
    AnswerType.COUNT: CountInput,
    AnswerType.CHECKS: ChecksInput,
    AnswerType.TEXT: TextInput,
    AnswerType.DATE: DateInput,
    AnswerType.TIMESTAMP: TimestampInput,
    AnswerType.PHOTO: AttachmentInput,
    AnswerType.SIGNATURE: AttachmentInput,
}


def make_input(item: Item, parent: QWidget | None = None) -> AnswerInput:
    return _BY_TYPE[item.type](item, parent)
