"""The summary's story: cover, key figures, ranking, charts, weak points, rectification,
calibration and the inspections covered, as reportlab flowables."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from bqinspect.analytics.calibration import Calibration
from bqinspect.analytics.figures import Figures
from bqinspect.analytics.labels import Label
from bqinspect.analytics.leniency import Leniency
from bqinspect.analytics.ranking import RankRow
from bqinspect.analytics.summary.charts import Point, bar_chart, grade_chart, trend_chart
from bqinspect.analytics.summary.covered import Covered
from bqinspect.analytics.summary.numbers import cut, num, pct, signed
from bqinspect.analytics.summary.words import SummaryWords, grade_order
from bqinspect.analytics.trends import BANK
from bqinspect.report.kit import FlowTable, grid_style, zh_number
from bqinspect.report.labels import Lang
from bqinspect.report.styles import CARD_FILL, GRID, Styles

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TOP_ITEMS = 15
TOP_REPEATS = 20


@dataclass(frozen=True)
class SummaryData:
    """Everything the summary prints, read in one go before the layout starts."""

    figures: Figures
    calibration: Calibration
    covered: tuple[Covered, ...]
    bank_name: str


class SummaryStory:
    """Builds the flowables for one language; characters the font lacks print as '?'."""

    def __init__(
        self,
        data: SummaryData,
        words: SummaryWords,
        styles: Styles,
        width: float,
        has_glyph: Callable[[str], bool],
    ):
        self.d = data
        self.w = words
        self.s = styles
        self.width = width
        self.has_glyph = has_glyph
        self.missing: set[str] = set()
        self._heading = 0

    # text ---------------------------------------------------------------------------------------
    def clean(self, text: str) -> str:
        out = []
        for ch in _CONTROL.sub("", text):
            if self.has_glyph(ch) or ch in "\n\t ":
                out.append(ch)
            else:
                self.missing.add(ch)
                out.append("?")
        return escape("".join(out))

    def p(self, markup: str, style: Any = None) -> Paragraph:
        return Paragraph(markup, style or self.s.cell)

    def text(self, value: str, style: Any = None) -> Paragraph:
        return self.p(self.clean(value), style)

    def label(self, value: Label) -> Paragraph:
        """A form text: one language, or Chinese with the English below in ``both``."""
        if self.w.lang is Lang.BOTH and value.zh != value.en:
            markup = (
                f'{self.clean(value.zh)}<br/><font color="#5F6670">{self.clean(value.en)}</font>'
            )
            return self.p(markup)
        return self.text(value.get("en" if self.w.lang is Lang.EN else "zh"))

    def head(self, key: str) -> Paragraph:
        return self.p(self.w.m(key), self.s.cell_head)

    def heading(self, key: str) -> Paragraph:
        self._heading += 1
        n = self._heading
        zh, en = _pair(key)
        if self.w.lang is Lang.EN:
            return self.p(f"{n}. {escape(en)}", self.s.h1)
        if self.w.lang is Lang.ZH:
            return self.p(f"{zh_number(n)}、{escape(zh)}", self.s.h1)
        small = f'<font size="9" color="#5F6670">{escape(en)}</font>'
        return self.p(f"{zh_number(n)}、{escape(zh)} {small}", self.s.h1)

    def sub(self, key: str) -> Paragraph:
        return self.p(escape(self.w(key)), self.s.h2)

    def note(self, markup: str) -> Paragraph:
        return self.p(markup, self.s.small)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        right: Sequence[int] = (),
    ) -> FlowTable:
        """A grid table that splits between rows and repeats its header on every page."""
        cells = [[self.head(k) for k in header]]
        for row in rows:
            cells.append(
                [
                    c
                    if isinstance(c, Flowable)
                    else self.text(str(c), self.s.cell_right if i in right else self.s.cell)
                    for i, c in enumerate(row)
                ]
            )
        total = sum(widths)
        table = FlowTable(cells, colWidths=[self.width * w / total for w in widths], repeatRows=1)
        table.setStyle(grid_style())
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.s.font)]))
        return table

    def stack(self, *cells: Flowable) -> FlowTable:
        """Flowables one above the other (a table of one column in the report font)."""
        table = FlowTable([[c] for c in cells])
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.s.font)]))
        return table

    def none_here(self, key: str = "none") -> Paragraph:
        return self.note(escape(self.w(key)))

    # parts --------------------------------------------------------------------------------------
    def build(self) -> list[Flowable]:
        story = self.cover()
        if self.d.figures.empty:
            return [*story, self.p(escape(self.w("no_data")), self.s.body)]
        for part in (
            self.key_figures,
            self.ranking,
            self.charts,
            self.weak_points,
            self.rectification,
            self.calibration,
            self.inspections,
        ):
            story += part()
        return story

    def cover(self) -> list[Flowable]:
        f = self.d.figures
        title = self.w.markup(_pair("title"), second="#8B929B")
        rows = []
        if self.d.bank_name.strip():
            rows.append((self.w("bank"), self.d.bank_name.strip()))
        rows.append(
            (self.w("period"), f.filter.period.label if f.filter.period else self.w("all_time"))
        )
        rows += self.filter_lines()
        rows.append((self.w("generated"), _moment(f.computed_at)))
        rows.append((self.w("overdue_as_of"), f.today.isoformat()))
        table = FlowTable(
            [[self.text(k, self.s.label), self.text(v, self.s.body)] for k, v in rows],
            colWidths=[self.width * 0.28, self.width * 0.72],
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.s.font),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        return [
            Spacer(1, 30 * mm),
            self.p(title.replace('size="-1.5"', 'size="14"'), self.s.title),
            Spacer(1, 4 * mm),
            self.text(self.d.bank_name.strip(), self.s.subtitle),
            Spacer(1, 18 * mm),
            table,
            Spacer(1, 6 * mm),
            self.note(escape(self.w("basis", sep=" "))),
        ]

    def filter_lines(self) -> list[tuple[str, str]]:
        f = self.d.figures.filter
        every = self.w("all")
        kind = self.w(f.kind) if f.kind in ("onsite", "mystery") else (f.kind or every)
        return [
            (self.w("regions"), ", ".join(f.regions) or every),
            (self.w("branches"), ", ".join(f.branch_codes) or every),
            (self.w("forms"), ", ".join(f.form_ids) or every),
            (self.w("kind"), kind),
        ]

    def key_figures(self) -> list[Flowable]:
        h = self.d.figures.headline
        total = next((r for r in self.d.figures.rectification.rows if r.group == "all"), None)
        cards = [
            ("inspections", str(h.inspections)),
            ("branches", str(h.branches)),
            ("mean", num(h.mean)),
            ("change", signed(h.change)),
            ("veto_inspections", str(h.with_veto)),
            ("open", str(total.open if total else 0)),
            ("overdue", str(total.overdue if total else 0)),
        ]
        big = self.s.big_number.clone("card", fontSize=17, leading=21)
        row = [[self.p(self.w.m(k), self.s.label), self.p(escape(v), big)] for k, v in cards]
        table = FlowTable(
            [[self.stack(a, b) for a, b in row]],
            colWidths=[self.width / len(cards)] * len(cards),
        )
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), CARD_FILL),
                    ("BOX", (0, 0), (-1, -1), 0.4, GRID),
                    ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), self.s.font),
                ]
            )
        )
        return [self.heading("key_figures"), table]

    def ranking(self) -> list[Flowable]:
        r = self.d.figures.ranking

        def grades(row: RankRow) -> str:
            counts = {g.grade: g.count for g in row.grades}
            return " ".join(f"{self.w.grade(g)} {counts[g]}" for g in grade_order(set(counts)))

        branches = [
            (
                x.rank,
                x.key,
                x.name,
                x.region,
                x.inspections,
                num(x.mean),
                signed(x.change),
                grades(x),
            )
            for x in r.branches
        ]
        regions = [
            (x.rank, x.key, x.branches, x.inspections, num(x.mean), signed(x.change), grades(x))
            for x in r.regions
        ]
        return [
            self.heading("ranking"),
            self.table(
                (
                    "rank",
                    "code",
                    "branch",
                    "region",
                    "inspections",
                    "mean_short",
                    "change",
                    "grades",
                ),
                branches,
                (5, 6, 22, 10, 10, 9, 8, 20),
                right=(0, 4, 5, 6),
            ),
            self.sub("region_rollup"),
            self.table(
                ("rank", "region", "branches", "inspections", "mean_short", "change", "grades"),
                regions,
                (6, 16, 10, 11, 11, 9, 27),
                right=(0, 2, 3, 4, 5),
            ),
        ]

    def charts(self) -> list[Flowable]:
        f = self.d.figures
        bank = [Point(t.period.label, t.mean) for t in f.trends if t.level == BANK]
        sections = [Point(self._short(s.title), s.mean) for s in f.sections]
        counts: Counter[str] = Counter()
        for row in f.ranking.branches:
            for g in row.grades:
                counts[g.grade] += g.count
        mix = [Point(self.w.grade(g), float(counts[g])) for g in grade_order(set(counts))]
        out: list[Flowable] = [self.heading("charts"), self.sub("trend")]
        out.append(trend_chart(bank, self.width, 150, self.s.font) if bank else self.none_here())
        out.append(self.sub("sections"))
        out.append(bar_chart(sections, self.width, self.s.font) if sections else self.none_here())
        out += self.dimensions()
        out.append(self.sub("grade_mix"))
        out.append(grade_chart(mix, self.width, self.s.font) if mix else self.none_here())
        return out

    def dimensions(self) -> list[Flowable]:
        """The section averages mapped onto the evaluation dimensions, a small table."""
        rows = [
            (self.label(d.title), d.inspections, num(d.mean)) for d in self.d.figures.dimensions
        ]
        if not rows:
            return [self.sub("dimensions"), self.none_here()]
        header = ("dimension", "inspections", "mean_short")
        return [self.sub("dimensions"), self.table(header, rows, (30, 12, 12), right=(1, 2))]

    def _short(self, value: Label) -> str:
        text = value.en if self.w.lang is Lang.EN else value.zh
        limit = 36 if self.w.lang is Lang.EN else 16
        text = cut(text, limit)
        return "".join(ch if self.has_glyph(ch) else "?" for ch in text)

    def weak_points(self) -> list[Flowable]:
        f = self.d.figures
        weakest = [
            (
                w.item_id,
                self.label(w.text),
                pct(w.fail_rate),
                num(w.points_lost),
                w.branches_failing,
            )
            for w in f.weakest[:TOP_ITEMS]
            if w.failed
        ]
        repeats = [
            (r.branch_code, r.item_id, self.label(r.text), r.repeats, f"{r.last_visit:%Y-%m-%d}")
            for r in f.repeats[:TOP_REPEATS]
        ]
        out: list[Flowable] = [self.heading("weak"), self.sub("weakest")]
        out.append(
            self.table(
                ("code", "item", "fail_rate", "points_lost", "branches_failing"),
                weakest,
                (9, 51, 10, 10, 10),
                right=(2, 3, 4),
            )
            if weakest
            else self.none_here()
        )
        out.append(self.sub("repeats"))
        out.append(
            self.table(
                ("branch", "code", "item", "times", "last_visit"),
                repeats,
                (9, 9, 56, 8, 13),
                right=(3,),
            )
            if repeats
            else self.none_here()
        )
        return out

    def rectification(self) -> list[Flowable]:
        rect = self.d.figures.rectification
        rows = [
            (
                self.w("all") if x.group == "all" else self._group(x.group, x.key),
                x.findings,
                x.open,
                x.overdue,
                x.closed,
                x.closed_on_time,
                num(x.mean_days_to_close),
                num(x.p90_days_to_close),
                pct(x.rejection_rate),
            )
            for x in rect.rows
            if x.group in ("all", "severity")
        ]
        overdue = [
            (
                o.branch_code,
                o.item_id,
                self.w.severity(o.severity),
                o.risk_type,
                o.due_date.isoformat(),
                o.days_overdue,
            )
            for o in rect.overdue
        ]
        out: list[Flowable] = [self.heading("rectification")]
        out.append(
            self.table(
                (
                    "severity",
                    "findings",
                    "open",
                    "overdue",
                    "closed",
                    "on_time",
                    "mean_days",
                    "p90_days",
                    "rejected",
                ),
                rows,
                (16, 10, 9, 9, 9, 10, 10, 10, 10),
                right=range(1, 9),
            )
            if rows
            else self.none_here()
        )
        out.append(self.sub("overdue_list"))
        out.append(
            self.table(
                ("branch", "item", "severity", "risk", "due", "days_over"),
                overdue,
                (12, 14, 16, 18, 16, 12),
                right=(5,),
            )
            if overdue
            else self.none_here()
        )
        return out

    def _group(self, group: str, key: str) -> str:
        return self.w.severity(key) if group == "severity" else key

    def calibration(self) -> list[Flowable]:
        fit = self.d.calibration.leniency
        level = f"{100 * fit.confidence:.0f}%"
        rows = []
        for x in fit.inspectors:
            if isinstance(x, Leniency):
                rows.append(
                    (
                        x.inspector,
                        signed(x.index),
                        f"[{x.low:+.1f}, {x.high:+.1f}]",
                        x.comparisons,
                        self.w(x.verdict.value),
                    )
                )
            else:
                rows.append(
                    (x.inspector, "—", "—", x.comparisons, f"{self.w('not_enough')}: {x.reason}")
                )
        diffs = [
            (
                d.inspector,
                d.item_id,
                f"{d.failed}/{d.checked}",
                f"{d.peer_failed}/{d.peer_checked}",
                f"{d.q_value:.3g}",
            )
            for d in self.d.calibration.items.differences
        ]
        note = escape(self.w("calibration_note", sep=" ").format(level=level))
        out: list[Flowable] = [self.heading("calibration"), self.note(note), Spacer(1, 2 * mm)]
        out.append(
            self.table(
                ("inspector", "leniency", "interval", "n", "verdict"),
                rows,
                (16, 11, 24, 7, 42),
                right=(1, 3),
            )
            if rows
            else self.none_here("not_enough")
        )
        out.append(self.sub("item_differences"))
        out.append(
            self.table(
                ("inspector", "code", "failed_of", "peers", "q"),
                diffs,
                (20, 20, 20, 20, 20),
                right=(2, 3, 4),
            )
            if diffs
            else self.none_here()
        )
        return out

    def inspections(self) -> list[Flowable]:
        rows = [
            (
                f"{c.visit_start:%Y-%m-%d}",
                c.branch_code,
                c.branch_name,
                c.form_id,
                self.w(c.kind) if c.kind in ("onsite", "mystery") else c.kind,
                num(c.score),
                self.w.grade(c.grade),
            )
            for c in self.d.covered
        ]
        return [
            self.heading("covered"),
            self.table(
                ("date", "code", "branch", "form", "kind", "score", "grade"),
                rows,
                (12, 8, 30, 18, 9, 8, 10),
                right=(5,),
            ),
        ]


def _pair(key: str) -> tuple[str, str]:
    from bqinspect.analytics.summary.words import LABELS

    return LABELS[key]


def _moment(when: datetime) -> str:
    return f"{when.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
