"""Checklist form model: sections, items, answer types, grading; validated with pydantic."""

from __future__ import annotations

import enum
import itertools
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bqinspect.domain.messages import Words, declare

TEXT_BLANK = declare("domain.forms.text_blank", "text must not be blank", "文本不能为空白")
BLANK = declare("domain.forms.blank", "must not be blank", "不能为空白")
BAND_NEEDS_BOUND = declare(
    "domain.forms.band_needs_bound", "a band needs min or max", "评分区间需要 min 或 max"
)
BAND_MIN_OVER_MAX = declare(
    "domain.forms.band_min_over_max",
    "band min {min} is greater than max {max}",
    "评分区间的 min {min} 大于 max {max}",
)
SHOW_IF_ONE_CONDITION = declare(
    "domain.forms.show_if_one_condition",
    "show_if needs exactly one of 'equals' or 'in'",
    "show_if 必须且只能写 'equals' 或 'in' 其中之一",
)
NEEDS_TWO_OPTIONS = declare(
    "domain.forms.needs_two_options",
    "a {type} item needs at least two options",
    "{type} 类检查项至少需要两个选项",
)
DUPLICATE_OPTIONS = declare(
    "domain.forms.duplicate_options", "duplicate option values: {values}", "选项值重复：{values}"
)
OPTIONS_ONLY_FOR_CHOICE = declare(
    "domain.forms.options_only_for_choice",
    "options are only for choice/multichoice, not {type}",
    "只有 choice/multichoice 类检查项才能有 options，{type} 类不能有",
)
NEEDS_BANDS = declare(
    "domain.forms.needs_bands",
    "a scored {type} item needs scoring bands",
    "计分的 {type} 类检查项需要评分区间（bands）",
)
BANDS_ONLY_FOR_NUMBERS = declare(
    "domain.forms.bands_only_for_numbers",
    "bands are only for number/duration, not {type}",
    "只有 number/duration 类检查项才能有 bands，{type} 类不能有",
)
DURATION_NEEDS_DERIVE = declare(
    "domain.forms.duration_needs_derive",
    "a duration item needs 'derive' with start and end checkpoints",
    "duration 类检查项需要 derive，写明开始和结束计时点",
)
DERIVE_ONLY_FOR_DURATION = declare(
    "domain.forms.derive_only_for_duration",
    "'derive' is only for duration items",
    "只有 duration 类检查项才能有 derive",
)
CHECKS_ONLY_FOR_CHECKS = declare(
    "domain.forms.checks_only_for_checks",
    "checks are only for checks items, not {type}",
    "只有 checks 类检查项才能有 checks，{type} 类不能有",
)
MAX_AGE_ONLY_FOR_DATES = declare(
    "domain.forms.max_age_only_for_dates",
    "max_age_days is only for date items",
    "只有 date 类检查项才能有 max_age_days",
)
NEEDS_REQUIREMENT = declare(
    "domain.forms.needs_requirement",
    "a scored item needs a rectification 'requirement' text",
    "计分的检查项需要整改要求（requirement）",
)
GATES_OWN_BLOCK = declare(
    "domain.forms.gates_own_block",
    "an item cannot gate its own block",
    "检查项不能作为自己所在区块的门槛项（gate）",
)
NEEDS_TWO_CHECKS = declare(
    "domain.forms.needs_two_checks",
    "a checks item needs at least two checks",
    "checks 类检查项至少需要两个子项",
)
DUPLICATE_CHECKS = declare(
    "domain.forms.duplicate_checks", "duplicate check ids: {ids}", "子项 id 重复：{ids}"
)
CHECKS_POINTS_NOT_SUM = declare(
    "domain.forms.checks_points_not_sum",
    "a checks item's points ({points}) must be the sum of its checks' ({total})",
    "checks 类检查项的分值（{points}）必须等于各子项分值之和（{total}）",
)
CHECKS_VETO_ON_CHECK = declare(
    "domain.forms.checks_veto_on_check",
    "a checks item puts its veto on the check it belongs to",
    "checks 类检查项的一票否决（veto）应写在相应的子项上",
)
GRADE_MIN_OVER_MAX = declare(
    "domain.forms.grade_min_over_max",
    "grade band {grade}: min {min} > max {max}",
    "等级区间 {grade}：min {min} 大于 max {max}",
)
GRADES_OVERLAP = declare(
    "domain.forms.grades_overlap",
    "grade bands {lower} ({lower_min}-{lower_max}) and {upper} ({upper_min}-{upper_max}) overlap",
    "等级区间 {lower}（{lower_min}-{lower_max}）与 {upper}（{upper_min}-{upper_max}）重叠",
)
GRADES_GAP = declare(
    "domain.forms.grades_gap",
    "grade bands leave a gap between {max} and {min}",
    "等级区间在 {max} 与 {min} 之间有空缺",
)
GRADES_COVER = declare(
    "domain.forms.grades_cover", "grade bands must cover 0 to 100", "等级区间必须覆盖 0 到 100"
)
GRADE_TWICE = declare(
    "domain.forms.grade_twice", "grade {grade} is used twice", "等级 {grade} 重复"
)
VETO_GRADE_UNKNOWN = declare(
    "domain.forms.veto_grade_unknown",
    "veto_grade {grade} is not one of the bands",
    "veto_grade {grade} 不是已定义的等级",
)


