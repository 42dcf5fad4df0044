"""Inspection use cases: answers committed at once, findings drafted, submission, audit."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from sqlmodel import select

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.lifecycle import Role
from bqinspect.photos import ingest_bytes
from bqinspect.services import branches, catalog, review
from bqinspect.services import inspections as I
from bqinspect.store.models import AuditEvent, Finding, InspectionStatus


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "PNG")
    return out.getvalue()


def _jpeg(colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def started(empty_workspace, mini_form):  # type: ignore[no-untyped-def]
    ws = empty_workspace
    fv = catalog.install_form(ws, mini_form)
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    visit = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)  # a Friday
    insp = I.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"], visit_start=visit)
    return ws, insp


def _answer_all(ws, insp_id) -> None:  # type: ignore[no-untyped-def]
    I.set_answer(ws, insp_id, "ENV-01", "pass")
    I.set_answer(ws, insp_id, "ENV-04", 4)
    I.set_answer(ws, insp_id, "ENV-05", na=True)
    I.set_answer(ws, insp_id, "STF-04", "pass")
    I.set_answer(ws, insp_id, "STF-05", 8)
    I.set_answer(ws, insp_id, "STF-06", 5)
    I.set_answer(ws, insp_id, "SEC-04", {"x": 4})
    I.set_answer(ws, insp_id, "SEC-05", 45)
    I.set_answer(ws, insp_id, "FAC-15", ["water", "glasses", "firstaid"])


def test_each_answer_is_committed_immediately(started, home) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    I.set_answer(ws, insp.id, "ENV-04", 4)
    import sqlite3

    with sqlite3.connect(home / "bqinspect.sqlite") as con:  # another connection sees it
        rows = con.execute("SELECT item_id, value FROM answer").fetchall()
    assert [(k, str(v)) for k, v in rows] == [("ENV-04", "4")]


def test_a_draft_answer_is_given_back_as_stored(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    first = I.set_answer(ws, insp.id, "ENV-05", "pass")
    again = I.set_answer(ws, insp.id, "ENV-05", na=True)  # the same row, changed
    I.set_note(ws, insp.id, "ENV-01", "门楣积灰")
    noted = I.set_answer(ws, insp.id, "ENV-01", "fail")  # the note is kept
    record = I.read_inspection(ws, insp.id)
    stored = record.answer_map()
    assert again.answers == {"ENV-05": stored["ENV-05"]}
    assert noted.answers == {"ENV-01": stored["ENV-01"]}
    assert first.answers["ENV-05"].id == stored["ENV-05"].id
    assert (stored["ENV-05"].value, stored["ENV-05"].is_na) == (None, True)
    assert (stored["ENV-01"].value, stored["ENV-01"].note) == ("fail", "门楣积灰")
    assert record.inspection.updated_at == stored["ENV-01"].answered_at
    assert set(noted.findings) == {"ENV-01"}
    with pytest.raises(NotFound):
        I.set_answer(ws, uuid.uuid4(), "ENV-01", "pass")


def test_bad_values_are_refused_and_change_nothing(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    I.set_answer(ws, insp.id, "ENV-04", 4)
    for item_id, value, message in [
        ("ENV-04", 9, "between 1 and 5"),
        ("ENV-01", "maybe", "'pass' or 'fail'"),
        ("SEC-04", {"x": 7}, "between 0 and 4"),
        ("SEC-05", "abc", "must be a number"),
        ("FAC-15", ["caviar"], "not options"),
        ("NOPE-1", "pass", "no item NOPE-1"),
    ]:
        with pytest.raises(Refused, match=message):
            I.set_answer(ws, insp.id, item_id, value)
    with pytest.raises(Refused, match="not applicable"):
        I.set_answer(ws, insp.id, "ENV-01", na=True)
    assert {k: a.value for k, a in I.answers_of(ws, insp.id).items()} == {"ENV-04": 4}


def test_failed_item_drafts_a_finding_with_deadline_and_pass_removes_it(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    I.set_answer(ws, insp.id, "ENV-01", "fail")
    I.set_answer(ws, insp.id, "SEC-04", {"x": 2})
    findings = {f.item_id: f for f in I.findings_of(ws, insp.id)}
    assert set(findings) == {"ENV-01", "SEC-04"}
    assert findings["ENV-01"].severity == "general"
    assert findings["ENV-01"].requirement == "清洁并修复门楣标牌"
    assert findings["ENV-01"].due_date == (insp.visit_start + timedelta(days=30)).date()
    assert findings["SEC-04"].severity == "critical"  # a veto item
    assert findings["SEC-04"].points_deducted == pytest.approx(2.0)
    I.set_answer(ws, insp.id, "ENV-01", "pass")
    assert [f.item_id for f in I.findings_of(ws, insp.id)] == ["SEC-04"]


def test_submission_lists_what_is_missing(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    I.set_answer(ws, insp.id, "ENV-01", "fail")
    missing = {(m.item_id, m.what) for m in I.check_submission(ws, insp.id)}
    assert ("ENV-01", "photo") in missing
    assert ("STF-04", "answer") in missing
    assert ("STF-06", "answer") not in missing  # hidden until STF-04 passes
    with pytest.raises(Refused) as caught:
        I.submit(ws, insp.id)
    assert any(p.where == "ENV-01" and "photo" in str(p.reason) for p in caught.value.problems)
    assert I.get_inspection(ws, insp.id).status == InspectionStatus.DRAFT


def test_submit_locks_scores_and_audits(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    _answer_all(ws, insp.id)
    I.set_answer(ws, insp.id, "ENV-01", "fail")
    I.attach_photo(ws, insp.id, ingest_bytes(_jpeg(), "sign.jpg"), item_id="ENV-01")
    assert I.check_submission(ws, insp.id) == []
    with pytest.raises(Refused, match="signature"):
        I.submit(ws, insp.id)
    I.add_signature(ws, insp.id, "inspector", "王晓明", _png())
    result = I.submit(ws, insp.id)
    stored = I.get_inspection(ws, insp.id)
    assert stored.status == InspectionStatus.SUBMITTED
    assert stored.overall_score == pytest.approx(round(result.overall, 2))
    assert stored.grade == result.grade
    assert stored.section_scores and stored.section_scores["ENV"]["applicable"] == 5
    answers = I.answers_of(ws, insp.id)
    assert answers["ENV-01"].points_awarded == 0 and answers["ENV-01"].points_possible == 2
    with pytest.raises(Refused, match="locked"):
        I.set_answer(ws, insp.id, "ENV-01", "pass")
    # a change after submission needs a reason and is audited
    I.set_answer(ws, insp.id, "ENV-04", 5, why="复核后更正")
    trail = I.audit_trail(ws, insp.id)
    actions = [(e.action, e.field) for e in trail]
    assert ("submit", "status") in actions and ("update", "value") in actions
    change = next(e for e in trail if e.field == "value")
    assert change.old == {"value": 4, "na": False} and change.new["value"] == 5
    assert change.why == "复核后更正" and change.actor == "测试员"
    assert I.get_inspection(ws, insp.id).revision == 2


def test_timer_marks_fill_durations_and_corrections_are_audited(workspace) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    fv = catalog.find_form_version(ws, "mystery-cash")
    form = ws.form(fv.id)
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    insp = I.start_inspection(ws, branch.id, fv.id)
    t0 = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    wait_item = next(
        i for i in form.items() if i.derive and (i.derive.start, i.derive.end) == ("T3", "T4")
    )
    I.mark_timer(ws, insp.id, "T3", t0)
    durations = I.mark_timer(ws, insp.id, "T4", t0 + timedelta(minutes=12)).durations
    assert durations[wait_item.id] == 720
    assert I.answers_of(ws, insp.id)[wait_item.id].value == 720
    I.mark_timer(ws, insp.id, "T4", t0 + timedelta(minutes=40), why="按错了")
    assert I.answers_of(ws, insp.id)[wait_item.id].value == 2400
    trail = [e for e in I.audit_trail(ws, insp.id) if e.entity == "timer"]
    assert len(trail) == 1 and trail[0].why == "按错了"
    assert I.current_score(ws, insp.id).items[wait_item.id].failed
    with pytest.raises(Refused, match="no checkpoint"):
        I.mark_timer(ws, insp.id, "T9")


def test_photo_forbidden_on_covert_items(workspace) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    fv = catalog.find_form_version(ws, "mystery-cash")
    form = ws.form(fv.id)
    forbidden = [i for i in form.items() if i.photo_on_fail.value == "forbidden"]
    assert forbidden
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    insp = I.start_inspection(ws, branch.id, fv.id)
    with pytest.raises(Refused, match="covert"):
        I.attach_photo(ws, insp.id, ingest_bytes(_jpeg(), "x.jpg"), item_id=forbidden[0].id)
    assert I.photos_of(ws, insp.id) == []


def test_same_photo_twice_is_stored_once(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    photo = ingest_bytes(_jpeg("blue"), "a.jpg")
    first = I.attach_photo(ws, insp.id, photo, item_id="ENV-01")
    again = I.attach_photo(ws, insp.id, photo, item_id="ENV-01")
    assert first.id == again.id and len(I.photos_of(ws, insp.id)) == 1


def test_delete_only_drafts(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    _answer_all(ws, insp.id)
    I.add_signature(ws, insp.id, "inspector", "王晓明", _png())
    I.submit(ws, insp.id)
    with pytest.raises(Refused, match="only a draft"):
        I.delete_draft(ws, insp.id)
    with ws.acting_as(Role.LEAD):
        review.return_inspection(ws, insp.id, "补充")
    I.revise_returned(ws, insp.id)
    I.delete_draft(ws, insp.id)
    assert I.list_inspections(ws) == []
    with ws.db.session() as s:
        assert s.exec(select(Finding)).all() == []
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "delete")).first()


def test_list_filters_and_search(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    assert [r.id for r in I.list_inspections(ws, branch="0231")] == [insp.id]
    assert I.list_inspections(ws, status="submitted") == []
    assert I.list_inspections(ws, text="城东") and not I.list_inspections(ws, text="西郊")
    assert I.find_inspection(ws, str(insp.id)[:8]).id == insp.id
    with pytest.raises(Refused):
        I.find_inspection(ws, str(uuid.uuid4()))


@pytest.mark.postgres
def test_the_same_use_cases_on_postgresql(pg_url, home, mini_form) -> None:  # type: ignore[no-untyped-def]
    from bqinspect.store.workspace import open_workspace
    from tests.pg import fresh_database

    with fresh_database(pg_url) as url:
        ws = open_workspace(home, url, actor="总行分析员")
        try:
            fv = catalog.install_form(ws, mini_form)
            branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
            insp = I.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"])
            _answer_all(ws, insp.id)
            I.set_answer(ws, insp.id, "ENV-01", "fail")
            I.attach_photo(ws, insp.id, ingest_bytes(_jpeg(), "p.jpg"), item_id="ENV-01")
            I.add_signature(ws, insp.id, "inspector", "王晓明", _png())
            result = I.submit(ws, insp.id)
            rows = I.list_inspections(ws, status="submitted", branch="0231", text="城东")
            assert [r.id for r in rows] == [insp.id]
            assert rows[0].overall_score == pytest.approx(round(result.overall, 2))
            assert [f.item_id for f in I.findings_of(ws, insp.id)] == ["ENV-01"]
            assert I.audit_trail(ws, insp.id)[-1].action == "submit"
        finally:
            ws.close()


def test_an_amendment_recomputes_what_is_stored_and_printed(empty_workspace, mini_form) -> None:  # type: ignore[no-untyped-def]
    from tests.inspection_factory import submitted_inspection

    ws = empty_workspace
    insp = submitted_inspection(ws, mini_form)
    before = I.get_inspection(ws, insp.id)
    assert before.revision == 1 and before.veto_hits  # SEC-04 failed: a veto
    with pytest.raises(Refused, match="needs a reason"):
        I.set_answer(ws, insp.id, "SEC-04", {"x": 4, "y": 4})
    saved = I.set_answer(ws, insp.id, "SEC-04", {"x": 4, "y": 4}, why="复核监控：四路画面齐全")
    after = I.get_inspection(ws, insp.id)
    # the stored score, grade, sections, veto hits and findings follow the amended answer
    assert after.revision == 2 and after.status == "submitted"
    assert after.overall_score == round(saved.score.overall, 2) != before.overall_score
    assert after.grade == saved.score.grade
    assert after.veto_hits == () and after.section_scores == saved.score.stored_sections()
    assert [f.item_id for f in I.findings_of(ws, insp.id)] == ["ENV-04"]
    answer = I.answers_of(ws, insp.id)["SEC-04"]
    assert answer.points_awarded == answer.points_possible
    (event,) = [e for e in I.audit_trail(ws, insp.id) if e.field == "value"]
    assert (event.old["value"], event.new["value"]) == ({"x": 3, "y": 4}, {"x": 4, "y": 4})
    assert (event.why, event.revision, event.role) == ("复核监控：四路画面齐全", 2, "inspector")
    # approved: locked until the lead reopens it
    with ws.acting_as(Role.LEAD):
        review.approve(ws, insp.id)
    with pytest.raises(Refused, match="reopen"):
        I.set_answer(ws, insp.id, "ENV-04", 4, why="再改")
    with ws.acting_as(Role.LEAD):
        review.reopen(ws, insp.id, "补充整改证据")
    I.set_answer(ws, insp.id, "ENV-04", 4, why="再改")
    assert I.get_inspection(ws, insp.id).status == "submitted"
    assert I.findings_of(ws, insp.id) == []


def test_a_lead_installation_reviews_but_cannot_answer(empty_workspace, mini_form) -> None:  # type: ignore[no-untyped-def]
    from tests.inspection_factory import submitted_inspection

    ws = empty_workspace
    insp = submitted_inspection(ws, mini_form)
    with pytest.raises(Refused, match="review data is the lead's"):
        review.approve(ws, insp.id)
    ws.set_role(Role.LEAD)
    with pytest.raises(Refused, match="inspector's"):
        I.set_answer(ws, insp.id, "ENV-04", 4, why="x")
    with pytest.raises(Refused, match="reason is required"):
        review.return_inspection(ws, insp.id, " ")
    with pytest.raises(Refused):
        review.return_inspection(ws, insp.id, "重拍", ["NOPE-1"])
    review.comment(ws, insp.id, "整体记录清楚")
    returned = review.return_inspection(ws, insp.id, "ENV-04 照片不清晰", ["ENV-04"])
    assert returned.decision == "returned" and returned.inspection_revision == 1
    record = I.read_inspection(ws, insp.id)
    assert record.inspection.status == "returned"
    assert sorted((c.item_id, c.text) for c in record.item_comments) == [
        ("", "整体记录清楚"),
        ("ENV-04", "ENV-04 照片不清晰"),
    ]
    with pytest.raises(Refused, match="cannot approve an inspection that is returned"):
        review.approve(ws, insp.id)
    ws.set_role(Role.INSPECTOR)
    I.set_answer(ws, insp.id, "ENV-04", 4)  # the first change takes it up again: r2, a draft
    head = I.get_inspection(ws, insp.id)
    assert (head.status, head.revision) == ("draft", 2)
    I.submit(ws, insp.id)
    assert I.get_inspection(ws, insp.id).status == "submitted"
