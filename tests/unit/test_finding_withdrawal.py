"""A finding drafted from a failed item goes when the item passes again, unless somebody has
followed it up (an event, an appeal, the lead's action); then it stays."""

from __future__ import annotations

from sqlmodel import select

from bqinspect.services import branches, catalog, inspections
from bqinspect.store.models import Finding, FindingEvent
from bqinspect.store.workspace import Workspace


def _draft(ws: Workspace):  # type: ignore[no-untyped-def]
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    fv = catalog.find_form_version(ws, "branch-onsite")
    return inspections.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"])


def _items(ws: Workspace, inspection_id) -> set[str | None]:  # type: ignore[no-untyped-def]
    return {f.item_id for f in inspections.findings_of(ws, inspection_id)}


def test_a_finding_nobody_followed_up_goes_when_the_item_passes(workspace):
    insp = _draft(workspace)
    saved = inspections.set_answer(workspace, insp.id, "ENV-01", "fail")
    assert saved.findings["ENV-01"] is not None
    assert "ENV-01" in _items(workspace, insp.id)
    saved = inspections.set_answer(workspace, insp.id, "ENV-01", "pass")
    assert saved.findings == {"ENV-01": None}
    assert "ENV-01" not in _items(workspace, insp.id)


def test_a_finding_followed_up_stays_when_the_item_passes(workspace):
    insp = _draft(workspace)
    inspections.set_answer(workspace, insp.id, "ENV-01", "fail")
    inspections.set_answer(workspace, insp.id, "ENV-02", "fail")
    with workspace.session() as s:
        by_item = {f.item_id: f for f in s.exec(select(Finding)).all()}
        s.add(FindingEvent(finding_id=by_item["ENV-01"].id, kind="response", text="fixed"))
        by_item["ENV-02"].followup_revision = 1
        s.add(by_item["ENV-02"])
    for item_id in ("ENV-01", "ENV-02"):
        saved = inspections.set_answer(workspace, insp.id, item_id, "pass")
        assert item_id not in saved.findings  # nothing changed: it stays as it was
    assert {"ENV-01", "ENV-02"} <= _items(workspace, insp.id)
