"""The feedback commands through the real command line: add, list, reply, close, show, and each
refusal with exit status 1 and its reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_review_cli import Machine


@pytest.fixture
def office(tmp_path: Path) -> Machine:
    machine = Machine(tmp_path / "office")
    branches = tmp_path / "branches.csv"
    branches.write_text("code,name,region\n0231,城东支行营业部,华东分行\n", encoding="utf-8")
    machine.ok("branches", "import", branches)
    machine.ok("keys", "role", "office")
    return machine


def _refused(machine: Machine, *args: object) -> str:
    result = machine.run(*args)
    assert result.returncode == 1, (args, result.stdout, result.stderr)
    return result.stderr


def test_feedback_from_receipt_to_closure(office: Machine) -> None:
    add = ("feedback", "add", "--branch", "0231", "--channel", "hotline", "--category", "fees")
    late = office.ok(*add, "--text", "短信费未经同意开通", "--received", "2025-01-02T09:00").strip()
    fresh = office.ok(*add, "--text", "转账手续费不清楚", "--contact-phone", "13800000000").strip()
    listed = json.loads(office.ok("feedback", "list", "--json"))
    assert [f["id"] for f in listed] == [late, fresh]  # the overdue one first
    assert listed[0]["overdue"] and listed[0]["reply_due"] == "2025-01-17"
    assert [f["id"] for f in json.loads(office.ok("feedback", "list", "--overdue", "--json"))] == [
        late
    ]
    office.ok("feedback", "reply", late, "--text", "已退费并致歉", "--accepted", "yes")
    assert [f["id"] for f in json.loads(office.ok("feedback", "list", "--open", "--json"))] == [
        fresh
    ]
    office.ok("feedback", "close", late[:8])
    shown = json.loads(office.ok("feedback", "show", late, "--json"))
    assert shown["status"] == "closed" and shown["accepted"] is True and shown["replied_late"]
    assert [s["kind"] for s in shown["steps"]] == ["receive", "reply", "close"]
    assert "closed already" in _refused(office, "feedback", "close", late)
    assert "reply before closing" in _refused(office, "feedback", "close", fresh)
    assert "yes or no" in _refused(
        office, "feedback", "reply", fresh, "--text", "x", "--accepted", "ok"
    )
    assert "no feedback" in _refused(office, "feedback", "close", "ffffffff")
    assert "no branch 9999" in _refused(
        office, *add[:2], "--branch", "9999", *add[4:], "--text", "x"
    )
    bad = ("feedback", "add", "--branch", "0231", "--channel", "fax", "--category", "fees")
    assert "unknown channel 'fax'" in _refused(office, *bad, "--text", "x")
    bad = ("feedback", "add", "--branch", "0231", "--channel", "letter", "--category", "weather")
    assert "unknown category 'weather'" in _refused(office, *bad, "--text", "x")
    opened = office.ok("feedback", "open-finding", fresh, "--severity", "major")
    assert "received" in opened
    assert json.loads(office.ok("feedback", "show", fresh, "--json"))["finding_status"] == "open"


def test_the_banks_reply_rules_set_the_reply_date(office: Machine) -> None:
    assert "15 days" in office.ok("feedback", "rules")
    office.ok("feedback", "rules", "--channel", "regulator_referral", "--days", "5",
              "--working-days")  # fmt: skip
    rules = json.loads(office.ok("feedback", "rules", "--json"))
    assert {
        "channel": "regulator_referral",
        "category": "",
        "days": 5,
        "working_days": True,
    } in rules
    add = ("feedback", "add", "--branch", "0231", "--channel", "regulator_referral")
    item = office.ok(*add, "--category", "fees", "--text", "监管转办", "--received",
                     "2025-03-07T10:00+08:00").strip()  # fmt: skip
    assert json.loads(office.ok("feedback", "show", item, "--json"))["reply_due"] == "2025-03-14"
    assert "days must be" in _refused(office, "feedback", "rules", "--days", "0")
    office.ok("feedback", "rules", "--reset")
    assert len(json.loads(office.ok("feedback", "rules", "--json"))) == 1


def test_an_inspectors_laptop_may_not_record_feedback(tmp_path: Path) -> None:
    laptop = Machine(tmp_path / "laptop")
    stderr = _refused(laptop, "feedback", "add", "--branch", "0231", "--channel", "hotline",
                      "--category", "fees", "--text", "x")  # fmt: skip
    assert "feedback data is the lead and head office's" in stderr
