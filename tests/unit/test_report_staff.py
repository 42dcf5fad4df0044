"""The notice's branch copy shows whom a finding concerns: the staff member and the counter."""

from __future__ import annotations

from pathlib import Path

from bqinspect.report import build_report
from bqinspect.services import inspections as I
from bqinspect.services.staff import import_staff
from tests.unit.test_report import onsite, pdf_text, squashed


def test_the_branch_copy_names_the_staff_member_and_counter(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path: Path
) -> None:
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, photos=0)
    register = tmp_path / "staff.csv"
    register.write_text("工号,姓名,岗位,网点编号\n1023,张伟,柜员,0231\n", encoding="utf-8")
    import_staff(ws, register)
    I.name_staff(ws, insp_id, "ENV-01", "1023", "3")
    I.name_staff(ws, insp_id, "SEC-05", "B-77")  # a badge not in the register
    zh = squashed(build_report(ws, insp_id, tmp_path / "zh.pdf", audience="branch").path)
    assert "涉及人员1023张伟·柜员窗口3" in zh
    assert "涉及人员B-77" in zh
    en = pdf_text(build_report(ws, insp_id, tmp_path / "en.pdf", lang="en").path)
    assert "1023 Zhang" not in en and "1023 张伟 · Teller" in en and "Counter 3" in en


def test_a_finding_naming_nobody_has_no_staff_line(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path: Path
) -> None:
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, photos=0)
    assert "涉及人员" not in squashed(build_report(ws, insp_id, tmp_path / "r.pdf").path)
