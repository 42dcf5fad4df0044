"""``bqinspect staff``: import (dry run, row errors, exit 1), list by branch and as JSON, show."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli import run

BRANCHES = "网点编号,网点名称\n0231,城东支行营业部\n0245,滨江支行营业部\n"
STAFF = (
    "工号,姓名,岗位,网点编号\n"
    "1023,张伟,柜员,0231\n1024,李娜,大堂经理,0231\n2001,王芳,理财经理,0245\n"
)


def test_staff_import_list_and_refusals(home: Path, tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text(BRANCHES, encoding="utf-8")
    (tmp_path / "s.csv").write_text(STAFF, encoding="utf-8")
    (tmp_path / "bad.csv").write_text(STAFF + "3001,赵六,厨师,0231\n", encoding="utf-8")
    assert run("branches", "import", str(tmp_path / "b.csv"), home=home).returncode == 0

    dry = run("staff", "import", str(tmp_path / "s.csv"), "--dry-run", home=home)
    assert dry.returncode == 0 and "would import: 3 new" in dry.stdout
    assert json.loads(run("staff", "list", "--json", home=home).stdout) == []

    bad = run("staff", "import", str(tmp_path / "bad.csv"), home=home)
    assert bad.returncode == 1
    assert "bad.csv row 5 post" in bad.stderr and "厨师" in bad.stderr

    done = run("staff", "import", str(tmp_path / "s.csv"), home=home)
    assert done.returncode == 0 and "imported: 3 new, 0 updated, 0 unchanged" in done.stdout
    listed = json.loads(run("staff", "list", "--branch", "0231", "--json", home=home).stdout)
    assert [(m["employee_no"], m["post"]) for m in listed] == [
        ("1023", "teller"),
        ("1024", "lobby_manager"),
    ]
    text = run("staff", "list", home=home).stdout
    assert "2001" in text and "理财经理" in text

    unknown = run("staff", "list", "--branch", "9999", home=home)
    assert unknown.returncode == 1 and "no branch 9999" in unknown.stderr
    shown = run("staff", "show", "1023", home=home)
    assert shown.returncode == 0 and "张伟 · 柜员 · 0231" in shown.stdout
    assert "named in 0 item(s)" in shown.stdout
    missing = run("staff", "show", "7777", home=home)
    assert missing.returncode == 1 and "no employee 7777" in missing.stderr


def test_analytics_staff_counts_failures_by_post_and_person(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, home: Path, tmp_path: Path, capsys
) -> None:
    from bqinspect.cli import main
    from bqinspect.services import inspections
    from bqinspect.services.staff import import_staff
    from tests.unit.test_report import onsite

    ws = empty_workspace
    insp = onsite(ws, mini_form)
    (tmp_path / "s.csv").write_text(STAFF.split("2001")[0], encoding="utf-8")  # branch 0231's
    import_staff(ws, tmp_path / "s.csv")
    inspections.name_staff(ws, insp, "ENV-01", "1023", "3")
    inspections.submit(ws, insp)
    assert main(["--data-dir", str(home), "analytics", "staff", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["inspections"] == 1
    (person,) = shown["staff"]["by_staff"]
    assert (person["employee_no"], person["post"], person["named"], person["failed"]) == (
        "1023",
        "teller",
        1,
        1,
    )
    assert main(["--data-dir", str(home), "analytics", "staff"]) == 0
    text = capsys.readouterr().out
    assert "Failures by post" in text and "Teller" in text and "张伟" in text
