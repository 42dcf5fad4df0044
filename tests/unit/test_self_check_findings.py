"""A finding of the branch's own self-check carries the source self-check, others their kind's."""

from __future__ import annotations

from datetime import UTC, datetime

from bqinspect.services import branches, catalog
from bqinspect.services import inspections as I
from bqinspect.store.models import FindingSource
from bqinspect.store.workspace import Workspace

VISIT = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _failed_finding_source(ws: Workspace, form_id: str, item_id: str) -> str:
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    fv = catalog.find_form_version(ws, form_id)
    insp = I.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"], visit_start=VISIT)
    I.set_answer(ws, insp.id, item_id, "fail")
    [finding] = I.findings_of(ws, insp.id)
    assert finding.item_id == item_id
    return finding.source


def test_a_self_check_finding_carries_the_self_check_source(workspace: Workspace) -> None:
    assert _failed_finding_source(workspace, "self-check", "SCK-13") == FindingSource.SELF_CHECK


def test_a_lobby_patrol_finding_is_a_self_check_finding_too(workspace: Workspace) -> None:
    assert _failed_finding_source(workspace, "lobby-patrol", "PAT-01") == FindingSource.SELF_CHECK


def test_an_inspection_finding_keeps_the_inspection_source(workspace: Workspace) -> None:
    assert _failed_finding_source(workspace, "self-service", "SSB-02") == FindingSource.INSPECTION
