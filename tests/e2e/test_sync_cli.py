"""Sync from the command line: keys, export (plain and encrypted), import, refusals, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bqinspect.cli import main
from tests.pg import fresh_database
from tests.unit.sync_helpers import field_with_inspections, rebuild, record_names, zip_entries

REPO = Path(__file__).resolve().parents[2]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def field_home(tmp_path: Path) -> Path:
    ws, _ids = field_with_inspections(tmp_path / "field", 2)
    ws.close()
    return tmp_path / "field"


def test_keys_export_import_round_trip(capsys, tmp_path: Path, field_home: Path) -> None:
    office = tmp_path / "office"
    code, out, _ = cli(capsys, "--data-dir", field_home, "keys", "show", "--json")
    assert code == 0
    field_key = json.loads(out)
    assert field_key["name"] == "field-laptop"
    assert field_key["age_recipient"].startswith("age1")
    assert (
        cli(capsys, "--data-dir", field_home, "keys", "export-public", tmp_path / "f.pub")[0] == 0
    )
    assert cli(capsys, "--data-dir", office, "keys", "export-public", tmp_path / "o.pub")[0] == 0
    code, out, _ = cli(capsys, "--data-dir", office, "keys", "trust", tmp_path / "f.pub")
    assert code == 0 and out.startswith("trusted field-laptop")

    package = tmp_path / "p.bqpkg"
    code, out, err = cli(
        capsys, "--data-dir", field_home, "export", "--all", "--out", package,
        "--encrypt-to", tmp_path / "o.pub", "--json",
    )  # fmt: skip
    assert code == 0, err
    summary = json.loads(out)
    assert (len(summary["inspections"]), summary["encrypted_to"], summary["forms"]) == (2, 1, 1)

    code, out, err = cli(capsys, "--data-dir", office, "import", package, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["inspections"]["new"] == 2
    assert report["encrypted"] is True
    assert report["source"]["signer"] == "trusted"
    assert report["source"]["fingerprint"] == field_key["fingerprint"]

    code, out, _ = cli(capsys, "--data-dir", office, "import", package)
    assert code == 0
    assert "already imported on" in out and "nothing changed" in out

    code, out, _ = cli(capsys, "--data-dir", office, "inspections", "list", "--json")
    listed = json.loads(out)
    assert len(listed) == 2 and all(r["score"] is not None for r in listed)
    code, out, _ = cli(capsys, "--data-dir", field_home, "inspections", "list", "--json")
    assert all(r["exported"] for r in json.loads(out))

    code, out, _ = cli(capsys, "--data-dir", office, "keys", "list", "--json")
    states = {d["name"]: (d["self"], d["trusted"], d["revoked"]) for d in json.loads(out)}
    assert states["field-laptop"] == (False, True, False)
    fp = field_key["fingerprint"]
    assert cli(capsys, "--data-dir", office, "keys", "revoke", fp[:12], "--why", "丢失")[0] == 0
    code, _out, err = cli(capsys, "--data-dir", office, "import", package)
    assert code == 1
    assert "whose key was revoked here" in err


def test_unknown_signer_and_accept_once(capsys, tmp_path: Path, field_home: Path) -> None:
    package = tmp_path / "p.bqpkg"
    assert cli(capsys, "--data-dir", field_home, "export", "--all", "--out", package)[0] == 0
    stranger = tmp_path / "stranger"
    code, out, err = cli(capsys, "--data-dir", stranger, "import", package)
    assert code == 1 and out == ""
    assert err.startswith("bqinspect: refused: signer: signed by device field-laptop")
    fp = err.split("--accept-signer ")[1].strip()
    code, out, err = cli(capsys, "--data-dir", stranger, "import", package, "--accept-signer", fp)
    assert code == 0, err
    assert "2 new" in out


def test_refusals_exit_1_with_the_reason_on_stderr(
    capsys, tmp_path: Path, field_home: Path
) -> None:
    package = tmp_path / "p.bqpkg"
    cli(capsys, "--data-dir", field_home, "export", "--all", "--out", package)
    name = record_names(package)[0]
    data = dict((i.filename, d) for i, d in zip_entries(package))[name]
    bad = rebuild(package, tmp_path / "bad.bqpkg", replace={name: data + b" "})
    office = tmp_path / "office"
    cli(capsys, "--data-dir", field_home, "keys", "export-public", tmp_path / "f.pub")
    cli(capsys, "--data-dir", office, "keys", "trust", tmp_path / "f.pub")
    code, out, err = cli(capsys, "--data-dir", office, "import", bad)
    assert code == 1 and out == ""
    assert err == (
        f"bqinspect: refused: {name}: altered after signing (sha256 does not match the manifest)\n"
    )
    code, _, err = cli(capsys, "--data-dir", office, "import", tmp_path / "missing.bqpkg")
    assert code == 1 and "no such file" in err
    code, _, err = cli(capsys, "--data-dir", field_home, "export", "--out", tmp_path / "x.bqpkg")
    assert code == 1 and "choose what to export" in err
    code, _, err = cli(
        capsys, "--data-dir", field_home, "export", "--all", "--out", tmp_path / "x.bqpkg",
        "--encrypt-to", package,
    )  # fmt: skip
    assert code == 1 and "x.bqpkg" not in os.listdir(tmp_path)
    with pytest.raises(SystemExit) as usage:
        main(["--data-dir", str(field_home), "export", "--since", "yesterday", "--out", "x"])
    assert usage.value.code == 2


def test_python_dash_m_round_trip(tmp_path: Path, field_home: Path) -> None:
    """The installed entry point, as a user runs it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def run(*args: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bqinspect", *map(str, args)],
            capture_output=True, text=True, env=env, timeout=300,
        )  # fmt: skip

    office = tmp_path / "office"
    assert (
        run("--data-dir", field_home, "keys", "export-public", tmp_path / "f.pub").returncode == 0
    )
    assert run("--data-dir", office, "keys", "trust", tmp_path / "f.pub").returncode == 0
    package = tmp_path / "p.bqpkg"
    exported = run("--data-dir", field_home, "export", "--all", "--out", package)
    assert exported.returncode == 0, exported.stderr
    imported = run("--data-dir", office, "import", package)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("p.bqpkg: inspections: 2 new")
    helped = run("import", "--help")
    assert helped.returncode == 0 and "--accept-signer" in helped.stdout


