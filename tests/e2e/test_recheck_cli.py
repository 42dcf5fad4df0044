"""The re-check visit through the real command line: started from the open findings, carried to
the lead, whose approval verifies them; a branch with nothing open is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_review_cli import Machine, _answered, _carry, _png, field, pair

__all__ = ["field", "pair"]  # the fixtures, shared with the review loop


@pytest.mark.slow
def test_recheck_started_by_branch_and_verified_by_the_leads_approval(
    pair: tuple[Machine, Machine], tmp_path: Path
) -> None:
    laptop, lead = pair
    sig = _png(tmp_path / "sig.png")
    first = _answered(laptop)  # ENV-05 fails
    laptop.ok("inspections", "submit", first, "--signature", sig)
    _carry(laptop, lead, first, tmp_path / "first.bqpkg")

    started = laptop.run(
        "inspections", "start", "--recheck", "--branch", "0231", "--at", "2026-09-20T10:00:00"
    )
    recheck = started.stdout.strip()
    assert started.returncode == 0 and len(recheck) == 36 and "\n" not in recheck
    items = [line.split()[0] for line in started.stderr.splitlines()]  # the items to answer
    assert len(items) == 1 and items[0].startswith("RC-01-")
    answered = laptop.ok("answer", recheck, items[0], "yes")
    assert "finding" not in answered  # a re-check drafts no findings of its own
    laptop.ok("inspections", "submit", recheck, "--signature", sig)
    assert [f["status"] for f in laptop.show(first)["findings"]] == ["open"]
    _carry(laptop, lead, recheck, tmp_path / "recheck.bqpkg")

    lead.ok("review", "approve", recheck)
    assert [f["status"] for f in lead.show(first)["findings"]] == ["verified"]

    both = laptop.run(
        "inspections", "start", "--recheck", "--form", "mini-onsite", "--branch", "0231"
    )
    assert both.returncode == 2 and "either --form" in both.stderr


@pytest.mark.slow
def test_recheck_of_a_branch_with_nothing_open_is_refused(field: Machine) -> None:
    refused = field.run("inspections", "start", "--recheck", "--branch", "0231")
    assert refused.returncode == 1
    assert "no open findings" in refused.stderr
    assert field.ok("inspections", "list").strip() == "no inspections"
