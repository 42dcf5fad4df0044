"""Staff register: import with row-level errors, dry run, badges on answers and findings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from bqinspect.base.errors import Refused
from bqinspect.domain.staff import Badge, Post, parse_post, resolve_badge
from bqinspect.services import branches, catalog
from bqinspect.services import inspections as I
from bqinspect.services.staff import get_staff, import_staff, list_staff
from bqinspect.services.staff_items import named_items

CSV_OK = """工号,姓名,岗位,网点编号
1023,张伟,柜员,0231
1024,李娜,大堂经理,0231
2001,王芳,理财经理,0245
"""


@pytest.fixture
def bank(empty_workspace, mini_form):  # type: ignore[no-untyped-def]
    ws = empty_workspace
    fv = catalog.install_form(ws, mini_form)
    first = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    branches.save_branch(ws, {"code": "0245", "name": "滨江支行营业部"})
    visit = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    insp = I.start_inspection(ws, first.id, fv.id, inspectors=["王晓明"], visit_start=visit)
    return ws, insp


def _csv(tmp_path: Path, text: str = CSV_OK) -> Path:
    path = tmp_path / "staff.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _register(ws) -> list[tuple[str, str, str, str, int]]:  # type: ignore[no-untyped-def]
    return [(m.employee_no, m.name, m.post, m.branch_code, m.active) for m in list_staff(ws)]


def test_import_then_reimport_is_unchanged_and_a_change_moves_the_revision(bank, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, _ = bank
    first = import_staff(ws, _csv(tmp_path))
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    assert _register(ws)[0] == ("1023", "张伟", "teller", "0231", True)
    assert [m.employee_no for m in list_staff(ws, branch="0245")] == ["2001"]
    again = import_staff(ws, _csv(tmp_path))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    moved = import_staff(
        ws, _csv(tmp_path, "工号,姓名,岗位,网点编号,在岗\n1023,张伟,柜员,0245,否\n")
    )
    assert (moved.created, moved.updated) == (0, 1)
    assert get_staff(ws, "1023").branch_code == "0245"
    assert get_staff(ws, "1023").active is False


def test_bad_rows_are_named_and_refuse_the_whole_file(bank, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, _ = bank
    bad = (
        CSV_OK + "1023,重复,柜员,0231\n3001,赵六,厨师,0231\n3002,孙七,柜员,9999\n,无号,柜员,0231\n"
    )
    with pytest.raises(Refused) as info:
        import_staff(ws, _csv(tmp_path, bad))
    reasons = {p.where: str(p.reason) for p in info.value.problems}
    assert reasons["staff.csv row 5 employee_no"] == "1023 already appears in row 2"
    assert reasons["staff.csv row 6 post"].startswith("unknown post '厨师'")
    assert reasons["staff.csv row 7 branch"] == "no branch 9999: import the branch first"
    assert reasons["staff.csv row 8 employee_no"] == "is required"
    assert list_staff(ws) == []


def test_dry_run_changes_nothing(bank, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, _ = bank
    result = import_staff(ws, _csv(tmp_path), dry_run=True)
    assert result.created == 3
    assert list_staff(ws) == []


def test_xlsx_with_english_headers_and_number_cells(bank, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, _ = bank
    book = Workbook()
    sheet = book.active
    sheet.append(["Employee no", "Name", "Post", "Branch code"])
    sheet.append([1023.0, "Zhang Wei", "Security guard", 231.0])
    branches.save_branch(ws, {"code": "231", "name": "x"})
    path = tmp_path / "staff.xlsx"
    book.save(path)
    assert import_staff(ws, path).created == 1
    assert _register(ws) == [("1023", "Zhang Wei", "security_guard", "231", True)]


def test_unknown_branch_filter_is_refused(bank) -> None:  # type: ignore[no-untyped-def]
    ws, _ = bank
    with pytest.raises(Exception, match="no branch 7777"):
        list_staff(ws, branch="7777")


def test_posts_and_badges_are_read_as_typed() -> None:
    assert parse_post("大堂经理") is Post.LOBBY_MANAGER
    assert parse_post("wealth-manager") is Post.WEALTH_MANAGER
    assert parse_post("") is Post.OTHER
    register = [Badge("1023", "张伟", "teller"), Badge("1024", "李娜", "lobby_manager")]
    assert resolve_badge("1023", register) == "1023"
    assert resolve_badge("李娜", register) == "1024"
    assert resolve_badge("1024 李娜 · 大堂经理", register) == "1024"
    assert resolve_badge("  A 17 ", register) == "A 17"  # seen, not in the register
    assert resolve_badge("", register) == ""


def test_naming_staff_on_an_answer_names_them_on_its_finding(bank, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, insp = bank
    import_staff(ws, _csv(tmp_path))
    I.set_answer(ws, insp.id, "ENV-01", "fail")
    saved = I.name_staff(ws, insp.id, "ENV-01", "张伟", "3")
    assert (saved.answers["ENV-01"].staff_no, saved.answers["ENV-01"].counter) == ("1023", "3")
    finding = saved.findings["ENV-01"]
    assert finding is not None and (finding.staff_no, finding.counter) == ("1023", "3")
    I.name_staff(ws, insp.id, "STF-04", "B-77")  # a badge seen, nobody of the register
    assert I.answers_of(ws, insp.id)["STF-04"].staff_no == "B-77"
    items = named_items(ws, "1023")
    assert [(n.item_id, n.counter, n.branch_code) for n in items] == [("ENV-01", "3", "0231")]
    assert items[0].failed
    I.name_staff(ws, insp.id, "ENV-01", "", "")
    assert named_items(ws, "1023") == []
    assert I.findings_of(ws, insp.id)[0].staff_no == ""


def test_naming_after_submission_is_an_audited_amendment(bank, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, insp = bank
    I.set_answer(ws, insp.id, "ENV-01", "fail")
    with pytest.raises(Refused, match="not valid Unicode"):
        I.name_staff(ws, insp.id, "ENV-01", "\ud800")
    from bqinspect.store.models import Inspection

    with ws.session() as s:  # submitted as the service leaves it, without the whole checklist
        row = s.get(Inspection, insp.id)
        assert row is not None
        row.status, row.work_status, row.submitted_at = "submitted", "submitted", insp.visit_start
        s.add(row)
    with pytest.raises(Refused, match="needs a reason"):
        I.name_staff(ws, insp.id, "ENV-01", "1024")
    I.name_staff(ws, insp.id, "ENV-01", "1024", "5", why="柜员工号看错")
    trail = [e for e in I.audit_trail(ws, insp.id) if e.field == "staff"]
    assert trail[-1].new == {"staff_no": "1024", "counter": "5"} and trail[-1].why == "柜员工号看错"
    assert I.findings_of(ws, insp.id)[0].revision == 2


def test_a_finding_of_its_own_names_staff_within_the_badge_length(bank) -> None:  # type: ignore[no-untyped-def]
    ws, insp = bank
    I.set_answer(ws, insp.id, "ENV-01", "fail")
    (finding,) = I.findings_of(ws, insp.id)
    row = I.update_finding(ws, finding.id, staff_no="1023", counter="2")
    assert (row.staff_no, row.counter) == ("1023", "2")
    with pytest.raises(Refused, match="longer than 32"):
        I.update_finding(ws, finding.id, counter="9" * 33)
