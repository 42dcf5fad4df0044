"""The demo's two years of history: stored as the use cases store it, and worth charting."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from bqinspect.analytics.calibration import calibration
from bqinspect.analytics.leniency import Leniency, Verdict
from bqinspect.services import inspections as I
from bqinspect.services.branches import list_branches, save_branch
from bqinspect.services.catalog import install_shipped_forms
from bqinspect.services.demo import INSPECTORS, _branches, _photo_pool
from bqinspect.services.demo_history import QUARTERS, add_history
from bqinspect.services.rectification import is_overdue
from bqinspect.store.models import (
    Answer,
    Finding,
    FindingEvent,
    FindingStatus,
    Inspection,
    InspectionStatus,
    Photo,
    TimerMark,
)
from bqinspect.store.workspace import Workspace, open_workspace

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A workspace with the demo's history only, over its twenty branches."""
    ws = open_workspace(tmp_path_factory.mktemp("history"), actor="演示")
    versions = install_shipped_forms(ws)
    rng = random.Random(7)
    branches = _branches(ws, rng, 20)
    photos = _photo_pool(rng, 3)  # fewer than the demo's eight: quicker
    history = add_history(ws, branches, versions, INSPECTORS, photos, rng, NOW)
    yield ws, history, photos
    ws.close()


def _all(ws: Workspace, table: type) -> list:  # type: ignore[type-arg]
    with ws.db.session() as s:
        return list(s.exec(select(table)).all())


