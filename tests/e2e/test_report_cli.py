"""`bqinspect report` and `bqinspect report verify` end to end on a demo workspace."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bqinspect.cli import main

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo")
    assert main(["--data-dir", str(home), "demo", "--branches", "4", "--inspections", "4"]) == 0
    return home


def _inspections(home: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["--data-dir", str(home), "inspections", "list", "--json"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_report_then_verify_then_change(demo: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = _inspections(demo, capsys)
    row = next((r for r in rows if r["status"] == "draft"), rows[0])
    ident = str(row["id"])
    out = tmp_path / "notice.pdf"
    status = main(
        ["--data-dir", str(demo), "report", ident[:8], "--out", str(out), "--lang", "both"]
    )
    printed = capsys.readouterr()
    assert status == 0, printed.err
    assert out.read_bytes().startswith(b"%PDF-")
    assert ident in printed.out and "branch copy" in printed.out

    assert main(["--data-dir", str(demo), "report", "verify", str(out)]) == 0
    assert "matches" in capsys.readouterr().out

    from bqinspect.services import inspections
    from bqinspect.store.workspace import open_workspace

    ws = open_workspace(demo)
    try:
        item_id = next(iter(inspections.answers_of(ws, inspections.find_inspection(ws, ident).id)))
        insp_id = inspections.find_inspection(ws, ident).id
        inspections.set_note(ws, insp_id, item_id, "改动", why="corrected after the visit")
    finally:
        ws.close()
    assert main(["--data-dir", str(demo), "report", "verify", str(out)]) == 1
    err = capsys.readouterr().err
    assert "does not match" in err and "answers" in err


def test_office_copy_on_letter_paper(demo: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = _inspections(demo, capsys)
    row = next((r for r in rows if r["kind"] == "mystery"), rows[0])
    out = tmp_path / "office.pdf"
    args = ["report", str(row["id"]), "-o", str(out), "--audience", "office"]
    assert main(["--data-dir", str(demo), *args, "--page-size", "Letter", "--lang", "en"]) == 0
    assert "office copy" in capsys.readouterr().out
    from pypdf import PdfReader

    assert round(PdfReader(out).pages[0].mediabox.width) == 612


def test_refusals_exit_1_with_the_reason(demo: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    home = str(demo)
    assert main(["--data-dir", home, "report", "ffffffff", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "no inspection ffffffff" in capsys.readouterr().err
    row = _inspections(demo, capsys)[0]
    assert main(["--data-dir", home, "report", str(row["id"])]) == 1
    assert "--out" in capsys.readouterr().err
    assert main(["--data-dir", home, "report", "verify"]) == 1
    assert "give the PDF" in capsys.readouterr().err
    junk = tmp_path / "junk.pdf"
    junk.write_text("not a pdf")
    assert main(["--data-dir", home, "report", "verify", str(junk)]) == 1
    assert "junk.pdf" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_usage_errors_exit_2_and_help_documents_both_forms() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bqinspect", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=120,
        )

    helped = run("report", "--help")
    assert helped.returncode == 0
    assert "report verify FILE.pdf" in helped.stdout and "--audience" in helped.stdout
    wrong = run("report", "abc", "--out", "x.pdf", "--audience", "everyone")
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr


def _carry_to(
    demo: Path, office: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Export everything from the demo workspace and import it into ``office``."""
    package, key = tmp_path / "all.bqpkg", tmp_path / "field.pub"
    assert main(["--data-dir", str(demo), "export", "--all", "--out", str(package)]) == 0
    assert main(["--data-dir", str(demo), "keys", "export-public", str(key)]) == 0
    # the demo plays every role on one machine: trusted as head office, all of it may come
    assert main([*office, "keys", "trust", str(key), "--role", "office"]) == 0
    assert main([*office, "import", str(package)]) == 0, capsys.readouterr().err
    capsys.readouterr()


def _report_verifies_elsewhere(
    demo: Path, office: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [r for r in _inspections(demo, capsys) if r["status"] in ("submitted", "approved")]
    assert rows
    pdfs = []
    for row in rows:
        out = tmp_path / f"{row['id']}.pdf"
        assert main(["--data-dir", str(demo), "report", str(row["id"]), "-o", str(out)]) == 0
        pdfs.append(out)
    _carry_to(demo, office, tmp_path, capsys)
    for pdf in pdfs:  # the record hash does not depend on the machine or the database
        assert main([*office, "report", "verify", str(pdf)]) == 0, capsys.readouterr().err
        assert "matches" in capsys.readouterr().out
    # and the other way: a report made at the office verifies on the field laptop
    back = tmp_path / "office-copy.pdf"
    args = ["report", str(rows[0]["id"]), "-o", str(back), "--audience", "office"]
    assert main([*office, *args]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(demo), "report", "verify", str(back)]) == 0


def test_a_report_verifies_on_the_office_database_after_sync(  # type: ignore[no-untyped-def]
    demo: Path, tmp_path: Path, capsys
) -> None:
    _report_verifies_elsewhere(demo, ["--data-dir", str(tmp_path / "office")], tmp_path, capsys)


@pytest.mark.postgres
def test_a_report_verifies_on_postgresql_after_sync(  # type: ignore[no-untyped-def]
    demo: Path, tmp_path: Path, capsys, pg_url: str
) -> None:
    from tests.pg import fresh_database

    with fresh_database(pg_url) as url:
        office = ["--data-dir", str(tmp_path / "office"), "--db-url", url]
        _report_verifies_elsewhere(demo, office, tmp_path, capsys)
