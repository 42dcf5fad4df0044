"""Whatever a use case accepts comes back unchanged: export → import → report → export.

Hypothesis throws raw values at every answer type of the mini form (numbers far beyond what a
float keeps, text with lone surrogates and every plane of Unicode, dates at and past the ends of
the calendar, odd shapes) and at the notes and the header. A value is either refused at the use
case with a ``Refused`` naming the item, or it travels through a signed package to a lead's
machine, into a notice that verifies, and out again in a second package, equal at every step.
"""

from __future__ import annotations

import json
import tempfile
import uuid
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bqinspect.base.errors import Refused
from bqinspect.domain.lifecycle import Role
from bqinspect.report.builder import build_report
from bqinspect.report.verify import verify_report
from bqinspect.services import inspections as svc
from bqinspect.store.workspace import Workspace
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package
from tests.unit.sync_helpers import (
    GOOD_ANSWERS,
    VISIT,
    open_ws,
    setup_field,
    signature_png,
    trust,
)

_text = st.text(max_size=40)  # every code point hypothesis draws, lone surrogates included
_number = st.one_of(
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=60),
    st.floats(min_value=-1e6, max_value=1e6),
    st.decimals(min_value=0, max_value=100, places=3).map(str),
    st.integers(),
    st.integers(min_value=-(10**4000), max_value=10**4000),
    st.floats(),
    st.sampled_from(["1e400", "-1e400", "NaN", "Infinity", "9007199254740993", "0.1", " 12 "]),
    _text,
    st.booleans(),
    st.none(),
)
_day = st.one_of(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)).map(date.isoformat),
    st.datetimes(min_value=datetime(1900, 1, 2), timezones=st.timezones()).map(datetime.isoformat),
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(
        datetime.isoformat
    ),
    _text,
)
RAW: dict[str, st.SearchStrategy[Any]] = {
    "ENV-01": st.one_of(st.sampled_from(["pass", "fail", "PASS", "yes", ""]), _text),
    "ENV-04": _number,
    "ENV-05": st.one_of(st.sampled_from(["pass", "fail"]), _text),
    "STF-04": st.sampled_from(["pass", "fail"]),
    "STF-05": _number,
    "STF-06": _number,
    "SEC-04": st.one_of(
        st.fixed_dictionaries({"x": _number, "y": _number}),
        st.dictionaries(_text, _number, max_size=3),
        _number,
    ),
    "SEC-05": _number,
    "SEC-14": _day,
    "FAC-15": st.one_of(
        st.lists(st.sampled_from(["water", "glasses", "firstaid"]), max_size=4),
        st.lists(_text, max_size=3),
        _text,
    ),
}
EDITS = st.fixed_dictionaries(
    {item: st.one_of(st.none(), raw) for item, raw in RAW.items()}  # None: left as answered
)
NOTES = st.dictionaries(st.sampled_from(sorted(RAW)), _text, max_size=4)


def _stored(ws: Workspace, inspection_id: uuid.UUID) -> dict[str, Any]:
    rows = svc.answers_of(ws, inspection_id)
    header = svc.read_inspection(ws, inspection_id).inspection
    return {
        "answers": {k: (r.value, r.note, r.is_na) for k, r in sorted(rows.items())},
        "notes": header.notes,
    }


def _packed(package: Path, inspection_id: uuid.UUID) -> dict[str, Any]:
    with zipfile.ZipFile(package) as z:
        record = json.loads(z.read(f"records/inspections/{inspection_id}.json"))
    answers = {a["item_id"]: (a["value"], a["note"], a["is_na"]) for a in record["answers"]}
    return {"answers": dict(sorted(answers.items())), "notes": record["inspection"]["notes"]}


def _accepted_edits(
    ws: Workspace, inspection_id: uuid.UUID, edits: dict[str, Any], notes: dict[str, str]
) -> None:
    """Apply each raw value through the use cases; a refusal must name the item and leave the
    stored answer as it was."""
    for item_id, raw in edits.items():
        if raw is None:
            continue
        before = svc.answers_of(ws, inspection_id).get(item_id)
        try:
            svc.set_answer(ws, inspection_id, item_id, raw)
            event(f"{item_id} accepted")
        except Refused as refused:
            event(f"{item_id} refused")
            assert any(item_id in p.where for p in refused.problems), refused.problems
            assert svc.answers_of(ws, inspection_id).get(item_id) == before
    for item_id, text in notes.items():
        try:
            svc.set_note(ws, inspection_id, item_id, text)
        except Refused as refused:
            assert any(item_id in p.where for p in refused.problems), refused.problems


def _round_trip(folder: Path, edits: dict[str, Any], notes: dict[str, str], header: str) -> None:
    field = open_ws(folder / "field")
    lead = open_ws(folder / "lead")
    try:
        lead.set_role(Role.LEAD)
        branch, fv = setup_field(field)
        insp = svc.start_inspection(
            field, branch.id, fv.id, inspectors=["王晓明"], visit_start=VISIT
        )
        for item_id, value in GOOD_ANSWERS.items():
            svc.set_answer(field, insp.id, item_id, value)
        _accepted_edits(field, insp.id, edits, notes)
        try:
            svc.set_inspection_fields(field, insp.id, notes=header)
        except Refused as refused:
            assert refused.problems[0].where == "notes"
        try:
            svc.add_signature(field, insp.id, "inspector", "王晓明", signature_png())
            svc.submit(field, insp.id)
        except Refused:
            pass  # a draft travels as well as a submitted record
        original = _stored(field, insp.id)

        first = folder / "first.bqpkg"
        export_package(field, first, [insp.id])
        assert _packed(first, insp.id) == original

        trust(lead, field, folder)
        import_package(lead, first)
        assert _stored(lead, insp.id) == original

        notice = folder / "notice.pdf"
        build_report(lead, insp.id, notice, audience="office", lang="zh")
        assert verify_report(lead, notice).matches

        second = folder / "second.bqpkg"
        export_package(lead, second, [insp.id])
        assert _packed(second, insp.id) == original
    finally:
        field.close()
        lead.close()


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(EDITS, NOTES, _text)
def test_accepted_values_round_trip_unchanged(
    edits: dict[str, Any], notes: dict[str, str], header: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _round_trip(Path(folder), edits, notes, header)


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(EDITS, NOTES, _text)
def test_accepted_values_round_trip_unchanged_at_length(
    edits: dict[str, Any], notes: dict[str, str], header: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _round_trip(Path(folder), edits, notes, header)