def test_two_years_of_visits_by_several_inspectors(demo) -> None:  # type: ignore[no-untyped-def]
    ws, history, _ = demo
    rows = _all(ws, Inspection)
    assert len(rows) == history.inspections == 20 * (QUARTERS + QUARTERS // 2)
    starts = sorted(r.visit_start for r in rows)
    assert starts[-1] - starts[0] > timedelta(days=600) and starts[-1] < NOW - timedelta(days=40)
    statuses = Counter(r.status for r in rows)
    assert set(statuses) == {InspectionStatus.SUBMITTED, InspectionStatus.APPROVED}
    assert statuses[InspectionStatus.APPROVED] > 0.9 * len(rows)  # the recent ones await review
    assert {r.kind for r in rows} == {"onsite", "mystery"}
    assert all(r.overall_score is not None and r.notes == "演示历史记录" for r in rows)
    per_branch = Counter(r.branch_id for r in rows)
    assert set(per_branch.values()) == {QUARTERS + QUARTERS // 2}
    seen = {b: {n for r in rows if r.branch_id == b for n in r.inspectors} for b in per_branch}
    assert all(len(names) >= 3 for names in seen.values())
    mystery = {r.id for r in rows if r.kind == "mystery"}
    marked = {m.inspection_id for m in _all(ws, TimerMark)}
    assert marked == mystery


def test_findings_closed_on_time_late_rejected_and_overdue(demo) -> None:  # type: ignore[no-untyped-def]
    ws, history, _ = demo
    findings = _all(ws, Finding)
    assert len(findings) == history.findings > 100
    events: dict[object, list[FindingEvent]] = {}
    for e in sorted(_all(ws, FindingEvent), key=lambda e: e.at):
        events.setdefault(e.finding_id, []).append(e)
    today = NOW.date()
    verified = [f for f in findings if f.status == FindingStatus.VERIFIED]
    assert any(f.closed_at and f.closed_at.date() <= f.due_date for f in verified)
    assert any(f.closed_at and f.closed_at.date() > f.due_date for f in verified)
    assert any(f.status == FindingStatus.REJECTED for f in findings)
    assert any(
        e.kind == "reject" for f in verified for e in events.get(f.id, [])
    )  # rejected once, then reworked and closed
    assert any(is_overdue(f, today) for f in findings)
    for f in findings:
        trail = events.get(f.id, [])
        assert (f.revision, f.followup_revision) == (1, len(trail))
        assert (trail[-1].data["to"] if trail else "open") == f.status
        assert all(e.at < NOW for e in trail)
        assert [e.at for e in trail] == sorted(e.at for e in trail)


def test_the_calibration_shows_the_lenient_and_the_strict_inspector(demo) -> None:  # type: ignore[no-untyped-def]
    ws, _, _ = demo
    figure = calibration(ws.db.engine, [col(Inspection.status).in_(["submitted", "approved"])])
    verdicts = {
        r.inspector: r.verdict for r in figure.leniency.inspectors if isinstance(r, Leniency)
    }
    assert verdicts["李静"] is Verdict.LENIENT
    assert verdicts["陈思远"] is Verdict.STRICT
    assert any(d.inspector == "陈思远" and d.stricter for d in figure.items.differences)


def _replay(ws: Workspace, source: Workspace, insp: Inspection, photos) -> Inspection:  # type: ignore[no-untyped-def]
    """The same inspection made again through the use cases, answer by answer."""
    with source.db.session() as s:
        answers = list(s.exec(select(Answer).where(Answer.inspection_id == insp.id)).all())
        marks = list(s.exec(select(TimerMark).where(TimerMark.inspection_id == insp.id)).all())
        item_photos = list(
            s.exec(
                select(Photo).where(Photo.inspection_id == insp.id, col(Photo.item_id).is_not(None))
            ).all()
        )
    code = next(b.code for b in list_branches(source) if b.id == insp.branch_id)
    branch = save_branch(ws, {"code": code, "name": f"{code}（演示）"})
    fv = next(v for v in ws.form_versions() if v.sha256 == _sha(source, insp))
    new = I.start_inspection(
        ws, branch.id, fv.id, inspectors=insp.inspectors, visit_start=insp.visit_start
    )
    for m in sorted(marks, key=lambda m: m.at):
        I.mark_timer(ws, new.id, m.checkpoint, m.at)
    derived = set(I.answers_of(ws, new.id))  # the durations the marks give
    for a in answers:
        if (a.value is not None or a.is_na) and a.item_id not in derived:
            I.set_answer(ws, new.id, a.item_id, a.value, na=a.is_na)
    for a in answers:
        if a.note:
            I.set_note(ws, new.id, a.item_id, a.note)
    pool = {p.sha256: p for p in photos}
    for p in sorted(item_photos, key=lambda p: p.position):
        I.attach_photo(ws, new.id, pool[p.blob_sha256], item_id=p.item_id, caption=p.caption)
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea35d9c8b0000000049454e44ae426082"
    )
    I.add_signature(ws, new.id, "inspector", insp.inspectors[0], png)
    I.submit(ws, new.id)
    return I.get_inspection(ws, new.id)


def _sha(ws: Workspace, insp: Inspection) -> str:
    return next(v.sha256 for v in ws.form_versions() if v.id == insp.form_version_id)


def _answers(ws: Workspace, inspection_id: object) -> dict[str, tuple]:  # type: ignore[type-arg]
    return {
        k: (a.value, a.is_na, a.note, a.points_awarded, a.points_possible, a.deduction_reason)
        for k, a in I.answers_of(ws, inspection_id).items()  # type: ignore[arg-type]
    }


def _findings(ws: Workspace, inspection_id: object) -> list[tuple]:  # type: ignore[type-arg]
    return [
        (f.item_id, f.severity, f.risk_type, f.description, f.requirement, f.observation,
         f.due_date, f.source, f.points_deducted)
        for f in I.findings_of(ws, inspection_id)  # type: ignore[arg-type]
    ]  # fmt: skip


@pytest.mark.parametrize("kind", ["onsite", "mystery"])
def test_a_history_record_is_what_the_use_cases_store(demo, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    source, _, photos = demo
    rejected = {e.finding_id for e in _all(source, FindingEvent) if e.kind == "reject"}
    touched = {f.inspection_id for f in _all(source, Finding) if f.id in rejected}
    stored = next(
        r
        for r in sorted(_all(source, Inspection), key=lambda r: r.visit_start)
        if r.kind == kind and r.id not in touched  # a rejection halves the due date
    )
    ws = open_workspace(tmp_path / "again", actor="演示")
    try:
        install_shipped_forms(ws)
        again = _replay(ws, source, stored, photos)
        assert _answers(ws, again.id) == _answers(source, stored.id)
        assert (again.overall_score, again.grade, list(again.veto_hits or ())) == (
            stored.overall_score,
            stored.grade,
            list(stored.veto_hits or ()),
        )
        assert again.section_scores == stored.section_scores
        assert _findings(ws, again.id) == _findings(source, stored.id)
        assert [(p.item_id, p.blob_sha256, p.caption, p.position)
                for p in I.photos_of(ws, again.id)] == [
            (p.item_id, p.blob_sha256, p.caption, p.position)
            for p in I.photos_of(source, stored.id)
        ]  # fmt: skip
    finally:
        ws.close()
