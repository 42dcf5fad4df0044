"""The bank's further forms: self-service, lobby patrol, self-check, consumer protection, fraud."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest

from bqinspect.base import resources
from bqinspect.domain.formio import load_form
from bqinspect.domain.forms import AnswerType, FindingOrigin, Form, Item, Kind, Severity
from bqinspect.domain.scoring import AnswerState, score, visibility

NEW_FORMS = ["self-service", "lobby-patrol", "self-check", "consumer-protection", "mystery-fraud"]
VISIT = date(2026, 3, 10)
CAP = 15.0  # percent of a form's score one item may carry after rescaling


def shipped(name: str) -> Form:
    return load_form(resources.forms_dir() / f"{name}.yaml")


def passing(item: Item) -> Any:
    """An answer that earns the item full marks."""
    if item.type is AnswerType.YESNO:
        return "pass"
    if item.type is AnswerType.COUNT:
        return {"x": item.count_of or 4, "y": item.count_of or 4}
    if item.type in (AnswerType.NUMBER, AnswerType.DURATION):
        band = next(b for b in item.bands or [] if b.score == 1)
        return band.min if band.min is not None else band.max
    if item.type in (AnswerType.CHOICE, AnswerType.MULTICHOICE):
        assert item.options
        best = max(item.options, key=lambda o: (o.score, not o.flagged))
        return best.value if item.type is AnswerType.CHOICE else [best.value]
    if item.type is AnswerType.DATE:
        return VISIT.isoformat()
    if item.type is AnswerType.RATING:
        return item.scale
    return "ok"


def all_passing(form: Form, chosen: Mapping[str, Any]) -> dict[str, AnswerState]:
    """Every item answered with full marks, the set-up choices (role, round) as given."""
    answers = {i.id: AnswerState(value=chosen.get(i.id, passing(i))) for i in form.items()}
    return answers


def variants(form: Form) -> list[dict[str, Any]]:
    """Each way the form can be walked: one per option of an item that others show_if on."""
    drivers = {i.show_if.item for i in form.items() if i.show_if is not None}
    if not drivers:
        return [{}]
    assert len(drivers) == 1, drivers
    driver = form.item(drivers.pop())
    assert driver.options
    return [{driver.id: o.value} for o in driver.options]


def shares(form: Form, answers: Mapping[str, AnswerState]) -> dict[str, float]:
    """Each scored item's share, in percent, of the overall score after rescaling."""
    result = score(form, answers, visit_date=VISIT)
    counted = {k: s for k, s in result.sections.items() if s.percent is not None}
    total = sum(s.weight for s in counted.values())
    out: dict[str, float] = {}
    for item_id, item_score in result.items.items():
        section = form.section_of(item_id).id
        if item_score.applicable and item_score.points > 0 and section in counted:
            s = counted[section]
            out[item_id] = 100.0 * item_score.points / s.applicable * s.weight / total
    return out


@pytest.mark.parametrize("name", NEW_FORMS)
def test_each_new_form_validates_bilingual_with_basis_and_reasons(name: str) -> None:
    form = shipped(name)  # the loader validates: schema, vocabulary, cross-checks
    assert form.id == name
    for item in form.items():
        assert item.basis, item.id
        assert "[" not in item.basis, item.id
        if item.scored:
            assert 2 <= len(item.reasons) <= 4, item.id
            assert item.requirement is not None, item.id
        assert item.guidance is not None, item.id
    assert all(s.dimension is not None for s in form.sections)


@pytest.mark.parametrize("name", NEW_FORMS)
def test_no_item_carries_more_than_15_percent_in_any_variant(name: str) -> None:
    form = shipped(name)
    for chosen in variants(form):
        weights = shares(form, all_passing(form, chosen))
        assert weights and abs(sum(weights.values()) - 100.0) < 1e-6
        heavy = {k: round(v, 1) for k, v in weights.items() if v > CAP}
        assert heavy == {}, chosen


@pytest.mark.parametrize("name", NEW_FORMS)
def test_the_cap_holds_when_every_item_that_may_be_not_applicable_is(name: str) -> None:
    form = shipped(name)
    for chosen in variants(form):
        answers = all_passing(form, chosen)
        answers.update({i.id: AnswerState(na=True) for i in form.items() if i.na_allowed})
        heavy = {k: round(v, 1) for k, v in shares(form, answers).items() if v > CAP}
        assert heavy == {}, chosen


def test_full_marks_when_everything_passes() -> None:
    for name in NEW_FORMS:
        form = shipped(name)
        for chosen in variants(form):
            result = score(form, all_passing(form, chosen), visit_date=VISIT)
            assert result.overall == pytest.approx(100.0), (name, chosen)
            assert result.failed_items == []


