"""The whole command line runs where PySide6 is not installed (``pip install .``, no gui extra)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bqinspect.store.workspace import open_workspace
from tests.inspection_factory import submitted_inspection

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "data" / "mini_form.yaml"

# Run the real command line with an import hook that makes PySide6 and shiboken6 absent, as
# they are after ``pip install .`` without the gui extra.
WITHOUT_QT = """
import sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("PySide6", "shiboken6"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoQt())
from bqinspect.cli.main import main
raise SystemExit(main(sys.argv[1:]))
"""


def bqinspect(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "DISPLAY": ":0"}
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_QT, *(str(a) for a in args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def ok(*args: str | Path) -> str:
    result = bqinspect(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_every_core_command_runs_without_pyside6(tmp_path: Path, mini_form) -> None:  # type: ignore[no-untyped-def]
    field, office = tmp_path / "field", tmp_path / "office"
    with open_workspace(field, actor="检查员甲") as ws:
        insp = submitted_inspection(ws, mini_form)

    assert "mini-onsite 1, 10 items" in ok("forms", "validate", MINI)
    forms = json.loads(ok("--data-dir", field, "forms", "list", "--json"))
    assert [f["form_id"] for f in forms] == ["mini-onsite"]
    branches = tmp_path / "branches.csv"
    branches.write_text("code,name,region\n0231,城东支行营业部,华东分行\n", encoding="utf-8")
    assert "1 new" in ok("--data-dir", field, "branches", "import", branches)
    listed = json.loads(ok("--data-dir", field, "inspections", "list", "--json"))
    assert [(r["id"], r["status"]) for r in listed] == [(str(insp.id), "submitted")]

    pdf = tmp_path / "notice.pdf"
    assert "branch copy" in ok("--data-dir", field, "report", str(insp.id), "--out", pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    ok("--data-dir", field, "report", "verify", pdf)

    ok("--data-dir", field, "keys", "export-public", tmp_path / "field.pub")
    ok("--data-dir", office, "keys", "export-public", tmp_path / "office.pub")
    ok("--data-dir", office, "keys", "trust", tmp_path / "field.pub")
    package = tmp_path / "visits.bqpkg"
    exported = ok(
        "--data-dir", field, "export", "--all", "--out", package,
        "--encrypt-to", tmp_path / "office.pub", "--json",
    )  # fmt: skip
    assert json.loads(exported)["inspections"] == [str(insp.id)]
    imported = json.loads(ok("--data-dir", office, "import", package, "--json"))
    assert imported["inspections"]["new"] == 1

    assert "database ok" in ok("--data-dir", office, "db", "check")
    ok("--data-dir", office, "db", "backup", "--out", tmp_path / "office-copy.sqlite")
    assert (tmp_path / "office-copy.sqlite").stat().st_size > 0


@pytest.mark.parametrize("command", [[], ["screenshots", "--out"]])
def test_the_window_asks_for_the_gui_extra(tmp_path: Path, command: list[str]) -> None:
    shots = [tmp_path / "shots"] if command else []
    result = bqinspect("--data-dir", tmp_path / "data", *command, *shots)
    assert result.returncode == 1
    assert "the window needs the gui extra: pip install 'bqinspect[gui]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "shots").exists()
