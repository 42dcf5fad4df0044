"""The report's content as reportlab flowables: header, scores, findings, tables, signatures."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from bqinspect.domain.forms import Kind, Text
from bqinspect.report.content import SEVERITIES, FindingView, PhotoRef, ReportContent
from bqinspect.report.flowables import Chip, PhotoBox, ScoreBar, SignatureImage
from bqinspect.report.images import ImageProblem, PrintImage, fit
from bqinspect.report.labels import LABELS, Lang, Words
from bqinspect.report.styles import (
    ACCENT,
    BAD,
    CARD_FILL,
    GOOD,
    GRID,
    HEAD_FILL,
    INK,
    MUTED,
    SEVERITY_COLOURS,
    Styles,
    band_colour,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ZH_NUMERALS = "一二三四五六七八九十"
# Look-alikes for characters a font often lacks (reportlab has no glyph fallback).
_SUBSTITUTES = {
    "\u2212": "-",  # minus sign
    "\u2010": "-",
    "\u2011": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2713": "√",
    "\u2714": "√",
    "\u2717": "×",
    "\u2718": "×",
}
PHOTO_GAP = 4 * mm
PHOTO_COLUMNS = 3
TALL_ROW = 300.0  # points: a table row taller than this may be split across pages
SIGNATURE_BOX = (46 * mm, 16 * mm)


@dataclass(frozen=True)
class PhotoSlot:
    """Where a photo goes and how big it prints; the key of its prepared image."""

    sha256: str
    box_w: float
    box_h: float


def photo_box(width: float, count: int) -> tuple[float, float]:
    """The printed box of each photo in a grid of PHOTO_COLUMNS (4:3, like most cameras)."""
    cols = PHOTO_COLUMNS
    box_w = (width - (cols - 1) * PHOTO_GAP) / cols
    return box_w, box_w * 0.75


def photo_slots(content: ReportContent, width: float) -> list[PhotoSlot]:
    """Every photo of the report with its printed box, in report order."""
    slots = []
    groups = [f.photos for f in content.findings] + [content.other_photos]
    for group in groups:
        box_w, box_h = photo_box(width, len(group))
        slots += [PhotoSlot(p.sha256, box_w, box_h) for p in group]
    return slots


class FlowTable(Table):
    """A table that breaks between rows, and inside a row only when the row is too tall to move.

    reportlab's ``splitInRow`` alone also cuts short rows at a page end; here a row is cut only
    when it is taller than TALL_ROW (e.g. a very long observation), so it could not fit anyway.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.splitInRow = 0
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if parts:
            return parts
        heights = list(getattr(self, "_rowHeights", []) or [])
        first = self.repeatRows if isinstance(self.repeatRows, int) else 0
        if len(heights) > first and heights[first] > TALL_ROW:
            self.splitInRow = 1
            try:
                parts = super().split(availWidth, availHeight)
            finally:
                self.splitInRow = 0
        return parts