class Kind(enum.StrEnum):
    ONSITE = "onsite"
    MYSTERY = "mystery"


class AnswerType(enum.StrEnum):
    YESNO = "yesno"
    RATING = "rating"
    NUMBER = "number"
    COUNT = "count"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    TEXT = "text"
    DATE = "date"
    TIMESTAMP = "timestamp"
    DURATION = "duration"
    CHECKS = "checks"  # named checks, each answered pass/fail and scored on its own
    PHOTO = "photo"
    SIGNATURE = "signature"


class PhotoRule(enum.StrEnum):
    REQUIRED = "required"  # a photo is required when the item fails
    OPTIONAL = "optional"
    FORBIDDEN = "forbidden"  # covert visit: no photo of security devices, cash or faces


class Severity(enum.StrEnum):
    CRITICAL = "critical"
    MAJOR = "major"
    GENERAL = "general"
    OBSERVATION = "observation"


SEVERITY_ORDER = [Severity.CRITICAL, Severity.MAJOR, Severity.GENERAL, Severity.OBSERVATION]


class Dimension(enum.StrEnum):
    """The eight evaluation dimensions of the bank's service-quality plan."""

    EFFICIENCY = "efficiency"  # 服务效率
    ATTITUDE = "attitude"  # 服务态度
    ENVIRONMENT = "environment"  # 服务环境
    CONTENT = "content"  # 服务内容
    QUALITY = "quality"  # 服务质量
    RISK = "risk"  # 风险管理
    STAFF = "staff"  # 人力资源
    DISCLOSURE = "disclosure"  # 信息披露


DIMENSION_ORDER = list(Dimension)


class DeductionReason(enum.StrEnum):
    """Whether every deduction needs a reason (chosen from the item's reasons or typed)."""

    OPTIONAL = "optional"
    REQUIRED = "required"


class FindingOrigin(enum.StrEnum):
    """A form's own source for its findings; without one, the visit's kind decides."""

    SELF_CHECK = "self_check"  # the branch's own self-check (支行自查)


AUTHORING = "authoring"  # validation context: a form file being installed, not a stored one


class LocatedError(ValueError):
    """A validation error that knows where in the document it belongs."""

    def __init__(self, loc: tuple[str | int, ...], message: Words):
        super().__init__(message)
        self.loc = loc


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A bilingual text; both languages are required."""

    zh: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en

    @field_validator("zh", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(TEXT_BLANK())
        return value.strip()


class Band(_Strict):
    """A scoring band for a measured number: ``min <= value <= max`` gives ``score``."""

    min: float | None = None
    max: float | None = None
    score: Annotated[float, Field(ge=0, le=1)]

    @model_validator(mode="after")
    def _bounds(self) -> Band:
        if self.min is None and self.max is None:
            raise ValueError(BAND_NEEDS_BOUND())
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(BAND_MIN_OVER_MAX(min=self.min, max=self.max))
        return self

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Option(_Strict):
    value: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")]
    label: Text
    score: Annotated[float, Field(ge=0, le=1)] = 1.0
    flagged: bool = False


class ShowIf(_Strict):
    """Show an item only when another item's answer equals one of ``in_``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    item: str
    equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")

    @model_validator(mode="after")
    def _one_condition(self) -> ShowIf:
        if (self.equals is None) == (self.in_ is None):
            raise ValueError(SHOW_IF_ONE_CONDITION())
        return self

    def values(self) -> list[Any]:
        return list(self.in_) if self.in_ is not None else [self.equals]


class Derive(_Strict):
    """A duration derived from two timer checkpoints.

    ``absent_after``: a checkpoint by which the end must have been marked; once it is marked
    with no end before it (nobody greeted before the ticket), the item is answered "absent"
    and fails, whatever the time.
    """

    start: str
    end: str
    absent_after: str | None = None


class Check(_Strict):
    """One named check of a multi-check item, answered pass/fail and scored on its own."""

    id: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")]
    text: Text
    points: Annotated[float, Field(gt=0, le=100)]
    veto: str | None = None  # a failed veto check fails the whole inspection


