"""The command line end to end: help, exit codes, refusals on stderr, demo, lists, db tools."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bqinspect import __version__
from bqinspect.cli import build_parser, main

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "data" / "mini_form.yaml"


def run(*args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "bqinspect"]
    if home is not None:
        cmd += ["--data-dir", str(home)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, timeout=600)


def test_version_and_help_document_every_command() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"bqinspect {__version__}"
    top = run("--help").stdout
    for command in ("demo", "forms", "branches", "inspections", "db"):
        assert command in top
    for sub in (
        ["forms", "validate"],
        ["forms", "list"],
        ["forms", "import-xlsx"],
        ["forms", "export-xlsx"],
        ["branches", "import"],
        ["inspections", "list"],
        ["db", "check"],
        ["db", "backup"],
    ):
        with pytest.raises(SystemExit) as caught:
            build_parser().parse_args([*sub, "--help"])
        assert caught.value.code == 0


def test_usage_error_exits_2() -> None:
    result = run("inspections", "list", "--status", "nonsense")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_no_display_says_so_and_exits_1(home: Path) -> None:
    result = run(home=home)
    assert result.returncode == 1
    assert "No display" in result.stderr and "demo --tour" in result.stderr


def test_forms_validate_ok_and_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "validate", str(MINI)]) == 0
    assert "mini-onsite 1, 10 items" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        MINI.read_text(encoding="utf-8").replace("type: rating", "type: stars", 1), encoding="utf-8"
    )
    assert main(["forms", "validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:30" in err and "ENV-04" in err and "type" in err


def test_forms_validate_refuses_in_the_locale_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    bad = tmp_path / "bad.yaml"
    text = MINI.read_text(encoding="utf-8").replace("    weight: 40\n", "    weight: forty\n", 1)
    bad.write_text(text, encoding="utf-8")
    assert main(["forms", "validate", str(bad)]) == 1
    line = text.splitlines().index("    weight: forty") + 1
    assert f"bad.yaml:{line}: sections[0](ENV).weight：应为数字" in capsys.readouterr().err


def test_branches_import_refused_changes_nothing(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "b.csv"
    good.write_text("code,name,region\n0231,城东支行营业部,华东分行\n", encoding="utf-8")
    assert main(["--data-dir", str(home), "branches", "import", str(good)]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\n0231,改名\n0300,\n", encoding="utf-8")
    assert main(["--data-dir", str(home), "branches", "import", str(bad)]) == 1
    assert "bad.csv row 3 name: is required" in capsys.readouterr().err
    assert main(["--data-dir", str(home), "branches", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(b["code"], b["name"]) for b in listed] == [("0231", "城东支行营业部")]


def test_forms_xlsx_round_trip_through_the_cli(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "mini.xlsx"
    assert main(["forms", "export-xlsx", str(MINI), "--out", str(out)]) == 0
    back = tmp_path / "back.yaml"
    assert (
        main(["--data-dir", str(home), "forms", "import-xlsx", str(out), "--out", str(back)]) == 0
    )
    assert main(["forms", "validate", str(back)]) == 0


@pytest.mark.slow
def test_demo_then_list_and_db_tools(home: Path, tmp_path: Path) -> None:
    result = run("demo", home=home)
    assert result.returncode == 0, result.stderr
    assert "20 branches, 12 inspections" in result.stdout
    listed = json.loads(run("inspections", "list", "--json", home=home).stdout)
    assert len(listed) == 12 + 240  # the worked examples, then two years of history
    assert {r["kind"] for r in listed} == {"onsite", "mystery"}
    assert {r["status"] for r in listed} == {"draft", "submitted", "approved", "returned"}
    assert any(r["branch"] == "0231" for r in listed)
    assert all(r["score"] is not None for r in listed if r["status"] != "draft")
    regions = {b["region"] for b in json.loads(run("branches", "list", "--json", home=home).stdout)}
    assert len(regions) == 3
    again = run("demo", home=home)
    assert again.returncode == 0 and "already has inspections" in again.stdout
    check = run("db", "check", home=home)
    assert check.returncode == 0 and "database ok" in check.stdout
    backup = tmp_path / "copy.sqlite"
    assert run("db", "backup", "--out", str(backup), home=home).returncode == 0
    assert backup.stat().st_size > 0
    forms = json.loads(run("forms", "list", "--json", home=home).stdout)
    assert {f["form_id"] for f in forms} >= {"branch-onsite", "mystery-cash"}


@pytest.mark.slow
def test_run_app_script_without_display_runs_the_headless_demo(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["BQINSPECT_HOME"] = str(tmp_path / "demo")
    result = subprocess.run(
        ["bash", str(REPO / "scripts" / "run-app.sh")],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert "No display found" in result.stdout
    assert "0231" in result.stdout and "城东支行营业部（演示）" in result.stdout


@pytest.mark.slow
def test_first_start_with_demo_opens_the_window(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    home = tmp_path / "first"
    result = subprocess.run(
        [sys.executable, "-m", "bqinspect", "--data-dir", str(home), "--demo", "--smoke-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "creating a demo workspace" in result.stderr
    listed = json.loads(run("inspections", "list", "--json", home=home).stdout)
    assert len(listed) == 12 + 240  # the worked inspections and two years of history


def test_db_restore_puts_a_backup_back_and_refuses_other_files(tmp_path: Path) -> None:
    home = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bqinspect", "--data-dir", str(home), *args],
            capture_output=True, text=True, env=env, timeout=300,
        )  # fmt: skip

    branches = tmp_path / "branches.csv"
    branches.write_text("code,name\n0231,城东支行（演示）\n", encoding="utf-8")
    assert cli("branches", "import", str(branches)).returncode == 0
    made = cli("db", "backup")
    assert made.returncode == 0, made.stderr
    backup = made.stdout.strip().removeprefix("backed up to ")
    branches.write_text("code,name\n0232,城西支行（演示）\n", encoding="utf-8")
    assert cli("branches", "import", str(branches)).returncode == 0

    not_ours = tmp_path / "notes.sqlite"
    not_ours.write_text("hello")
    refused = cli("db", "restore", str(not_ours))
    assert refused.returncode == 1
    assert str(not_ours) in refused.stderr and "not a bqinspect database" in refused.stderr
    assert "Traceback" not in refused.stderr

    restored = cli("db", "restore", backup)
    assert restored.returncode == 0, restored.stderr
    listed = cli("branches", "list", "--json")
    assert [b["code"] for b in json.loads(listed.stdout)] == ["0231"]
    kept = cli("db", "backups").stdout.split()
    assert any("pre-restore" in name for name in kept)
