"""The bank's time zone: reports print in it, head-office periods and hours are counted in it."""

from __future__ import annotations

import argparse
from datetime import UTC, timedelta
from pathlib import Path

from bqinspect.base import clock
from bqinspect.cli.analytics_filter import filter_of
from bqinspect.store.workspace import open_workspace


def _args(**given: object) -> argparse.Namespace:
    base = {"period": None, "since": None, "until": None, "region": [], "branch": [], "form": []}
    return argparse.Namespace(kind=None, **{**base, **given})


def test_periods_of_the_command_line_are_the_banks_days(tmp_path: Path) -> None:
    with open_workspace(tmp_path / "data") as ws:
        ws.set_setting("timezone", "Asia/Shanghai")
        period = filter_of(ws, _args(period="2026Q3")).period
        assert period is not None
        assert period.start.utcoffset() == timedelta(hours=8)
        assert period.start.isoformat().startswith("2026-07-01T00:00:00+08:00")


def test_an_unknown_zone_falls_back_to_the_systems(tmp_path: Path) -> None:
    with open_workspace(tmp_path / "data") as ws:
        ws.set_setting("timezone", "Mars/Olympus")
        assert ws.zone() == (clock.local_now().tzinfo or UTC)
