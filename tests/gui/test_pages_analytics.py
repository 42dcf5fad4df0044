"""The Analytics page and the branch list's figures on the demo workspace with its history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView

from bqinspect.analytics.filters import PeriodUnit
from bqinspect.analytics.leniency import Leniency, Verdict
from bqinspect.base import clock
from bqinspect.services.demo import create_demo
from bqinspect.store.workspace import Workspace, open_workspace
from bqinspect.ui.models.branches import BranchesModel
from bqinspect.ui.pages.analytics import AnalyticsPage
from bqinspect.ui.pages.analytics.models import CalibrationModel
from bqinspect.ui.pages.analytics.page import SECTIONS_SHOWN
from bqinspect.ui.pages.branches import BranchesPage
from tests.gui.gui_data import make_ctx

WAIT = 60_000


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = open_workspace(tmp_path_factory.mktemp("demo"), actor="测试员")
    create_demo(ws)
    yield ws
    ws.close()


def _page(qtbot, demo_ws: Workspace, tmp_path: Path, *, threaded: bool = False) -> AnalyticsPage:  # type: ignore[no-untyped-def]
    ctx = make_ctx(demo_ws, tmp_path, threaded=threaded)
    page = AnalyticsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def _whole_history(page: AnalyticsPage) -> None:
    bar = page.filters
    bar.unit.setCurrentIndex(bar.unit.findData(PeriodUnit.RANGE.value))
    bar.since.setDate(QDate(2000, 1, 1))
    today = clock.today()
    bar.until.setDate(QDate(today.year, today.month, today.day))


def _double_click(view: QAbstractItemView, index: QModelIndex) -> None:
    view.doubleClicked.emit(index)


def test_figures_load_and_the_filters_change_the_ranking(qtbot, demo_ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_ws, tmp_path, threaded=True)
    qtbot.waitUntil(lambda: page.shown is not None and page.task is None, timeout=WAIT)
    with qtbot.waitSignal(page.figures_ready, timeout=WAIT):
        _whole_history(page)
    qtbot.waitUntil(lambda: page.task is None, timeout=WAIT)
    assert not page.busy.isVisible()
    everything = page.ranking.rows()
    assert len(everything) == 20
    assert int(page.tiles["inspections"].value.text()) > 100
    assert page.sections_chart.series_count() == 1 and page.trend_chart.series_count() >= 1
    # the weakest sections only, the weakest on top (last), each name readable
    (bars,) = page.sections_chart.chart().series()[0].barSets()
    shown = [bars.at(i) for i in range(bars.count())]
    every = sorted(round(s.mean, 1) for s in page.shown.figures.sections)
    assert len(every) > SECTIONS_SHOWN and shown == every[:SECTIONS_SHOWN][::-1]
    code = everything[0].key
    with qtbot.waitSignal(page.figures_ready, timeout=WAIT):
        page.filters.show_branch(code)
    qtbot.waitUntil(lambda: page.task is None, timeout=WAIT)
    assert [r.key for r in page.ranking.rows()] == [code]
    year = clock.today().year - 1
    with qtbot.waitSignal(page.figures_ready, timeout=WAIT):
        page.filters.unit.setCurrentIndex(page.filters.unit.findData(PeriodUnit.YEAR.value))
    page.filters.year.setValue(year)
    qtbot.waitUntil(
        lambda: (
            page.task is None
            and page.shown is not None
            and page.shown.figures.filter.period is not None
            and page.shown.figures.filter.period.start.year == year
        ),
        timeout=WAIT,
    )
    assert page.shown.figures.headline.inspections < int(everything[0].inspections) + 1000


def test_drill_down_region_branch_inspection(qtbot, demo_ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_ws, tmp_path)
    _whole_history(page)
    region = page.rollups.rows()[0]
    _double_click(page.rollups_view, page.rollups.index(0, 0))
    branches = page.ranking.rows()
    assert branches and {b.region for b in branches} == {region.region}
    assert len(branches) < 20
    _double_click(page.ranking_view, page.ranking.index(0, 0))
    assert page.tabs.currentIndex() == page.visits_tab
    visits = page.visits.rows()
    assert visits and {v.branch_code for v in visits} == {branches[0].key}
    opened: list[object] = []
    page.ctx.open_inspection.connect(opened.append)
    _double_click(page.visits_view, page.visits.index(0, 0))
    assert opened == [visits[0].id]


def test_calibration_shows_a_lenient_and_a_strict_inspector(qtbot, demo_ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_ws, tmp_path)
    _whole_history(page)
    fitted = [r for r in page.calibration.rows() if isinstance(r, Leniency)]
    verdicts = {r.verdict for r in fitted}
    assert {Verdict.LENIENT, Verdict.STRICT} <= verdicts
    shown = {
        page.calibration.index(n, CalibrationModel.FLAG).data()
        for n in range(page.calibration.rowCount())
    }
    assert {"Lenient", "Strict"} <= shown


def test_the_filter_is_remembered(qtbot, demo_ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_ws, tmp_path)
    page.filters.unit.setCurrentIndex(page.filters.unit.findData(PeriodUnit.QUARTER.value))
    page.filters.number.setCurrentIndex(page.filters.number.findData(2))
    again = AnalyticsPage(page.ctx)
    qtbot.addWidget(again)
    assert again.filters.period_unit() is PeriodUnit.QUARTER
    assert again.filters.number.currentData() == 2


def test_branch_list_shows_last_score_and_open_findings(qtbot, demo_ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(demo_ws, tmp_path, threaded=True)
    page = BranchesPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(
        lambda: page.figures_task is not None and page.figures_task.delivered, timeout=WAIT
    )
    model = page.model
    scores = [model.index(r, BranchesModel.LAST_SCORE).data() for r in range(model.rowCount())]
    assert all(s and s != "—" for s in scores)
    assert all(0 <= float(s) <= 100 for s in scores)
    opens = [model.index(r, BranchesModel.OPEN).data() for r in range(model.rowCount())]
    assert sum(opens) > 0
    assert {model.index(r, BranchesModel.TREND).data() for r in range(model.rowCount())} & {
        "▲",
        "▼",
        "▬",
    }
    assert model.headerData(BranchesModel.OPEN, Qt.Orientation.Horizontal) == "Open findings"
