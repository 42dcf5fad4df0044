"""Values that cannot be stored and given back faithfully are refused at the edge."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bqinspect.domain.forms import Item
from bqinspect.domain.storable import MAX_EXACT_INT, NotStorable, check_storable
from bqinspect.domain.values import ValueProblem, normalize_value


def _item(type_: str, **extra: Any) -> Item:
    data = {"id": "X-01", "text": {"zh": "项", "en": "item"}, "type": type_, "points": 0, **extra}
    return Item.model_validate(data)


@pytest.mark.parametrize(
    ("value", "path", "reason"),
    [
        (float("inf"), "", "is not a finite number"),
        ({"a": [1, float("nan")]}, "a[1]", "is not a finite number"),
        ({"n": 2**53 + 1}, "n", "cannot be stored exactly"),
        ({"t": "ok \ud800"}, "t", "not valid Unicode (U+D800)"),
        ([{"when": datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))}], "[0].when",
         "between the years 1900 and 2999"),
        ({"d": date(1, 1, 1)}, "d", "between the years 1900 and 2999"),
    ],
)  # fmt: skip
def test_check_storable_names_the_part(value: Any, path: str, reason: str) -> None:
    with pytest.raises(NotStorable) as info:
        check_storable(value)
    assert info.value.path == path
    assert reason in str(info.value.reason)


def test_storable_values_pass() -> None:
    check_storable({"x": 3, "y": [1.5, -MAX_EXACT_INT, "文字", True, None]})
    check_storable(datetime(2026, 12, 1, tzinfo=UTC))


@pytest.mark.parametrize("raw", ["1e400", "1" * 4000, 10**20, float("inf")])
def test_number_answers_refuse_what_they_cannot_keep(raw: Any) -> None:
    with pytest.raises(ValueProblem, match="finite number of at most 15 digits"):
        normalize_value(_item("number", unit="min"), raw)


def test_text_answer_refuses_a_lone_surrogate() -> None:
    with pytest.raises(ValueProblem, match="not valid Unicode"):
        normalize_value(_item("text"), "abc\udc80")


@pytest.mark.parametrize(
    ("type_", "raw"),
    [("date", "0001-01-01"), ("timestamp", "9999-12-31T23:00:00-05:00")],
)
def test_dates_outside_the_calendar_are_refused(type_: str, raw: str) -> None:
    with pytest.raises(ValueProblem, match="between the years 1900 and 2999"):
        normalize_value(_item(type_), raw)


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-MAX_EXACT_INT, MAX_EXACT_INT)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=20,
    )
)
def test_whatever_passes_the_check_round_trips_through_json(value: Any) -> None:
    check_storable(value)
    again = json.loads(json.dumps(value, ensure_ascii=False).encode("utf-8").decode("utf-8"))
    assert again == value


def test_use_cases_refuse_text_that_cannot_be_stored(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bqinspect.base.errors import Refused
    from bqinspect.services import inspections as svc
    from tests.unit.sync_helpers import make_inspection, open_ws, setup_field

    ws = open_ws(tmp_path / "data")
    branch, fv = setup_field(ws)
    insp = make_inspection(ws, branch, fv, submit=False)
    with pytest.raises(Refused, match="not valid Unicode") as info:
        svc.set_note(ws, insp, "ENV-01", "门楣 \udc8f 破损")  # as a mis-decoded command line gives
    assert info.value.problems[0].where == "ENV-01: note"
    with pytest.raises(Refused) as info:
        svc.set_inspection_fields(ws, insp, notes="ok \ud800")
    assert info.value.problems[0].where == "notes"
    assert svc.answers_of(ws, insp)["ENV-01"].note == "门楣灯箱破损"  # unchanged
    ws.close()
