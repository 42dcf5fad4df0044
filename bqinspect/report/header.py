"""The notice's head: title block, key/value header table and the opening lines."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, HRFlowable, Image, Paragraph, Spacer, TableStyle

from bqinspect.domain.forms import Kind
from bqinspect.report.kit import StoryKit, label_pair, right_aligned
from bqinspect.report.labels import LABELS, Lang, Words
from bqinspect.report.styles import ACCENT, GRID, HEAD_FILL


def title_block(k: StoryKit) -> list[Flowable]:
    s = k.s
    left: list[Flowable] = []
    if k.c.logo:
        try:
            reader = ImageReader(io.BytesIO(k.c.logo))
            iw, ih = reader.getSize()
            h = 12 * mm
            w = min(45 * mm, h * iw / ih)
            left.append(Image(io.BytesIO(k.c.logo), width=w, height=w * ih / iw))
        except Exception:  # a broken logo must not stop the report
            left = []
    bank = k.c.bank_name.strip()
    bank_para = k.p(
        f'<font size="12" color="#1F2328">{k.clean(bank)}</font>' if bank else "",
        s.body,
    )
    copy_key = "copy_office" if k.c.audience.value == "office" else "copy_branch"
    right = k.p(
        f'<font color="#B3261E">{escape(k.w(copy_key))}</font><br/>'
        f'{escape(k.w("report_no"))}: <font name="{s.mono}" size="8">'
        f"{escape(k.c.report_no)}</font>",
        right_aligned(s.small),
    )
    logo_cell: Any = left[0] if left else ""
    top = k.table(
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
    zh, en = label_pair("title")
    if k.w.lang is Lang.EN:
        title = [k.p(escape(en), s.title)]
    else:
        # letter-spaced like a printed notice
        title = [k.p("&nbsp;".join(escape(ch) for ch in zh), s.title)]
        if k.w.lang is Lang.BOTH:
            title.append(k.p(escape(en.upper()), s.subtitle))
    return [
        top,
        Spacer(1, 5 * mm),
        *title,
        Spacer(1, 2.5 * mm),
        HRFlowable(width="100%", thickness=1.6, color=ACCENT, spaceAfter=1.2),
        HRFlowable(width="100%", thickness=0.5, color=ACCENT, spaceAfter=4 * mm),
    ]


def header_table(k: StoryKit) -> list[Flowable]:
    c, w = k.c, k.w
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
            row.append(k.label(key) if key else "")
            row.append(value if isinstance(value, Paragraph) else k.t(value))
        rows.append(row)
    label_w = 24 * mm if k.w.lang is Lang.ZH else 30 * mm
    value_w = k.width / 2 - label_w
    table = k.table(rows, colWidths=[label_w, value_w, label_w, value_w])
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


def intro(k: StoryKit) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, 4 * mm)]
    addressee = k.clean(k.c.branch.name)
    colon = ":" if k.w.lang is Lang.EN else "："
    out.append(k.p(f"{addressee}{colon}", k.s.body))
    out.append(Spacer(1, 1 * mm))
    for text in intro_lines(k.w):
        out.append(k.p(text, indent(k.s.body, k.w.lang)))
    if k.c.notes.strip():
        out.append(Spacer(1, 2 * mm))
        out.append(
            k.p(
                f'<font color="#5F6670">{escape(k.w("notes"))}:</font> {k.clean(k.c.notes)}',
                k.s.small,
            )
        )
    return out


def intro_lines(words: Words) -> list[str]:
    zh, en = label_pair("intro")
    if words.lang is Lang.ZH:
        return [escape(zh)]
    if words.lang is Lang.EN:
        return [escape(en)]
    return [escape(zh), f'<font color="#5F6670">{escape(en)}</font>']


def indent(style: Any, lang: Lang) -> Any:
    if lang is Lang.EN:
        return style
    return ParagraphStyle("indent", parent=style, firstLineIndent=2 * style.fontSize)


def utc_offset(when: datetime) -> str:
    offset = when.utcoffset()
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