@pytest.mark.postgres
def test_import_and_list_with_a_postgres_db_url(
    capsys, tmp_path: Path, field_home: Path, pg_url: str
) -> None:
    package = tmp_path / "p.bqpkg"
    cli(capsys, "--data-dir", field_home, "export", "--all", "--out", package)
    cli(capsys, "--data-dir", field_home, "keys", "export-public", tmp_path / "f.pub")
    with fresh_database(pg_url) as url:
        office = ("--data-dir", tmp_path / "office", "--db-url", url)
        assert cli(capsys, *office, "keys", "trust", tmp_path / "f.pub")[0] == 0
        code, out, err = cli(capsys, *office, "import", package, "--json")
        assert code == 0, err
        assert json.loads(out)["inspections"]["new"] == 2
        code, out, _ = cli(capsys, *office, "inspections", "list", "--json")
        rows = json.loads(out)
        assert len(rows) == 2 and all(r["status"] == "submitted" for r in rows)
        code, out, _ = cli(capsys, *office, "import", package)
        assert "nothing changed" in out


def test_forms_and_branches_only(capsys, tmp_path: Path, field_home: Path) -> None:
    package = tmp_path / "ref.bqpkg"
    code, out, err = cli(
        capsys, "--data-dir", field_home, "export", "--forms-and-branches", "--out", package,
        "--json",
    )  # fmt: skip
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["inspections"], summary["forms"], summary["branches"]) == ([], 1, 1)
    newcomer = tmp_path / "newcomer"
    cli(capsys, "--data-dir", field_home, "keys", "export-public", tmp_path / "f.pub")
    cli(capsys, "--data-dir", newcomer, "keys", "trust", tmp_path / "f.pub")
    code, out, _ = cli(capsys, "--data-dir", newcomer, "import", package, "--json")
    assert code == 0
    report = json.loads(out)
    assert report["forms_new"] == 1 and report["branches"]["new"] == 1
    code, out, _ = cli(capsys, "--data-dir", newcomer, "forms", "list", "--json")
    assert [f["form_id"] for f in json.loads(out)] == ["mini-onsite"]
