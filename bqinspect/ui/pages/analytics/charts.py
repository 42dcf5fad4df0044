"""The charts of the Analytics page (QtCharts): bars by category and score lines by period."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from bqinspect.ui.widgets.theme import ACCENT, FAIL, MUTED, PASS, WARN

LINE_COLORS = (ACCENT, WARN, PASS, FAIL, MUTED)


class ChartView(QChartView):
    """A titled chart with a light theme and small fonts, redrawn by the ``show_*`` methods."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self._new_chart("")

    def _new_chart(self, title: str) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        font = QFont(chart.titleFont())
        font.setPointSize(10)
        font.setBold(True)
        chart.setTitleFont(font)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        chart.legend().setVisible(False)
        self.setChart(chart)
        return chart

    @staticmethod
    def _axis_font(axis: QValueAxis | QBarCategoryAxis) -> None:
        font = QFont(axis.labelsFont())
        font.setPointSize(8)
        axis.setLabelsFont(font)

    def show_bars(
        self,
        title: str,
        labels: Sequence[str],
        values: Sequence[float],
        *,
        horizontal: bool = False,
        maximum: float | None = None,
        color: str = ACCENT,
    ) -> None:
        """One bar per label; horizontal bars read better with long labels."""
        chart = self._new_chart(title)
        bars = QBarSet(title)
        bars.setColor(QColor(color))
        bars.setBorderColor(QColor(color))
        bars.append(list(values))
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(3)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(list(labels))
        values_axis = QValueAxis()
        top = maximum if maximum is not None else max([1.0, *values]) * 1.15
        values_axis.setRange(0, top)
        values_axis.setLabelFormat("%.0f")
        for axis in (categories, values_axis):
            self._axis_font(axis)
        cat_side, value_side = (
            (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
            if horizontal
            else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
        )
        chart.addAxis(categories, cat_side)
        chart.addAxis(values_axis, value_side)
        series.attachAxis(categories)
        series.attachAxis(values_axis)

    def show_lines(
        self, title: str, periods: Sequence[str], lines: Sequence[tuple[str, list[float | None]]]
    ) -> None:
        """Score lines over the same periods; a missing value breaks nothing, it is skipped."""
        chart = self._new_chart(title)
        chart.legend().setVisible(len(lines) > 1)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        axis_x = QBarCategoryAxis()
        axis_x.append(list(periods))
        axis_y = QValueAxis()
        known = [v for _, values in lines for v in values if v is not None]
        low = min(known, default=0.0)
        axis_y.setRange(max(0.0, (low // 10) * 10 - 10), 100)
        axis_y.setLabelFormat("%.0f")
        for axis in (axis_x, axis_y):
            self._axis_font(axis)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for n, (name, values) in enumerate(lines):
            series = QLineSeries()
            series.setName(name)
            series.setPen(QPen(QColor(LINE_COLORS[n % len(LINE_COLORS)]), 2.5 if n == 0 else 2))
            series.setPointsVisible(True)
            for x, v in enumerate(values):
                if v is not None:
                    series.append(QPointF(x, v))
            chart.addSeries(series)
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)

    def series_count(self) -> int:
        return len(self.chart().series())
