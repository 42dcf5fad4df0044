"""The rectification table the branch fills in and returns."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from bqinspect.report.kit import StoryKit, grid_style, hex_of
from bqinspect.report.styles import MUTED, SEVERITY_COLOURS


def rectification_table(k: StoryKit) -> list[Flowable]:
    s, w = k.s, k.w
    out: list[Flowable] = [CondPageBreak(70 * mm), k.heading("rect_table")]
    out.append(k.p(escape(w("rect_intro")), s.small))
    out.append(Spacer(1, 2.5 * mm))
    head = [
        k.label("no", s.cell_head),
        k.label("item"),
        k.label("severity"),
        k.label("due"),
        k.label("responsible"),
        k.label("measures"),
        k.label("completed"),
    ]
    fixed = [9 * mm, 0.0, 15 * mm, 19 * mm, 21 * mm, 45 * mm, 19 * mm]
    fixed[1] = k.width - sum(fixed)
    rows: list[list[Any]] = [head]
    for f in k.c.findings:
        item = f"{escape(f.item_id)} " if f.item_id else ""
        rows.append(
            [
                k.p(str(f.number), s.cell_center),
                k.p(f'<font color="#5F6670">{item}</font>{k.t(f.item_text).text}', s.cell),
                k.p(
                    f'<font color="{hex_of(SEVERITY_COLOURS.get(f.severity, MUTED))}">'
                    f"{escape(w.severity(f.severity, sep=chr(10))).replace(chr(10), '<br/>')}"
                    "</font>",
                    s.cell,
                ),
                k.p(k.date_text(f.due_date), s.cell),
                k.p(k.clean(f.responsible), s.cell),
                Spacer(1, 11 * mm),  # room to write by hand
                "",
            ]
        )
    out.append(k.table(rows, colWidths=fixed, repeatRows=1, style=grid_style()))
    return out
