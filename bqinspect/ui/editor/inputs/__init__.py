"""Answer widgets, one per answer type, each with its own keys (see keys.py for the scheme)."""

from __future__ import annotations

from bqinspect.ui.editor.inputs.attachment import AttachmentInput
from bqinspect.ui.editor.inputs.base import AnswerInput, KeyResult, digit_of, plain
from bqinspect.ui.editor.inputs.buttons import ChoiceInput, RatingInput, YesNoInput
from bqinspect.ui.editor.inputs.checks import ChecksInput
from bqinspect.ui.editor.inputs.count import CountInput
from bqinspect.ui.editor.inputs.duration import (
    DurationInput,
    duration_text,
    format_seconds,
    parse_seconds,
)
from bqinspect.ui.editor.inputs.factory import make_input
from bqinspect.ui.editor.inputs.number import NumberInput, parse_number
from bqinspect.ui.editor.inputs.text import NoteEdit, TextInput
from bqinspect.ui.editor.inputs.when import (
    UNSET_DATE,
    DateInput,
    NavDateEdit,
    NavDateTimeEdit,
    TimestampInput,
)

__all__ = [
    "UNSET_DATE",
    "AnswerInput",
    "AttachmentInput",
    "ChecksInput",
    "ChoiceInput",
    "CountInput",
    "DateInput",
    "DurationInput",
    "KeyResult",
    "NavDateEdit",
    "NavDateTimeEdit",
    "NoteEdit",
    "NumberInput",
    "RatingInput",
    "TextInput",
    "TimestampInput",
    "YesNoInput",
    "digit_of",
    "duration_text",
    "format_seconds",
    "make_input",
    "parse_number",
    "parse_seconds",
    "plain",
]
