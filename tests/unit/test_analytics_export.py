"""The XLSX export read back: a cover with the filter and times, one sheet per figure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook

from bqinspect.analytics import filters
from bqinspect.analytics.export_xlsx import export_xlsx
from bqinspect.analytics.figures import all_figures
from bqinspect.analytics.filters import Filter
from bqinspect.store.db import Database, open_database
from tests.unit.analytics_world import TODAY, World, store, worlds

NOW = datetime(2026, 5, 15, 12, tzinfo=UTC)
EXPORTED = datetime(2026, 5, 15, 12, 30, tzinfo=UTC)
SHEETS = [
    "Cover",
    "Branch ranking",
    "Sub-branches",
    "Regions",
    "Sections",
    "Dimensions",
    "Weakest items",
    "Repeat findings",
    "Trends",
    "Veto hits",
    "Rectification",
    "Overdue",
    "Timings",
    "Customer feedback",
    "Staff by post",
    "Staff members",
]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path)
    yield database
    database.dispose()


@settings(max_examples=4, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds())
def test_every_figure_has_its_sheet(db: Database, tmp_path: Path, world: World) -> None:
    store(db.engine, world)
    f = Filter(period=filters.year(2026))
    fig = all_figures(db.engine, f, today=TODAY, now=NOW)
    book = load_workbook(export_xlsx(fig, tmp_path / "figures.xlsx", exported_at=EXPORTED))
    assert book.sheetnames == SHEETS
    cover = {row[0]: row[1] for row in book["Cover"].iter_rows(min_row=3, values_only=True)}
    assert cover["Period (by visit start)"] == "2026"
    assert cover["Statuses"] == "submitted, approved"
    assert cover["Exported at (UTC)"] == datetime(2026, 5, 15, 12, 30)
    counts = {
        "Branch ranking": len(fig.ranking.branches),
        "Regions": len(fig.ranking.regions),
        "Dimensions": len(fig.dimensions),
        "Weakest items": len(fig.weakest),
        "Repeat findings": len(fig.repeats),
        "Trends": len(fig.trends),
        "Rectification": len(fig.rectification.rows),
        "Overdue": len(fig.rectification.overdue),
        "Timings": len(fig.timings),
        "Customer feedback": len(fig.feedback),
    }
    for name, n in counts.items():
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == n + 1
        assert sheet.column_dimensions["A"].width > 0
    for row, expected in zip(
        book["Branch ranking"].iter_rows(min_row=2, values_only=True),
        fig.ranking.branches,
        strict=True,
    ):
        assert (row[0], row[1], row[7]) == (
            expected.rank,
            expected.key,
            pytest.approx(expected.mean),
        )
    if fig.weakest:
        assert book["Weakest items"]["E2"].number_format == "0.0%"
        assert book["Weakest items"]["E2"].value == pytest.approx(fig.weakest[0].fail_rate)


def test_an_empty_filter_says_so(db: Database, tmp_path: Path) -> None:
    fig = all_figures(db.engine, Filter(kind="mystery"), today=TODAY, now=NOW)
    assert fig.empty
    book = load_workbook(export_xlsx(fig, tmp_path / "empty.xlsx", exported_at=EXPORTED))
    texts = [r[0] for r in book["Cover"].iter_rows(values_only=True)]
    assert "No inspection matches this filter: every sheet is empty." in texts
    assert all(book[name].max_row == 1 for name in SHEETS[1:])
