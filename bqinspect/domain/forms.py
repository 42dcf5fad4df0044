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

from bqinspect.domain.weights import weight_problems


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

    def __init__(self, loc: tuple[str | int, ...], message: str):
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
            raise ValueError("text must not be blank")
        return value.strip()


class Band(_Strict):
    """A scoring band for a measured number: ``min <= value <= max`` gives ``score``."""

    min: float | None = None
    max: float | None = None
    score: Annotated[float, Field(ge=0, le=1)]

    @model_validator(mode="after")
    def _bounds(self) -> Band:
        if self.min is None and self.max is None:
            raise ValueError("a band needs min or max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"band min {self.min} is greater than max {self.max}")
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
            raise ValueError("show_if needs exactly one of 'equals' or 'in'")
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
                raise ValueError(f"a {t.value} item needs at least two options")
            values = [o.value for o in self.options]
            dup = {v for v in values if values.count(v) > 1}
            if dup:
                raise ValueError(f"duplicate option values: {', '.join(sorted(dup))}")
        elif self.options:
            raise ValueError(f"options are only for choice/multichoice, not {t.value}")
        if t in (AnswerType.NUMBER, AnswerType.DURATION) and self.points > 0 and not self.bands:
            raise ValueError(f"a scored {t.value} item needs scoring bands")
        if self.bands and t not in (AnswerType.NUMBER, AnswerType.DURATION):
            raise ValueError(f"bands are only for number/duration, not {t.value}")
        if t is AnswerType.DURATION and self.derive is None:
            raise ValueError("a duration item needs 'derive' with start and end checkpoints")
        if self.derive is not None and t is not AnswerType.DURATION:
            raise ValueError("'derive' is only for duration items")
        if t is AnswerType.CHECKS:
            _check_rules(self)
        elif self.checks:
            raise ValueError(f"checks are only for checks items, not {t.value}")
        if self.max_age_days is not None and t is not AnswerType.DATE:
            raise ValueError("max_age_days is only for date items")
        if self.points > 0 and self.requirement is None:
            raise ValueError("a scored item needs a rectification 'requirement' text")
        if self.gate is not None and self.block == self.gate:
            raise ValueError("an item cannot gate its own block")
        return self

    @field_validator("basis", "weight_note")
    @classmethod
    def _basis_text(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.strip():
            raise ValueError("must not be blank")
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
        raise ValueError("a checks item needs at least two checks")
    ids = [c.id for c in checks]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise ValueError(f"duplicate check ids: {', '.join(sorted(dup))}")
    total = round(sum(c.points for c in checks), 6)
    if item.points != total:
        raise ValueError(
            f"a checks item's points ({item.points:g}) must be the sum of its checks' ({total:g})"
        )
    if item.veto is not None:
        raise ValueError("a checks item puts its veto on the check it belongs to")


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
                    f"grade band {band.grade!r}: min {band.min} > max {band.max}",
                )
        for lower, upper in itertools.pairwise(ordered):
            if upper.min < lower.max:
                raise LocatedError(
                    ("bands", index[id(upper)], "min"),
                    f"grade bands {lower.grade!r} ({lower.min}-{lower.max}) and "
                    f"{upper.grade!r} ({upper.min}-{upper.max}) overlap",
                )
            if upper.min > lower.max:
                raise LocatedError(
                    ("bands", index[id(upper)], "min"),
                    f"grade bands leave a gap between {lower.max} and {upper.min}",
                )
        if ordered[0].min != 0:
            raise LocatedError(
                ("bands", index[id(ordered[0])], "min"), "grade bands must cover 0 to 100"
            )
        if ordered[-1].max != 100:
            raise LocatedError(
                ("bands", index[id(ordered[-1])], "max"), "grade bands must cover 0 to 100"
            )
        grades = [b.grade for b in self.bands]
        for i, grade in enumerate(grades):
            if grade in grades[:i]:
                raise LocatedError(("bands", i, "grade"), f"grade {grade!r} is used twice")
        if self.veto_grade not in grades:
            raise LocatedError(
                ("veto_grade",), f"veto_grade {self.veto_grade!r} is not one of the bands"
            )
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


Problem = tuple[tuple[str | int, ...], str]


def cross_check(form: Form) -> list[Problem]:
    """Checks across items and sections; each problem is (location in the document, message)."""
    problems: list[Problem] = []
    block_ids = [b.id for b in form.blocks]
    checkpoint_ids = [c.id for c in form.checkpoints]
    for i, block_id in enumerate(block_ids):
        if block_id in block_ids[:i]:
            problems.append((("blocks", i, "id"), f"duplicate block id {block_id!r}"))
    for i, cp in enumerate(form.checkpoints):
        if cp.id in checkpoint_ids[:i]:
            problems.append((("checkpoints", i, "id"), f"duplicate checkpoint id {cp.id!r}"))
        if cp.key and cp.key in [c.key for c in form.checkpoints[:i]]:
            problems.append((("checkpoints", i, "key"), f"shortcut key {cp.key!r} used twice"))
    risk_ids = [r.id for r in form.risk_types]
    for i, risk_id in enumerate(risk_ids):
        if risk_id in risk_ids[:i]:
            problems.append((("risk_types", i, "id"), f"duplicate risk type {risk_id!r}"))
    section_ids: list[str] = []
    earlier: dict[str, Item] = {}
    for si, section in enumerate(form.sections):
        if section.id in section_ids:
            problems.append((("sections", si, "id"), f"duplicate section id {section.id!r}"))
        section_ids.append(section.id)
        for ii, item in enumerate(section.items):
            loc: tuple[str | int, ...] = ("sections", si, "items", ii)
            if item.id in earlier:
                problems.append(((*loc, "id"), f"duplicate item id {item.id!r}"))
            if risk_ids and item.risk_type is not None and item.risk_type not in risk_ids:
                problems.append(
                    (
                        (*loc, "risk_type"),
                        f"risk type {item.risk_type!r} is not in the form's risk_types "
                        f"({', '.join(risk_ids)})",
                    )
                )
            if item.block is not None and item.block not in block_ids:
                problems.append(((*loc, "block"), f"block {item.block!r} is not declared"))
            if item.gate is not None and item.gate not in block_ids:
                problems.append(((*loc, "gate"), f"gate names a missing block {item.gate!r}"))
            if item.show_if is not None and item.show_if.item not in earlier:
                problems.append(
                    (
                        (*loc, "show_if", "item"),
                        f"show_if refers to {item.show_if.item!r}, "
                        "which is not an earlier item of this form",
                    )
                )
            if item.derive is not None:
                for end in ("start", "end", "absent_after"):
                    cp_id = getattr(item.derive, end)
                    if cp_id is not None and cp_id not in checkpoint_ids:
                        problems.append(
                            ((*loc, "derive", end), f"unknown timer checkpoint {cp_id!r}")
                        )
            if item.overt_only and form.kind is Kind.MYSTERY:
                problems.append(
                    ((*loc, "overt_only"), "an overt-only item cannot be in a mystery form")
                )
            if (
                form.kind is Kind.MYSTERY
                and item.photo_on_fail is PhotoRule.REQUIRED
                and (item.risk_type == "security")
            ):
                problems.append(
                    ((*loc, "photo_on_fail"), "a covert visit must not photograph security items")
                )
            earlier.setdefault(item.id, item)
    problems.extend(_dwell_problems(form))
    for i, block_id in enumerate(block_ids):
        if not any(item.block == block_id for item in form.items()):
            problems.append((("blocks", i, "id"), f"block {block_id!r} has no items"))
    if form.kind is Kind.MYSTERY and not form.checkpoints:
        problems.append((("kind",), "a mystery-shopping form needs timer checkpoints"))
    if not any(s.weight > 0 for s in form.sections):
        problems.append((("sections",), "at least one section needs a positive weight"))
    return problems


def authoring_problems(form: Form) -> list[Problem]:
    """The rules a form file must meet to be installed (a stored definition is read as it was):
    no covert veto the shopper cannot document, and the weight cap."""
    return _covert_problems(form) + weight_problems(form)


def _covert_problems(form: Form) -> list[Problem]:
    """A covert shopper can fail a branch outright only on what they can see and note."""
    if form.kind is not Kind.MYSTERY:
        return []
    problems: list[Problem] = []
    for si, section in enumerate(form.sections):
        for ii, item in enumerate(section.items):
            vetoed = item.veto or any(c.veto for c in item.checks or [])
            if vetoed and item.photo_on_fail is PhotoRule.FORBIDDEN and not item.note_on_fail:
                problems.append(
                    (
                        ("sections", si, "items", ii, "veto"),
                        "a veto in a covert form needs what the shopper saw: "
                        "a photo or a note on fail",
                    )
                )
    return problems


def _dwell_problems(form: Form) -> list[Problem]:
    problems: list[Problem] = []
    for si, section in enumerate(form.sections):
        for ii, item in enumerate(section.items):
            if item.dwell is None:
                continue
            target = next((i for i in form.items() if i.id == item.dwell.item), None)
            if target is None or target.type is not AnswerType.DURATION:
                problems.append(
                    (
                        ("sections", si, "items", ii, "dwell", "item"),
                        f"dwell names {item.dwell.item!r}, "
                        "which is not a duration item of this form",
                    )
                )
    return problems
