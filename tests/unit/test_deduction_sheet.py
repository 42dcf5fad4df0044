"""The deduction sheet: every item that lost points with its basis and reason, per inspection
and per period, as a CBSS-style workbook and through the command line."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image

from bqinspect.analytics.deductions import inspection_deductions, period_deductions
from bqinspect.analytics.deductions_xlsx import inspection_heading, write_deductions
from bqinspect.analytics.filters import Filter
from bqinspect.analytics.labels import form_texts
from bqinspect.cli import main
from bqinspect.domain.formio import form_from_data, form_to_data
from bqinspect.domain.forms import Form
from bqinspect.services import branches, catalog
from bqinspect.services import inspections as I

EXPORTED = datetime(2026, 11, 28, 8, tzinfo=UTC)
BASIS = "CBSS1000 模块一 第1条"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "PNG")
    return out.getvalue()


def _with_basis(form: Form) -> Form:
    data = form_to_data(form)
    data["deduction_reason"] = "required"
    first = data["sections"][0]["items"][0]
    first["basis"] = BASIS
    first["photo_on_fail"] = "optional"
    first["reasons"] = [{"zh": "标牌破损", "en": "Sign damaged"}]
    data["sections"][0]["items"][1]["basis"] = "本行服务规范 营业环境（门前整洁）"
    return form_from_data(data)


def _inspect(ws: Any, fv: Any, branch: Any, day: int, *, submit: bool) -> Any:
    visit = datetime(2026, 11, day, 9, 30, tzinfo=UTC)
    insp = I.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"], visit_start=visit)
    for item_id, value in [
        ("ENV-01", "fail"),
        ("ENV-04", 4),  # a rating of 4 of 5 keeps 3/4 of the 3 points
        ("STF-04", "pass"),
        ("STF-05", 8),
        ("STF-06", 5),
        ("SEC-04", {"x": 4}),
        ("SEC-05", 45),
        ("FAC-15", ["water", "glasses", "firstaid"]),
    ]:
        I.set_answer(ws, insp.id, item_id, value)
    I.set_answer(ws, insp.id, "ENV-05", na=True)
    I.set_note(ws, insp.id, "ENV-01", "标牌破损")
    I.set_note(ws, insp.id, "ENV-04", "门前有落叶")
    if submit:
        I.add_signature(ws, insp.id, "inspector", "王晓明", _png())
        I.submit(ws, insp.id)
    return insp


@pytest.fixture
def visits(empty_workspace, mini_form):  # type: ignore[no-untyped-def]
    ws = empty_workspace
    fv = catalog.install_form(ws, _with_basis(mini_form))
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    first = _inspect(ws, fv, branch, 20, submit=True)
    second = _inspect(ws, fv, branch, 27, submit=True)
    draft = _inspect(ws, fv, branch, 28, submit=False)
    return ws, first, second, draft


def test_one_inspection_lists_each_deduction_with_basis_points_and_reason(visits) -> None:  # type: ignore[no-untyped-def]
    ws, first, _second, draft = visits
    with ws.db.engine.connect() as conn:
        texts = form_texts(conn)
        rows = inspection_deductions(conn, first.id, texts)
        assert inspection_deductions(conn, draft.id, texts) == ()  # no points stored yet
    assert [(r.item_id, r.basis, r.points, r.deducted, r.score, r.reason) for r in rows] == [
        ("ENV-01", BASIS, 2.0, 2.0, 0.0, "标牌破损"),
        ("ENV-04", "本行服务规范 营业环境（门前整洁）", 3.0, 0.75, 2.25, "门前有落叶"),
    ]
    assert rows[0].text.zh == "门楣标牌醒目" and rows[0].branch_code == "0231"


def test_a_period_counts_the_submitted_inspections_by_visit(visits) -> None:  # type: ignore[no-untyped-def]
    ws, first, second, _draft = visits
    with ws.db.engine.connect() as conn:
        rows = period_deductions(conn, Filter(), form_texts(conn))
    assert [(r.inspection_id, r.item_id) for r in rows] == [
        (first.id, "ENV-01"),
        (first.id, "ENV-04"),
        (second.id, "ENV-01"),
        (second.id, "ENV-04"),
    ]


def test_the_workbook_reads_like_a_cbss_sheet(visits, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, first, _second, _draft = visits
    with ws.db.engine.connect() as conn:
        rows = inspection_deductions(conn, first.id, form_texts(conn))
    path = tmp_path / "deductions.xlsx"
    heading = inspection_heading(rows, "zh")
    write_deductions(rows, path, heading=heading, exported_at=EXPORTED, lang="zh")
    sheet = load_workbook(path).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    columns = ["序号", "检查项", "考核内容", "检查依据", "分值", "扣分", "得分", "扣分原因"]
    header = values.index(columns)
    assert values[0][0] == "扣分明细表" and ["网点编号", "0231 城东支行营业部"] in [
        v[:2] for v in values[:header]
    ]
    assert sheet.freeze_panes == f"A{header + 2}"
    assert values[header + 1] == [1, "ENV-01", "门楣标牌醒目", BASIS, 2, 2, 0, "标牌破损"]
    assert values[header + 2][1] == "ENV-04" and values[header + 2][5] == pytest.approx(0.75)
    total = values[header + 3]
    assert total[0] == "合计" and total[5] == pytest.approx(2.75)


def _cli(home: Path, *args: str) -> int:
    return main(["--data-dir", str(home), *args])


def test_the_commands_write_the_sheets(visits, home: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _ws, first, _second, _draft = visits
    one = tmp_path / "one.xlsx"
    assert _cli(home, "inspections", "deductions", str(first.id)[:8], "--out", str(one)) == 0
    assert "2 deduction(s), 2.75 point(s) deducted" in capsys.readouterr().out
    period = tmp_path / "period.xlsx"
    code = _cli(home, "analytics", "deductions", "--out", str(period), "--lang", "en")
    assert code == 0 and "4 deduction(s), 5.5 point(s)" in capsys.readouterr().out
    sheet = load_workbook(period).active
    assert sheet is not None
    headers = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == "No."]
    assert headers and headers[0][1:5] == ("Branch", "Branch name", "Visit (UTC)", "Form")
    assert _cli(home, "analytics", "deductions") == 1  # --out is required
