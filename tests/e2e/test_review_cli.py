"""The review loop through the real command line: an inspector's laptop and a lead's, packages
both ways, return → amend → resubmit, and each refusal with its exit status."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bqinspect.cli import build_parser, main
from tests.pg import fresh_database

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "data" / "mini_form.yaml"
ANSWERS = {  # every item of the mini form; ENV-05 (parking) fails, needing no photo
    "ENV-01": "yes",
    "ENV-04": "4",
    "ENV-05": "no",
    "STF-04": "是",
    "STF-05": "8",
    "STF-06": "5",
    "SEC-04": "4/4",
    "SEC-05": "40",
    "FAC-15": "water,老花镜,急救药箱",
}


class Machine:
    """One installation's data directory, driven as a user drives it: ``python -m bqinspect``."""

    def __init__(self, home: Path):
        self.home = home

    def run(self, *args: object) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(REPO), "USER": self.home.name}
        for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
            env.pop(name, None)
        return subprocess.run(
            [sys.executable, "-m", "bqinspect", "--data-dir", str(self.home), *map(str, args)],
            capture_output=True, text=True, env=env, timeout=300, stdin=subprocess.DEVNULL,
        )  # fmt: skip

    def ok(self, *args: object) -> str:
        result = self.run(*args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result.stdout

    def show(self, inspection_id: str) -> dict[str, Any]:
        shown: dict[str, Any] = json.loads(self.ok("inspections", "show", inspection_id, "--json"))
        return shown


def _png(path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (60, 20), (20, 20, 20)).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def field(tmp_path: Path) -> Machine:
    """An inspector's laptop with the mini form and branch 0231."""
    laptop = Machine(tmp_path / "wang")
    branches = tmp_path / "branches.csv"
    branches.write_text("code,name,region\n0231,城东支行营业部,华东分行\n", encoding="utf-8")
    laptop.ok("forms", "install", MINI)
    laptop.ok("branches", "import", branches)
    return laptop


@pytest.fixture
def pair(field: Machine, tmp_path: Path) -> tuple[Machine, Machine]:
    """The laptop and a lead's installation, each trusting the other in its role."""
    lead = Machine(tmp_path / "li")
    assert lead.ok("keys", "role", "lead").strip() == "lead"
    assert lead.ok("keys", "role").strip() == "lead"
    assert field.ok("keys", "role").strip() == "inspector"
    field.ok("keys", "export-public", tmp_path / "field.pub")
    lead.ok("keys", "export-public", tmp_path / "lead.pub")
    trusted = lead.ok("keys", "trust", tmp_path / "field.pub", "--role", "inspector")
    assert trusted.startswith("trusted ") and trusted.rstrip().endswith("as inspector")
    assert (
        field.ok("keys", "trust", tmp_path / "lead.pub", "--role", "lead")
        .rstrip()
        .endswith("as lead")
    )
    return field, lead


def _answered(machine: Machine) -> str:
    """A fully answered draft (ENV-05 failed) on ``machine``; its id."""
    inspection_id = machine.ok(
        "inspections", "start", "--branch", "0231", "--form", "mini-onsite"
    ).strip()
    for item, value in ANSWERS.items():
        machine.ok("answer", inspection_id, item, value)
    return inspection_id


def _carry(source: Machine, target: Machine, inspection_id: str, package: Path) -> None:
    source.ok("export", "--inspection", inspection_id, "--out", package)
    imported = target.run("import", package, "--json")
    assert imported.returncode == 0, imported.stderr
    report = json.loads(imported.stdout)
    assert report["source"]["signer"] == "trusted"


@pytest.mark.slow
def test_start_answer_submit_review_return_amend_resubmit(
    pair: tuple[Machine, Machine], tmp_path: Path
) -> None:
    field, lead = pair
    sig = _png(tmp_path / "sig.png")
    inspection_id = field.ok(
        "inspections", "start", "--branch", "0231", "--form", "mini-onsite",
        "--inspector", "王晓明", "--at", "2026-09-01T10:00:00+08:00",
    ).strip()  # fmt: skip
    assert len(inspection_id) == 36 and "\n" not in inspection_id
    for item, value in ANSWERS.items():
        answered = field.ok("answer", inspection_id, item, value)
        assert answered.startswith(f"{item} = ") and "score " in answered
        assert ("finding general" in answered) is (item == "ENV-05")
    noted = field.ok("answer", inspection_id, "ENV-05", "no", "--note", "无")
    assert noted.startswith("ENV-05 = fail · 0/2 points · note '无'")

    draft = field.show(inspection_id)
    assert (draft["status"], draft["work_status"], draft["decision"]) == ("draft", "draft", None)
    assert draft["score"]["stored"] is False
    assert draft["visit_start"] == "2026-09-01T02:00:00+00:00"

    refused = field.run("inspections", "submit", inspection_id)
    assert refused.returncode == 1 and "the inspector's signature is required" in refused.stderr
    submitted = field.ok("inspections", "submit", inspection_id, "--signature", sig)
    assert submitted.startswith(f"submitted {inspection_id} revision 1: score ")
    first = field.show(inspection_id)
    assert (first["status"], first["revision"], first["score"]["stored"]) == ("submitted", 1, True)
    assert [f["item"] for f in first["findings"]] == ["ENV-05"]
    assert [(s["role"], s["name"]) for s in first["signatures"]] == [("inspector", "王晓明")]

    # refusals on the inspector's laptop: the review is the lead's, an amendment needs a reason
    approve = field.run("review", "approve", inspection_id)
    assert approve.returncode == 1 and "inspector" in approve.stderr and "lead" in approve.stderr
    unexplained = field.run("answer", inspection_id, "ENV-05", "yes")
    assert unexplained.returncode == 1 and "reason" in unexplained.stderr
    assert field.show(inspection_id)["revision"] == 1

    # the lead imports, comments, and returns one item
    _carry(field, lead, inspection_id, tmp_path / "r1.bqpkg")
    assert lead.show(inspection_id)["status"] == "submitted"
    lead.ok("review", "comment", inspection_id, "整体规范")
    lead.ok("review", "comment", inspection_id, "--item", "ENV-01", "门楣照片清晰")
    no_reason = lead.run("review", "return", inspection_id, "--item", "ENV-05")
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    unknown = lead.run("review", "return", inspection_id, "--reason", "复核", "--item", "XX-99")
    assert unknown.returncode == 1 and "XX-99" in unknown.stderr
    returned = lead.ok(
        "review", "return", inspection_id, "--reason", "停车位请现场复核", "--item", "ENV-05"
    )
    assert returned.startswith(f"returned {inspection_id} revision 1")
    at_lead = lead.show(inspection_id)
    assert (at_lead["status"], at_lead["decision"], at_lead["reviewed_revision"]) == (
        "returned", "returned", 1,
    )  # fmt: skip
    assert at_lead["review_revision"] == 1
    assert lead.run("answer", inspection_id, "ENV-05", "yes", "--reason", "x").returncode == 1

    # the return package goes back to the laptop: the lead's decision and comments arrive
    _carry(lead, field, inspection_id, tmp_path / "back.bqpkg")
    back = field.show(inspection_id)
    assert (back["status"], back["decision"]) == ("returned", "returned")
    threads = {t["item"]: t["comments"] for t in back["comments"]}
    assert [(c["role"], c["text"]) for c in threads["ENV-05"]] == [("lead", "停车位请现场复核")]
    assert [c["text"] for c in threads[None]] == ["整体规范"]
    assert [(r["decision"], r["role"], r["revision"]) for r in back["reviews"]] == [
        ("returned", "lead", 1)
    ]

    # the inspector amends the named item with a reason and resubmits: a new revision, rescored
    amended = field.ok("answer", inspection_id, "ENV-05", "yes", "--reason", "已复核：设有停车位")
    assert "ENV-05 = pass" in amended and "finding withdrawn" in amended
    field.ok("inspections", "submit", inspection_id)  # the signature is still there
    second = field.show(inspection_id)
    assert second["status"] == second["work_status"] == "submitted"
    assert second["revision"] == 2
    assert second["score"]["stored"] is True
    assert second["score"]["overall"] > first["score"]["overall"]
    assert second["findings"] == []
    change = [a for a in second["audit"] if a["field"] == "value"]
    assert [(a["reason"], a["role"], a["revision"]) for a in change] == [
        ("已复核：设有停车位", "inspector", 2)
    ]
    assert change[0]["old"] == {"value": "fail", "na": False}
    assert change[0]["new"] == {"value": "pass", "na": False}
    assert change[0]["device"] is not None and change[0]["actor"] == "wang"

    # an amendment of the resubmitted record: reason required, revision rises, score recomputed
    rated = field.ok("answer", inspection_id, "ENV-04", "1", "--reason", "门前有杂物")
    assert "revision 3" in rated
    third = field.show(inspection_id)
    assert (third["status"], third["revision"]) == ("submitted", 3)
    assert third["score"]["overall"] < second["score"]["overall"]
    assert (
        third["score"]["sections"]["ENV"]["percent"] < second["score"]["sections"]["ENV"]["percent"]
    )

    # the lead reviews the new revision: approved means locked until reopened with a reason
    _carry(field, lead, inspection_id, tmp_path / "r3.bqpkg")
    assert lead.show(inspection_id)["revision"] == 3
    assert lead.ok("review", "approve", inspection_id, "--comment", "同意", "--signature", sig)
    assert lead.run("review", "reopen", inspection_id).returncode == 2
    reopened = lead.ok("review", "reopen", inspection_id, "--reason", "补充说明")
    assert reopened.startswith(f"reopened {inspection_id} revision 3")
    final = lead.show(inspection_id)
    assert [r["decision"] for r in final["reviews"]] == ["returned", "approved", "reopened"]
    assert "lead" in {s["role"] for s in final["signatures"]}


def test_show_prints_every_part_for_a_person(field: Machine) -> None:
    inspection_id = field.ok(
        "inspections", "start", "--branch", "0231", "--form", "mini-onsite"
    ).strip()
    field.ok("answer", inspection_id, "ENV-05", "na")
    text = field.ok("inspections", "show", inspection_id)
    for part in ("status draft", "revision 1", "score ", "findings (0)", "reviews (0)"):
        assert part in text
    assert "audit (1)" in text and "inspection create" in text


def test_refusals_and_usage_errors(field: Machine, tmp_path: Path) -> None:
    bad_form = field.run("inspections", "start", "--branch", "0231", "--form", "nope")
    assert bad_form.returncode == 1 and "nope" in bad_form.stderr
    bad_branch = field.run("inspections", "start", "--branch", "9999", "--form", "mini-onsite")
    assert bad_branch.returncode == 1 and "9999" in bad_branch.stderr
    bad_time = field.run("inspections", "start", "--branch", "0231", "--form", "x", "--at", "soon")
    assert bad_time.returncode == 2
    inspection_id = field.ok(
        "inspections", "start", "--branch", "0231", "--form", "mini-onsite"
    ).strip()
    missing = field.run("answer", "0" * 8, "ENV-05", "yes")
    assert missing.returncode == 1 and "no inspection" in missing.stderr
    unknown = field.run("answer", inspection_id, "XX-99", "yes")
    assert unknown.returncode == 1 and "XX-99" in unknown.stderr
    wrong = field.run("answer", inspection_id, "ENV-05", "maybe")
    assert wrong.returncode == 1 and "ENV-05" in wrong.stderr
    not_na = field.run("answer", inspection_id, "ENV-01", "na", "--note", "无")
    assert not_na.returncode == 1 and "not applicable" in not_na.stderr
    incomplete = field.run(
        "inspections", "submit", inspection_id, "--signature", _png(tmp_path / "s.png")
    )
    assert incomplete.returncode == 1
    assert "ENV-01: answer: not answered" in incomplete.stderr
    assert "ENV-01: answer" in incomplete.stderr and "SEC-05: answer" in incomplete.stderr
    untouched = field.show(inspection_id)  # a refusal changes nothing
    assert (untouched["signatures"], untouched["answers"]) == ([], [])
    assert field.run("keys", "role", "branch").returncode == 2
    assert field.run("keys", "trust", tmp_path / "x.pub", "--role", "boss").returncode == 2


def test_approved_is_locked_until_reopened(field: Machine, tmp_path: Path) -> None:
    """One installation playing both parts, its role switched with ``keys role``."""
    inspection_id = _answered(field)
    field.ok("inspections", "submit", inspection_id, "--signature", _png(tmp_path / "s.png"))
    assert field.ok("keys", "role", "office").strip() == "office"  # head office acts as lead
    field.ok("review", "approve", inspection_id, "--comment", "同意")
    assert field.ok("keys", "role", "inspector").strip() == "inspector"
    locked = field.run("answer", inspection_id, "ENV-05", "yes", "--reason", "补拍")
    assert locked.returncode == 1 and "approved" in locked.stderr and "reopen" in locked.stderr
    reopen = field.run("review", "reopen", inspection_id, "--reason", "补充")
    assert reopen.returncode == 1 and "inspector" in reopen.stderr
    field.ok("keys", "role", "lead")
    field.ok("review", "reopen", inspection_id, "--reason", "补充")
    field.ok("keys", "role", "inspector")
    assert "revision 2" in field.ok("answer", inspection_id, "ENV-05", "yes", "--reason", "补拍")
    shown = field.show(inspection_id)
    assert (shown["status"], shown["decision"], shown["findings"]) == ("submitted", "reopened", [])


@pytest.mark.parametrize(
    "command",
    [
        ["inspections", "start"],
        ["inspections", "submit"],
        ["inspections", "show"],
        ["answer"],
        ["review", "approve"],
        ["review", "return"],
        ["review", "comment"],
        ["review", "reopen"],
        ["keys", "role"],
        ["keys", "trust"],
    ],
)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args([*command, "--help"])
    assert done.value.code == 0
    assert f"bqinspect {' '.join(command)}" in capsys.readouterr().out


@pytest.mark.postgres
def test_the_commands_on_postgres(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def cli(*args: object) -> str:
        code = main(["--data-dir", str(tmp_path / "pg"), "--db-url", url, *map(str, args)])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    branches = tmp_path / "branches.csv"
    branches.write_text("code,name\n0231,城东支行营业部\n", encoding="utf-8")
    with fresh_database(pg_url) as url:
        cli("forms", "install", MINI)
        cli("branches", "import", branches)
        inspection_id = cli("inspections", "start", "--branch", "0231", "--form", "mini-onsite")
        inspection_id = inspection_id.strip()
        for item, value in ANSWERS.items():
            cli("answer", inspection_id, item, value)
        cli("inspections", "submit", inspection_id, "--signature", _png(tmp_path / "s.png"))
        cli("keys", "role", "lead")
        cli("review", "return", inspection_id, "--reason", "复核", "--item", "ENV-05")
        shown = json.loads(cli("inspections", "show", inspection_id, "--json"))
    assert (shown["status"], shown["decision"], shown["revision"]) == ("returned", "returned", 1)
    assert shown["comments"][0]["item"] == "ENV-05"
    assert [a["action"] for a in shown["audit"]][-2:] == ["submit", "return"]
