"""Mystery-shopping timings: checkpoint marks and the durations derived from them."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, TableStyle

from bqinspect.report.flowables import Chip
from bqinspect.report.kit import StoryKit, list_style
from bqinspect.report.styles import BAD, GOOD


def timings(k: StoryKit) -> list[Flowable]:
    s, w = k.s, k.w
    out: list[Flowable] = [k.heading("timings")]
    entry = next((t.at for t in k.c.timers if t.at is not None), None)
    rows: list[list[Any]] = [[k.label("checkpoint"), "", k.label("time"), k.label("since_entry")]]
    for t in k.c.timers:
        since = "—"
        if t.at is not None and entry is not None:
            since = duration_text(max(0.0, (t.at - entry).total_seconds()))
        rows.append(
            [
                k.p(escape(t.checkpoint), s.cell),
                k.t(t.label),
                k.p(
                    k.time_text(t.at, "%H:%M:%S") if t.at else escape(w("not_marked")),
                    s.cell,
                ),
                k.p(since, s.cell_right),
            ]
        )
    left_w = k.width * 0.47
    marks = k.table(
        rows,
        colWidths=[12 * mm, left_w - 12 * mm - 34 * mm, 18 * mm, 16 * mm],
        repeatRows=1,
        hAlign="LEFT",
        style=list_style(),
    )
    marks.setStyle(TableStyle([("SPAN", (0, 0), (1, 0))]))
    drows: list[list[Any]] = [[k.label("measure"), k.label("value"), k.label("result")]]
    for d in k.c.durations:
        if d.achievement is None:
            chip: Any = ""
        elif d.achievement >= 1:
            chip = Chip(w("ok"), GOOD, s.font, 7)
        elif d.achievement > 0:
            chip = Chip(w("partly"), colors.HexColor("#E67700"), s.font, 7)
        else:
            chip = Chip(w("not_ok"), BAD, s.font, 7)
        value = duration_text(d.seconds) if d.seconds is not None else w("not_marked")
        drows.append([k.t(d.text), k.p(value, s.cell_right), chip])
    right_w = k.width - left_w - 5 * mm
    chip_w = max([20 * mm] + [r[2].width + 7 for r in drows[1:] if isinstance(r[2], Chip)])
    durations = k.table(
        drows,
        colWidths=[right_w - 16 * mm - chip_w, 16 * mm, chip_w],
        repeatRows=1,
        hAlign="LEFT",
        style=list_style(),
    )
    if not k.c.durations:
        out.append(marks)
        return out
    side = k.table(
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


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
