"""Every figure to its own sheet of an XLSX workbook, after a cover with the filter and the time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bqinspect.analytics.dimensions import DimensionAverage
from bqinspect.analytics.feedback import FeedbackRow
from bqinspect.analytics.figures import Figures
from bqinspect.analytics.filters import Filter
from bqinspect.analytics.items import RepeatFinding, WeakItem
from bqinspect.analytics.ranking import RankRow
from bqinspect.analytics.rectification import OverdueFinding, RectificationRow
from bqinspect.analytics.sections import SectionAverage
from bqinspect.analytics.staff import PostFailures, StaffFailures
from bqinspect.analytics.timings import TimingStat
from bqinspect.analytics.trends import TrendPoint
from bqinspect.analytics.veto import VetoHit
from bqinspect.domain.staff import post_name

T = TypeVar("T")

INT = "0"
SCORE = "0.00"
PERCENT = "0.0%"
DAYS = "0.0"
SECONDS = "0.0"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
TEXT = "@"
BOLD = Font(bold=True)


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
    width: float
    number_format: str
    value: Callable[[T], Any]


@dataclass(frozen=True)
class Sheet(Generic[T]):
    title: str
    columns: Sequence[Column[T]]
    rows: Sequence[T]


def excel_time(moment: datetime) -> datetime:
    """Excel has no time zones: write UTC without its offset (the headers say UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def _grades(row: RankRow) -> str:
    return ", ".join(f"{g.grade} {g.count}" for g in row.grades)


def _ranking(title: str, rows: Sequence[RankRow]) -> Sheet[RankRow]:
    return Sheet(
        title,
        [
            Column("Rank", 7, INT, lambda r: r.rank),
            Column("Key", 14, TEXT, lambda r: r.key),
            Column("Name", 26, TEXT, lambda r: r.name),
            Column("Region", 14, TEXT, lambda r: r.region),
            Column("Sub-branch", 14, TEXT, lambda r: r.sub_branch),
            Column("Inspections", 12, INT, lambda r: r.inspections),
            Column("Branches", 10, INT, lambda r: r.branches),
            Column("Mean score", 12, SCORE, lambda r: r.mean),
            Column("Grades", 30, TEXT, _grades),
            Column("Previous mean", 14, SCORE, lambda r: r.previous_mean),
            Column("Change", 10, SCORE, lambda r: r.change),
        ],
        rows,
    )


def _sheets(fig: Figures, lang: str) -> list[Sheet[Any]]:
    sections: Sheet[SectionAverage] = Sheet(
        "Sections",
        [
            Column("Section", 10, TEXT, lambda s: s.section_id),
            Column("Title", 34, TEXT, lambda s: s.title.get(lang)),
            Column("Inspections", 12, INT, lambda s: s.inspections),
            Column("Mean %", 10, SCORE, lambda s: s.mean),
        ],
        fig.sections,
    )
    dimensions: Sheet[DimensionAverage] = Sheet(
        "Dimensions",
        [
            Column("Dimension", 12, TEXT, lambda d: d.dimension),
            Column("Title", 24, TEXT, lambda d: d.title.get(lang)),
            Column("Inspections", 12, INT, lambda d: d.inspections),
            Column("Mean %", 10, SCORE, lambda d: d.mean),
        ],
        fig.dimensions,
    )
    weakest: Sheet[WeakItem] = Sheet(
        "Weakest items",
        [
            Column("Item", 12, TEXT, lambda w: w.item_id),
            Column("Text", 44, TEXT, lambda w: w.text.get(lang)),
            Column("Applicable", 11, INT, lambda w: w.applicable),
            Column("Failed", 9, INT, lambda w: w.failed),
            Column("Fail rate", 10, PERCENT, lambda w: w.fail_rate),
            Column("Points lost", 12, SCORE, lambda w: w.points_lost),
            Column("Branches failing", 16, INT, lambda w: w.branches_failing),
        ],
        fig.weakest,
    )
    repeats: Sheet[RepeatFinding] = Sheet(
        "Repeat findings",
        [
            Column("Branch", 12, TEXT, lambda r: r.branch_code),
            Column("Branch name", 24, TEXT, lambda r: r.branch_name),
            Column("Form", 16, TEXT, lambda r: r.form_id),
            Column("Item", 12, TEXT, lambda r: r.item_id),
            Column("Text", 44, TEXT, lambda r: r.text.get(lang)),
            Column("Repeats", 9, INT, lambda r: r.repeats),
            Column("Last visit (UTC)", 17, DATETIME, lambda r: excel_time(r.last_visit)),
        ],
        fig.repeats,
    )
    trends: Sheet[TrendPoint] = Sheet(
        "Trends",
        [
            Column("Level", 10, TEXT, lambda t: t.level),
            Column("Key", 14, TEXT, lambda t: t.key),
            Column("Period", 12, TEXT, lambda t: t.period.label),
            Column("Inspections", 12, INT, lambda t: t.inspections),
            Column("Mean score", 12, SCORE, lambda t: t.mean),
        ],
        fig.trends,
    )
    veto: Sheet[VetoHit] = Sheet(
        "Veto hits",
        [
            Column("Item", 12, TEXT, lambda v: v.item_id),
            Column("Text", 44, TEXT, lambda v: v.text.get(lang)),
            Column("Inspections", 12, INT, lambda v: v.inspections),
            Column("Branches", 10, INT, lambda v: v.branches),
        ],
        fig.veto,
    )
    rect: Sheet[RectificationRow] = Sheet(
        "Rectification",
        [
            Column("By", 10, TEXT, lambda r: r.group),
            Column("Value", 14, TEXT, lambda r: r.key),
            Column("Findings", 10, INT, lambda r: r.findings),
            Column("Open", 8, INT, lambda r: r.open),
            Column("Overdue", 9, INT, lambda r: r.overdue),
            Column("Closed", 8, INT, lambda r: r.closed),
            Column("Closed on time", 14, INT, lambda r: r.closed_on_time),
            Column("Mean days to close", 18, DAYS, lambda r: r.mean_days_to_close),
            Column("P90 days to close", 17, DAYS, lambda r: r.p90_days_to_close),
            Column("Rejection rate", 14, PERCENT, lambda r: r.rejection_rate),
        ],
        fig.rectification.rows,
    )
    overdue: Sheet[OverdueFinding] = Sheet(
        "Overdue",
        [
            Column("Branch", 12, TEXT, lambda o: o.branch_code),
            Column("Item", 12, TEXT, lambda o: o.item_id),
            Column("Severity", 11, TEXT, lambda o: o.severity),
            Column("Risk type", 12, TEXT, lambda o: o.risk_type),
            Column("Due", 12, DATE, lambda o: o.due_date),
            Column("Days overdue", 13, INT, lambda o: o.days_overdue),
        ],
        fig.rectification.overdue,
    )
    timings: Sheet[TimingStat] = Sheet(
        "Timings",
        [
            Column("Measure", 11, TEXT, lambda t: t.measure),
            Column("By", 8, TEXT, lambda t: t.group),
            Column("Value", 12, TEXT, lambda t: t.key),
            Column("Visits", 8, INT, lambda t: t.visits),
            Column("Median s", 10, SECONDS, lambda t: t.median),
            Column("P90 s", 10, SECONDS, lambda t: t.p90),
            Column("Over threshold", 14, PERCENT, lambda t: t.over_threshold),
        ],
        fig.timings,
    )
    feedback: Sheet[FeedbackRow] = Sheet(
        "Customer feedback",
        [
            Column("By", 10, TEXT, lambda r: r.group),
            Column("Value", 22, TEXT, lambda r: r.key),
            Column("Items", 8, INT, lambda r: r.items),
            Column("Open", 8, INT, lambda r: r.open),
            Column("Overdue", 9, INT, lambda r: r.overdue),
            Column("Replied", 9, INT, lambda r: r.replied),
            Column("Replied on time", 15, INT, lambda r: r.replied_on_time),
            Column("Accepted", 10, PERCENT, lambda r: r.acceptance_rate),
            Column("Mean days to reply", 18, DAYS, lambda r: r.mean_days_to_reply),
            Column("P90 days to reply", 17, DAYS, lambda r: r.p90_days_to_reply),
        ],
        fig.feedback,
    )
    posts: Sheet[PostFailures] = Sheet(
        "Staff by post",
        [
            Column("Post", 18, TEXT, lambda p: post_name(p.post, lang) if p.post else "—"),
            Column("Staff named", 12, INT, lambda p: p.staff),
            Column("Items named", 12, INT, lambda p: p.named),
            Column("Failed", 8, INT, lambda p: p.failed),
            Column("Failure rate", 12, PERCENT, lambda p: p.failure_rate),
            Column("Points lost", 12, SCORE, lambda p: p.points_lost),
        ],
        fig.staff.by_post,
    )
    staff: Sheet[StaffFailures] = Sheet(
        "Staff members",
        [
            Column("Employee no", 12, TEXT, lambda r: r.employee_no),
            Column("Name", 14, TEXT, lambda r: r.name),
            Column("Post", 18, TEXT, lambda r: post_name(r.post, lang) if r.post else "—"),
            Column("Branch", 10, TEXT, lambda r: r.branch_code),
            Column("Items named", 12, INT, lambda r: r.named),
            Column("Failed", 8, INT, lambda r: r.failed),
            Column("Points lost", 12, SCORE, lambda r: r.points_lost),
        ],
        fig.staff.by_staff,
    )
    return [
        _ranking("Branch ranking", fig.ranking.branches),
        _ranking("Sub-branches", fig.ranking.sub_branches),
        _ranking("Regions", fig.ranking.regions),
        sections,
        dimensions,
        weakest,
        repeats,
        trends,
        veto,
        rect,
        overdue,
        timings,
        feedback,
        posts,
        staff,
    ]


def filter_lines(f: Filter) -> list[tuple[str, str]]:
    def all_or(values: tuple[str, ...]) -> str:
        return ", ".join(values) if values else "all"

    return [
        ("Period (by visit start)", f.period.label if f.period else "all"),
        ("Regions", all_or(f.regions)),
        ("Sub-branches", all_or(f.sub_branches)),
        ("Branches", all_or(f.branch_codes)),
        ("Forms", all_or(f.form_ids)),
        ("Kind", f.kind or "all"),
        ("Statuses", all_or(f.counted_statuses)),
    ]


def _cover(ws: Worksheet, fig: Figures, exported_at: datetime) -> None:
    ws.title = "Cover"
    ws.append(["Service-quality figures"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    for label, value in filter_lines(fig.filter):
        ws.append([label, value])
    ws.append(["Overdue as of", fig.today])
    ws.cell(ws.max_row, 2).number_format = DATE
    for label, moment in (
        ("Computed at (UTC)", fig.computed_at),
        ("Exported at (UTC)", exported_at),
    ):
        ws.append([label, excel_time(moment)])
        ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd hh:mm:ss"
    h = fig.headline
    key_figures: tuple[tuple[str, float | None, str], ...] = (
        ("Inspections", h.inspections, INT),
        ("Branches", h.branches, INT),
        ("Mean score", h.mean, SCORE),
        ("Change against the previous period", h.change, SCORE),
        ("Inspections with a veto hit", h.with_veto, INT),
    )
    for name, number, fmt in key_figures:
        ws.append([name, number])
        ws.cell(ws.max_row, 2).number_format = fmt
    if fig.empty:
        ws.append([])
        ws.append(["No inspection matches this filter: every sheet is empty."])
    for row in ws.iter_rows(min_row=3, max_col=1):
        row[0].font = BOLD
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 40


def write_sheet(ws: Worksheet, sheet: Sheet[Any]) -> None:
    """The header after what the sheet holds (frozen with it), then one row per value."""
    ws.title = sheet.title
    ws.append([c.header for c in sheet.columns])
    top = ws.max_row
    for cell in ws[top]:
        cell.font = BOLD
    ws.freeze_panes = f"A{top + 1}"
    for row in sheet.rows:
        ws.append([c.value(row) for c in sheet.columns])
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        for (cell,) in ws.iter_rows(min_row=top + 1, min_col=index, max_col=index):
            cell.number_format = column.number_format


def export_xlsx(fig: Figures, path: Path, *, exported_at: datetime, lang: str = "en") -> Path:
    """Write the workbook (texts of items and sections in ``lang``) and return its path."""
    book = Workbook()
    cover = book.active
    assert cover is not None
    _cover(cover, fig, exported_at)
    for sheet in _sheets(fig, lang):
        write_sheet(book.create_sheet(), sheet)
    book.save(path)
    return path
