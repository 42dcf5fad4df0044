"""The form engine's 2026.3 rules: multi-check items, the weight cap, greeting and dwell rules."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from bqinspect.base import resources
from bqinspect.domain.answer_text import read_answer
from bqinspect.domain.formio import (
    FormError,
    canonical_json,
    form_from_json,
    form_to_data,
    load_form,
    parse_form_text,
)
from bqinspect.domain.forms import AnswerType, Form, Kind, PhotoRule
from bqinspect.domain.rules import derived_durations
from bqinspect.domain.scoring import ABSENT, AnswerState, score
from bqinspect.domain.values import ValueProblem, normalize_value
from bqinspect.domain.weights import MAX_ITEM_SHARE, shares
from bqinspect.domain.xlsx import export_xlsx_bytes, import_xlsx_bytes
from bqinspect.services import branches, catalog
from bqinspect.services import inspections as I

FORMS = resources.forms_dir()
SHIPPED = sorted(FORMS.glob("*.yaml"))
MYSTERY = [p for p in SHIPPED if p.stem.startswith("mystery-")]
PROFILE = ["MS-P-AGE", "MS-P-CARD", "MS-P-SLOT", "MS-P-PEAK", "MS-P-RECOG"]


def _form(name: str) -> Form:
    return load_form(FORMS / f"{name}.yaml")


def _states(**answers: Any) -> dict[str, AnswerState]:
    return {k.replace("_", "-"): AnswerState(value=v) for k, v in answers.items()}


# -- the shipped forms ------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_forms_are_version_2026_3_and_keep_every_item_under_the_cap(path: Path) -> None:
    form = load_form(path)
    recalibrated = {"branch-onsite", "mystery-cash", "mystery-special", "mystery-wealth"}
    assert form.version == ("2026.3" if path.stem in recalibrated else "2026.1")  # new: first
    heavy = [(s.item_id, s.role) for s in shares(form) if s.share > MAX_ITEM_SHARE + 1e-9]
    assert heavy == []


def test_the_special_scenario_is_capped_for_every_role() -> None:
    form = _form("mystery-special")
    by_role: dict[str, float] = {}
    for share in shares(form):
        by_role[share.role] = by_role.get(share.role, 0.0) + share.share
    assert set(by_role) == {"elderly", "foreign", "complaint"}
    assert all(total == pytest.approx(1.0) for total in by_role.values())
    foreign = {s.item_id: s.share for s in shares(form) if s.role == "foreign"}
    assert foreign["STF-21"] > 0.10 and foreign["INF-22"] < MAX_ITEM_SHARE


@pytest.mark.parametrize("path", MYSTERY, ids=lambda p: p.stem)
def test_a_covert_veto_is_documented_and_covert_unobservable_items_are_gone(path: Path) -> None:
    form = load_form(path)
    ids = {i.id for i in form.items()}
    assert not ids & {"SEC-12", "SEC-14", "SEC-15", "FAC-17", "INF-10", "SEC-04"}
    for item in form.items():
        vetoed = item.veto or any(c.veto for c in item.checks or [])
        if vetoed:
            assert item.note_on_fail or item.photo_on_fail is PhotoRule.REQUIRED, item.id


@pytest.mark.parametrize("path", MYSTERY, ids=lambda p: p.stem)
def test_mystery_forms_record_the_shopper_profile_unscored(path: Path) -> None:
    form = load_form(path)
    for item_id in PROFILE:
        item = form.item(item_id)
        assert item.type is AnswerType.CHOICE and not item.scored and item.basis
        assert form.section_of(item_id).weight == 0


def test_the_recalibrated_severities_and_narrowed_vetoes() -> None:
    onsite = _form("branch-onsite")
    severity = {i.id: i.severity.value for i in onsite.items()}
    assert severity["INF-05"] == severity["INF-08"] == "general"
    for item_id in ("SEC-02", "SEC-08", "SEC-12", "SEC-13", "INF-15", "INF-19"):
        assert severity[item_id] == "major", item_id
    for item_id in ("SEC-01", "SEC-04", "SEC-14", "INF-13"):
        item = onsite.item(item_id)
        assert item.type is AnswerType.CHECKS and item.veto is None
        assert [c.id for c in item.checks or [] if c.veto] == [f"{item_id}a"] or item_id == "INF-13"
    assert onsite.item("ENV-02").na_allowed
    ramp = onsite.item("FAC-01").basis or ""
    assert "GB 50763-2012" in ramp and "3.4.4" in ramp
    assert "金规〔2025〕6号" in (onsite.item("INF-10").basis or "")
    assert _form("mystery-wealth").item("INF-31").veto is None  # a pitch outside: no veto


# -- multi-check items ------------------------------------------------------------------


def test_a_multi_check_item_is_scored_per_check_and_names_the_failed_one() -> None:
    form = _form("branch-onsite")
    one_short = {"SEC-14a": "pass", "SEC-14b": "pass", "SEC-14c": "fail", "SEC-14d": "pass"}
    result = score(form, _states(SEC_14=one_short))
    item = result.items["SEC-14"]
    assert item.failed and item.failed_checks == ("SEC-14c",)
    assert item.achieved == pytest.approx(2.5) and item.deducted == pytest.approx(0.5)
    assert result.veto_hits == []  # one extinguisher out of date is no veto
    none_valid = {**one_short, "SEC-14a": "fail"}
    assert score(form, _states(SEC_14=none_valid)).veto_hits == ["SEC-14"]


def test_a_checks_answer_is_checked_and_typed_by_check() -> None:
    item = _form("branch-onsite").item("STF-12")
    assert normalize_value(item, {"STF-12b": "fail", "STF-12a": "pass"}) == {
        "STF-12a": "pass",
        "STF-12b": "fail",
    }
    with pytest.raises(ValueProblem, match="not checks of this item"):
        normalize_value(item, {"STF-12z": "pass"})
    with pytest.raises(ValueProblem, match="'pass' or 'fail'"):
        normalize_value(item, {"STF-12a": "maybe"})
    assert read_answer(item, "STF-12b", UTC).value == {"STF-12a": "pass", "STF-12b": "fail"}
    assert read_answer(item, "pass", UTC).value == {"STF-12a": "pass", "STF-12b": "pass"}
    with pytest.raises(ValueProblem, match="not one of the checks"):
        read_answer(item, "STF-13", UTC)


def test_the_finding_names_the_failed_check_and_unanswered_checks_block_submit(
    workspace,  # type: ignore[no-untyped-def]
) -> None:
    ws = workspace
    fv = catalog.find_form_version(ws, "branch-onsite@2026.3")
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    insp = I.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"])
    I.set_answer(ws, insp.id, "STF-12", {"STF-12a": "pass"})
    assert ("STF-12", "checks") in {(m.item_id, m.what) for m in I.check_submission(ws, insp.id)}
    I.set_answer(ws, insp.id, "STF-12", {"STF-12a": "pass", "STF-12b": "fail"})
    finding = {f.item_id: f for f in I.findings_of(ws, insp.id)}["STF-12"]
    assert "STF-12b" in finding.description and finding.points_deducted == pytest.approx(1.0)
    missing = {(m.item_id, m.what) for m in I.check_submission(ws, insp.id)}
    assert ("STF-12", "checks") not in missing and ("STF-12", "reason") in missing


def test_checks_round_trip_through_the_workbook_and_stray_checks_are_refused() -> None:
    form = _form("branch-onsite")
    again = import_xlsx_bytes(export_xlsx_bytes(form), "onsite.xlsx")
    assert again.item("SEC-14").checks == form.item("SEC-14").checks
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx_bytes(form)))
    wb["checks"].append(["ENV-01", "ENV-01a", "甲", "A", 1, None])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(FormError) as caught:
        import_xlsx_bytes(out.getvalue(), "stray.xlsx")
    assert any(
        p.field.startswith("checks") and "not a checks item" in str(p.reason)
        for p in caught.value.problems
    ), [str(p) for p in caught.value.problems]


# -- greeting and dwell -----------------------------------------------------------------


def test_nobody_greeting_before_the_ticket_scores_no_greeting() -> None:
    form = _form("mystery-cash")
    t1 = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    greeted = derived_durations(form, {"T1": t1, "T2": t1 + timedelta(seconds=5)})
    assert greeted["STF-05"] == 5
    no_greeting = {"T1": t1, "T3": t1 + timedelta(seconds=8)}  # a ticket within 10 s
    assert derived_durations(form, no_greeting)["STF-05"] == ABSENT
    late = {**no_greeting, "T2": t1 + timedelta(seconds=20)}  # greeted only after the ticket
    assert derived_durations(form, late)["STF-05"] == ABSENT
    result = score(form, _states(STF_05=ABSENT))
    assert result.items["STF-05"].failed and result.items["STF-05"].achieved == 0
    onsite_number = _form("branch-onsite").item("STF-05")
    with pytest.raises(ValueProblem):
        normalize_value(onsite_number, ABSENT)  # only a timed item with its rule takes it


def test_lobby_items_cannot_fail_before_the_dwell_time() -> None:
    form = _form("mystery-cash")
    early = score(form, _states(STF_04="fail", MS_DWELL=300, STF_06=1))
    stf04 = early.items["STF-04"]
    assert not stf04.failed and stf04.pending and not stf04.applicable
    assert early.failed_gates == [] and "STF-04" not in early.failed_items
    stayed = score(form, _states(STF_04="fail", MS_DWELL=900, STF_06=1))
    assert stayed.items["STF-04"].failed and stayed.failed_gates == ["lobby"]
    assert score(form, _states(STF_04="pass", MS_DWELL=60)).items["STF-04"].achieved == 3


def test_the_timer_writes_nobody_greeted_and_submit_names_an_early_fail(
    workspace,  # type: ignore[no-untyped-def]
) -> None:
    ws = workspace
    fv = catalog.find_form_version(ws, "mystery-cash@2026.3")
    branch = branches.save_branch(ws, {"code": "0232", "name": "城西支行"})
    visit = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    insp = I.start_inspection(ws, branch.id, fv.id, shopper_alias="S-07", visit_start=visit)
    I.mark_timer(ws, insp.id, "T1", visit)
    marked = I.mark_timer(ws, insp.id, "T3", visit + timedelta(seconds=6))
    assert marked.durations["STF-05"] == ABSENT
    assert I.answers_of(ws, insp.id)["STF-05"].value == ABSENT
    I.set_answer(ws, insp.id, "STF-04", "fail")
    I.mark_timer(ws, insp.id, "T7", visit + timedelta(minutes=6))
    missing = {(m.item_id, m.what) for m in I.check_submission(ws, insp.id)}
    assert ("STF-04", "dwell") in missing
    assert "STF-04" not in {f.item_id for f in I.findings_of(ws, insp.id)}


# -- the weight cap ---------------------------------------------------------------------


def _heavy_form_text() -> str:
    data = form_to_data(_form("mystery-wealth"))
    for section in data["sections"]:
        if section["id"] == "EFF":
            section["weight"] = 12  # the 2026.2 weight: EFF-31 alone carries 23 %
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_a_form_over_the_cap_is_refused_naming_file_line_and_item() -> None:
    with pytest.raises(FormError) as caught:
        parse_form_text(_heavy_form_text(), "wealth-heavy.yaml")
    problem = caught.value.problems[0]
    assert problem.file == "wealth-heavy.yaml" and problem.line is not None
    assert "EFF-31" in problem.field and "EFF-31 weighs 23.1%" in str(problem.reason)


def test_a_form_that_says_why_passes_and_a_stored_definition_is_read_as_it_was() -> None:
    text = _heavy_form_text()
    noted = parse_form_text(
        text.replace("kind: mystery", "kind: mystery\nweight_note: 等候时长为本场景重点", 1),
        "noted.yaml",
    )
    assert noted.weight_note
    heavy = parse_form_text(text.replace("kind: mystery", "weight_note: x\nkind: mystery", 1))
    stored = json.loads(canonical_json(heavy))
    del stored["weight_note"]  # as installed before the cap: over it, with no note
    old = form_from_json(json.dumps(stored))  # an inspection of an older version keeps its form
    assert old.weight_note is None and old.kind is Kind.MYSTERY


def test_the_timing_rules_round_trip_through_the_workbook_and_a_bad_rule_names_its_cell() -> None:
    form = _form("mystery-cash")
    data = export_xlsx_bytes(form)
    again = import_xlsx_bytes(data, "cash.xlsx")
    assert again.item("STF-05").derive == form.item("STF-05").derive
    assert again.item("STF-05").derive is not None
    assert again.item("STF-05").derive.absent_after == "T3"
    assert again.item("STF-04").dwell == form.item("STF-04").dwell
    wb = openpyxl.load_workbook(io.BytesIO(data))
    survey = wb["survey"]
    header = [c.value for c in survey[1]]
    row = next(r for r in survey.iter_rows(min_row=2) if r[header.index("name")].value == "STF-04")
    row[header.index("dwell")].value = "MS-DWELL > 900"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(FormError) as caught:
        import_xlsx_bytes(out.getvalue(), "bad-dwell.xlsx")
    problem = caught.value.problems[0]
    assert problem.line == row[0].row and "MS-DWELL >= 900" in str(problem.reason)
