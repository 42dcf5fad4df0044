"""Appeals: the window in working days, uphold, overturn through the audited path, refusals."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlmodel import select

from bqinspect.base import clock
from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.appeals import DEFAULT_WINDOW_DAYS, window_closes, window_days
from bqinspect.domain.lifecycle import Role
from bqinspect.domain.workdays import CHINA
from bqinspect.photos import ingest_bytes
from bqinspect.services import appeals, review
from bqinspect.services import inspections as insp_svc
from bqinspect.services.inspections.reading import current_score
from bqinspect.store.models import Answer, AuditEvent, Finding, Inspection
from tests.inspection_factory import VISIT, submitted_inspection

APPROVED_AT = datetime(2024, 3, 5, 2, 0, tzinfo=UTC)  # Tuesday 10:00 in Beijing


def _jpeg() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture
def approved(empty_workspace, mini_form):  # type: ignore[no-untyped-def]
    ws = empty_workspace
    ws.set_setting("timezone", "Asia/Shanghai")
    insp = submitted_inspection(ws, mini_form)
    findings = {f.item_id: f for f in insp_svc.findings_of(ws, insp.id)}
    ws.set_role(Role.LEAD)
    with clock.frozen(APPROVED_AT):
        review.approve(ws, insp.id)
    return SimpleNamespace(ws=ws, insp=insp, general=findings["ENV-04"], veto=findings["SEC-04"])


def _stored(ws, inspection_id):  # type: ignore[no-untyped-def]
    with ws.db.session() as s:
        return s.get(Inspection, inspection_id)


def test_window_is_five_working_days_on_the_holiday_calendar() -> None:
    assert DEFAULT_WINDOW_DAYS == 5
    assert window_closes(date(2024, 3, 5), 5, CHINA) == date(2024, 3, 12)
    # National Day week: 2024-09-30 (Mon) + 5 working days skips 1–7 October, opens 12 Oct (Sat)
    assert window_closes(date(2024, 9, 30), 5, CHINA) == date(2024, 10, 12)
    assert window_days("3") == 3 and window_days(None) == 5 and window_days(-1) == 5


def test_the_window_follows_the_bank_setting(approved) -> None:  # type: ignore[no-untyped-def]
    ws = approved.ws
    assert appeals.window_of(ws, approved.general.id) == date(2024, 3, 12)
    ws.set_setting(appeals.WINDOW_SETTING, 2)
    assert appeals.window_of(ws, approved.general.id) == date(2024, 3, 7)


def test_appeal_is_recorded_with_reason_and_photos(approved) -> None:  # type: ignore[no-untyped-def]
    ws = approved.ws
    photo = ingest_bytes(_jpeg(), "evidence.jpg")
    with clock.frozen(datetime(2024, 3, 12, 9, 0, tzinfo=UTC)):  # the last day of the window
        row = appeals.lodge(ws, approved.general.id, " 当日门前施工 ", [photo])
    assert row.reason == "当日门前施工" and row.photos == (photo.sha256,)
    assert row.points == approved.general.points_deducted > 0
    assert row.decision == "" and row.item_id == "ENV-04"
    assert appeals.appeal_of(ws, approved.general.id) == row
    assert insp_svc.photo_blob(ws, photo.sha256) is not None


def test_uphold_keeps_the_score(approved) -> None:  # type: ignore[no-untyped-def]
    ws = approved.ws
    before = _stored(ws, approved.insp.id)
    with clock.frozen(datetime(2024, 3, 6, 2, 0, tzinfo=UTC)):
        appeals.lodge(ws, approved.general.id, "门前是邻铺的")
    decided = appeals.decide(ws, approved.general.id, overturn=False, reason="照片显示在本网点")
    assert decided.appeal.decision == "upheld" and decided.appeal.revision == 2
    assert decided.score_after == decided.score_before == before.overall_score
    after = _stored(ws, approved.insp.id)
    assert after.review_revision == before.review_revision
    assert after.revision == before.revision


def test_overturn_restores_points_grade_and_audits_a_new_revision(approved) -> None:  # type: ignore[no-untyped-def]
    ws = approved.ws
    before = _stored(ws, approved.insp.id)
    assert before.veto_hits == ["SEC-04"]
    with clock.frozen(datetime(2024, 3, 6, 2, 0, tzinfo=UTC)):
        appeals.lodge(ws, approved.veto.id, "监控当日在检修，有维修单")
    decided = appeals.decide(ws, approved.veto.id, overturn=True, reason="维修单属实")
    after = _stored(ws, approved.insp.id)
    assert decided.appeal.decision == "overturned"
    assert after.overall_score is not None and before.overall_score is not None
    assert after.overall_score > before.overall_score
    assert after.veto_hits == [] and after.grade != before.grade
    assert (decided.score_after, decided.grade_after) == (after.overall_score, after.grade)
    assert after.review_revision == before.review_revision + 1
    assert after.revision == before.revision  # the inspector's answers are untouched
    assert round(current_score(ws, approved.insp.id).overall, 2) == after.overall_score
    with ws.db.session() as s:
        answer = s.exec(
            select(Answer).where(
                Answer.inspection_id == approved.insp.id, Answer.item_id == "SEC-04"
            )
        ).one()
        assert answer.value == {"x": 3, "y": 4}
        assert answer.points_awarded == answer.points_possible
        assert s.get(Finding, approved.veto.id) is not None  # what was found stays on record
        events = s.exec(
            select(AuditEvent).where(AuditEvent.entity_id == str(approved.insp.id))
        ).all()
    overturn = {e.field: e for e in events if e.action == "overturn"}
    assert overturn["grade"].old == before.grade and overturn["grade"].new == after.grade
    assert overturn["overall_score"].revision == after.review_revision
    assert overturn["grade"].why == "维修单属实" and overturn["grade"].role == "lead"


def test_a_later_amendment_keeps_the_overturn(approved) -> None:  # type: ignore[no-untyped-def]
    ws = approved.ws
    with clock.frozen(datetime(2024, 3, 6, 2, 0, tzinfo=UTC)):
        appeals.lodge(ws, approved.veto.id, "检修")
    restored = appeals.decide(ws, approved.veto.id, overturn=True, reason="属实").score_after
    review.reopen(ws, approved.insp.id, "复核备注")
    ws.set_role(Role.INSPECTOR)
    insp_svc.set_note(ws, approved.insp.id, "ENV-01", "补充说明", why="补记")
    assert _stored(ws, approved.insp.id).overall_score == restored


def test_refusals(approved) -> None:  # type: ignore[no-untyped-def]
    ws = approved.ws
    with pytest.raises(NotFound, match="no such deduction"):
        appeals.lodge(ws, uuid.uuid4(), "理由")
    late = datetime(2024, 3, 13, 2, 0, tzinfo=UTC)
    with clock.frozen(late), pytest.raises(Refused, match="window closed on 2024-03-12"):
        appeals.lodge(ws, approved.general.id, "理由")
    with pytest.raises(Refused, match="reason is required"):
        appeals.lodge(ws, approved.general.id, "  ")
    with pytest.raises(Refused, match="not appealed"):
        appeals.decide(ws, approved.general.id, overturn=True, reason="理由")
    with clock.frozen(datetime(2024, 3, 6, 2, 0, tzinfo=UTC)):
        appeals.lodge(ws, approved.general.id, "理由")
        with pytest.raises(Refused, match="appealed already"):
            appeals.lodge(ws, approved.general.id, "再次")
    appeals.decide(ws, approved.general.id, overturn=False, reason="维持")
    with pytest.raises(Refused, match="decided already"):
        appeals.decide(ws, approved.general.id, overturn=True, reason="改判")
    ws.set_role(Role.INSPECTOR)
    with pytest.raises(Refused, match="the lead's"):
        appeals.lodge(ws, approved.veto.id, "理由")
    with pytest.raises(Refused, match="the lead's"):
        appeals.decide(ws, approved.general.id, overturn=True, reason="理由")


def test_no_appeal_before_the_notice_nor_of_no_deduction(empty_workspace, mini_form) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp = submitted_inspection(ws, mini_form, visit=VISIT)
    finding = insp_svc.findings_of(ws, insp.id)[0]
    ws.set_role(Role.LEAD)
    with pytest.raises(Refused, match="not approved"):
        appeals.lodge(ws, finding.id, "理由")
    review.approve(ws, insp.id)
    with ws.session() as s:
        row = s.get(Finding, finding.id)
        assert row is not None
        row.points_deducted = 0.0
        s.add(row)
    with pytest.raises(Refused, match="nothing to appeal"):
        appeals.lodge(ws, finding.id, "理由")


def test_a_database_at_0004_upgrades_to_appeals(home) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from alembic import command

    from bqinspect.base import paths
    from bqinspect.store.db import _alembic_config, head_revision, make_engine, open_database

    path = paths.database_path(home)
    engine = make_engine(f"sqlite:///{path}")
    cfg = _alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.commit()
    engine.dispose()
    with sqlite3.connect(path) as con:
        assert "appeal" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    db = open_database(home)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM appeal").scalar() == 0
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            head_revision()
        )
    db.dispose()


def test_demo_appeals_are_one_upheld_and_one_overturned(empty_workspace, mini_form) -> None:  # type: ignore[no-untyped-def]
    from bqinspect.services.demo_appeals import add_demo_appeals

    ws = empty_workspace
    first = submitted_inspection(ws, mini_form, branch_code="0101", visit=clock.now())
    second = submitted_inspection(ws, mini_form, branch_code="0202", visit=clock.now())
    ws.set_role(Role.LEAD)
    for insp in (first, second):
        review.approve(ws, insp.id)
    assert add_demo_appeals(ws) == 2
    decided = sorted(a.decision for a in appeals.appeals_by_finding(ws).values())
    assert decided == ["overturned", "upheld"]
    assert all("演示" in a.reason for a in appeals.appeals_by_finding(ws).values())


def test_the_notice_marks_appealed_and_overturned_deductions(approved, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from bqinspect.report.builder import build_report
    from bqinspect.report.content import Audience, gather

    ws = approved.ws
    with clock.frozen(datetime(2024, 3, 6, 2, 0, tzinfo=UTC)):
        appeals.lodge(ws, approved.veto.id, "检修中")
        appeals.lodge(ws, approved.general.id, "邻铺施工")
    appeals.decide(ws, approved.veto.id, overturn=True, reason="维修单属实")
    content, _warnings = gather(ws, approved.insp.id, Audience.BRANCH)
    marks = {f.item_id: (f.appeal, f.appeal_reason) for f in content.findings}
    assert marks == {"SEC-04": ("overturned", "维修单属实"), "ENV-04": ("pending", "")}
    out = tmp_path / "notice.pdf"
    build_report(ws, approved.insp.id, out)
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "申诉成立，扣分已恢复" in text and "网点已申诉，待组长决定" in text


def test_analytics_count_appealed_and_overturned(approved) -> None:  # type: ignore[no-untyped-def]
    from bqinspect.analytics.appeals import appeal_counts
    from bqinspect.analytics.filters import Filter

    ws = approved.ws
    with clock.frozen(datetime(2024, 3, 6, 2, 0, tzinfo=UTC)):
        appeals.lodge(ws, approved.veto.id, "检修中")
        appeals.lodge(ws, approved.general.id, "邻铺施工")
    appeals.decide(ws, approved.veto.id, overturn=True, reason="属实")
    with ws.db.engine.connect() as conn:
        counts = appeal_counts(conn, Filter())
    (branch,) = counts.by_branch
    assert (branch.key, branch.deductions, branch.appealed) == ("0101", 2, 2)
    assert (branch.pending, branch.upheld, branch.overturned) == (1, 0, 1)
    assert branch.points_restored == approved.veto.points_deducted and branch.overturn_rate == 1
    (inspector,) = counts.by_inspector
    assert inspector.key == "检查员甲" and inspector.overturned == 1


def test_the_window_says_whether_it_is_open(approved) -> None:  # type: ignore[no-untyped-def]
    ws = approved.ws
    on_time = appeals.window(ws, approved.general.id, datetime(2024, 3, 12, 9, 0, tzinfo=UTC))
    assert on_time == appeals.Window(date(2024, 3, 12), True, "")
    late = appeals.window(ws, approved.general.id, datetime(2024, 3, 13, 2, 0, tzinfo=UTC))
    assert not late.open and "closed on 2024-03-12" in late.reason
    assert not appeals.window(ws, uuid.uuid4()).open
