"""Findings grouped by severity, each a card with its photos."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle

from bqinspect.report.content import SEVERITIES, FindingView
from bqinspect.report.flowables import Chip
from bqinspect.report.kit import StoryKit, right_aligned
from bqinspect.report.labels import Lang
from bqinspect.report.photo_grid import photo_rows
from bqinspect.report.staff import concerns_markup
from bqinspect.report.styles import CARD_FILL, GRID, MUTED, SEVERITY_COLOURS


def findings(k: StoryKit) -> list[Flowable]:
    out: list[Flowable] = [k.heading("findings")]
    if not k.c.findings:
        out.append(k.p(escape(k.w("no_findings")), k.s.body))
        return out
    counts = {sev: 0 for sev in SEVERITIES}
    for f in k.c.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    summary = "　".join(f"{escape(k.w.severity(sev))} {n}" for sev, n in counts.items() if n)
    total = len(k.c.findings)
    lead: list[Flowable] = [
        out.pop(),
        k.p(
            f'<font color="#5F6670">{total} {escape(k.w("finding_count"))}: {summary}</font>',
            k.s.small,
        ),
    ]
    order = SEVERITIES + sorted({f.severity for f in k.c.findings} - set(SEVERITIES))
    for sev in order:
        group = [f for f in k.c.findings if f.severity == sev]
        if not group:
            continue
        colour = SEVERITY_COLOURS.get(sev, MUTED)
        chip = Chip(k.w.severity(sev), colour, k.s.font, 8.5)
        count = k.p(
            f'<font color="#5F6670">{len(group)} {escape(k.w("finding_count"))}</font>',
            k.s.small,
        )
        head = k.table(
            [[chip, count]],
            colWidths=[chip.width + 6, k.width - chip.width - 6],
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
            card, rest = finding_card(k, finding)
            if i == 0:  # headings never stay behind alone at the foot of a page
                card = [*lead, Spacer(1, 3 * mm), head, Spacer(1, 2 * mm), *card]
                lead = []
            out.append(KeepTogether(card))
            out += rest
    return out


def finding_card(k: StoryKit, f: FindingView) -> tuple[list[Flowable], list[Flowable]]:
    """The card with its first row of photos (kept together), and the rest."""
    s, w = k.s, k.w
    colour = SEVERITY_COLOURS.get(f.severity, MUTED)
    item = f'<font color="#5F6670">{escape(f.item_id)}</font>  ' if f.item_id else ""
    title = k.t(f.item_text, s.body)
    title_markup = f"<font size='10'>{f.number}.</font>  {item}{title.text}"
    deducted = ""
    if f.points_deducted:
        points = f"-{f.points_deducted:g}"
        if f.appeal == "overturned":  # restored on appeal: struck through
            points = f"<strike>{points}</strike>"
        deducted = (
            f'<font color="#C92A2A">{points}</font> '
            f'<font color="#5F6670" size="7.5">{escape(w("points"))}</font>'
        )
    rows: list[list[Any]] = [
        [
            k.p(title_markup, s.body),
            "",
            k.p(deducted, right_aligned(s.body)),
        ]
    ]
    details: list[tuple[str, Any]] = []
    if f.section is not None:
        details.append(("section", k.t(f.section)))
    if f.observation.strip():
        details.append(("observation", k.t(f.observation)))
    if f.deduction_reason.strip() and f.deduction_reason.strip() != f.observation.strip():
        details.append(("deduction_reason", k.t(f.deduction_reason)))
    if f.appeal:
        decided = escape(w(f"appeal_{f.appeal}"))
        reason = f"：{k.clean(f.appeal_reason)}" if f.appeal_reason.strip() else ""
        details.append(("appeal", k.p(f"<b>{decided}</b>{reason}", s.cell)))
    details.append(("requirement", k.t(f.requirement)))
    if f.basis:
        details.append(("basis", k.t(f.basis)))
    label_w = 22 * mm if w.lang is Lang.ZH else 30 * mm
    if f.concerns is not None:
        details.append(("concerns", k.p(concerns_markup(w, f.concerns), s.cell)))
    for key, value in details:
        rows.append([k.label(key), value, ""])
    rows.append(
        [
            k.label("responsible"),
            k.p(
                f"{k.clean(f.responsible) or '—'}"
                f'　　<font color="#5F6670">{escape(w("due"))}:</font> '
                f'<font color="{colour.hexval().replace("0x", "#")}">'
                f"{k.date_text(f.due_date)}</font>",
                s.cell,
            ),
            "",
        ]
    )
    table = k.table(
        rows,
        colWidths=[label_w, k.width - label_w - 24 * mm, 24 * mm],
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
        rows = photo_rows(k, f.photos)
        kept += [Spacer(1, 2 * mm), rows[0]]
        rest += rows[1:]
    rest.append(Spacer(1, 4 * mm))
    return kept, rest
