"""The score summary: overall card, change vs the previous inspection, section table with bars."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle

from bqinspect.report.flowables import Chip, ScoreBar
from bqinspect.report.kit import StoryKit
from bqinspect.report.styles import BAD, CARD_FILL, GRID, MUTED, band_colour


def band_colour_of(k: StoryKit, percent: float | None) -> colors.Color:
    bands = k.c.grade_bands
    if percent is None or not bands:
        return GRID
    ranked = sorted(bands, reverse=True)
    for rank, low in enumerate(ranked):
        if percent >= low:
            return band_colour(rank, len(ranked))
    return band_colour(len(ranked) - 1, len(ranked))


def score_summary(k: StoryKit) -> list[Flowable]:
    c, w, s = k.c, k.w, k.s
    grade_colour = BAD if c.failed_grade else band_colour_of(k, c.overall)
    grade_text = w.text(c.grade) or "—"
    overall = [
        k.label("overall"),
        k.p(f"{c.overall:.1f}", s.big_number),
    ]
    grade = [k.label("grade"), Spacer(1, 2 * mm), Chip(grade_text, grade_colour, s.font, 11)]
    if c.previous is not None:
        delta = c.overall - c.previous.overall
        sign = "+" if delta >= 0 else "-"
        colour = "#2B8A3E" if delta >= 0 else "#C92A2A"
        prev_text = (
            f'<font size="15" color="{colour}">{sign}{abs(delta):.1f}</font><br/>'
            f'<font color="#5F6670">{escape(k.time_text(c.previous.visit, "%Y-%m-%d"))}: '
            f"{c.previous.overall:.1f} {escape(w.text(c.previous.grade))}</font>"
        )
    else:
        prev_text = f'<font color="#5F6670">{escape(w("no_previous"))}</font>'
    previous = [k.label("change"), Spacer(1, 1 * mm), k.p(prev_text, s.small)]
    veto: list[Flowable] = [k.label("veto"), Spacer(1, 1 * mm)]
    sm = s.small
    if c.veto_hits:
        # one paragraph per line: a hanging closing mark before <br/> adds an empty line
        veto.append(k.p(f'<font color="#C92A2A">{escape(w("veto_hit"))}</font>', s.small))
        veto += [
            k.p(f'<font color="#C92A2A">{escape(i)}</font> {k.clean(k.short(t))}', sm)
            for i, t in c.veto_hits
        ]
    else:
        veto.append(k.p(escape(w("veto_none")), s.small))
    quarter = k.width / 4
    card = k.table(
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
    return [k.heading("score_summary"), card, Spacer(1, 3 * mm), *section_table(k)]


def section_table(k: StoryKit) -> list[Flowable]:
    c, s = k.c, k.s
    has_prev = c.previous is not None
    head = [
        k.label("section"),
        k.label("weight", s.cell_head),
        k.label("score"),
        "",
    ]
    if has_prev:
        head.append(k.label("change"))
    head.append(k.label("failed_count"))
    widths = [0.0, 15 * mm, 16 * mm, 0.0]
    if has_prev:
        widths.append(16 * mm)
    widths.append(15 * mm)
    bar_w = 52 * mm
    widths[3] = bar_w + 8
    widths[0] = k.width - sum(widths)
    rows: list[list[Any]] = [head]
    for sec in c.sections:
        pct = "—" if sec.percent is None else f"{sec.percent:.1f}%"
        row: list[Any] = [
            k.t(sec.title),
            k.p(f"{sec.weight:g}", s.cell_right),
            k.p(pct, s.cell_right),
            ScoreBar(sec.percent, band_colour_of(k, sec.percent), bar_w, 7, sec.previous_percent)
            if sec.percent is not None
            else k.p(escape(k.w("not_scored")), s.tiny),
        ]
        if has_prev:
            if sec.percent is not None and sec.previous_percent is not None:
                d = sec.percent - sec.previous_percent
                colour = "#2B8A3E" if d >= 0 else "#C92A2A"
                sign = "+" if d >= 0 else "-"
                row.append(k.p(f'<font color="{colour}">{sign}{abs(d):.1f}</font>', s.cell_right))
            else:
                row.append(k.p("—", s.cell_right))
        row.append(k.p(str(sec.failed) if sec.failed else "0", s.cell_right))
        rows.append(row)
    table = k.table(rows, colWidths=widths, repeatRows=1)
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
        note = k.w.pick(
            "条形图中的竖线为上次检查的得分率。",
            "The tick on each bar marks the previous inspection's score.",
        )
        out.append(k.p(escape(note), s.tiny))
    return [KeepTogether(out)]