class Dwell(_Strict):
    """A fail counts only once the visit's dwell (a duration item) has reached ``seconds``."""

    item: str
    seconds: Annotated[float, Field(gt=0)]


class Item(_Strict):
    id: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")]
    text: Text
    guidance: Text | None = None
    type: AnswerType
    points: Annotated[float, Field(ge=0, le=100)] = 0
    na_allowed: bool = False
    required: bool = True
    photo_on_fail: PhotoRule = PhotoRule.OPTIONAL
    note_on_fail: bool = False
    severity: Severity = Severity.GENERAL
    risk_type: str | None = None
    basis: Annotated[str, Field(min_length=1, max_length=300)] | None = None  # 检查依据
    reasons: list[Text] = Field(default_factory=list)  # common deduction reasons
    requirement: Text | None = None
    veto: str | None = None
    gate: str | None = None
    block: str | None = None
    show_if: ShowIf | None = None
    overt_only: bool = False
    # type-specific
    scale: Annotated[int, Field(ge=2, le=10)] = 5
    unit: str | None = None
    bands: list[Band] | None = None
    count_of: Annotated[int, Field(ge=1)] | None = None
    options: list[Option] | None = None
    derive: Derive | None = None
    max_age_days: Annotated[int, Field(ge=1)] | None = None
    fail_below: Annotated[float, Field(gt=0, le=1)] | None = None
    checks: list[Check] | None = None
    dwell: Dwell | None = None
    weight_note: Annotated[str, Field(min_length=1, max_length=300)] | None = None

    @model_validator(mode="after")
    def _type_rules(self) -> Item:
        t = self.type
        if t in (AnswerType.CHOICE, AnswerType.MULTICHOICE):
            if not self.options or len(self.options) < 2:
                raise ValueError(NEEDS_TWO_OPTIONS(type=t.value))
            values = [o.value for o in self.options]
            dup = {v for v in values if values.count(v) > 1}
            if dup:
                raise ValueError(DUPLICATE_OPTIONS(values=sorted(dup)))
        elif self.options:
            raise ValueError(OPTIONS_ONLY_FOR_CHOICE(type=t.value))
        if t in (AnswerType.NUMBER, AnswerType.DURATION) and self.points > 0 and not self.bands:
            raise ValueError(NEEDS_BANDS(type=t.value))
        if self.bands and t not in (AnswerType.NUMBER, AnswerType.DURATION):
            raise ValueError(BANDS_ONLY_FOR_NUMBERS(type=t.value))
        if t is AnswerType.DURATION and self.derive is None:
            raise ValueError(DURATION_NEEDS_DERIVE())
        if self.derive is not None and t is not AnswerType.DURATION:
            raise ValueError(DERIVE_ONLY_FOR_DURATION())
        if t is AnswerType.CHECKS:
            _check_rules(self)
        elif self.checks:
            raise ValueError(CHECKS_ONLY_FOR_CHECKS(type=t.value))
        if self.max_age_days is not None and t is not AnswerType.DATE:
            raise ValueError(MAX_AGE_ONLY_FOR_DATES())
        if self.points > 0 and self.requirement is None:
            raise ValueError(NEEDS_REQUIREMENT())
        if self.gate is not None and self.block == self.gate:
            raise ValueError(GATES_OWN_BLOCK())
        return self

    @field_validator("basis", "weight_note")
    @classmethod
    def _basis_text(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.strip():
            raise ValueError(BLANK())
        return " ".join(value.split())

    @property
    def scored(self) -> bool:
        return self.points > 0

    @property
    def failure_threshold(self) -> float:
        if self.fail_below is not None:
            return self.fail_below
        return 0.5 if self.type is AnswerType.RATING else 1.0


def _check_rules(item: Item) -> None:
    checks = item.checks or []
    if len(checks) < 2:
        raise ValueError(NEEDS_TWO_CHECKS())
    ids = [c.id for c in checks]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise ValueError(DUPLICATE_CHECKS(ids=sorted(dup)))
    total = round(sum(c.points for c in checks), 6)
    if item.points != total:
        raise ValueError(CHECKS_POINTS_NOT_SUM(points=f"{item.points:g}", total=f"{total:g}"))
    if item.veto is not None:
        raise ValueError(CHECKS_VETO_ON_CHECK())


class Section(_Strict):
    id: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")]
    title: Text
    weight: Annotated[float, Field(ge=0)]
    dimension: Dimension | None = None
    items: Annotated[list[Item], Field(min_length=1)]


class GradeBand(_Strict):
    grade: Annotated[str, Field(min_length=1)]
    label: Text
    min: Annotated[float, Field(ge=0, le=100)]
    max: Annotated[float, Field(ge=0, le=100)] = 100


class Grading(_Strict):
    bands: Annotated[list[GradeBand], Field(min_length=1)]
    veto_grade: str = "fail"

    @model_validator(mode="after")
    def _bands_cover(self) -> Grading:
        index = {id(b): i for i, b in enumerate(self.bands)}
        ordered = sorted(self.bands, key=lambda b: b.min)
        for band in ordered:
            if band.min > band.max:
                raise LocatedError(
                    ("bands", index[id(band)], "min"),
                    GRADE_MIN_OVER_MAX(grade=repr(band.grade), min=band.min, max=band.max),
                )
        for lower, upper in itertools.pairwise(ordered):
            if upper.min < lower.max:
                raise LocatedError(
                    ("bands", index[id(upper)], "min"),
                    GRADES_OVERLAP(
                        lower=repr(lower.grade),
                        lower_min=lower.min,
                        lower_max=lower.max,
                        upper=repr(upper.grade),
                        upper_min=upper.min,
                        upper_max=upper.max,
                    ),
                )
            if upper.min > lower.max:
                raise LocatedError(
                    ("bands", index[id(upper)], "min"),
                    GRADES_GAP(max=lower.max, min=upper.min),
                )
        if ordered[0].min != 0:
            raise LocatedError(("bands", index[id(ordered[0])], "min"), GRADES_COVER())
        if ordered[-1].max != 100:
            raise LocatedError(("bands", index[id(ordered[-1])], "max"), GRADES_COVER())
        grades = [b.grade for b in self.bands]
        for i, grade in enumerate(grades):
            if grade in grades[:i]:
                raise LocatedError(("bands", i, "grade"), GRADE_TWICE(grade=repr(grade)))
        if self.veto_grade not in grades:
            raise LocatedError(("veto_grade",), VETO_GRADE_UNKNOWN(grade=repr(self.veto_grade)))
        return self

    def grade_for(self, score: float) -> GradeBand:
        for band in sorted(self.bands, key=lambda b: b.min, reverse=True):
            if score >= band.min:
                return band
        return min(self.bands, key=lambda b: b.min)

    def band(self, grade: str) -> GradeBand:
        return next(b for b in self.bands if b.grade == grade)


class Block(_Strict):
    id: Annotated[str, Field(min_length=1)]
    title: Text


class Checkpoint(_Strict):
    id: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_]+$")]
    label: Text
    key: Annotated[str, Field(min_length=1, max_length=1)] | None = None


