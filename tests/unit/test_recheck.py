"""The re-check visit: its form built from open findings, a pass verifies, a fail keeps it open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import pytest

from bqinspect.base.errors import Refused
from bqinspect.domain.lifecycle import FindingStatus, Role
from bqinspect.domain.recheck import finding_key, is_recheck
from bqinspect.photos import ingest_bytes
from bqinspect.services import inspections as svc
from bqinspect.services import review
from bqinspect.services.branches import get_branch, save_branch
from bqinspect.services.recheck import ORIGINAL_CAPTION, start_recheck
from bqinspect.services.rectification import Action, advance, evidence, get_finding, history
from tests.inspection_factory import PNG_1PX, VISIT
from tests.pg import fresh_database
from tests.unit.parties import Parties, three_parties
from tests.unit.sync_helpers import make_inspection, photo_bytes, setup_field

LATER = VISIT + timedelta(days=20)


def _field(ws):  # type: ignore[no-untyped-def]
    """A submitted mini-form inspection of branch 0231 whose ENV-01 failed (with a photo)."""
    branch, fv = setup_field(ws)
    first = make_inspection(ws, branch, fv)
    return branch, {f.item_id: f for f in svc.findings_of(ws, first)}


def _fv(ws):  # type: ignore[no-untyped-def]
    return next(v for v in ws.form_versions() if v.form_id == "mini-onsite")


def _answer_all(ws, insp_id, value, note=""):  # type: ignore[no-untyped-def]
    form = svc.form_of(ws, svc.get_inspection(ws, insp_id))
    for item in form.items():
        svc.set_answer(ws, insp_id, item.id, value)
        if note:
            svc.set_note(ws, insp_id, item.id, note)
    return form


def _submit(ws, insp_id) -> None:  # type: ignore[no-untyped-def]
    svc.add_signature(ws, insp_id, "inspector", "王晓明", PNG_1PX)
    svc.submit(ws, insp_id)


def test_form_has_one_item_per_open_finding_with_the_original_as_guidance(
    empty_workspace,
) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    _branch, found = _field(ws)
    insp = start_recheck(ws, "0231", inspectors=["王晓明"], visit_start=LATER)
    form = svc.form_of(ws, svc.get_inspection(ws, insp.id))
    assert is_recheck(form) and form.kind.value == "onsite"
    items = form.items()
    open_ids = {f.id.hex for f in found.values()}
    assert len(items) == len(found)
    assert {finding_key(i.id) for i in items} == {h[:12] for h in open_ids}
    env = next(i for i in items if found["ENV-01"].id.hex.startswith(finding_key(i.id) or "-"))
    assert env.text.zh == found["ENV-01"].description
    assert env.guidance is not None and "ENV-01" in env.guidance.zh
    assert "门楣灯箱破损" in env.guidance.zh  # the original observation
    assert env.note_on_fail and env.reasons
    photos = svc.photos_of(ws, insp.id)
    assert [p.caption for p in photos if p.item_id == env.id] == [ORIGINAL_CAPTION["zh"]]
    assert svc.findings_of(ws, insp.id) == []  # its items draft no findings of their own


def test_no_open_findings_is_refused(empty_workspace) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    save_branch(ws, {"code": "0500", "name": "无问题网点"})
    with pytest.raises(Refused, match="no open findings"):
        start_recheck(ws, "0500")
    assert svc.list_inspections(ws) == []


def test_verified_findings_are_not_rechecked(empty_workspace) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    _branch, found = _field(ws)
    with ws.acting_as(Role.LEAD):
        for f in found.values():
            advance(ws, f.id, Action.START, "网点主任")
            advance(ws, f.id, Action.SUBMIT, "网点主任", "已整改")
            advance(ws, f.id, Action.VERIFY, "督导")
    with pytest.raises(Refused, match="no open findings"):
        start_recheck(ws, "0231")


def test_inspector_recheck_takes_effect_on_the_leads_approval(empty_workspace) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    _branch, found = _field(ws)
    env = found["ENV-01"]
    insp = start_recheck(ws, "0231", visit_start=LATER)
    form = _answer_all(ws, insp.id, "pass")
    env_item = next(i.id for i in form.items() if env.id.hex.startswith(finding_key(i.id) or "-"))
    svc.attach_photo(ws, insp.id, ingest_bytes(photo_bytes(7), "after.jpg"), item_id=env_item)
    _submit(ws, insp.id)
    assert get_finding(ws, env.id).status == FindingStatus.OPEN  # recorded, not yet in effect
    with ws.acting_as(Role.LEAD):
        review.approve(ws, insp.id)
    after = get_finding(ws, env.id)
    assert after.status == FindingStatus.VERIFIED and after.closed_at is not None
    event = history(ws, env.id)[-1]
    assert event.kind == "verify" and event.result == "passed"
    assert event.data is not None
    assert event.data["recheck"] == str(insp.id) and event.data["method"] == "overt"
    assert [p.blob_sha256 for p in evidence(ws, env.id)] == event.data["photos"]
    assert len(event.data["photos"]) == 1  # the visit's own photo, not the original shown
    with ws.acting_as(Role.LEAD):  # approving again (after a reopen) adds nothing
        review.reopen(ws, insp.id, "复核")
        review.approve(ws, insp.id)
    assert len(history(ws, env.id)) == 1


def test_fail_keeps_the_finding_open_with_the_note_as_a_new_event(empty_workspace) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    _branch, found = _field(ws)
    env = found["ENV-01"]
    second = make_inspection(ws, _branch, _fv(ws), seed=2)
    other = svc.findings_of(ws, second)[0]
    with ws.acting_as(Role.LEAD):  # the branch reported ENV-01 rectified
        advance(ws, env.id, Action.START, "网点主任")
        advance(ws, env.id, Action.SUBMIT, "网点主任", "已更换灯箱")
    insp = start_recheck(ws, "0231", visit_start=LATER)
    _answer_all(ws, insp.id, "fail", note="灯箱仍未修复")
    _submit(ws, insp.id)
    with ws.acting_as(Role.LEAD):
        review.approve(ws, insp.id)
    rejected = get_finding(ws, env.id)
    assert rejected.status == FindingStatus.REJECTED  # a reported rectification refused
    assert history(ws, env.id)[-1].text == "灯箱仍未修复"
    noted = get_finding(ws, other.id)
    assert noted.status == FindingStatus.OPEN
    last = history(ws, other.id)[-1]
    assert last.kind == "comment" and last.data and last.data["recheck"] == str(insp.id)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def parties(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Parties]:
    """Laptop, lead and head office; head office on SQLite and on PostgreSQL."""
    with ExitStack() as stack:
        url = None
        if request.param == "postgres":
            url = stack.enter_context(fresh_database(request.getfixturevalue("pg_url")))
        world = three_parties(tmp_path, url)
        stack.callback(world.close)
        yield world


def test_lead_imports_and_approves_the_recheck(parties: Parties) -> None:
    laptop, lead, office = parties.all()
    first = make_inspection(laptop, get_branch(laptop, "0231"), _fv(laptop))
    parties.send(laptop, lead, [first])
    insp = start_recheck(laptop, "0231", visit_start=LATER)
    _answer_all(laptop, insp.id, "pass")
    _submit(laptop, insp.id)
    parties.send(laptop, lead, [insp.id])
    review.approve(lead, insp.id)
    assert {f.status for f in svc.findings_of(lead, first)} == {"verified"}
    parties.send(lead, laptop, [first, insp.id])  # the inspector learns they are closed
    assert {f.status for f in svc.findings_of(laptop, first)} == {"verified"}
    parties.send(lead, office, [first, insp.id])
    closed = svc.findings_of(office, first)
    assert {f.status for f in closed} == {"verified"}
    (event,) = [e for e in history(office, closed[0].id) if e.kind == "verify"]
    assert event.data is not None and event.data["recheck"] == str(insp.id)


def test_a_recheck_is_not_the_branchs_latest_score(empty_workspace) -> None:  # type: ignore[no-untyped-def]
    from bqinspect.analytics.branch_status import branch_status

    ws = empty_workspace
    _field(ws)
    (first,) = svc.list_inspections(ws)
    insp = start_recheck(ws, "0231", visit_start=LATER)
    _answer_all(ws, insp.id, "pass")
    _submit(ws, insp.id)
    with ws.db.engine.connect() as conn:
        (status,) = branch_status(conn, LATER.date())
    assert status.last_score == first.overall_score and status.previous_score is None


def test_a_recheck_form_is_not_offered_for_new_inspections(empty_workspace) -> None:  # type: ignore[no-untyped-def]
    from bqinspect.services.catalog import latest_versions

    ws = empty_workspace
    _field(ws)
    start_recheck(ws, "0231", visit_start=LATER)
    assert [v.form_id for v in latest_versions(ws)] == ["mini-onsite"]
    assert any(v.form_id == "recheck.0231" for v in ws.form_versions())  # stored like any
