"""The rectification lifecycle: transitions, refusals, events, audit, overdue, repeats."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlmodel import select

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.forms import Severity
from bqinspect.domain.lifecycle import Role
from bqinspect.photos import ingest_bytes
from bqinspect.services import inspections as insp_svc
from bqinspect.services.branches import save_branch
from bqinspect.services.catalog import install_form
from bqinspect.services.rectification import (
    TRANSITIONS,
    Action,
    advance,
    available_actions,
    escalate_repeat,
    escalated,
    evidence,
    find_repeat,
    get_finding,
    halved_due,
    history,
    is_overdue,
    list_findings,
    pending_extension,
)
from bqinspect.store.models import AuditEvent, Finding, FindingStatus, Photo
from tests.inspection_factory import VISIT, submitted_inspection


def _jpeg(color: str) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture
def issued(empty_workspace, mini_form):  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp = submitted_inspection(ws, mini_form)
    findings = {f.item_id: f for f in insp_svc.findings_of(ws, insp.id)}
    ws.set_role(Role.LEAD)  # the follow-up is the lead's
    return SimpleNamespace(ws=ws, insp=insp, general=findings["ENV-04"], veto=findings["SEC-04"])


def _at(days: int) -> datetime:
    return VISIT + timedelta(days=days)


def test_full_cycle_with_rejection_appends_events_and_audit(issued) -> None:  # type: ignore[no-untyped-def]
    ws, fid = issued.ws, issued.general.id
    assert issued.general.status == FindingStatus.OPEN
    assert issued.general.due_date == date(2024, 4, 3)  # general: 30 calendar days

    advance(ws, fid, Action.START, "网点主任", now=_at(1))
    photo = ingest_bytes(_jpeg("green"), "after.jpg")
    done = advance(
        ws, fid, Action.SUBMIT, "网点主任", "已清扫门前并安排专人值守", photos=[photo], now=_at(2)
    )
    assert done.finding.status == FindingStatus.SUBMITTED
    assert done.event.data["photos"] == [photo.sha256]
    rejected = advance(ws, fid, "reject", "督导", "门前仍有杂物", now=_at(3))
    assert rejected.finding.status == FindingStatus.REJECTED
    # re-issued with the deadline halved: 30-day span -> 15 days from the rejection
    assert rejected.finding.due_date == _at(3).date() + timedelta(days=15)
    assert rejected.event.result == "not_passed"
    advance(ws, fid, Action.REWORK, "网点主任", now=_at(4))
    advance(ws, fid, Action.SUBMIT, "网点主任", "再次整改", now=_at(5))
    final = advance(ws, fid, Action.VERIFY, "督导", "现场复查通过", method="overt", now=_at(6))
    assert final.finding.status == FindingStatus.VERIFIED
    assert final.finding.closed_at == _at(6)

    kinds = [e.kind for e in history(ws, fid)]
    assert kinds == ["start", "submit", "reject", "rework", "submit", "verify"]
    with ws.db.session() as s:
        audit = s.exec(
            select(AuditEvent).where(AuditEvent.entity_id == str(fid)).order_by(AuditEvent.at)
        ).all()
        stored = s.get(Finding, fid)
    assert [a.action for a in audit] == kinds
    assert [a.new["status"] for a in audit] == [
        "rectifying",
        "submitted",
        "rejected",
        "rectifying",
        "submitted",
        "verified",
    ]
    assert audit[2].why == "门前仍有杂物" and audit[2].actor == "督导"
    assert stored is not None and (stored.revision, stored.followup_revision) == (1, 6)
    shots = evidence(ws, fid)
    assert [p.blob_sha256 for p in shots] == [photo.sha256]
    assert shots[0].inspection_id == issued.insp.id
    # evidence is not an answer photo of the item
    assert insp_svc.photos_of(ws, issued.insp.id, "ENV-04") == []


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("open", Action.SUBMIT),
        ("open", Action.VERIFY),
        ("rectifying", Action.VERIFY),
        ("rectifying", Action.REWORK),
        ("submitted", Action.START),
        ("verified", Action.REJECT),
        ("verified", Action.REQUEST_EXTENSION),
    ],
)
def test_actions_out_of_order_are_refused_and_change_nothing(issued, status, action) -> None:  # type: ignore[no-untyped-def]
    ws, fid = issued.ws, issued.general.id
    path = {
        "open": [],
        "rectifying": [(Action.START, "")],
        "submitted": [(Action.START, ""), (Action.SUBMIT, "done")],
        "verified": [(Action.START, ""), (Action.SUBMIT, "done"), (Action.VERIFY, "")],
    }[status]
    for act, text in path:
        advance(ws, fid, act, "x", text)
    before = (len(history(ws, fid)), get_finding(ws, fid))
    with pytest.raises(Refused) as caught:
        advance(
            ws,
            fid,
            action,
            "x",
            "some text",
            new_due=date(2099, 1, 1) if action is Action.REQUEST_EXTENSION else None,
        )
    assert any(p.where == "status" and status in str(p.reason) for p in caught.value.problems)
    after = get_finding(ws, fid)
    assert len(history(ws, fid)) == before[0]
    assert after.status == status and after.revision == before[1].revision


def test_refusals_name_what_is_missing(issued) -> None:  # type: ignore[no-untyped-def]
    ws, fid = issued.ws, issued.general.id
    advance(ws, fid, Action.START, "x")
    with pytest.raises(Refused) as caught:
        advance(ws, fid, Action.SUBMIT, "x", "   ")
    assert [p.where for p in caught.value.problems] == ["text"]
    with pytest.raises(Refused) as caught:
        advance(ws, fid, Action.START, "x", photos=[ingest_bytes(_jpeg("red"), "a.jpg")])
    assert {p.where for p in caught.value.problems} == {"status", "photos"}
    with pytest.raises(Refused, match="unknown action"):
        advance(ws, fid, "close", "x")
    with pytest.raises(NotFound):
        advance(ws, uuid.uuid4(), Action.START, "x")
    with pytest.raises(Refused, match="time zone"):
        advance(ws, fid, Action.COMMENT, "x", "t", now=datetime(2024, 1, 1))
    with pytest.raises(Refused) as caught:
        advance(ws, fid, Action.COMMENT, "x", "t", method="phone")
    assert caught.value.problems[0].where == "method"
    assert [e.kind for e in history(ws, fid)] == ["start"]


def test_extension_request_grant_and_deny(issued) -> None:  # type: ignore[no-untyped-def]
    ws, fid = issued.ws, issued.general.id
    now = _at(1)
    with pytest.raises(Refused, match="new due date"):
        advance(ws, fid, Action.REQUEST_EXTENSION, "网点", "需采购", now=now)
    with pytest.raises(Refused, match="not later"):
        advance(
            ws, fid, Action.REQUEST_EXTENSION, "网点", "需采购", new_due=date(2024, 4, 1), now=now
        )
    with pytest.raises(Refused, match="no extension request"):
        advance(ws, fid, Action.GRANT_EXTENSION, "督导", now=now)
    advance(ws, fid, Action.REQUEST_EXTENSION, "网点", "需采购", new_due=date(2024, 5, 1), now=now)
    assert pending_extension(ws, fid) == date(2024, 5, 1)
    rows = {r.id: r for r in list_findings(ws, today=now.date())}
    assert rows[fid].extension_requested == date(2024, 5, 1)
    assert rows[issued.veto.id].extension_requested is None
    with pytest.raises(Refused, match="already waiting"):
        advance(
            ws, fid, Action.REQUEST_EXTENSION, "网点", "again", new_due=date(2024, 6, 1), now=now
        )
    granted = advance(ws, fid, Action.GRANT_EXTENSION, "督导", now=_at(2))
    assert granted.finding.due_date == date(2024, 5, 1)
    assert granted.finding.status == FindingStatus.OPEN
    assert pending_extension(ws, fid) is None

    advance(ws, fid, Action.REQUEST_EXTENSION, "网点", "再延", new_due=date(2024, 6, 1), now=_at(3))
    denied = advance(ws, fid, Action.DENY_EXTENSION, "督导", "不同意", now=_at(4))
    assert denied.finding.due_date == date(2024, 5, 1)
    assert denied.event.result == "denied"
    assert pending_extension(ws, fid) is None


def test_overdue_is_derived_from_due_date_and_status() -> None:
    due = date(2024, 4, 3)
    f = SimpleNamespace(status="rectifying", due_date=due)
    assert not is_overdue(f, due)
    assert is_overdue(f, due + timedelta(days=1))
    assert is_overdue(SimpleNamespace(status="submitted", due_date=due), date(2024, 5, 1))
    assert not is_overdue(SimpleNamespace(status="verified", due_date=due), date(2024, 5, 1))
    assert not is_overdue(SimpleNamespace(status="open", due_date=None), date(2099, 1, 1))


def test_list_filters_and_order(issued) -> None:  # type: ignore[no-untyped-def]
    ws = issued.ws
    later = date(2024, 3, 20)  # the veto finding (due next day) is overdue, the general not
    rows = list_findings(ws, today=later)
    assert [r.item_id for r in rows] == ["SEC-04", "ENV-04"]
    assert rows[0].overdue and rows[0].severity == Severity.CRITICAL
    assert rows[0].branch_code == "0101" and rows[0].visit_date == VISIT.date()
    assert [r.item_id for r in list_findings(ws, overdue_only=True, today=later)] == ["SEC-04"]
    assert [r.item_id for r in list_findings(ws, severity="general")] == ["ENV-04"]
    assert list_findings(ws, branch="9999") == []
    advance(ws, issued.general.id, Action.START, "x")
    assert [r.item_id for r in list_findings(ws, status="rectifying")] == ["ENV-04"]


def test_findings_of_a_draft_are_not_issued(empty_workspace, mini_form) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    fv = install_form(ws, mini_form)
    branch = save_branch(ws, {"code": "0202", "name": "草稿网点"})
    insp = insp_svc.start_inspection(ws, branch.id, fv.id, visit_start=VISIT)
    insp_svc.set_answer(ws, insp.id, "ENV-04", 1)
    (draft,) = insp_svc.findings_of(ws, insp.id)
    assert list_findings(ws) == []
    with ws.acting_as(Role.LEAD), pytest.raises(Refused, match="still a draft"):
        advance(ws, draft.id, Action.START, "x")


def test_available_actions_follow_the_table() -> None:
    assert available_actions("open", False) == [
        Action.START,
        Action.REQUEST_EXTENSION,
        Action.COMMENT,
    ]
    assert available_actions("open", True) == [
        Action.START,
        Action.GRANT_EXTENSION,
        Action.DENY_EXTENSION,
        Action.COMMENT,
    ]
    assert available_actions("submitted", False) == [Action.VERIFY, Action.REJECT, Action.COMMENT]
    assert available_actions("verified", False) == [Action.COMMENT]
    # every target state is reachable and every state but verified can move on
    targets = {r.target for r in TRANSITIONS.values() if r.target}
    assert targets == set(FindingStatus) - {FindingStatus.OPEN}


def test_severity_escalation_and_deadline_halving() -> None:
    assert escalated(Severity.GENERAL) is Severity.MAJOR
    assert escalated(Severity.OBSERVATION) is Severity.GENERAL
    assert escalated(Severity.CRITICAL) is Severity.CRITICAL
    today = date(2024, 5, 1)
    assert halved_due(date(2024, 3, 4), date(2024, 4, 3), today) == date(2024, 5, 16)
    assert halved_due(date(2024, 3, 4), date(2024, 3, 5), today) == date(2024, 5, 2)
    assert halved_due(date(2024, 3, 4), None, today) is None


def test_repeat_finding_is_escalated_once(empty_workspace, mini_form) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    first = submitted_inspection(ws, mini_form, visit=VISIT)
    second = submitted_inspection(ws, mini_form, visit=VISIT + timedelta(days=90))
    old = {f.item_id: f for f in insp_svc.findings_of(ws, first.id)}
    new = {f.item_id: f for f in insp_svc.findings_of(ws, second.id)}
    assert find_repeat(ws, new["ENV-04"].id).id == old["ENV-04"].id
    assert find_repeat(ws, old["ENV-04"].id) is None  # the earlier one repeats nothing
    ws.set_role(Role.LEAD)  # the follow-up is the lead's
    raised = escalate_repeat(ws, new["ENV-04"].id, "系统")
    assert raised is not None and raised.finding.severity == Severity.MAJOR
    assert escalate_repeat(ws, new["ENV-04"].id) is None  # only once
    assert escalate_repeat(ws, new["SEC-04"].id) is None  # critical cannot go higher
    with ws.db.session() as s:
        assert s.get(Finding, new["ENV-04"].id).severity == "major"


def test_evidence_photos_are_stored_once_per_content(issued) -> None:  # type: ignore[no-untyped-def]
    ws, fid = issued.ws, issued.general.id
    photo = ingest_bytes(_jpeg("blue"), "e.jpg")
    advance(ws, fid, Action.COMMENT, "x", "before", photos=[photo])
    advance(ws, fid, Action.COMMENT, "x", "again", photos=[photo])
    with ws.db.session() as s:
        rows = s.exec(select(Photo).where(Photo.finding_id == fid)).all()
    assert len(rows) == 2 and len({r.finding_event_id for r in rows}) == 2
    assert insp_svc.photo_blob(ws, photo.sha256) is not None


def test_the_one_who_asked_for_an_extension_does_not_decide_on_it(issued) -> None:  # type: ignore[no-untyped-def]
    ws, fid = issued.ws, issued.general.id
    advance(
        ws, fid, Action.REQUEST_EXTENSION, "网点", "需采购", new_due=date(2024, 5, 1), now=_at(1)
    )
    for decision in (Action.GRANT_EXTENSION, Action.DENY_EXTENSION):
        with pytest.raises(Refused, match="someone else") as caught:
            advance(ws, fid, decision, "网点", "同意", now=_at(2))
        assert caught.value.problems[-1].where == "extension"
    assert pending_extension(ws, fid) == date(2024, 5, 1)  # nothing changed
    assert [e.kind for e in history(ws, fid)] == ["request_extension"]
    assert advance(ws, fid, Action.GRANT_EXTENSION, "督导", now=_at(2)).event.result == "granted"