def test_new_sections_cover_content_and_staff_dimensions() -> None:
    dims = {s.dimension for name in NEW_FORMS for s in shipped(name).sections if s.weight > 0}
    content = [
        i
        for name in NEW_FORMS
        for s in shipped(name).sections
        if s.dimension is not None and s.dimension.value in ("content", "staff")
        for i in s.items
        if i.scored
    ]
    assert {d.value for d in dims if d} >= {"content", "staff", "risk", "disclosure"}
    assert len(content) >= 10


def test_item_ids_are_not_shared_with_other_forms() -> None:
    """A new form's item ids are its own, except an item that means the same thing in every
    form that has it (the mystery forms' shopper profile: the same text, options and basis)."""
    seen: dict[str, tuple[str, object]] = {}
    for path in sorted(resources.forms_dir().glob("*.yaml")):
        form = load_form(path)
        for item in form.items():
            meaning = item.model_dump(include={"text", "type", "options", "basis", "points"})
            before = seen.get(item.id)
            if before is not None and (form.id in NEW_FORMS or before[0] in NEW_FORMS):
                assert before[1] == meaning, (item.id, before[0], form.id)
            seen[item.id] = (form.id, meaning)


def test_lobby_patrol_has_opening_and_closing_rounds_of_20_to_30_items() -> None:
    form = shipped("lobby-patrol")
    assert form.kind is Kind.ONSITE
    rounds = {}
    for chosen in variants(form):
        shown = visibility(form, all_passing(form, chosen))
        rounds[chosen["PAT-MODE"]] = {k for k, v in shown.items() if v and k != "PAT-MODE"}
    assert set(rounds) == {"opening", "closing"}
    assert all(20 <= len(items) <= 30 for items in rounds.values()), rounds
    assert "PAT-O2" in rounds["opening"] - rounds["closing"]  # disarming before opening
    assert "PAT-C3" in rounds["closing"] - rounds["opening"]  # arming at close
    scored = [form.item(i) for i in rounds["opening"] | rounds["closing"]]
    assert sum(i.type is AnswerType.YESNO for i in scored) == len(scored)  # by keyboard


def test_branch_own_checks_declare_self_check_findings() -> None:
    assert shipped("self-check").finding_source is FindingOrigin.SELF_CHECK
    assert shipped("lobby-patrol").finding_source is FindingOrigin.SELF_CHECK
    for name in ("self-service", "consumer-protection", "mystery-fraud"):
        assert shipped(name).finding_source is None


def test_no_veto_in_the_mystery_form_that_a_shopper_cannot_observe() -> None:
    form = shipped("mystery-fraud")
    assert form.kind is Kind.MYSTERY
    vetoes = [i for i in form.items() if i.veto]
    assert [i.id for i in vetoes] == ["FRD-T2", "FRD-S1"]  # one per role, both heard said
    assert all(i.note_on_fail for i in vetoes)  # the shopper writes down what was said
    assert not any(i.overt_only for i in form.items())


def _fraud_visit(**changes: str) -> dict[str, AnswerState]:
    form = shipped("mystery-fraud")
    answers = all_passing(form, {"FRD-ROLE": "transfer"})
    answers.update({k: AnswerState(value=v) for k, v in changes.items()})
    return answers


def test_large_transfer_scenario_scores_warning_purpose_and_escalation() -> None:
    form = shipped("mystery-fraud")
    shown = visibility(form, _fraud_visit())
    assert all(shown[i] for i in ("FRD-T1", "FRD-T2", "FRD-T3", "FRD-T4"))
    full = score(form, _fraud_visit(), visit_date=VISIT)
    no_purpose = score(form, _fraud_visit(**{"FRD-T1": "fail"}), visit_date=VISIT)
    no_escalation = score(form, _fraud_visit(**{"FRD-T3": "fail"}), visit_date=VISIT)
    assert full.grade == "excellent"
    assert 85 <= no_purpose.overall < full.overall
    assert no_purpose.veto_hits == [] and no_escalation.veto_hits == []
    assert no_escalation.failed_items == ["FRD-T3"]


def test_large_transfer_processed_without_any_warning_fails_the_visit() -> None:
    form = shipped("mystery-fraud")
    result = score(form, _fraud_visit(**{"FRD-T2": "fail"}), visit_date=VISIT)
    assert result.veto_hits == ["FRD-T2"]
    assert result.grade == form.grading.veto_grade
    assert form.item("FRD-T2").severity is Severity.CRITICAL
