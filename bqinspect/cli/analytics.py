"""``bqinspect analytics``: head-office figures as tables or JSON, XLSX export, summary PDF."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bqinspect.base.errors import Refused
from bqinspect.cli import analytics_tables as tables
from bqinspect.cli.analytics_filter import add_filter_options, filter_of
from bqinspect.cli.common import EXIT_OK, out, workspace
from bqinspect.domain.messages import declare

OUT_FILE_REQUIRED = declare(
    "cli.analytics.out_file_required",
    "--out FILE{suffix} is required",
    "必须给出 --out FILE{suffix}",
)
FOLDER_GIVE_FILE_NAME = declare(
    "cli.analytics.folder_give_file_name",
    "{path} is a folder; give a file name ending in {suffix}",
    "{path} 是文件夹；请给出以 {suffix} 结尾的文件名",
)
FOLDER_DOES_EXIST = declare(
    "cli.analytics.folder_does_exist",
    "folder {parent} does not exist",
    "文件夹 {parent} 不存在",
)
CANNOT_WRITE = declare(
    "cli.analytics.cannot_write",
    "cannot write {path}: {value}",
    "无法写入 {path}：{value}",
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from bqinspect.analytics.filters import Filter

DESCRIPTION = (
    "Head-office figures over the submitted and approved inspections (drafts never count), "
    "filtered by visit start, region, branch, form family and kind. A plain table by default, "
    "JSON with --json; an empty figure says 'not enough data'. A bad filter value is refused "
    "(exit 1) naming the option."
)


@dataclass(frozen=True)
class FigureCommand:
    """One figure: what it computes from a connection, its JSON key and its text tables."""

    name: str
    help: str
    compute: Callable[[Connection, Filter, date], Any]
    tables: Callable[[Any], list[tables.TextTable]]


def _texts(conn: Connection) -> Any:
    from bqinspect.analytics.labels import form_texts

    return form_texts(conn)


def _ranking(conn: Connection, f: Filter, today: date) -> Any:
    from bqinspect.analytics.ranking import ranking

    return ranking(conn, f)


def _sections(conn: Connection, f: Filter, today: date) -> Any:
    from bqinspect.analytics.sections import section_averages

    return section_averages(conn, f, _texts(conn))


def _dimensions(conn: Connection, f: Filter, today: date) -> Any:
    from bqinspect.analytics.dimensions import dimension_averages

    return dimension_averages(conn, f)


def _items(conn: Connection, f: Filter, today: date) -> Any:
    from bqinspect.analytics.items import weakest_items

    return weakest_items(conn, f, _texts(conn))


def _repeats(conn: Connection, f: Filter, today: date) -> Any:
    from bqinspect.analytics.items import repeat_findings

    return repeat_findings(conn, f, _texts(conn))


def _trends(conn: Connection, f: Filter, today: date) -> Any:
    from bqinspect.analytics.trends import trends

    return trends(conn, f)


def _rectification(conn: Connection, f: Filter, today: date) -> Any:
    from bqinspect.analytics.rectification import rectification

    return rectification(conn, f, today)


def _appeals(conn: Connection, f: Filter, today: date) -> Any:
    from bqinspect.analytics.appeals import appeal_counts

    return appeal_counts(conn, f)


def _timings(conn: Connection, f: Filter, today: date) -> Any:
    from bqinspect.analytics.timings import timings

    return timings(conn, f)


def _staff(conn: Connection, f: Filter, today: date) -> Any:
    from bqinspect.analytics.staff import staff_failures

    return staff_failures(conn, f)


def _calibration(conn: Connection, f: Filter, today: date) -> Any:
    from bqinspect.analytics.calibration import calibration
    from bqinspect.analytics.filters import where

    return calibration(conn.engine, where(f))


def _feedback(conn: Connection, f: Filter, today: date) -> Any:
    from bqinspect.analytics.feedback import feedback_counts

    return feedback_counts(conn, f, today)


FIGURES = (
    FigureCommand(
        "ranking",
        "branch ranking with sub-branch and region roll-ups",
        _ranking,
        tables.ranking_tables,
    ),
    FigureCommand("sections", "section averages", _sections, tables.section_tables),
    FigureCommand(
        "dimensions",
        "section averages mapped onto the evaluation dimensions",
        _dimensions,
        tables.dimension_tables,
    ),
    FigureCommand(
        "items",
        "weakest items: fail rate, points lost, branches failing",
        _items,
        tables.item_tables,
    ),
    FigureCommand(
        "repeats",
        "repeat findings at consecutive inspections of a branch",
        _repeats,
        tables.repeat_tables,
    ),
    FigureCommand(
        "trends",
        "mean score by month for the bank, each region and named branches",
        _trends,
        tables.trend_tables,
    ),
    FigureCommand(
        "rectification",
        "rectification follow-up and overdue findings",
        _rectification,
        tables.rectification_tables,
    ),
    FigureCommand(
        "appeals",
        "appealed, upheld and overturned deductions by branch and by inspector",
        _appeals,
        tables.appeal_tables,
    ),
    FigureCommand(
        "timings",
        "mystery-shopping timings: median, p90, share over threshold",
        _timings,
        tables.timing_tables,
    ),
    FigureCommand(
        "staff",
        "failures by post and by staff member named on the answers",
        _staff,
        tables.staff_tables,
    ),
    FigureCommand(
        "calibration",
        "inspector leniency with intervals; items that differ",
        _calibration,
        tables.calibration_tables,
    ),
    FigureCommand(
        "feedback",
        "customer feedback by channel, category and branch; time to reply",
        _feedback,
        tables.feedback_tables,
    ),
)


def _filter_json(f: Filter) -> dict[str, Any]:
    return {
        "period": None if f.period is None else f.period.label,
        "since": None if f.period is None else f.period.start.isoformat(),
        "until_before": None if f.period is None else f.period.end.isoformat(),
        "regions": list(f.regions),
        "branches": list(f.branch_codes),
        "forms": list(f.form_ids),
        "kind": f.kind,
        "statuses": list(f.counted_statuses),
    }


def _run_figure(figure: FigureCommand, args: argparse.Namespace) -> int:
    from bqinspect.analytics.headline import headline
    from bqinspect.base import clock

    with workspace(args) as ws:
        f = filter_of(ws, args)
        with ws.db.engine.connect() as conn, conn.begin():
            count = headline(conn, f).inspections
            value = figure.compute(conn, f, clock.today())
    if args.json:
        out(tables.to_json({"filter": _filter_json(f), "inspections": count, figure.name: value}))
        return EXIT_OK
    reason = (
        "no inspection matches this filter"
        if count == 0
        else f"nothing to show in the {count} inspections this filter selects"
    )
    out(tables.render(figure.tables(value), reason))
    return EXIT_OK


def output_path(text: str | None, suffix: str) -> Path:
    if not text:
        raise Refused(OUT_FILE_REQUIRED(suffix=suffix), "--out")
    path = Path(text)
    if path.is_dir():
        raise Refused(FOLDER_GIVE_FILE_NAME(path=path, suffix=suffix), "--out")
    if not path.parent.is_dir():
        raise Refused(FOLDER_DOES_EXIST(parent=path.parent), "--out")
    return path


def cmd_export(args: argparse.Namespace) -> int:
    from bqinspect.analytics.export_xlsx import export_xlsx
    from bqinspect.analytics.figures import all_figures
    from bqinspect.base import clock

    path = output_path(args.out, ".xlsx")
    with workspace(args) as ws:
        f = filter_of(ws, args)
        now = clock.now()
        figures = all_figures(ws.db.engine, f, today=clock.today(), now=now)
    try:
        export_xlsx(figures, path, exported_at=clock.now(), lang=args.lang)
    except OSError as exc:
        raise Refused(CANNOT_WRITE(path=path, value=exc.strerror or exc), "--out") from exc
    out(
        f"{path}: {len(figures.ranking.branches)} branches, "
        f"{figures.headline.inspections} inspections"
    )
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from bqinspect.analytics.summary.build import build_summary

    path = output_path(args.out, ".pdf")
    with workspace(args) as ws:
        f = filter_of(ws, args)
        info = build_summary(
            ws.db.engine,
            f,
            path,
            lang=args.lang,
            bank_name=str(ws.setting("bank_name") or ""),
            font=str(ws.setting("report_font") or ""),
        )
    out(f"{info.path}: {info.pages} pages, {info.inspections} inspections, {info.lang}")
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """Add ``analytics`` and its figures, ``export``, ``deductions`` and ``summary``."""
    group = sub.add_parser(
        "analytics",
        help="head-office figures, XLSX export, periodic summary PDF",
        description=DESCRIPTION,
    ).add_subparsers(metavar="FIGURE")
    for figure in FIGURES:
        p = group.add_parser(figure.name, help=figure.help, description=DESCRIPTION)
        add_filter_options(p)
        p.add_argument("--json", action="store_true", help="JSON instead of a table")
        p.set_defaults(handler=lambda args, fig=figure: _run_figure(fig, args))
    p = group.add_parser("export", help="every figure to an XLSX workbook")
    p.add_argument("--out", "-o", metavar="FILE.xlsx")
    p.add_argument("--lang", choices=["zh", "en"], default="en", help="item and section texts")
    add_filter_options(p)
    p.set_defaults(handler=cmd_export)
    from bqinspect.cli.deductions import add_period_parser

    add_period_parser(group)
    p = group.add_parser("summary", help="the periodic summary 服务质量汇总分析报告 as PDF")
    p.add_argument("--out", "-o", metavar="FILE.pdf")
    p.add_argument("--lang", choices=["zh", "en", "both"], default="zh")
    add_filter_options(p)
    p.set_defaults(handler=cmd_summary)
