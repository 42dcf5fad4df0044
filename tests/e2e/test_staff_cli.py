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
