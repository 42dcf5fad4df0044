"""The office copy's internal section: notes, the lead's item comments, reviews."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from bqinspect.report.kit import StoryKit, list_style
from bqinspect.report.labels import LABELS


def internal(k: StoryKit) -> list[Flowable]:
    c, s, w = k.c, k.s, k.w
    if not (c.internal_notes or c.comments or c.reviews):  # the alias is in the header
        return []
    out: list[Flowable] = [k.heading("internal")]
    if c.internal_notes:
        out.append(k.p(escape(w("internal_notes")), s.h2))
        out.append(k.p(k.clean(c.internal_notes), s.small))
    if c.comments:
        out.append(k.p(escape(w("item_comments")), s.h2))
        rows = [
            [
                k.p(escape(x.item_id), s.cell),
                k.p(k.clean(x.text), s.cell),
                k.p(f"{k.clean(x.author)}<br/>{k.time_text(x.at)}", s.cell),
            ]
            for x in c.comments
        ]
        out.append(
            k.table(rows, colWidths=[20 * mm, k.width - 60 * mm, 40 * mm], style=list_style())
        )
    if c.reviews:
        out.append(k.p(escape(w("reviews")), s.h2))
        rows = [
            [
                k.p(k.time_text(r.at), s.cell),
                k.p(k.clean(r.reviewer), s.cell),
                k.p(
                    escape(w(f"review_{r.decision}"))
                    if f"review_{r.decision}" in LABELS
                    else k.clean(r.decision),
                    s.cell,
                ),
                k.p(k.clean(r.comment), s.cell),
            ]
            for r in c.reviews
        ]
        out.append(
            k.table(
                rows,
                colWidths=[30 * mm, 30 * mm, 20 * mm, k.width - 80 * mm],
                style=list_style(),
            )
        )
    return out
