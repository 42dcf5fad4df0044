"""The supervision ledger: rows per act and scope, marks of appeals, the XLSX and the PDF."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bqinspect.base import clock
from bqinspect.base.errors import Refused
from bqinspect.domain.lifecycle import Role
from bqinspect.report.ledger.cells import COLUMNS, cells_of
from bqinspect.report.ledger.export import export_ledger
from bqinspect.report.ledger.rows import Scope, ledger_rows
from bqinspect.services import appeals, rectification, review
from bqinspect.services import inspections as insp_svc
from bqinspect.services.branches import get_branch, save_branch
from bqinspect.store.models import Finding, FindingSource
from tests.inspection_factory import VISIT, submitted_inspection

MARCH = Scope(date(2024, 3, 1), date(2024, 3, 31))


@pytest.fixture
def world(empty_workspace, mini_form):  # type: ignore[no-untyped-def]
    ws = empty_workspace
    ws.set_setting("timezone", "Asia/Shanghai")
    first = submitted_inspection(ws, mini_form, branch_code="0101")
    submitted_inspection(
        ws, mini_form, branch_code="0202", visit=datetime(2024, 4, 2, 2, tzinfo=UTC)
    )
    save_branch(ws, {"code": "0303", "name": "自查网点", "region": "南区"})
    with ws.session() as s, clock.frozen(datetime(2024, 3, 20, 3, tzinfo=UTC)):
        s.add(
            Finding(
                branch_id=get_branch(ws, "0303").id,
                severity="minor",
                description="自查：宣传折页过期",
                requirement="更换折页",
                source=FindingSource.SELF_CHECK.value,
            )
        )
    ws.set_role(Role.LEAD)
    with clock.frozen(datetime(2024, 3, 5, 2, tzinfo=UTC)):
        review.approve(ws, first.id)
        veto = next(f for f in insp_svc.findings_of(ws, first.id) if f.item_id == "SEC-04")
        appeals.lodge(ws, veto.id, "检修中")
    appeals.decide(ws, veto.id, overturn=True, reason="属实")
    general = next(f for f in insp_svc.findings_of(ws, first.id) if f.item_id == "ENV-04")
    rectification.advance(ws, general.id, "start")
    rectification.advance(ws, general.id, "submit", text="已清扫门前")
    return ws


def test_one_row_per_act_in_the_period_and_scope(world) -> None:  # type: ignore[no-untyped-def]
    rows = ledger_rows(world, MARCH)
    assert [(r.kind, r.branch_code) for r in rows] == [
        ("inspection", "0101"),
        ("self_check", "0303"),
    ]
    visit = rows[0]
    assert visit.at == VISIT.astimezone(world.zone()) and visit.score is not None
    problems = {p.text: p for p in visit.problems}
    assert len(problems) == 2
    assert {p.appeal for p in problems.values()} == {"overturned", ""}
    assert any(p.response == "已清扫门前" for p in problems.values())
    assert [
        r.branch_code
        for r in ledger_rows(world, Scope(date(2024, 3, 1), date(2024, 4, 30), ("0202",)))
    ] == ["0202"]
    assert [r.kind for r in ledger_rows(world, Scope(MARCH.since, MARCH.until, region="南区"))] == [
        "self_check"
    ]
    with pytest.raises(Refused, match="ends"):
        Scope(date(2024, 3, 2), date(2024, 3, 1))


def test_cells_mark_the_overturned_deduction(world) -> None:  # type: ignore[no-untyped-def]
    row = ledger_rows(world, MARCH)[0]
    zh = cells_of(1, row, "zh")
    assert "申诉成立，扣分已恢复" in zh.problems and "整改反馈: 已清扫门前" in zh.measures
    assert zh.kind == "现场检查" and "0101" in zh.place and zh.result.startswith("得分")
    en = cells_of(1, row, "en")
    assert "appeal overturned" in en.problems and en.kind == "On-site inspection"


def test_xlsx_has_bilingual_headers_and_one_line_per_act(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = export_ledger(world, MARCH, tmp_path / "ledger.xlsx")
    assert written.acts == 2
    sheet = load_workbook(written.path).active
    assert sheet is not None
    headers = [c.value for c in sheet[2]]
    assert headers[1] == "时间\nTime" and headers[5] == "发现问题\nProblems found"
    assert len(headers) == len(COLUMNS)
    assert [sheet.cell(row=r, column=4).value for r in (3, 4)] == ["现场检查", "网点自查"]
    assert "自查：宣传折页过期" in str(sheet.cell(row=4, column=6).value)


def test_pdf_prints_the_acts_with_bilingual_headers(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = export_ledger(world, MARCH, tmp_path / "ledger.pdf")
    assert written.pages >= 1
    text = "".join(page.extract_text() for page in PdfReader(written.path).pages)
    for words in ("监督日志", "Supervision ledger", "发现问题", "Problems found", "网点自查"):
        assert words in text
    assert "申诉成立" in text


def test_other_suffixes_are_refused(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused, match=r"\.xlsx or \.pdf"):
        export_ledger(world, MARCH, tmp_path / "ledger.csv")


def test_feedback_and_re_checks_are_acts_of_their_own(world) -> None:  # type: ignore[no-untyped-def]
    from bqinspect.services import feedback, recheck
    from tests.unit.sync_helpers import signature_png

    item = feedback.add_feedback(
        world,
        branch="0101",
        channel="hotline",
        category="service_attitude",
        content="柜员态度冷淡",
        received_at=datetime(2024, 3, 8, 2, tzinfo=UTC),
        contact_name="张先生",
        contact_phone="13800000000",
        assigned_to="孙丽",
    )
    feedback.reply(world, item.id, "已致电致歉并约谈柜员", accepted=True)
    with world.acting_as(Role.INSPECTOR):
        visit = recheck.start_recheck(
            world, "0101", inspectors=["王晓明"], visit_start=datetime(2024, 3, 25, 2, tzinfo=UTC)
        )
        form = insp_svc.form_of(world, visit)
        for question in form.items():
            insp_svc.set_answer(world, visit.id, question.id, "pass")
        insp_svc.add_signature(world, visit.id, "inspector", "王晓明", signature_png())
        insp_svc.submit(world, visit.id)
    rows = ledger_rows(world, MARCH)
    assert [(r.kind, r.branch_code) for r in rows] == [
        ("inspection", "0101"),
        ("feedback", "0101"),
        ("self_check", "0303"),
        ("recheck", "0101"),
    ]
    said = rows[1]
    assert said.content == "客户意见：客服热线，服务态度" and said.people == "孙丽"
    assert said.problems[0].text == "柜员态度冷淡"
    assert said.problems[0].response == "已致电致歉并约谈柜员（客户认可）"
    assert "13800000000" not in repr(cells_of(1, said, "zh"))
