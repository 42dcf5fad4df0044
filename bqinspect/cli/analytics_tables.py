"""Analytics figures as plain aligned text tables and as JSON, for the command line."""

from __future__ import annotations

import dataclasses
import enum
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from bqinspect.analytics.summary.numbers import cut, num, pct, signed

if TYPE_CHECKING:
    from bqinspect.analytics.appeals import Appeals
    from bqinspect.analytics.calibration import Calibration
    from bqinspect.analytics.dimensions import DimensionAverage
    from bqinspect.analytics.feedback import FeedbackRow
    from bqinspect.analytics.items import RepeatFinding, WeakItem
    from bqinspect.analytics.ranking import Ranking, RankRow
    from bqinspect.analytics.rectification import Rectification
    from bqinspect.analytics.sections import SectionAverage
    from bqinspect.analytics.staff import StaffFigures
    from bqinspect.analytics.timings import TimingStat
    from bqinspect.analytics.trends import TrendPoint

NOT_ENOUGH = "not enough data"


@dataclass(frozen=True)
class TextTable:
    title: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    right: frozenset[int] = frozenset()  # numeric columns, right-aligned


def _width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def render(tables: Sequence[TextTable], empty_reason: str) -> str:
    """The tables one after another; a table without rows says "not enough data" plainly."""
    parts: list[str] = []
    for t in tables:
        parts.append(f"{t.title}:")
        if not t.rows:
            parts.append(f"  {NOT_ENOUGH}: {empty_reason}")
            parts.append("")
            continue
        widths = [max(_width(r[i]) for r in [t.headers, *t.rows]) for i in range(len(t.headers))]
        for row in [t.headers, *t.rows]:
            cells = [
                _pad(c, w, i in t.right) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            parts.append("  " + "  ".join(cells).rstrip())
        parts.append("")
    return "\n".join(parts).rstrip()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _with_properties(value: Any) -> Any:
    """``dataclasses.asdict`` plus the derived figures a row exposes as properties."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _with_properties(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in ("rejection_rate", "verdict", "label"):
            if hasattr(type(value), name) and isinstance(getattr(type(value), name), property):
                out[name] = getattr(value, name)
        return out
    if isinstance(value, list | tuple):
        return [_with_properties(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _with_properties(v) for k, v in value.items()}
    return value


def to_json(value: Any) -> str:
    return json.dumps(_with_properties(value), ensure_ascii=False, indent=2, default=_plain)


def _rank_rows(rows: Sequence[RankRow], with_branch: bool) -> list[tuple[str, ...]]:
    out = []
    for r in rows:
        grades = " ".join(f"{g.grade}:{g.count}" for g in r.grades)
        name = (r.key, r.name, r.region) if with_branch else (r.key, str(r.branches))
        out.append((str(r.rank), *name, str(r.inspections), num(r.mean), signed(r.change), grades))
    return out


def ranking_tables(r: Ranking) -> list[TextTable]:
    tail = ("inspections", "mean", "change", "grades")
    return [
        TextTable(
            "Branch ranking",
            ("rank", "branch", "name", "region", *tail),
            _rank_rows(r.branches, True),
            frozenset({0, 4, 5, 6}),
        ),
        TextTable(
            "Sub-branches",
            ("rank", "sub-branch", "branches", *tail),
            _rank_rows(r.sub_branches, False),
            frozenset({0, 2, 3, 4, 5}),
        ),
        TextTable(
            "Regions",
            ("rank", "region", "branches", *tail),
            _rank_rows(r.regions, False),
            frozenset({0, 2, 3, 4, 5}),
        ),
    ]


def section_tables(rows: Sequence[SectionAverage]) -> list[TextTable]:
    body = [(s.section_id, s.title.en, str(s.inspections), num(s.mean)) for s in rows]
    return [
        TextTable(
            "Section averages",
            ("section", "title", "inspections", "mean %"),
            body,
            frozenset({2, 3}),
        )
    ]


def dimension_tables(rows: Sequence[DimensionAverage]) -> list[TextTable]:
    body = [(d.dimension, d.title.zh, d.title.en, str(d.inspections), num(d.mean)) for d in rows]
    return [
        TextTable(
            "Evaluation dimensions",
            ("dimension", "维度", "title", "inspections", "mean %"),
            body,
            frozenset({3, 4}),
        )
    ]


def item_tables(rows: Sequence[WeakItem]) -> list[TextTable]:
    body = [
        (
            w.item_id,
            cut(w.text.en, 48),
            str(w.applicable),
            str(w.failed),
            pct(w.fail_rate),
            num(w.points_lost),
            str(w.branches_failing),
        )
        for w in rows
    ]
    headers = ("item", "text", "applicable", "failed", "fail rate", "points lost", "branches")
    return [TextTable("Weakest items", headers, body, frozenset({2, 3, 4, 5, 6}))]


def repeat_tables(rows: Sequence[RepeatFinding]) -> list[TextTable]:
    body = [
        (
            r.branch_code,
            r.form_id,
            r.item_id,
            cut(r.text.en, 40),
            str(r.repeats),
            f"{r.last_visit:%Y-%m-%d}",
        )
        for r in rows
    ]
    headers = ("branch", "form", "item", "text", "repeats", "last visit")
    return [TextTable("Repeat findings", headers, body, frozenset({4}))]


def trend_tables(rows: Sequence[TrendPoint]) -> list[TextTable]:
    body = [(t.level, t.key, t.period.label, str(t.inspections), num(t.mean)) for t in rows]
    headers = ("level", "key", "period", "inspections", "mean")
    return [TextTable("Trends", headers, body, frozenset({3, 4}))]


def appeal_tables(a: Appeals) -> list[TextTable]:
    headers = ("by", "value", "deductions", "appealed", "pending", "upheld", "overturned",
               "points restored", "overturned of decided")  # fmt: skip
    body = [
        (
            x.group,
            x.key,
            str(x.deductions),
            str(x.appealed),
            str(x.pending),
            str(x.upheld),
            str(x.overturned),
            num(x.points_restored),
            pct(x.overturn_rate),
        )
        for x in (*a.by_branch, *a.by_inspector)
        if x.appealed
    ]
    return [TextTable("Appeals of deductions", headers, body, frozenset(range(2, 9)))]


def rectification_tables(r: Rectification) -> list[TextTable]:
    body = [
        (
            x.group,
            x.key,
            str(x.findings),
            str(x.open),
            str(x.overdue),
            str(x.closed),
            str(x.closed_on_time),
            num(x.mean_days_to_close),
            num(x.p90_days_to_close),
            pct(x.rejection_rate),
        )
        for x in r.rows
    ]
    headers = (
        "by",
        "value",
        "findings",
        "open",
        "overdue",
        "closed",
        "on time",
        "mean days",
        "p90 days",
        "rejected",
    )
    overdue = [
        (
            o.branch_code,
            o.item_id,
            o.severity,
            o.risk_type,
            o.due_date.isoformat(),
            str(o.days_overdue),
        )
        for o in r.overdue
    ]
    return [
        TextTable("Rectification", headers, body, frozenset(range(2, 10))),
        TextTable(
            "Overdue findings",
            ("branch", "item", "severity", "risk type", "due", "days over"),
            overdue,
            frozenset({5}),
        ),
    ]


def timing_tables(rows: Sequence[TimingStat]) -> list[TextTable]:
    body = [
        (t.measure, t.group, t.key, str(t.visits), num(t.median), num(t.p90), pct(t.over_threshold))
        for t in rows
    ]
    headers = ("measure", "by", "value", "visits", "median s", "p90 s", "over threshold")
    return [TextTable("Mystery-shopping timings", headers, body, frozenset({3, 4, 5, 6}))]


def staff_tables(s: StaffFigures) -> list[TextTable]:
    from bqinspect.domain.staff import post_name

    def post(value: str) -> str:
        return post_name(value, "en") if value else "(not in the register)"

    posts = [
        (
            post(p.post),
            str(p.staff),
            str(p.named),
            str(p.failed),
            pct(p.failure_rate),
            num(p.points_lost),
        )
        for p in s.by_post
    ]
    people = [
        (
            r.employee_no,
            r.name,
            post(r.post),
            r.branch_code,
            str(r.named),
            str(r.failed),
            num(r.points_lost),
        )
        for r in s.by_staff
    ]
    if not people:
        return []
    return [
        TextTable(
            "Failures by post",
            ("post", "staff", "named", "failed", "failure rate", "points lost"),
            posts,
            frozenset({1, 2, 3, 4, 5}),
        ),
        TextTable(
            "Failures by staff member",
            ("employee no", "name", "post", "branch", "named", "failed", "points lost"),
            people,
            frozenset({4, 5, 6}),
        ),
    ]


def calibration_tables(c: Calibration) -> list[TextTable]:
    from bqinspect.analytics.leniency import Leniency

    fit = c.leniency
    level = f"{100 * fit.confidence:.0f}%"
    body = []
    for x in fit.inspectors:
        if isinstance(x, Leniency):
            body.append(
                (
                    x.inspector,
                    signed(x.index),
                    f"[{x.low:+.1f}, {x.high:+.1f}]",
                    str(x.comparisons),
                    str(x.inspections),
                    x.verdict.value,
                )
            )
        else:
            body.append(
                (
                    x.inspector,
                    "—",
                    "—",
                    str(x.comparisons),
                    str(x.inspections),
                    f"{NOT_ENOUGH}: {x.reason}",
                )
            )
    items = [
        (
            d.inspector,
            d.form_id,
            d.item_id,
            f"{d.failed}/{d.checked}",
            f"{d.peer_failed}/{d.peer_checked}",
            f"{d.q_value:.3g}",
        )
        for d in c.items.differences
    ]
    return [
        TextTable(
            f"Inspector leniency (score points, simultaneous {level} interval)",
            ("inspector", "leniency", "interval", "comparisons", "inspections", "verdict"),
            body,
            frozenset({1, 3, 4}),
        ),
        TextTable(
            f"Items where an inspector differs from peers ({c.items.tests} tested)",
            ("inspector", "form", "item", "failed", "peers failed", "q"),
            items,
            frozenset({3, 4, 5}),
        ),
    ]


def feedback_tables(rows: Sequence[FeedbackRow]) -> list[TextTable]:
    body = [
        (
            r.group,
            r.key,
            str(r.items),
            str(r.open),
            str(r.overdue),
            str(r.replied),
            str(r.replied_on_time),
            pct(r.acceptance_rate),
            num(r.mean_days_to_reply),
            num(r.p90_days_to_reply),
        )
        for r in rows
    ]
    headers = (
        "by",
        "value",
        "items",
        "open",
        "overdue",
        "replied",
        "on time",
        "accepted",
        "mean days",
        "p90 days",
    )
    return [TextTable("Customer feedback", headers, body, frozenset(range(2, 10)))]
