"""Scoring: examples from the domain rules and properties over generated forms."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from bqinspect.domain.forms import Form
from bqinspect.domain.scoring import AnswerState, score

A = AnswerState
BANDS = [
    {"grade": "excellent", "label": {"zh": "优秀", "en": "Excellent"}, "min": 90, "max": 100},
    {"grade": "good", "label": {"zh": "良好", "en": "Good"}, "min": 80, "max": 90},
    {"grade": "pass", "label": {"zh": "合格", "en": "Pass"}, "min": 70, "max": 80},
    {"grade": "fail", "label": {"zh": "不合格", "en": "Fail"}, "min": 0, "max": 70},
]
REQ = {"zh": "整改", "en": "Fix it"}


def _text(s: str) -> dict[str, str]:
    return {"zh": f"项目{s}", "en": f"Item {s}"}


def test_na_leaves_both_sides(mini_form: Form) -> None:
    base = {"ENV-01": A("pass"), "ENV-04": A(5)}
    with_na = score(mini_form, {**base, "ENV-05": A(na=True)})
    without = score(mini_form, base)
    assert with_na.sections["ENV"].applicable == without.sections["ENV"].applicable == 5
    assert with_na.overall == without.overall == 100


def test_rating_scaled_and_section_percent(mini_form: Form) -> None:
    result = score(mini_form, {"ENV-01": A("pass"), "ENV-04": A(3), "ENV-05": A("fail")})
    # 2 + 3 * (3-1)/4 + 0 of 2 + 3 + 2 points
    assert result.sections["ENV"].achieved == pytest.approx(3.5)
    assert result.sections["ENV"].percent == pytest.approx(50.0)
    assert result.overall == pytest.approx(50.0)  # only ENV has applicable items
    assert result.grade == "fail"


def test_weighted_overall_over_sections_with_applicable_items(mini_form: Form) -> None:
    answers = {"ENV-01": A("pass"), "SEC-05": A(10)}  # ENV 100 % (w 40), SEC 0 % (w 20)
    result = score(mini_form, answers)
    assert result.overall == pytest.approx(100 * 40 / 60)


def test_veto_forces_fail_whatever_the_total(mini_form: Form) -> None:
    answers = {"ENV-01": A("pass"), "ENV-04": A(5), "SEC-04": A({"x": 3, "y": 4}), "SEC-05": A(90)}
    result = score(mini_form, answers)
    assert result.overall > 85
    assert result.veto_hits == ["SEC-04"]
    assert result.grade == "fail"


def test_failed_gate_zeroes_its_block(mini_form: Form) -> None:
    answers = {"STF-04": A("fail"), "STF-05": A(5)}
    result = score(mini_form, answers)
    assert result.failed_gates == ["lobby"]
    assert result.items["STF-05"].achieved == 0 and result.items["STF-05"].gated
    passed = score(mini_form, {"STF-04": A("pass"), "STF-05": A(5)})
    assert passed.items["STF-05"].achieved == 3


def test_show_if_hides_items(mini_form: Form) -> None:
    hidden = score(mini_form, {"STF-04": A("fail"), "STF-06": A(5)})
    assert not hidden.items["STF-06"].visible and not hidden.items["STF-06"].applicable
    shown = score(mini_form, {"STF-04": A("pass"), "STF-06": A(5)})
    assert shown.items["STF-06"].visible and shown.items["STF-06"].achieved == 3


def test_number_bands_and_multichoice(mini_form: Form) -> None:
    result = score(mini_form, {"STF-04": A("pass"), "STF-05": A(20), "FAC-15": A(["water"])})
    assert result.items["STF-05"].achievement == 0.5
    assert result.items["FAC-15"].achievement == pytest.approx(1 / 3)
    assert result.items["FAC-15"].failed


def test_grade_bands_from_the_form(mini_form: Form) -> None:
    answers = {"ENV-01": A("pass"), "ENV-04": A(4), "ENV-05": A("pass")}  # 6.25/7
    result = score(mini_form, answers)
    assert result.overall == pytest.approx(100 * 6.25 / 7)
    assert result.grade == "good"


def test_empty_answers_score_zero(mini_form: Form) -> None:
    result = score(mini_form, {})
    assert result.overall == 0 and result.grade == "fail" and not result.veto_hits


# properties -------------------------------------------------------------------------------------
ITEM_KINDS = ["yesno", "rating", "number", "count", "choice", "multichoice"]


@st.composite
def forms(draw: st.DrawFn) -> dict[str, Any]:
    n_sections = draw(st.integers(1, 3))
    blocks = ["b1"] if draw(st.booleans()) else []
    sections = []
    n = 0
    for s in range(n_sections):
        items = []
        for _ in range(draw(st.integers(1, 5))):
            n += 1
            kind = draw(st.sampled_from(ITEM_KINDS))
            item: dict[str, Any] = {
                "id": f"I{n}",
                "text": _text(str(n)),
                "type": kind,
                "points": draw(st.sampled_from([0, 1, 2, 3, 4.5])),
                "na_allowed": True,
                "requirement": REQ,
            }
            if kind == "number":
                item["bands"] = [{"max": 10, "score": 1}, {"max": 20, "score": 0.5}]
            if kind == "count":
                item["count_of"] = 4
            if kind in ("choice", "multichoice"):
                item["options"] = [
                    {"value": "a", "label": _text("a"), "score": 1},
                    {"value": "b", "label": _text("b"), "score": 0.5},
                    {"value": "c", "label": _text("c"), "score": 0},
                ]
            if draw(st.integers(0, 9)) == 0:
                item["veto"] = "V1"
            items.append(item)
        sections.append(
            {
                "id": f"S{s}",
                "title": _text(f"S{s}"),
                "weight": draw(st.sampled_from([1, 5, 12, 20])),
                "items": items,
            }
        )
    if blocks:
        flat = [i for sec in sections for i in sec["items"]]
        if len(flat) >= 2:
            flat[0]["gate"] = "b1"
            for i in flat[1:]:
                if draw(st.booleans()):
                    i["block"] = "b1"
            if not any(i.get("block") == "b1" for i in flat):
                flat[-1]["block"] = "b1"
        else:
            blocks = []
    return {
        "id": "gen",
        "version": "1",
        "kind": "onsite",
        "title": _text("form"),
        "grading": {"bands": BANDS},
        "blocks": [{"id": b, "title": _text(b)} for b in blocks],
        "sections": sections,
    }


VALUES = {
    "yesno": st.sampled_from(["pass", "fail"]),
    "rating": st.integers(1, 5),
    "number": st.floats(0, 40, allow_nan=False),
    "count": st.integers(0, 4).map(lambda x: {"x": x, "y": 4}),
    "choice": st.sampled_from(["a", "b", "c"]),
    "multichoice": st.lists(st.sampled_from(["a", "b", "c"]), unique=True),
}
BEST = {
    "yesno": "pass",
    "rating": 5,
    "number": 0,
    "count": {"x": 4, "y": 4},
    "choice": "a",
    "multichoice": ["a", "b", "c"],
}


@st.composite
def form_and_answers(draw: st.DrawFn) -> tuple[Form, dict[str, AnswerState]]:
    data = draw(forms())
    try:
        form = Form.model_validate(data)
    except ValidationError:
        assume(False)
        raise
    answers = {}
    for item in form.items():
        choice = draw(st.integers(0, 9))
        if choice == 0:
            continue  # unanswered
        if choice == 1:
            answers[item.id] = A(na=True)
        else:
            answers[item.id] = A(draw(VALUES[item.type.value]))
    return form, answers


@given(form_and_answers())
def test_score_always_between_0_and_100(case: tuple[Form, dict[str, AnswerState]]) -> None:
    form, answers = case
    result = score(form, answers)
    assert 0 <= result.overall <= 100
    for section in result.sections.values():
        assert section.percent is None or 0 <= section.percent <= 100 + 1e-9


@given(form_and_answers(), st.data())
def test_passing_a_failed_item_never_lowers_the_score(
    case: tuple[Form, dict[str, AnswerState]], data: st.DataObject
) -> None:
    form, answers = case
    before = score(form, answers)
    failed = before.failed_items
    assume(failed)
    item_id = data.draw(st.sampled_from(failed))
    item = form.item(item_id)
    after = score(form, {**answers, item_id: A(BEST[item.type.value])})
    assert after.overall >= before.overall - 1e-9
    order = [b.grade for b in sorted(form.grading.bands, key=lambda b: b.min)]
    assert order.index(after.grade) >= order.index(before.grade)


@given(form_and_answers(), st.data())
def test_na_is_the_same_as_removing_the_item(
    case: tuple[Form, dict[str, AnswerState]], data: st.DataObject
) -> None:
    form, answers = case
    item_id = data.draw(st.sampled_from([i.id for i in form.items()]))
    with_na = score(form, {**answers, item_id: A(na=True)})
    raw = form.model_dump(mode="json", by_alias=True, exclude_none=True)
    for section in raw["sections"]:
        section["items"] = [i for i in section["items"] if i["id"] != item_id]
    raw["sections"] = [s for s in raw["sections"] if s["items"]]
    try:
        smaller = Form.model_validate(raw)
    except ValidationError:
        assume(False)
        raise
    removed = score(smaller, {k: v for k, v in answers.items() if k != item_id})
    assert removed.overall == pytest.approx(with_na.overall)
    assert removed.grade == with_na.grade
    assert removed.veto_hits == with_na.veto_hits


def test_failed_gate_zeroes_unanswered_block_items_but_not_na(mini_form: Form) -> None:
    result = score(mini_form, {"STF-04": A("fail")})
    assert result.items["STF-05"].gated and result.items["STF-05"].applicable
    assert result.sections["STF"].applicable == 6  # STF-04 and STF-05; STF-06 is hidden
    with_na = score(mini_form, {"STF-04": A("fail"), "STF-05": A(na=True)})
    assert not with_na.items["STF-05"].applicable
