"""The Analytics page: filters on top, key figures, then tabs of tables and charts."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bqinspect.analytics.filters import Filter
from bqinspect.analytics.ranking import RankRow
from bqinspect.analytics.rectification import ALL as ALL_ROWS
from bqinspect.analytics.timings import BY_HOUR
from bqinspect.analytics.trends import BANK
from bqinspect.base import clock
from bqinspect.services.inspections import InspectionRow
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.models.table import CONTENTS_ROWS, RowTableModel
from bqinspect.ui.pages.analytics import models as m
from bqinspect.ui.pages.analytics.charts import ChartView
from bqinspect.ui.pages.analytics.delegates import IntervalDelegate, ScoreBarDelegate
from bqinspect.ui.pages.analytics.filter_bar import FilterBar
from bqinspect.ui.pages.analytics.tiles import Tiles
from bqinspect.ui.pages.analytics.work import PageFigures, compute
from bqinspect.ui.tasks import Progress, Task, make_task, start_task
from bqinspect.ui.widgets.tables import record_table
from bqinspect.ui.widgets.theme import FAIL, PASS, WARN

log = logging.getLogger(__name__)
STAGE_COLORS = {"verified": PASS, "rejected": FAIL}
MEASURE_ORDER = ("greeting", "wait", "handling")


def _table(model: RowTableModel[Any], stretch: int) -> QTableView:
    view = record_table(model)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setResizeContentsPrecision(CONTENTS_ROWS)
    return view


def _boxed(title: QLabel, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    title.setObjectName("sectionTitle")
    title.setStyleSheet("font-weight: 600;")
    layout.addWidget(title)
    layout.addWidget(widget, 1)
    return box


SECTIONS_SHOWN = 10  # the section chart's bars: room for each name at 1366×768


class AnalyticsPage(QWidget):
    """Head-office figures for the chosen filter; every query runs in the background and a
    newer filter supersedes a query still running."""

    figures_ready = Signal(object)  # the PageFigures shown
    navigate_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.shown: PageFigures | None = None

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.filters = FilterBar(ctx, self)
        self.filters.changed.connect(self.reload)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setFixedWidth(120)
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.tiles = Tiles(self)

        self.ranking = m.RankingModel(self)
        self.rollups = m.RankingModel(self, branches=False)
        self.weakest = m.WeakItemsModel(self)
        self.repeats = m.RepeatsModel(self)
        self.overdue = m.OverdueModel(self)
        self.calibration = m.CalibrationModel(self)
        self.visits = m.VisitsModel(self)
        self.ranking_view = _table(self.ranking, m.RankingModel.MEAN)
        self.ranking_view.setItemDelegateForColumn(m.RankingModel.MEAN, ScoreBarDelegate(self))
        self.rollups_view = _table(self.rollups, m.RankingModel.MEAN)
        self.rollups_view.setItemDelegateForColumn(m.RankingModel.MEAN, ScoreBarDelegate(self))
        self.weakest_view = _table(self.weakest, m.WeakItemsModel.ITEM)
        self.repeats_view = _table(self.repeats, m.RepeatsModel.ITEM)
        self.overdue_view = _table(self.overdue, m.OverdueModel.ITEM)
        self.calibration_view = _table(self.calibration, m.CalibrationModel.INTERVAL)
        self.calibration_view.setItemDelegateForColumn(
            m.CalibrationModel.INTERVAL, IntervalDelegate(self)
        )
        self.visits_view = _table(self.visits, m.VisitsModel.FORM)
        self.rollups_view.doubleClicked.connect(self._region_chosen)
        self.ranking_view.doubleClicked.connect(self._branch_chosen)
        self.visits_view.doubleClicked.connect(self._visit_chosen)

        self.sections_chart = ChartView()
        self.trend_chart = ChartView()
        self.funnel_chart = ChartView()
        self.hours_chart = ChartView()
        self.timings_label = QLabel()
        self.timings_label.setWordWrap(True)
        self.timings_label.setTextFormat(Qt.TextFormat.RichText)
        self.calibration_note = QLabel()
        self.calibration_note.setWordWrap(True)
        self.calibration_note.setObjectName("muted")

        self.heads = {
            name: QLabel()
            for name in ("ranking", "rollups", "weakest", "repeats", "overdue", "visits")
        }
        self.tabs = QTabWidget()
        self.tabs.addTab(self._overview(), "")
        self.tabs.addTab(self.trend_chart, "")
        self.tabs.addTab(self._items(), "")
        self.tabs.addTab(self._rectification(), "")
        self.tabs.addTab(self._timings(), "")
        self.tabs.addTab(self._calibration(), "")
        self.visits_tab = self.tabs.addTab(_boxed(self.heads["visits"], self.visits_view), "")

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.tiles)
        layout.addWidget(self.tabs, 1)

        self.reloader = changes.Reloader(ctx, self, changes.ENTITIES, self._data_changed)
        self.retranslate()
        self.reload()

    # layout ------------------------------------------------------------------------------------
    def _overview(self) -> QWidget:
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(_boxed(self.heads["rollups"], self.rollups_view))
        right.addWidget(self.sections_chart)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(_boxed(self.heads["ranking"], self.ranking_view))
        split.addWidget(right)
        split.setSizes([560, 560])
        return split

    def _items(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(_boxed(self.heads["weakest"], self.weakest_view))
        split.addWidget(_boxed(self.heads["repeats"], self.repeats_view))
        return split

    def _rectification(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.funnel_chart)
        split.addWidget(_boxed(self.heads["overdue"], self.overdue_view))
        # the overdue list names items in words: give it the larger share
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([460, 700])
        return split

    def _timings(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.timings_label)
        layout.addWidget(self.hours_chart, 1)
        return box

    def _calibration(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.calibration_note)
        layout.addWidget(self.calibration_view, 1)
        return box

    # loading -----------------------------------------------------------------------------------
    def current_filter(self) -> Filter:
        return self.filters.filter()

    def reload(self) -> Task:
        """Read the figures of the current filter in the background; an older query still
        running is cancelled and its result dropped."""
        if self.task is not None:
            self.task.cancel()
        ws, f = self.ctx.workspace, self.current_filter()
        today, now = clock.today(), clock.now()

        def work(_progress: Progress) -> PageFigures:
            return compute(ws, f, today=today, now=now)

        task = make_task(work, parent=self)
        task.succeeded.connect(lambda result, t=task: self._loaded(t, result))
        task.failed.connect(lambda exc, t=task: self._failed(t, exc))
        task.finished.connect(lambda t=task: self._finished(t))
        self.task = task
        self.busy.show()
        self.status.setText(self.tr("Loading…"))
        start_task(task, self.ctx.pool)
        return task

    def _finished(self, task: Task) -> None:
        if task is self.task:
            self.busy.hide()
            self.task = None

    def _failed(self, task: Task, exc: BaseException) -> None:
        if task is self.task:
            log.warning("analytics failed: %s", exc)
            self.status.setText(
                self.tr("The figures could not be read: %1").replace("%1", str(exc))
            )

    def _loaded(self, task: Task, result: PageFigures) -> None:
        if task is not self.task:
            return  # superseded by a newer filter
        self.shown = result
        self._show(result)
        self.figures_ready.emit(result)

    def _data_changed(self, changed: frozenset[str]) -> None:
        if changed & {changes.BRANCH, changes.FORM}:
            self.filters.fill_choices()
        self.reload()  # off the GUI thread; SETTINGS: the bank's time zone

    # showing -----------------------------------------------------------------------------------
    def _show(self, result: PageFigures) -> None:
        fig = result.figures
        period = fig.filter.period
        self.status.setText(
            self.tr("%1 · computed %2")
            .replace("%1", period.label if period else self.tr("All time"))
            .replace("%2", clock.local_now().strftime("%H:%M"))
        )
        self._show_tiles(result)
        self.ranking.set_rows(fig.ranking.branches)
        self.rollups.set_rows(self._rollup_rows(fig.ranking.regions, fig.ranking.sub_branches))
        self.weakest.set_rows(fig.weakest)
        self.repeats.set_rows(fig.repeats)
        self.overdue.set_rows(fig.rectification.overdue)
        self.calibration.set_rows(result.calibration.leniency.inspectors)
        self.visits.set_rows(result.visits)
        self.tabs.setTabVisible(self.visits_tab, bool(fig.filter.branch_codes))
        self._show_charts(result)
        self._show_timings(result)
        self._show_calibration_note(result)

    @staticmethod
    def _rollup_rows(regions: tuple[RankRow, ...], subs: tuple[RankRow, ...]) -> list[RankRow]:
        """Each region followed by its sub-branches."""
        out: list[RankRow] = []
        for region in regions:
            out.append(region)
            out.extend(s for s in subs if s.region == region.key and s.key)
        return out

    def _show_tiles(self, result: PageFigures) -> None:
        fig = result.figures
        head = fig.headline
        self.tiles["inspections"].show_value(str(head.inspections))
        self.tiles["branches"].show_value(str(head.branches))
        mean = "—" if head.mean is None else f"{head.mean:.1f}"
        color = m.change_color(head.change)
        self.tiles["mean"].show_value(
            mean, m.change_text(head.change), color.name() if color else ""
        )
        self.tiles["veto"].show_value(str(head.with_veto), "", FAIL if head.with_veto else "")
        totals = next((r for r in fig.rectification.rows if r.group == ALL_ROWS), None)
        self.tiles["open"].show_value(str(totals.open if totals else 0))
        over = totals.overdue if totals else 0
        self.tiles["overdue"].show_value(str(over), "", FAIL if over else "")

    def _show_charts(self, result: PageFigures) -> None:
        lang = self.ctx.language
        fig = result.figures
        # the weakest few, the weakest on top (a horizontal chart draws its first bar lowest):
        # every form's sections at once left no room to read their names
        weakest = sorted(fig.sections, key=lambda s: s.mean)[:SECTIONS_SHOWN][::-1]
        titles = [s.title.get(lang) for s in weakest]
        names = [
            t if titles.count(t) == 1 else f"{t} ({s.section_id})"
            for t, s in zip(titles, weakest, strict=True)
        ]
        self.sections_chart.show_bars(
            self.tr("Weakest sections (average %)"),
            names,
            [round(s.mean, 1) for s in weakest],
            horizontal=True,
            maximum=100,
        )
        self._show_trends(result)
        stages = result.funnel
        names = {
            "open": self.tr("Open"),
            "rectifying": self.tr("Rectifying"),
            "submitted": self.tr("Submitted"),
            "verified": self.tr("Verified"),
            "rejected": self.tr("Rejected"),
        }
        self.funnel_chart.show_bars(
            self.tr("Findings by status"),
            [names[s.status] for s in stages],
            [s.findings for s in stages],
        )
        hours = sorted(
            (t for t in fig.timings if t.group == BY_HOUR and t.measure == "wait"),
            key=lambda t: t.key,
        )
        self.hours_chart.show_bars(
            self.tr("Median wait by hour of day (minutes)"),
            [f"{t.key}:00" for t in hours],
            [round(t.median / 60, 1) for t in hours],
            color=WARN,
        )

    def _show_trends(self, result: PageFigures) -> None:
        points = result.trends
        periods = sorted({p.period.start: p.period.label for p in points}.items())
        labels = [label for _, label in periods]
        where = {start: n for n, (start, _) in enumerate(periods)}
        f = result.figures.filter
        wanted: list[tuple[str, str, str]] = [("bank", BANK, self.tr("Bank"))]
        wanted += [("region", r, r) for r in f.regions]
        wanted += [("branch", c, c) for c in f.branch_codes]
        lines: list[tuple[str, list[float | None]]] = []
        for level, key, name in wanted:
            values: list[float | None] = [None] * len(labels)
            for p in points:
                if p.level == level and p.key == key:
                    values[where[p.period.start]] = round(p.mean, 1)
            lines.append((name, values))
        self.trend_chart.show_lines(self.tr("Mean score by period"), labels, lines)

    def _show_timings(self, result: PageFigures) -> None:
        overall = {t.measure: t for t in result.figures.timings if t.group == ALL_ROWS}
        names = {
            "greeting": self.tr("Greeting"),
            "wait": self.tr("Wait"),
            "handling": self.tr("Handling"),
        }
        rows = [
            self.tr("<b>%1</b>: median %2 s, p90 %3 s, %4 over the limit (%5 visits)")
            .replace("%1", names[name])
            .replace("%2", f"{overall[name].median:.0f}")
            .replace("%3", f"{overall[name].p90:.0f}")
            .replace("%4", f"{overall[name].over_threshold:.0%}")
            .replace("%5", str(overall[name].visits))
            for name in MEASURE_ORDER
            if name in overall
        ]
        self.timings_label.setText(
            "<br>".join(rows) if rows else self.tr("No mystery visit with timings matches.")
        )

    def _show_calibration_note(self, result: PageFigures) -> None:
        fit = result.calibration.leniency
        self.calibration_note.setText(
            self.tr(
                "Leniency: score points an inspector gives above (+) or below (−) the others at "
                "the same branches, with its %1% interval (bar: −10 … +10, dashed line at 0). "
                "Flagged only when the whole interval is on one side."
            ).replace("%1", f"{fit.confidence:.0%}".rstrip("%"))
        )

    # drill-down --------------------------------------------------------------------------------
    def _region_chosen(self, index: QModelIndex) -> None:
        row = self.rollups.row_at(index)
        if row is not None:
            self.filters.show_region(row.region)

    def _branch_chosen(self, index: QModelIndex) -> None:
        row = self.ranking.row_at(index)
        if row is not None:
            self.filters.show_branch(row.key)
            self.tabs.setCurrentIndex(self.visits_tab)

    def _visit_chosen(self, index: QModelIndex) -> None:
        row = self.visits.row_at(index)
        if isinstance(row, InspectionRow):
            self.ctx.open_inspection.emit(row.id)

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Analytics"))
        for model in (
            self.ranking,
            self.rollups,
            self.weakest,
            self.repeats,
            self.overdue,
            self.calibration,
            self.visits,
        ):
            model.language = self.ctx.language
            model.retranslate()
        captions = {
            "inspections": self.tr("Inspections"),
            "branches": self.tr("Branches inspected"),
            "mean": self.tr("Mean score, change"),
            "veto": self.tr("With veto items"),
            "open": self.tr("Open findings"),
            "overdue": self.tr("Overdue findings"),
        }
        for name, text in captions.items():
            self.tiles[name].caption.setText(text)
        heads = {
            "ranking": self.tr("Branch ranking (double-click: its inspections)"),
            "rollups": self.tr("Regions and sub-branches (double-click a region: its branches)"),
            "weakest": self.tr("Weakest items"),
            "repeats": self.tr("Repeat findings"),
            "overdue": self.tr("Overdue findings"),
            "visits": self.tr("Inspections of the branch (double-click to open)"),
        }
        for name, text in heads.items():
            self.heads[name].setText(text)
        for index, text in enumerate(
            (
                self.tr("Overview"),
                self.tr("Trends"),
                self.tr("Items"),
                self.tr("Rectification"),
                self.tr("Mystery timings"),
                self.tr("Calibration"),
                self.tr("Inspections"),
            )
        ):
            self.tabs.setTabText(index, text)
        self.filters.retranslate()
        if self.shown is not None:
            self._show(self.shown)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
