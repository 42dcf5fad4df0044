"""The workbook's vocabulary: its sheets, their columns and the answer type words."""

from __future__ import annotations

from dataclasses import dataclass

from bqinspect.domain.forms import AnswerType


@dataclass(frozen=True)
class SheetSpec:
    """The columns a sheet may have and those it must have."""

    columns: tuple[str, ...]
    required: tuple[str, ...]


def _spec(columns: str, required: str) -> SheetSpec:
    return SheetSpec(tuple(columns.split()), tuple(required.split()))


SHEETS: dict[str, SheetSpec] = {
    "survey": _spec(
        "type name label::zh label::en guidance::zh guidance::en weight points na_allowed "
        "required photo_on_fail note_on_fail severity risk_type requirement::zh requirement::en "
        "veto gate block show_if overt_only scale unit bands count_of derive max_age_days "
        "fail_below dimension basis reasons::zh reasons::en dwell weight_note",
        "type name label::zh label::en",
    ),
    "choices": _spec(
        "list_name name label::zh label::en score flagged", "list_name name label::zh label::en"
    ),
    "checks": _spec(
        "item name label::zh label::en points veto", "item name label::zh label::en points"
    ),
    "settings": _spec(
        "form_id version kind title::zh title::en description::zh description::en scenario "
        "veto_grade deduction_reason finding_source weight_note",
        "form_id version kind title::zh title::en",
    ),
    "grades": _spec("grade label::zh label::en min max", "grade min"),
    "blocks": _spec("id title::zh title::en", "id"),
    "checkpoints": _spec("id label::zh label::en key", "id"),
    "deadlines": _spec("severity days working_days", "severity days"),
    "risk_types": _spec("id label::zh label::en", "id"),
}

REQUIRED_SHEETS = ("survey", "settings", "grades")
# the columns of a group (section) row
GROUP_COLUMNS = frozenset({"type", "name", "label::zh", "label::en", "weight", "dimension"})
PLAIN_TYPES = [t.value for t in AnswerType if t not in (AnswerType.CHOICE, AnswerType.MULTICHOICE)]
SELECT_TYPES = {"select_one": AnswerType.CHOICE, "select_multiple": AnswerType.MULTICHOICE}
# long texts, wrapped
WRAPPED = ("label", "guidance", "requirement", "title", "description", "reasons", "basis")
