"""Read-only table models of the Analytics page: ranking, items, overdue, calibration, visits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from bqinspect.analytics.items import RepeatFinding, WeakItem
from bqinspect.analytics.leniency import Leniency, NotEnoughData, Verdict
from bqinspect.analytics.ranking import Level, RankRow
from bqinspect.analytics.rectification import OverdueFinding
from bqinspect.services.inspections import InspectionRow
from bqinspect.ui.labels import grade_label, severity_label
from bqinspect.ui.models.table import Index, RowTableModel
from bqinspect.ui.widgets.theme import FAIL, MUTED, PASS, WARN

DISPLAY = Qt.ItemDataRole.DisplayRole
VALUE_ROLE = Qt.ItemDataRole.UserRole + 10  # a number a delegate draws (score, interval)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def change_text(change: float | None) -> str:
    """``▲ 2.3``, ``▼ 1.0`` or ``▬ 0.0`` (a change below 0.05 points is flat); ``—`` for none."""
    if change is None:
        return "—"
    if abs(change) < 0.05:
        return "▬ 0.0"
    return f"{'▲' if change > 0 else '▼'} {abs(change):.1f}"


def change_color(change: float | None) -> QColor | None:
    if change is None or abs(change) < 0.05:
        return QColor(MUTED)
    return QColor(PASS if change > 0 else FAIL)


class _Model(RowTableModel[Any]):
    """Rows shown by :meth:`cell`; numeric columns (``NUMERIC``) are right-aligned."""

    NUMERIC: frozenset[int] = frozenset()

    def __init__(self, parent: QObject | None = None, language: str = "zh_CN"):
        super().__init__(parent)
        self.language = language

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.NUMERIC:
            return RIGHT
        return self.cell(row, index.column(), role)

    def cell(self, row: Any, column: int, role: int) -> Any:
        raise NotImplementedError


class RankingModel(_Model):
    """Branches, sub-branches or regions by mean score, with a score bar and the rank change."""

    RANK, NAME, INSPECTIONS, MEAN, CHANGE = range(5)
    COLUMNS = 5
    NUMERIC = frozenset({RANK, INSPECTIONS, CHANGE})

    def __init__(self, parent: QObject | None = None, *, branches: bool = True):
        super().__init__(parent)
        self.branches = branches

    def cell(self, row: RankRow, column: int, role: int) -> Any:
        if role == VALUE_ROLE and column == self.MEAN:
            return row.mean
        if role == Qt.ItemDataRole.ForegroundRole and column == self.CHANGE:
            return change_color(row.change)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.CHANGE:
            if row.previous_mean is None:
                return self.tr("No inspection in the previous period")
            return self.tr("Previous period: %1").replace("%1", f"{row.previous_mean:.1f}")
        if role != DISPLAY:
            return None
        if column == self.RANK:
            return row.rank
        if column == self.NAME:
            if self.branches:
                return f"{row.key} {row.name}"
            return f"    {row.name}" if row.level is Level.SUB_BRANCH else row.name
        if column == self.INSPECTIONS:
            return row.inspections
        if column == self.MEAN:
            return f"{row.mean:.1f}"
        return change_text(row.change)

    def headers(self) -> list[str]:
        name = self.tr("Branch") if self.branches else self.tr("Region / sub-branch")
        return [
            self.tr("Rank"),
            name,
            self.tr("Inspections"),
            self.tr("Mean score"),
            self.tr("Change"),
        ]


class WeakItemsModel(_Model):
    ITEM, FAIL_RATE, FAILED, BRANCHES = range(4)
    COLUMNS = 4
    NUMERIC = frozenset({FAIL_RATE, FAILED, BRANCHES})

    def cell(self, row: WeakItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == self.ITEM:
            return row.item_id
        if role != DISPLAY:
            return None
        return (
            row.text.get(self.language),
            f"{row.fail_rate:.0%}",
            f"{row.failed}/{row.applicable}",
            row.branches_failing,
        )[column]

    def headers(self) -> list[str]:
        return [self.tr("Item"), self.tr("Fail rate"), self.tr("Failed"), self.tr("Branches")]


class RepeatsModel(_Model):
    BRANCH, ITEM, REPEATS, LAST = range(4)
    COLUMNS = 4
    NUMERIC = frozenset({REPEATS})

    def cell(self, row: RepeatFinding, column: int, role: int) -> Any:
        if role != DISPLAY:
            return None
        return (
            f"{row.branch_code} {row.branch_name}",
            row.text.get(self.language),
            row.repeats,
            row.last_visit.date().isoformat(),
        )[column]

    def headers(self) -> list[str]:
        return [self.tr("Branch"), self.tr("Item"), self.tr("Times"), self.tr("Last visit")]


class OverdueModel(_Model):
    BRANCH, ITEM, SEVERITY, DUE, DAYS = range(5)
    COLUMNS = 5
    NUMERIC = frozenset({DAYS})

    def cell(self, row: OverdueFinding, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.DAYS:
            return QColor(FAIL)
        if role != DISPLAY:
            return None
        return (
            row.branch_code,
            row.item_id,
            severity_label(row.severity),
            row.due_date.isoformat(),
            row.days_overdue,
        )[column]

    def headers(self) -> list[str]:
        return [
            self.tr("Branch"),
            self.tr("Item"),
            self.tr("Severity"),
            self.tr("Due"),
            self.tr("Days overdue"),
        ]


class CalibrationModel(_Model):
    """Inspectors by leniency index; the interval is drawn by a delegate; too little data is
    said in words."""

    INSPECTOR, INDEX, INTERVAL, N, FLAG = range(5)
    COLUMNS = 5
    NUMERIC = frozenset({INDEX, N})

    def cell(self, row: Leniency | NotEnoughData, column: int, role: int) -> Any:
        if isinstance(row, NotEnoughData):
            return self._unfitted(row, column, role)
        if role == VALUE_ROLE and column == self.INTERVAL:
            return (row.low, row.index, row.high)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.FLAG:
            return QColor({Verdict.LENIENT: WARN, Verdict.STRICT: FAIL}.get(row.verdict, PASS))
        if role != DISPLAY:
            return None
        if column == self.INSPECTOR:
            return row.inspector
        if column == self.N:
            return row.inspections
        if column == self.INDEX:
            return f"{row.index:+.1f}"
        if column == self.INTERVAL:
            return f"{row.low:+.1f} … {row.high:+.1f}"
        return {
            Verdict.LENIENT: self.tr("Lenient"),
            Verdict.STRICT: self.tr("Strict"),
            Verdict.IN_LINE: self.tr("In line"),
        }[row.verdict]

    def _unfitted(self, row: NotEnoughData, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(MUTED)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.reason
        if role != DISPLAY:
            return None
        if column == self.INSPECTOR:
            return row.inspector
        if column == self.N:
            return row.inspections
        return self.tr("Not enough data") if column == self.FLAG else ""

    def headers(self) -> list[str]:
        return [
            self.tr("Inspector"),
            self.tr("Leniency"),
            self.tr("Interval"),
            self.tr("Inspections"),
            self.tr("Flag"),
        ]


class VisitsModel(_Model):
    """The inspections of the branch drilled into."""

    DATE, FORM, INSPECTORS, SCORE, GRADE = range(5)
    COLUMNS = 5
    NUMERIC = frozenset({SCORE})

    def cell(self, row: InspectionRow, column: int, role: int) -> Any:
        if role != DISPLAY:
            return None
        title = row.form_title_zh if self.language == "zh_CN" else row.form_title_en
        score = "—" if row.overall_score is None else f"{row.overall_score:.1f}"
        return (
            row.visit_start.date().isoformat(),
            title,
            "、".join(row.inspectors),
            score,
            grade_label(row.grade) if row.grade else "",
        )[column]

    def headers(self) -> list[str]:
        return [
            self.tr("Visit"),
            self.tr("Form"),
            self.tr("Inspectors"),
            self.tr("Score"),
            self.tr("Grade"),
        ]
