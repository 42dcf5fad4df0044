"""A form that requires a reason for every deduction blocks submission until each has one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bqinspect.base.errors import Refused
from bqinspect.domain.formio import form_from_data, form_to_data
from bqinspect.domain.forms import DeductionReason, Form
from bqinspect.services import branches, catalog
from bqinspect.services import inspections as I


def _requiring_reasons(form: Form) -> Form:
    data = form_to_data(form)
    data["id"] = "mini-reasons"
    data["deduction_reason"] = DeductionReason.REQUIRED.value
    data["sections"][0]["items"][0]["photo_on_fail"] = "optional"
    data["sections"][0]["items"][0]["reasons"] = [{"zh": "标牌破损", "en": "Sign damaged"}]
    return form_from_data(data)


@pytest.fixture
def started(empty_workspace, mini_form):  # type: ignore[no-untyped-def]
    ws = empty_workspace
    fv = catalog.install_form(ws, _requiring_reasons(mini_form))
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    visit = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    insp = I.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"], visit_start=visit)
    for item_id, value in [
        ("ENV-01", "fail"),  # fails: all points deducted
        ("ENV-04", 4),  # a rating of 4 of 5: part of the points deducted
        ("STF-04", "pass"),
        ("STF-05", 8),
        ("STF-06", 5),
        ("SEC-04", {"x": 4}),
        ("SEC-05", 45),
        ("FAC-15", ["water", "glasses", "firstaid"]),
    ]:
        I.set_answer(ws, insp.id, item_id, value)
    I.set_answer(ws, insp.id, "ENV-05", na=True)  # not applicable: nothing deducted
    return ws, insp


def _reasons_missing(ws, insp_id) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.item_id for m in I.check_submission(ws, insp_id) if m.what == "reason"]


def test_every_deduction_needs_a_reason_chosen_or_typed(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    assert _reasons_missing(ws, insp.id) == ["ENV-01", "ENV-04"]
    with pytest.raises(Refused) as caught:
        I.submit(ws, insp.id)
    assert [p.where for p in caught.value.problems] == ["ENV-01", "ENV-04"]
    assert all("reason" in str(p.reason) for p in caught.value.problems)
    I.set_note(ws, insp.id, "ENV-01", "标牌破损")  # the item's common reason, chosen
    I.set_note(ws, insp.id, "ENV-04", "门前有落叶未清扫")  # typed
    assert I.check_submission(ws, insp.id) == []


def test_a_blank_note_is_no_reason(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    I.set_note(ws, insp.id, "ENV-01", "   ")
    assert "ENV-01" in _reasons_missing(ws, insp.id)


def test_forms_without_the_rule_ask_no_reason(empty_workspace, mini_form) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    assert mini_form.deduction_reason is DeductionReason.OPTIONAL  # an old definition: the default
    fv = catalog.install_form(ws, mini_form)
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    visit = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    insp = I.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"], visit_start=visit)
    I.set_answer(ws, insp.id, "ENV-04", 2)
    assert _reasons_missing(ws, insp.id) == []