class RiskType(_Strict):
    """One entry of a form's risk-type vocabulary."""

    id: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")]
    label: Text


class Deadline(_Strict):
    days: Annotated[int, Field(ge=0, le=365)]
    working_days: bool = False


DEFAULT_DEADLINES: dict[Severity, Deadline] = {
    Severity.CRITICAL: Deadline(days=1, working_days=False),
    Severity.MAJOR: Deadline(days=10, working_days=True),
    Severity.GENERAL: Deadline(days=30, working_days=False),
    Severity.OBSERVATION: Deadline(days=90, working_days=False),
}


class Form(_Strict):
    id: Annotated[str, Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
    version: Annotated[str, Field(min_length=1)]
    kind: Kind
    title: Text
    description: Text | None = None
    scenario: str | None = None
    grading: Grading
    deadlines: dict[Severity, Deadline] = Field(default_factory=lambda: dict(DEFAULT_DEADLINES))
    deduction_reason: DeductionReason = DeductionReason.OPTIONAL
    finding_source: FindingOrigin | None = None
    weight_note: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    risk_types: list[RiskType] = Field(default_factory=list)
    blocks: list[Block] = Field(default_factory=list)
    checkpoints: list[Checkpoint] = Field(default_factory=list)
    sections: Annotated[list[Section], Field(min_length=1)]

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    @model_validator(mode="after")
    def _cross_checks(self, info: ValidationInfo) -> Form:
        from bqinspect.domain.form_rules import authoring_problems, cross_check

        problems = cross_check(self)
        if not problems and (info.context or {}).get(AUTHORING):
            problems = authoring_problems(self)
        if problems:
            loc, message = problems[0]
            raise LocatedError(loc, message)
        return self

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item:
        for item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def section_of(self, item_id: str) -> Section:
        for section in self.sections:
            if any(i.id == item_id for i in section.items):
                return section
        raise KeyError(item_id)

    def deadline(self, severity: Severity) -> Deadline:
        return self.deadlines.get(severity, DEFAULT_DEADLINES[severity])

    def risk_label(self, risk_type: str) -> Text | None:
        """The declared label of a risk type, or ``None`` when the form does not declare it."""
        return next((r.label for r in self.risk_types if r.id == risk_type), None)
