"""The shared toolkit of the report's parts: text helpers, page-breaking table, table styles."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from bqinspect.domain.forms import Text
from bqinspect.report.content import ReportContent
from bqinspect.report.images import ImageProblem, PrintImage
from bqinspect.report.labels import LABELS, Lang, Words
from bqinspect.report.styles import GRID, HEAD_FILL, INK, MUTED, Styles

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
TALL_ROW = 300.0  # points: a table row taller than this may be split across pages


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


class FlowParagraph(Paragraph):
    """A paragraph that breaks its lines once per width.

    reportlab wraps a paragraph again every time a table, a kept-together group or a page
    split measures it, and each wrap breaks every line anew; the lines depend on the width only.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        cache: dict[float, tuple[Any, Any, float]] | None = self.__dict__.get("_wrapped")
        if cache is None:
            cache = self.__dict__["_wrapped"] = {}
        hit = cache.get(availWidth)
        if hit is None:
            width, height = super().wrap(availWidth, availHeight)
            if width == availWidth:  # not the "cannot fit here" answer
                cache[availWidth] = (self.__dict__["blPara"], self.__dict__["_wrapWidths"], height)
            return width, height
        self.width = availWidth
        self.__dict__["blPara"], self.__dict__["_wrapWidths"], self.height = hit
        return availWidth, self.height


class StoryKit:
    """What every part of the story needs: the content, words, styles, width and text helpers."""

    def __init__(
        self,
        content: ReportContent,
        words: Words,
        styles: Styles,
        width: float,
        images: Mapping[tuple[str, float, float], PrintImage | ImageProblem],
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
        self._parsed: dict[tuple[str, int], tuple[str, Any, list[Any]]] = {}

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
        """A paragraph; markup that recurs (labels, severities, dates) is parsed only once."""
        style = style or self.s.body
        key = (text, id(style))
        parsed = self._parsed.get(key)
        if parsed is None:
            para = FlowParagraph(text, style)
            self._parsed[key] = (para.text, para.style, para.frags)
            return para
        cleaned, parsed_style, frags = parsed
        # each paragraph gets its own fragments: reportlab may change them when it splits one
        return FlowParagraph(cleaned, parsed_style, frags=[f.clone() for f in frags])

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
        zh, en = label_pair(key)
        if self.w.lang is Lang.EN:
            text = f"{n}. {escape(en)}"
        elif self.w.lang is Lang.ZH:
            text = f"{zh_number(n)}、{escape(zh)}"
        else:
            text = (
                f'{zh_number(n)}、{escape(zh)} <font size="9" color="#5F6670">{escape(en)}</font>'
            )
        return self.p(text, self.s.h1)

    def date_text(self, when: date | None) -> str:
        return when.isoformat() if when else "—"

    def time_text(self, when: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
        return self.c.local(when).strftime(fmt) if when else "—"


def label_pair(key: str) -> tuple[str, str]:
    return LABELS[key]


def zh_number(n: int) -> str:
    if 1 <= n <= 10:
        return ZH_NUMERALS[n - 1]
    if n < 20:
        return "十" + ZH_NUMERALS[n - 11]
    return str(n)


def right_aligned(style: Any) -> Any:
    return ParagraphStyle(style.name + "-r", parent=style, alignment=TA_RIGHT)


def hex_of(colour: colors.Color) -> str:
    return "#" + colour.hexval()[2:]


def list_style() -> TableStyle:
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


def grid_style() -> TableStyle:
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
