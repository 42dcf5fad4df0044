"""Branches: create/edit, CSV and XLSX import with a row-level report; bad files change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from bqinspect.base.errors import Refused
from bqinspect.services.branches import get_branch, import_branches, list_branches, save_branch

CSV_OK = """网点编号,网点名称,所属分行,所属支行,地址,网点负责人
0231,城东支行营业部,华东分行,城东支行,演示市人民路1号,孙丽
0245,滨江支行营业部,华东分行,滨江支行,演示市长江路8号,周强
"""


def _snapshot(ws) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(b.code, b.name, b.region, b.revision) for b in list_branches(ws)]


def test_create_edit_and_unique_code(empty_workspace) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    b = save_branch(ws, {"code": "0231", "name": "城东支行营业部", "region": "华东分行"})
    save_branch(ws, {"code": "0231", "name": "城东支行营业部（新址）"}, b.id)
    assert get_branch(ws, "0231").name == "城东支行营业部（新址）"
    assert get_branch(ws, "0231").revision == 2
    save_branch(ws, {"code": "0245", "name": "滨江"})
    with pytest.raises(Refused, match="already used"):
        save_branch(ws, {"code": "0231", "name": "x"}, get_branch(ws, "0245").id)
    with pytest.raises(Refused, match="branch name: is required"):
        save_branch(ws, {"code": "0300", "name": " "})


def test_csv_import_then_reimport_is_unchanged(empty_workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    path = tmp_path / "branches.csv"
    path.write_text(CSV_OK, encoding="utf-8")
    first = import_branches(ws, path)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    again = import_branches(ws, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert get_branch(ws, "0245").manager == "周强"


def test_gb18030_csv_is_read(empty_workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "branches.csv"
    path.write_bytes(CSV_OK.encode("gb18030"))
    assert import_branches(empty_workspace, path).created == 2


def test_bad_rows_are_all_reported_and_nothing_changes(empty_workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    save_branch(ws, {"code": "0231", "name": "原名"})
    before = _snapshot(ws)
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,name,region,active\n"
        "0231,改名,华东,yes\n"
        ",无编号,华东,yes\n"
        "02 31,空格,华东,yes\n"
        "0250,,华南,yes\n"
        "0260,重复,华北,maybe\n"
        "0260,重复二,华北,yes\n",
        encoding="utf-8",
    )
    with pytest.raises(Refused) as caught:
        import_branches(ws, path)
    text = [str(p) for p in caught.value.problems]
    assert "bad.csv row 3 code: is required" in text
    assert any(t.startswith("bad.csv row 4 code") for t in text)
    assert "bad.csv row 5 name: is required" in text
    assert any(t.startswith("bad.csv row 6 active") for t in text)
    assert any(t.startswith("bad.csv row 7 code") and "row 6" in t for t in text)
    assert _snapshot(ws) == before


def test_xlsx_import_and_missing_column(empty_workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    wb = Workbook()
    sheet = wb.active
    sheet.append(["Branch code", "Branch name", "Region"])
    sheet.append([231, "城东支行营业部", "华东分行"])  # a number cell, as Excel likes to do
    sheet.append(["0245", "滨江支行营业部", "华东分行"])
    path = tmp_path / "branches.xlsx"
    wb.save(path)
    assert import_branches(ws, path).created == 2
    assert get_branch(ws, "231").region == "华东分行"
    wb2 = Workbook()
    wb2.active.append(["Region", "Address"])
    wb2.active.append(["华东", "x"])
    bad = tmp_path / "nocode.xlsx"
    wb2.save(bad)
    with pytest.raises(Refused, match=r"nocode.xlsx: row 1: missing column\(s\) code, name"):
        import_branches(ws, bad)


def test_not_a_spreadsheet(empty_workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(Refused, match=r"fake\.xlsx: not a readable \.xlsx"):
        import_branches(empty_workspace, path)
    assert list_branches(empty_workspace) == []
