"""The head-office filter from the command line: options in, a checked ``Filter`` out."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, date, tzinfo
from typing import TYPE_CHECKING, Any

from bqinspect.base.errors import Refused
from bqinspect.domain.messages import declare

QUARTER_MONTH_YEAR_Q = declare(
    "cli.analytics_filter.quarter_month_year_q",
    "{text_} is not a quarter, month or year (2026Q3, 2026-09, 2026)",
    "{text_} 不是季度、月份或年份（2026Q3、2026-09、2026）",
)
BEFORE_SINCE = declare(
    "cli.analytics_filter.before_since",
    "{last} is before --since {first}",
    "{last} 早于 --since {first}",
)
ONE = declare(
    "cli.analytics_filter.one",
    "{kind} is not one of {value}",
    "{kind} 不是 {value} 之一",
)
DATE_YYYY_MM_DD = declare(
    "cli.analytics_filter.date_yyyy_mm_dd",
    "{text_} is not a date (YYYY-MM-DD)",
    "{text_} 不是日期（YYYY-MM-DD）",
)
GIVE_PERIOD_SINCE_UNTIL = declare(
    "cli.analytics_filter.give_period_since_until",
    "give --period or --since/--until, not both",
    "请给出 --period 或 --since/--until，不能同时给出",
)
NO_KNOWN = declare(
    "cli.analytics_filter.no_known",
    "no {what} {value} (known: {shown})",
    "没有{what} {value}（已知：{shown}）",
)

if TYPE_CHECKING:
    from bqinspect.analytics.filters import Filter, Period
    from bqinspect.store.workspace import Workspace

KINDS = ("onsite", "mystery")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
EARLIEST = date(2000, 1, 1)  # an open --since: no inspection of this product is older


def add_filter_options(p: argparse.ArgumentParser) -> None:
    """The options every analytics command takes (repeat a list option to name several)."""
    g = p.add_argument_group("filter (by visit start, days in UTC)")
    g.add_argument("--period", metavar="2026Q3|2026-09|2026", help="a quarter, month or year")
    g.add_argument("--since", metavar="DATE", help="first day included (YYYY-MM-DD)")
    g.add_argument("--until", metavar="DATE", help="last day included (YYYY-MM-DD)")
    g.add_argument("--region", action="append", default=[], metavar="R")
    g.add_argument("--branch", action="append", default=[], metavar="CODE")
    g.add_argument("--form", action="append", default=[], metavar="ID", help="form family id")
    g.add_argument("--kind", metavar="K", help="onsite or mystery")


def parse_period(text: str, tz: tzinfo = UTC) -> Period:
    """``2026Q3``, ``2026-09`` or ``2026`` in ``tz``; refused naming ``--period`` otherwise."""
    from bqinspect.analytics.filters import month, quarter, year

    value = text.strip()
    if m := _QUARTER.match(value):
        return quarter(int(m[1]), int(m[2]), tz)
    if (m := _MONTH.match(value)) and 1 <= int(m[2]) <= 12:
        return month(int(m[1]), int(m[2]), tz)
    if m := _YEAR.match(value):
        return year(int(m[1]), tz)
    raise Refused(QUARTER_MONTH_YEAR_Q(text_=repr(text)), "--period")


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Refused(DATE_YYYY_MM_DD(text_=repr(text)), option) from None


def period_of(args: argparse.Namespace, tz: tzinfo = UTC) -> Period | None:
    """``--period``, or ``--since``/``--until`` (an open end: 2000-01-01 or today), or ``None``."""
    from bqinspect.analytics.filters import date_range

    since, until = _day(args.since, "--since"), _day(args.until, "--until")
    if args.period is not None:
        if since or until:
            raise Refused(GIVE_PERIOD_SINCE_UNTIL(), "--period")
        return parse_period(args.period, tz)
    if since is None and until is None:
        return None
    from bqinspect.base import clock

    first, last = since or EARLIEST, until or clock.today()
    if last < first:
        raise Refused(BEFORE_SINCE(last=last, first=first), "--until")
    return date_range(first, last, tz)


def _known(values: list[str], known: set[str], option: str, what: str) -> tuple[str, ...]:
    for value in values:
        if value not in known:
            shown = ", ".join(sorted(known)[:12]) or "none"
            raise Refused(NO_KNOWN(what=what, value=repr(value), shown=shown), option)
    return tuple(dict.fromkeys(values))


def filter_of(ws: Workspace, args: Any) -> Filter:
    """The filter the options name; an unknown region, branch, form or kind is refused."""
    from bqinspect.analytics.filters import Filter
    from bqinspect.services.branches import list_branches

    if args.kind is not None and args.kind not in KINDS:
        raise Refused(ONE(kind=repr(args.kind), value=", ".join(KINDS)), "--kind")
    period = period_of(args, ws.zone())  # periods are the bank's days
    branches = list_branches(ws)
    forms = {v.form_id for v in ws.form_versions()}
    return Filter(
        period=period,
        regions=_known(args.region, {b.region for b in branches}, "--region", "region"),
        branch_codes=_known(args.branch, {b.code for b in branches}, "--branch", "branch"),
        form_ids=_known(args.form, forms, "--form", "form"),
        kind=args.kind,
    )
