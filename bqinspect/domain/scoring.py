"""Scoring: one pure function from a form and its answers to item, section and overall scores."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bqinspect.domain.checks import FAIL, PASS, checks_achievement, failed_checks

__all__ = ["FAIL", "PASS"]  # re-exported: answers are spelled here for every answer type
from bqinspect.domain.forms import AnswerType, Form, Item

ABSENT = "absent"  # a timed event that never came (nobody greeted): the item fails


@dataclass(frozen=True)
class AnswerState:
    """What scoring needs to know of one answer: its value, or that it is not applicable."""

    value: Any = None
    na: bool = False

    @property
    def answered(self) -> bool:
        return self.na or self.value is not None


@dataclass(frozen=True)
class ItemScore:
    item_id: str
    visible: bool
    applicable: bool  # visible, scored, answered and not NA
    points: float
    achieved: float
    achievement: float | None
    failed: bool
    gated: bool = False  # zeroed by a failed gate
    failed_checks: tuple[str, ...] = ()  # of a multi-check item, the checks that failed
    pending: bool = False  # a fail that does not count yet: the dwell time is not reached

    @property
    def deducted(self) -> float:
        """Points lost on an applicable item (0 when not applicable)."""
        return round(max(self.points - self.achieved, 0.0), 6) if self.applicable else 0.0


@dataclass(frozen=True)
class SectionScore:
    section_id: str
    weight: float
    achieved: float
    applicable: float
    answered: int
    total: int
    failed: int

    @property
    def percent(self) -> float | None:
        if self.applicable <= 0:
            return None
        return 100.0 * self.achieved / self.applicable


@dataclass(frozen=True)
class ScoreResult:
    overall: float
    grade: str
    veto_hits: list[str]
    failed_gates: list[str]
    sections: dict[str, SectionScore]
    items: dict[str, ItemScore] = field(repr=False)

    @property
    def failed_items(self) -> list[str]:
        return [i for i, s in self.items.items() if s.failed]

    def stored_sections(self) -> dict[str, dict[str, Any]]:
        """The section scores as stored with a submitted inspection (JSON)."""
        return {
            k: {
                "achieved": v.achieved,
                "applicable": v.applicable,
                "percent": v.percent,
                "weight": v.weight,
                "failed": v.failed,
            }
            for k, v in self.sections.items()
        }


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def _parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def achievement(item: Item, value: Any, visit_date: date | None = None) -> float | None:
    """Achievement in [0, 1] of one answered value, or None when the value is unusable."""
    t = item.type
    if t is AnswerType.YESNO:
        return {PASS: 1.0, FAIL: 0.0}.get(value) if isinstance(value, str) else None
    if t is AnswerType.RATING:
        n = _number(value)
        if n is None or not 1 <= n <= item.scale:
            return None
        return (n - 1) / (item.scale - 1)
    if t is AnswerType.CHECKS:
        return checks_achievement(item, value)
    if t is AnswerType.DURATION and value == ABSENT and item.derive is not None:
        return 0.0 if item.derive.absent_after is not None else None
    if t in (AnswerType.NUMBER, AnswerType.DURATION):
        n = _number(value)
        if n is None:
            return None
        if not item.bands:
            return 1.0
        return max((b.score for b in item.bands if b.contains(n)), default=0.0)
    if t is AnswerType.COUNT:
        if not isinstance(value, Mapping):
            return None
        x, y = _number(value.get("x")), _number(value.get("y", item.count_of))
        if item.count_of is not None:
            y = float(item.count_of)
        if x is None or y is None or y <= 0 or not 0 <= x <= y:
            return None
        return x / y
    if t is AnswerType.CHOICE:
        assert item.options is not None
        option = next((o for o in item.options if o.value == value), None)
        return None if option is None else option.score
    if t is AnswerType.MULTICHOICE:
        assert item.options is not None
        if not isinstance(value, list | tuple):
            return None
        chosen = [o for o in item.options if o.value in value]
        if any(o.flagged for o in chosen):
            return 0.0
        possible = sum(o.score for o in item.options if not o.flagged)
        if possible <= 0:
            return 1.0
        return min(1.0, sum(o.score for o in chosen) / possible)
    if t is AnswerType.DATE:
        d = _parse_date(value)
        if d is None:
            return None
        if item.max_age_days is not None and visit_date is not None:
            return 1.0 if 0 <= (visit_date - d).days <= item.max_age_days else 0.0
        return 1.0
    # text, timestamp, photo, signature: present or not
    if isinstance(value, str) and not value.strip():
        return None
    return 1.0


def is_flagged(item: Item, value: Any) -> bool:
    """A chosen option marked as a red flag fails the item whatever its score."""
    if not item.options:
        return False
    chosen = value if isinstance(value, list | tuple) else [value]
    return any(o.flagged and o.value in chosen for o in item.options)


def _vetoed(item: Item, value: Any) -> bool:
    """A failed item with a veto, or a multi-check item whose failed checks include a veto."""
    if item.veto:
        return True
    return any(c.veto for c in failed_checks(item, value))


def _failed_check_ids(item: Item, value: Any) -> tuple[str, ...]:
    return tuple(c.id for c in failed_checks(item, value))


def _dwell_reached(item: Item, answers: Mapping[str, AnswerState]) -> bool:
    """Whether a fail of ``item`` counts: always, unless it waits for a dwell not yet reached."""
    if item.dwell is None:
        return True
    dwell = answers.get(item.dwell.item)
    seconds = None if dwell is None or dwell.na else _number(dwell.value)
    return seconds is not None and seconds >= item.dwell.seconds


def _shown(item: Item, answers: Mapping[str, AnswerState], visible: dict[str, bool]) -> bool:
    cond = item.show_if
    if cond is None:
        return True
    if not visible.get(cond.item, False):
        return False
    target = answers.get(cond.item)
    if target is None or target.na or target.value is None:
        return False
    wanted = cond.values()
    if isinstance(target.value, list):
        return any(v in wanted for v in target.value)
    return target.value in wanted


def visibility(form: Form, answers: Mapping[str, AnswerState]) -> dict[str, bool]:
    """Which items are shown, given the answers (``show_if`` refers only to earlier items)."""
    visible: dict[str, bool] = {}
    for item in form.items():
        visible[item.id] = _shown(item, answers, visible)
    return visible


def score(
    form: Form,
    answers: Mapping[str, AnswerState],
    *,
    visit_date: date | None = None,
    restored: frozenset[str] = frozenset(),
) -> ScoreResult:
    """Score a form. Unanswered, hidden and NA items count on neither side. A ``restored``
    item (its deduction overturned on appeal) scores in full and fails nothing."""
    visible = visibility(form, answers)
    raw: dict[str, tuple[float | None, bool]] = {}
    failed_gates: list[str] = []
    veto_hits: list[str] = []
    pending: set[str] = set()
    for item in form.items():
        state = answers.get(item.id, AnswerState())
        if not visible[item.id] or state.na or state.value is None:
            raw[item.id] = (None, False)
            continue
        if item.id in restored:
            raw[item.id] = (1.0, False)
            continue
        ach = achievement(item, state.value, visit_date)
        failed = ach is not None and (ach < item.failure_threshold or is_flagged(item, state.value))
        if failed and not _dwell_reached(item, answers):
            pending.add(item.id)
            ach, failed = None, False
        raw[item.id] = (ach, failed)
        if failed and item.gate:
            failed_gates.append(item.gate)
        if failed and _vetoed(item, state.value):
            veto_hits.append(item.id)

    items: dict[str, ItemScore] = {}
    sections: dict[str, SectionScore] = {}
    for section in form.sections:
        achieved = applicable = 0.0
        answered = total = failed_count = 0
        for item in section.items:
            ach, failed = raw[item.id]
            state = answers.get(item.id, AnswerState())
            # A failed gate zeroes every shown item of its block, answered or not (an item
            # that could not be observed, e.g. no lobby manager, loses its points); NA stays out.
            gated = (
                item.block is not None
                and item.block in failed_gates
                and visible[item.id]
                and not state.na
            )
            if gated:
                ach, failed = 0.0, True
            is_applicable = item.scored and ach is not None
            got = item.points * ach if is_applicable and ach is not None else 0.0
            items[item.id] = ItemScore(
                item_id=item.id,
                visible=visible[item.id],
                applicable=is_applicable,
                points=item.points if is_applicable else 0.0,
                achieved=got,
                achievement=ach,
                failed=failed,
                gated=gated,
                failed_checks=_failed_check_ids(item, state.value) if failed else (),
                pending=item.id in pending,
            )
            if visible[item.id]:
                total += 1
                answered += int(state.answered)
                failed_count += int(failed)
            if is_applicable:
                achieved += got
                applicable += item.points
        sections[section.id] = SectionScore(
            section_id=section.id,
            weight=section.weight,
            achieved=achieved,
            applicable=applicable,
            answered=answered,
            total=total,
            failed=failed_count,
        )

    weighted = [(s.percent, s.weight) for s in sections.values() if s.percent is not None]
    weight_sum = sum(w for _, w in weighted)
    overall = sum(p * w for p, w in weighted) / weight_sum if weight_sum > 0 else 0.0
    overall = min(100.0, max(0.0, round(overall, 6)))
    grade = form.grading.veto_grade if veto_hits else form.grading.grade_for(overall).grade
    return ScoreResult(
        overall=overall,
        grade=grade,
        veto_hits=veto_hits,
        failed_gates=sorted(set(failed_gates)),
        sections=sections,
        items=items,
    )
