"""``findings list | appeal | decide`` and ``ledger`` through the real command line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook
from PIL import Image

from bqinspect.base import clock
from bqinspect.domain.formio import load_form
from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections as insp_svc
from bqinspect.services import review
from bqinspect.store.workspace import open_workspace
from tests.inspection_factory import submitted_inspection

REPO = Path(__file__).resolve().parents[2]


def _run(home: Path, *args: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(
        [sys.executable, "-m", "bqinspect", "--data-dir", str(home), *map(str, args)],
        capture_output=True, text=True, env=env, timeout=300, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def _lead_workspace(home: Path) -> tuple[str, str, str]:
    """A lead's workspace: branch 0101 approved now (appealable), 0202 approved long ago."""
    form = load_form(REPO / "tests" / "data" / "mini_form.yaml")
    with open_workspace(home, actor="组长乙") as ws:
        ws.set_setting("timezone", "UTC")  # the ledger's days are the test's days
        now = clock.now().replace(microsecond=0)
        fresh = submitted_inspection(ws, form, branch_code="0101", visit=now)
        old = submitted_inspection(ws, form, branch_code="0202")
        ws.set_role(Role.LEAD)
        review.approve(ws, fresh.id)
        with clock.frozen(datetime(2024, 3, 5, 2, tzinfo=UTC)):
            review.approve(ws, old.id)
        by_item = {f.item_id: f for f in insp_svc.findings_of(ws, fresh.id)}
        late = insp_svc.findings_of(ws, old.id)[0]
    return str(by_item["SEC-04"].id), str(by_item["ENV-04"].id), str(late.id)


def test_appeal_decide_list_and_ledger(home: Path, tmp_path: Path) -> None:
    veto, general, late = _lead_workspace(home)
    photo = tmp_path / "repair.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buf, "JPEG")
    photo.write_bytes(buf.getvalue())

    done = _run(home, "findings", "appeal", veto[:8], "--reason", "监控检修中", "--photo", photo)
    assert done.returncode == 0, done.stderr
    assert "1 photo(s)" in done.stdout and "window closes" in done.stdout
    done = _run(home, "findings", "decide", veto, "--overturn", "--reason", "维修单属实")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("overturned") and "score" in done.stdout

    refusals = [
        (("findings", "appeal", veto, "--reason", "再次"), "appealed already"),
        (("findings", "appeal", late, "--reason", "太晚"), "window closed"),
        (("findings", "appeal", "ffffffff", "--reason", "无"), "no finding"),
        (("findings", "decide", general, "--uphold", "--reason", "维持"), "not appealed"),
        (("findings", "decide", veto, "--uphold", "--reason", "改判"), "decided already"),
    ]
    for args, reason in refusals:
        done = _run(home, *args)
        assert done.returncode == 1 and reason in done.stderr, (args, done.stderr)

    listed = json.loads(_run(home, "findings", "list", "--json", "--branch", "0101").stdout)
    by_id = {row["id"]: row for row in listed}
    assert by_id[veto]["appeal"] == "overturned" and by_id[general]["appeal"] is None
    assert {row["branch"] for row in listed} == {"0101"}
    opened = json.loads(_run(home, "findings", "list", "--json", "--status", "verified").stdout)
    assert opened == []

    today = clock.now().date().isoformat()
    out = tmp_path / "ledger.xlsx"
    done = _run(home, "ledger", "--since", today, "--until", today, "--out", out)
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(out).active
    assert sheet is not None and sheet.max_row == 3  # title, headers, one act
    assert "申诉成立" in str(sheet.cell(row=3, column=6).value)
    done = _run(home, "ledger", "--since", today, "--until", "2000-01-01", "--out", out)
    assert done.returncode == 1 and "before it starts" in done.stderr


def test_an_inspector_may_not_appeal(home: Path) -> None:
    veto, _general, _late = _lead_workspace(home)
    with open_workspace(home) as ws:
        ws.set_role(Role.INSPECTOR)
    done = _run(home, "findings", "appeal", veto, "--reason", "理由")
    assert done.returncode == 1 and "the lead's" in done.stderr