class StoryBuilder:
    """Turns :class:`ReportContent` into flowables for one language and page width."""

    def __init__(
        self,
        content: ReportContent,
        words: Words,
        styles: Styles,
        width: float,
        images: dict[tuple[str, float, float], PrintImage | ImageProblem],
        signatures: dict[int, PrintImage | None],
        has_glyph: Callable[[str], bool],
    ):
        self.c = content
        self.w = words
        self.s = styles
        self.width = width
        self.images = images
        self.signature_images = signatures
        self.has_glyph = has_glyph
        self._heading = 0
        self.missing_glyphs: set[str] = set()

    def table(self, rows: list[list[Any]], **kwargs: Any) -> Table:
        """A table whose cells default to the report font (reportlab's default is Helvetica)."""
        table = FlowTable(rows, **kwargs)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.s.font)]))
        return table

    # text helpers -------------------------------------------------------------------------------
    def plain(self, text: str) -> str:
        """Text without control characters; characters the font lacks become '?'."""
        text = _CONTROL.sub("", text.replace("\r\n", "\n"))
        out = []
        for ch in text:
            if ch in "\n\t" or self.has_glyph(ch):
                out.append(ch)
            elif ch in _SUBSTITUTES and self.has_glyph(_SUBSTITUTES[ch]):
                out.append(_SUBSTITUTES[ch])
            else:
                self.missing_glyphs.add(ch)
                out.append("?")
        return "".join(out)

    def clean(self, text: str) -> str:
        """Escaped paragraph text (see :meth:`plain`); newlines kept as line breaks."""
        return escape(self.plain(text)).replace("\n", "<br/>")

    def short(self, value: Text | str, limit: int = 28) -> str:
        """One language only (Chinese in ``both``), cut to ``limit`` characters."""
        text = (
            value if isinstance(value, str) else (value.en if self.w.lang is Lang.EN else value.zh)
        )
        if self.w.lang is Lang.EN:
            limit *= 2
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    def p(self, text: str, style: Any = None) -> Paragraph:
        return Paragraph(text, style or self.s.body)

    def t(self, value: Text | str | None, style: Any = None) -> Paragraph:
        """A paragraph of a form text (both languages as two lines in ``both``) or free text."""
        if isinstance(value, Text):
            if self.w.lang is Lang.BOTH and value.zh != value.en:
                markup = (
                    f'{self.clean(value.zh)}<br/><font color="#5F6670">'
                    f"{self.clean(value.en)}</font>"
                )
            else:
                markup = self.clean(self.w.text(value))
            return self.p(markup, style or self.s.cell)
        return self.p(self.clean(value or ""), style or self.s.cell)

    def label(self, key: str, style: Any = None) -> Paragraph:
        return self.p(self.w.markup(key, second="#8B929B"), style or self.s.cell_head)

    def heading(self, key: str) -> Paragraph:
        self._heading += 1
        n = self._heading
        zh, en = _label(key)
        if self.w.lang is Lang.EN:
            text = f"{n}. {escape(en)}"
        elif self.w.lang is Lang.ZH:
            text = f"{_zh_number(n)}、{escape(zh)}"
        else:
            text = (
                f'{_zh_number(n)}、{escape(zh)} <font size="9" color="#5F6670">{escape(en)}</font>'
            )
        return self.p(text, self.s.h1)

    def date_text(self, when: date | None) -> str:
        return when.isoformat() if when else "—"

    def time_text(self, when: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
        return self.c.local(when).strftime(fmt) if when else "—"

    # sections -----------------------------------------------------------------------------------
    def build(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.title_block()
        story += self.header_table()
        story += self.intro()
        story += self.score_summary()
        story += self.findings()
        if self.c.other_photos:
            story += self.other_photos()
        if self.c.kind is Kind.MYSTERY and (self.c.timers or self.c.durations):
            story += self.timings()
        if self.c.findings:
            story += self.rectification_table()
        if self.c.audience.value == "office":
            story += self.internal()
        story += self.signature_blocks()
        return story

    def title_block(self) -> list[Flowable]:
        s = self.s
        left: list[Flowable] = []
        if self.c.logo:
            try:
                reader = ImageReader(io.BytesIO(self.c.logo))
                iw, ih = reader.getSize()
                h = 12 * mm
                w = min(45 * mm, h * iw / ih)
                left.append(Image(io.BytesIO(self.c.logo), width=w, height=w * ih / iw))
            except Exception:  # a broken logo must not stop the report
                left = []
        bank = self.c.bank_name.strip()
        bank_para = self.p(
            f'<font size="12" color="#1F2328">{self.clean(bank)}</font>' if bank else "",
            s.body,
        )
        copy_key = "copy_office" if self.c.audience.value == "office" else "copy_branch"
        right = self.p(
            f'<font color="#B3261E">{escape(self.w(copy_key))}</font><br/>'
            f'{escape(self.w("report_no"))}: <font name="{s.mono}" size="8">'
            f"{escape(self.c.report_no)}</font>",
            _right(s.small),
        )
        logo_cell: Any = left[0] if left else ""
        top = self.table(
            [[logo_cell, bank_para, right]],
            colWidths=[(left[0].drawWidth + 3 * mm) if left else 0.1, None, 62 * mm],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
        zh, en = _label("title")
        if self.w.lang is Lang.EN:
            title = [self.p(escape(en), s.title)]
        else:
            # letter-spaced like a printed notice
            title = [self.p("&nbsp;".join(escape(ch) for ch in zh), s.title)]
            if self.w.lang is Lang.BOTH:
                title.append(self.p(escape(en.upper()), s.subtitle))
        return [
            top,
            Spacer(1, 5 * mm),
            *title,
            Spacer(1, 2.5 * mm),
            HRFlowable(width="100%", thickness=1.6, color=ACCENT, spaceAfter=1.2),
            HRFlowable(width="100%", thickness=0.5, color=ACCENT, spaceAfter=4 * mm),
        ]

    def header_table(self) -> list[Flowable]:
        c, w = self.c, self.w
        branch = c.branch
        name = (
            f"{branch.name}（{branch.code}）"
            if w.lang is not Lang.EN
            else (f"{branch.name} ({branch.code})")
        )
        region = " · ".join(x for x in (branch.region, branch.sub_branch) if x) or "—"
        kind = w("kind_mystery" if c.kind is Kind.MYSTERY else "kind_onsite")
        start = c.local(c.visit_start)
        when = start.strftime("%H:%M")
        if c.visit_end is not None:
            end = c.local(c.visit_end)
            when += (
                f"–{end.strftime('%H:%M')}"
                if end.date() == start.date()
                else (f" – {end.strftime('%Y-%m-%d %H:%M')}")
            )
        when += f" ({utc_offset(start)})"
        inspectors = (
            ("、".join(c.inspectors) if w.lang is Lang.ZH else ", ".join(c.inspectors))
            if c.inspectors is not None
            else w("withheld")
        )
        status_key = f"status_{c.status}" if f"status_{c.status}" in LABELS else None
        status = w(status_key) if status_key else c.status
        pairs: list[tuple[str, str | Paragraph]] = [
            ("branch", name),
            ("kind", kind),
            ("region", region),
            ("form", f"{w.text(c.form_title)}  v{c.form_version}"),
            ("visit_date", start.strftime("%Y-%m-%d")),
            ("visit_time", when),
            ("shopper" if c.kind is Kind.MYSTERY else "inspectors", inspectors),
            ("lead", c.lead or "—"),
            ("address", branch.address or "—"),
            ("manager", branch.manager or "—"),
            ("status", status),
            ("revision", f"r{c.revision}"),
        ]
        if c.shopper_alias:
            pairs.append(("shopper_alias", c.shopper_alias))
            pairs.append(("", ""))
        rows = []
        for i in range(0, len(pairs), 2):
            row: list[Any] = []
            for key, value in pairs[i : i + 2]:
                row.append(self.label(key) if key else "")
                row.append(value if isinstance(value, Paragraph) else self.t(value))
            rows.append(row)
        label_w = 24 * mm if self.w.lang is Lang.ZH else 30 * mm
        value_w = self.width / 2 - label_w
        table = self.table(rows, colWidths=[label_w, value_w, label_w, value_w])
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                    ("BACKGROUND", (0, 0), (0, -1), HEAD_FILL),
                    ("BACKGROUND", (2, 0), (2, -1), HEAD_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                ]
            )
        )
        return [table]

    def intro(self) -> list[Flowable]:
        out: list[Flowable] = [Spacer(1, 4 * mm)]
        addressee = self.clean(self.c.branch.name)
        colon = ":" if self.w.lang is Lang.EN else "："
        out.append(self.p(f"{addressee}{colon}", self.s.body))
        out.append(Spacer(1, 1 * mm))
        for text in _intro_lines(self.w):
            out.append(self.p(text, _indent(self.s.body, self.w.lang)))
        if self.c.notes.strip():
            out.append(Spacer(1, 2 * mm))
            out.append(
                self.p(
                    f'<font color="#5F6670">{escape(self.w("notes"))}:</font> '
                    f"{self.clean(self.c.notes)}",
                    self.s.small,
                )
            )
        return out

    # scores -------------------------------------------------------------------------------------
    def _band_colour(self, percent: float | None) -> colors.Color:
        bands = self.c.grade_bands
        if percent is None or not bands:
            return GRID
        ranked = sorted(bands, reverse=True)
        for rank, low in enumerate(ranked):
            if percent >= low:
                return band_colour(rank, len(ranked))
        return band_colour(len(ranked) - 1, len(ranked))

    def score_summary(self) -> list[Flowable]:
        c, w, s = self.c, self.w, self.s
        grade_colour = BAD if c.failed_grade else self._band_colour(c.overall)
        grade_text = w.text(c.grade) or "—"
        overall = [
            self.label("overall"),
            self.p(f"{c.overall:.1f}", s.big_number),
        ]
        grade = [self.label("grade"), Spacer(1, 2 * mm), Chip(grade_text, grade_colour, s.font, 11)]
        if c.previous is not None:
            delta = c.overall - c.previous.overall
            sign = "+" if delta >= 0 else "-"
            colour = "#2B8A3E" if delta >= 0 else "#C92A2A"
            prev_text = (
                f'<font size="15" color="{colour}">{sign}{abs(delta):.1f}</font><br/>'
                f'<font color="#5F6670">{escape(self.time_text(c.previous.visit, "%Y-%m-%d"))}: '
                f"{c.previous.overall:.1f} {escape(w.text(c.previous.grade))}</font>"
            )
        else:
            prev_text = f'<font color="#5F6670">{escape(w("no_previous"))}</font>'
        previous = [self.label("change"), Spacer(1, 1 * mm), self.p(prev_text, s.small)]
        veto: list[Flowable] = [self.label("veto"), Spacer(1, 1 * mm)]
        sm = s.small
        if c.veto_hits:
            # one paragraph per line: a hanging closing mark before <br/> adds an empty line
            veto.append(self.p(f'<font color="#C92A2A">{escape(w("veto_hit"))}</font>', s.small))
            veto += [
                self.p(f'<font color="#C92A2A">{escape(i)}</font> {self.clean(self.short(t))}', sm)
                for i, t in c.veto_hits
            ]
        else:
            veto.append(self.p(escape(w("veto_none")), s.small))
        quarter = self.width / 4
        card = self.table(
            [[overall, grade, previous, veto]],
            colWidths=[quarter * 0.8, quarter * 0.9, quarter * 1.0, quarter * 1.3],
            style=TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.4, GRID),
                    ("LINEAFTER", (0, 0), (-2, -1), 0.4, GRID),
                    ("BACKGROUND", (0, 0), (-1, -1), CARD_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                    ("LEFTPADDING", (0, 0), (-1, -1), 7),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 9),  # room for a hanging 》
                ]
            ),
        )
        return [self.heading("score_summary"), card, Spacer(1, 3 * mm), *self.section_table()]

    def section_table(self) -> list[Flowable]:
        c, s = self.c, self.s
        has_prev = c.previous is not None
        head = [
            self.label("section"),
            self.label("weight", s.cell_head),
            self.label("score"),
            "",
        ]
        if has_prev:
            head.append(self.label("change"))
        head.append(self.label("failed_count"))
        widths = [0.0, 15 * mm, 16 * mm, 0.0]
        if has_prev:
            widths.append(16 * mm)
        widths.append(15 * mm)
        bar_w = 52 * mm
        widths[3] = bar_w + 8
        widths[0] = self.width - sum(widths)
        rows: list[list[Any]] = [head]
        for sec in c.sections:
            pct = "—" if sec.percent is None else f"{sec.percent:.1f}%"
            row: list[Any] = [
                self.t(sec.title),
                self.p(f"{sec.weight:g}", s.cell_right),
                self.p(pct, s.cell_right),
                ScoreBar(
                    sec.percent, self._band_colour(sec.percent), bar_w, 7, sec.previous_percent
                )
                if sec.percent is not None
                else self.p(escape(self.w("not_scored")), s.tiny),
            ]
            if has_prev:
                if sec.percent is not None and sec.previous_percent is not None:
                    d = sec.percent - sec.previous_percent
                    colour = "#2B8A3E" if d >= 0 else "#C92A2A"
                    sign = "+" if d >= 0 else "-"
                    row.append(
                        self.p(f'<font color="{colour}">{sign}{abs(d):.1f}</font>', s.cell_right)
                    )
                else:
                    row.append(self.p("—", s.cell_right))
            row.append(self.p(str(sec.failed) if sec.failed else "0", s.cell_right))
            rows.append(row)
        table = self.table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.3, GRID),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                ]
            )
        )
        out: list[Flowable] = [table]
        if has_prev:
            out.append(Spacer(1, 1.5 * mm))
            note = self.w.pick(
                "条形图中的竖线为上次检查的得分率。",
                "The tick on each bar marks the previous inspection's score.",
            )
            out.append(self.p(escape(note), s.tiny))
        return [KeepTogether(out)]

    # findings -----------------------------------------------------------------------------------
    def findings(self) -> list[Flowable]:
        out: list[Flowable] = [self.heading("findings")]
        if not self.c.findings:
            out.append(self.p(escape(self.w("no_findings")), self.s.body))
            return out
        counts = {sev: 0 for sev in SEVERITIES}
        for f in self.c.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        summary = "　".join(f"{escape(self.w.severity(sev))} {n}" for sev, n in counts.items() if n)
        total = len(self.c.findings)
        lead: list[Flowable] = [
            out.pop(),
            self.p(
                f'<font color="#5F6670">{total} {escape(self.w("finding_count"))}: '
                f"{summary}</font>",
                self.s.small,
            ),
        ]
        order = SEVERITIES + sorted({f.severity for f in self.c.findings} - set(SEVERITIES))
        for sev in order:
            group = [f for f in self.c.findings if f.severity == sev]
            if not group:
                continue
            colour = SEVERITY_COLOURS.get(sev, MUTED)
            chip = Chip(self.w.severity(sev), colour, self.s.font, 8.5)
            count = self.p(
                f'<font color="#5F6670">{len(group)} {escape(self.w("finding_count"))}</font>',
                self.s.small,
            )
            head = self.table(
                [[chip, count]],
                colWidths=[chip.width + 6, self.width - chip.width - 6],
                hAlign="LEFT",
                style=TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ]
                ),
            )
            for i, finding in enumerate(group):
                card, rest = self.finding_card(finding)
                if i == 0:  # headings never stay behind alone at the foot of a page
                    card = [*lead, Spacer(1, 3 * mm), head, Spacer(1, 2 * mm), *card]
                    lead = []
                out.append(KeepTogether(card))
                out += rest
        return out

    def finding_card(self, f: FindingView) -> tuple[list[Flowable], list[Flowable]]:
        """The card with its first row of photos (kept together), and the rest."""
        s, w = self.s, self.w
        colour = SEVERITY_COLOURS.get(f.severity, MUTED)
        item = f'<font color="#5F6670">{escape(f.item_id)}</font>  ' if f.item_id else ""
        title = self.t(f.item_text, s.body)
        title_markup = f"<font size='10'>{f.number}.</font>  {item}{title.text}"
        deducted = ""
        if f.points_deducted:
            deducted = (
                f'<font color="#C92A2A">-{f.points_deducted:g}</font> '
                f'<font color="#5F6670" size="7.5">{escape(w("points"))}</font>'
            )
        rows: list[list[Any]] = [
            [
                self.p(title_markup, s.body),
                "",
                self.p(deducted, _right(s.body)),
            ]
        ]
        details: list[tuple[str, Any]] = []
        if f.section is not None:
            details.append(("section", self.t(f.section)))
        if f.observation.strip():
            details.append(("observation", self.t(f.observation)))
        if f.deduction_reason.strip() and f.deduction_reason.strip() != f.observation.strip():
            details.append(("deduction_reason", self.t(f.deduction_reason)))
        details.append(("requirement", self.t(f.requirement)))
        label_w = 22 * mm if w.lang is Lang.ZH else 30 * mm
        for key, value in details:
            rows.append([self.label(key), value, ""])
        rows.append(
            [
                self.label("responsible"),
                self.p(
                    f"{self.clean(f.responsible) or '—'}"
                    f'　　<font color="#5F6670">{escape(w("due"))}:</font> '
                    f'<font color="{colour.hexval().replace("0x", "#")}">'
                    f"{self.date_text(f.due_date)}</font>",
                    s.cell,
                ),
                "",
            ]
        )
        table = self.table(
            rows,
            colWidths=[label_w, self.width - label_w - 24 * mm, 24 * mm],
            style=TableStyle(
                [
                    ("SPAN", (0, 0), (1, 0)),
                    *[("SPAN", (1, r), (2, r)) for r in range(1, len(rows))],
                    ("BACKGROUND", (0, 0), (-1, 0), CARD_FILL),
                    ("LINEBEFORE", (0, 0), (0, -1), 2.2, colour),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.4, GRID),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.4, GRID),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("VALIGN", (2, 0), (2, 0), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("TOPPADDING", (0, 0), (-1, 0), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ]
            ),
        )
        kept: list[Flowable] = [table]
        rest: list[Flowable] = []
        if f.photos:
            rows = self.photo_rows(f.photos)
            kept += [Spacer(1, 2 * mm), rows[0]]
            rest += rows[1:]
        rest.append(Spacer(1, 4 * mm))
        return kept, rest

    def photo_rows(self, photos: list[PhotoRef]) -> list[Table]:
        """The photos in rows of PHOTO_COLUMNS, one table per row (a page may fall between)."""
        cols = PHOTO_COLUMNS
        box_w, box_h = photo_box(self.width, len(photos))
        prepared: list[PrintImage | ImageProblem] = [
            self.images.get((ref.sha256, box_w, box_h)) or ImageProblem("not prepared")
            for ref in photos
        ]
        # Each row is as tall as its tallest photo (landscape rows need less than the box).
        heights = [
            fit(img.aspect, 1.0, box_w, box_h)[1] if isinstance(img, PrintImage) else box_h * 0.6
            for img in prepared
        ]
        cells: list[Any] = []
        for index, (ref, image) in enumerate(zip(photos, prepared, strict=True)):
            row_start = index - index % cols
            row_h = max(heights[row_start : row_start + cols])
            cap = f"{escape(self.w('photo'))} {ref.number}"
            if ref.caption.strip():
                cap += f"　{self.clean(ref.caption)}"
            if ref.taken_at is not None:
                cap += f'　<font color="#8B929B">{ref.taken_at:%Y-%m-%d %H:%M}</font>'
            cells.append(
                PhotoBox(
                    image,
                    box_w,
                    row_h,
                    self.p(cap, self.s.caption),
                    problem_text=self.w("photo_missing") + f"  ({ref.sha256[:10]})",
                    font=self.s.font,
                )
            )
        widths = [box_w + (PHOTO_GAP if i < cols - 1 else 0) for i in range(cols)]
        style = TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
        tables = []
        for start in range(0, len(cells), cols):
            row = cells[start : start + cols]
            row += [""] * (cols - len(row))
            tables.append(self.table([row], colWidths=widths, hAlign="LEFT", style=style))
        return tables

    def other_photos(self) -> list[Flowable]:
        head = self.p(escape(self.w("other_photos")), self.s.h2)
        rows = self.photo_rows(self.c.other_photos)
        return [KeepTogether([head, rows[0]]), *rows[1:]]

    # mystery timings ----------------------------------------------------------------------------
    def timings(self) -> list[Flowable]:
        s, w = self.s, self.w
        out: list[Flowable] = [self.heading("timings")]
        entry = next((t.at for t in self.c.timers if t.at is not None), None)
        rows: list[list[Any]] = [
            [self.label("checkpoint"), "", self.label("time"), self.label("since_entry")]
        ]
        for t in self.c.timers:
            since = "—"
            if t.at is not None and entry is not None:
                since = _duration(max(0.0, (t.at - entry).total_seconds()))
            rows.append(
                [
                    self.p(escape(t.checkpoint), s.cell),
                    self.t(t.label),
                    self.p(
                        self.time_text(t.at, "%H:%M:%S") if t.at else escape(w("not_marked")),
                        s.cell,
                    ),
                    self.p(since, s.cell_right),
                ]
            )
        left_w = self.width * 0.47
        marks = self.table(
            rows,
            colWidths=[12 * mm, left_w - 12 * mm - 34 * mm, 18 * mm, 16 * mm],
            repeatRows=1,
            hAlign="LEFT",
            style=_list_style(),
        )
        marks.setStyle(TableStyle([("SPAN", (0, 0), (1, 0))]))
        drows: list[list[Any]] = [
            [self.label("measure"), self.label("value"), self.label("result")]
        ]
        for d in self.c.durations:
            if d.achievement is None:
                chip: Any = ""
            elif d.achievement >= 1:
                chip = Chip(w("ok"), GOOD, s.font, 7)
            elif d.achievement > 0:
                chip = Chip(w("partly"), colors.HexColor("#E67700"), s.font, 7)
            else:
                chip = Chip(w("not_ok"), BAD, s.font, 7)
            value = _duration(d.seconds) if d.seconds is not None else w("not_marked")
            drows.append([self.t(d.text), self.p(value, s.cell_right), chip])
        right_w = self.width - left_w - 5 * mm
        chip_w = max([20 * mm] + [r[2].width + 7 for r in drows[1:] if isinstance(r[2], Chip)])
        durations = self.table(
            drows,
            colWidths=[right_w - 16 * mm - chip_w, 16 * mm, chip_w],
            repeatRows=1,
            hAlign="LEFT",
            style=_list_style(),
        )
        if not self.c.durations:
            out.append(marks)
            return out
        side = self.table(
            [[marks, durations]],
            colWidths=[left_w + 5 * mm, right_w],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
        out.append(side)
        return out

    # rectification table ------------------------------------------------------------------------
    def rectification_table(self) -> list[Flowable]:
        s, w = self.s, self.w
        out: list[Flowable] = [CondPageBreak(70 * mm), self.heading("rect_table")]
        out.append(self.p(escape(w("rect_intro")), s.small))
        out.append(Spacer(1, 2.5 * mm))
        head = [
            self.label("no", s.cell_head),
            self.label("item"),
            self.label("severity"),
            self.label("due"),
            self.label("responsible"),
            self.label("measures"),
            self.label("completed"),
        ]
        fixed = [9 * mm, 0.0, 15 * mm, 19 * mm, 21 * mm, 45 * mm, 19 * mm]
        fixed[1] = self.width - sum(fixed)
        rows: list[list[Any]] = [head]
        for f in self.c.findings:
            item = f"{escape(f.item_id)} " if f.item_id else ""
            rows.append(
                [
                    self.p(str(f.number), s.cell_center),
                    self.p(
                        f'<font color="#5F6670">{item}</font>{self.t(f.item_text).text}', s.cell
                    ),
                    self.p(
                        f'<font color="{_hex(SEVERITY_COLOURS.get(f.severity, MUTED))}">'
                        f"{escape(w.severity(f.severity, sep=chr(10))).replace(chr(10), '<br/>')}"
                        "</font>",
                        s.cell,
                    ),
                    self.p(self.date_text(f.due_date), s.cell),
                    self.p(self.clean(f.responsible), s.cell),
                    Spacer(1, 11 * mm),  # room to write by hand
                    "",
                ]
            )
        out.append(self.table(rows, colWidths=fixed, repeatRows=1, style=_grid_style()))
        return out

    # office copy --------------------------------------------------------------------------------
    def internal(self) -> list[Flowable]:
        c, s, w = self.c, self.s, self.w
        if not (c.internal_notes or c.comments or c.reviews):  # the alias is in the header
            return []
        out: list[Flowable] = [self.heading("internal")]
        if c.internal_notes:
            out.append(self.p(escape(w("internal_notes")), s.h2))
            out.append(self.p(self.clean(c.internal_notes), s.small))
        if c.comments:
            out.append(self.p(escape(w("item_comments")), s.h2))
            rows = [
                [
                    self.p(escape(x.item_id), s.cell),
                    self.p(self.clean(x.text), s.cell),
                    self.p(f"{self.clean(x.author)}<br/>{self.time_text(x.at)}", s.cell),
                ]
                for x in c.comments
            ]
            out.append(
                self.table(
                    rows, colWidths=[20 * mm, self.width - 60 * mm, 40 * mm], style=_list_style()
                )
            )
        if c.reviews:
            out.append(self.p(escape(w("reviews")), s.h2))
            rows = [
                [
                    self.p(self.time_text(r.at), s.cell),
                    self.p(self.clean(r.reviewer), s.cell),
                    self.p(
                        escape(w(f"review_{r.decision}"))
                        if f"review_{r.decision}" in LABELS
                        else self.clean(r.decision),
                        s.cell,
                    ),
                    self.p(self.clean(r.comment), s.cell),
                ]
                for r in c.reviews
            ]
            out.append(
                self.table(
                    rows,
                    colWidths=[30 * mm, 30 * mm, 20 * mm, self.width - 80 * mm],
                    style=_list_style(),
                )
            )
        return out

    # signatures ---------------------------------------------------------------------------------
    def signature_blocks(self) -> list[Flowable]:
        c, s, w = self.c, self.s, self.w
        by_role: dict[str, list[int]] = {}
        for i, sig in enumerate(c.signatures):
            by_role.setdefault(sig.role, []).append(i)
        roles = ["inspector", "manager"]
        if c.lead or "lead" in by_role:
            roles.append("lead")
        roles += sorted(set(by_role) - set(roles))
        blocks: list[list[Flowable]] = []
        for role in roles:
            indices = by_role.get(role) or [-1]
            for index in indices:
                blocks.append(self._signature_block(role, index))
        cols = 3
        col_w = self.width / cols
        rows = [blocks[i : i + cols] for i in range(0, len(blocks), cols)]
        rows[-1] += [[]] * (cols - len(rows[-1]))
        grid = self.table(
            rows,
            colWidths=[col_w] * cols,
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * mm),
                ]
            ),
        )
        return [
            KeepTogether(
                [
                    self.heading("signatures"),
                    self.p(escape(w("sign_receipt")), s.small),
                    Spacer(1, 5 * mm),
                    grid,
                ]
            )
        ]

    def _signature_block(self, role: str, index: int) -> list[Flowable]:
        s, w = self.s, self.w
        sig = self.c.signatures[index] if index >= 0 else None
        width = SIGNATURE_BOX[0]
        label_key = {
            "inspector": "sign_inspector",
            "manager": "sign_manager",
            "lead": "sign_lead",
        }.get(role)
        title = w(label_key) if label_key else role
        withheld = sig is not None and not sig.name and sig.image is None
        image = self.signature_images.get(index) if sig is not None else None
        name = sig.name if sig is not None else ""
        when = self.time_text(sig.signed_at, "%Y-%m-%d") if sig and sig.signed_at else ""
        out: list[Flowable] = [self.p(f"{escape(title)}", s.small)]
        if withheld:
            name = w("withheld")
            out.append(Spacer(1, SIGNATURE_BOX[1] - 11))
            out.append(self.p(escape(w("signed_withheld")), s.tiny))
        else:
            out.append(SignatureImage(image, width, SIGNATURE_BOX[1]))
        out.append(Spacer(1, 1.5 * mm))
        out.append(
            self.p(
                f'<font color="#5F6670">{escape(w("sign_name"))}:</font> {self.clean(name)}',
                s.small,
            )
        )
        out.append(
            self.p(f'<font color="#5F6670">{escape(w("sign_date"))}:</font> {when}', s.small)
        )
        return out


def _label(key: str) -> tuple[str, str]:
    return LABELS[key]


def _zh_number(n: int) -> str:
    if 1 <= n <= 10:
        return ZH_NUMERALS[n - 1]
    if n < 20:
        return "十" + ZH_NUMERALS[n - 11]
    return str(n)


def _intro_lines(words: Words) -> list[str]:
    zh, en = _label("intro")
    if words.lang is Lang.ZH:
        return [escape(zh)]
    if words.lang is Lang.EN:
        return [escape(en)]
    return [escape(zh), f'<font color="#5F6670">{escape(en)}</font>']


def _indent(style: Any, lang: Lang) -> Any:
    if lang is Lang.EN:
        return style
    return ParagraphStyle("indent", parent=style, firstLineIndent=2 * style.fontSize)


def _right(style: Any) -> Any:
    return ParagraphStyle(style.name + "-r", parent=style, alignment=TA_RIGHT)


def _hex(colour: colors.Color) -> str:
    return "#" + colour.hexval()[2:]


def utc_offset(when: datetime) -> str:
    offset = when.utcoffset()
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def _list_style() -> TableStyle:
    return TableStyle(
        [
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )


def _grid_style() -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("VALIGN", (0, 1), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3.5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3.5),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ]
    )
