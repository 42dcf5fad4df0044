"""The summary's charts, drawn with reportlab graphics: score trend, section bars, grade mix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from bqinspect.report.styles import BAND_COLOURS, GRID, INK, MUTED, band_colour

LINE = colors.HexColor("#1864AB")
BAR = colors.HexColor("#4C6EF5")


@dataclass(frozen=True)
class Point:
    label: str
    value: float


def _drawing(width: float, height: float, font: str) -> Drawing:
    """A drawing whose initial font is the report font (no unembedded standard font named)."""
    d = Drawing(width, height)
    d.initialFontName = font
    return d


def _frame(
    d: Drawing, x0: float, y0: float, w: float, h: float, lo: float, hi: float, font: str
) -> None:
    """Horizontal grid lines with their values on the left."""
    steps = 4
    for i in range(steps + 1):
        y = y0 + h * i / steps
        d.add(Line(x0, y, x0 + w, y, strokeColor=GRID, strokeWidth=0.4))
        value = lo + (hi - lo) * i / steps
        d.add(
            String(
                x0 - 3,
                y - 2.5,
                f"{value:.0f}",
                fontName=font,
                fontSize=6.5,
                fillColor=MUTED,
                textAnchor="end",
            )
        )


def _range(values: Sequence[float]) -> tuple[float, float]:
    """A readable value axis of four equal steps that are multiples of 5, within 0 to 100."""
    lo = max(0.0, 10 * ((min(values) - 2) // 10))
    step = max(5.0, 5 * -(-(max(values) + 2 - lo) // 20))
    return (lo, lo + 4 * step)


def trend_chart(points: Sequence[Point], width: float, height: float, font: str) -> Drawing:
    """Mean score by period as a line with dots; every label when few, else every n-th."""
    d = _drawing(width, height, font)
    x0, y0, w, h = 26.0, 18.0, width - 34.0, height - 26.0
    lo, hi = _range([p.value for p in points])
    _frame(d, x0, y0, w, h, lo, hi, font)
    n = len(points)
    xs = [x0 + (w * (i + 0.5) / n) for i in range(n)]
    ys = [y0 + h * (p.value - lo) / (hi - lo) for p in points]
    if n > 1:
        d.add(
            PolyLine(
                [c for xy in zip(xs, ys, strict=True) for c in xy],
                strokeColor=LINE,
                strokeWidth=1.4,
            )
        )
    every = max(1, -(-n // 12))
    for i, (x, y, p) in enumerate(zip(xs, ys, points, strict=True)):
        d.add(Rect(x - 1.6, y - 1.6, 3.2, 3.2, fillColor=LINE, strokeColor=None))
        if i % every == 0:
            d.add(
                String(
                    x,
                    y0 - 10,
                    p.label,
                    fontName=font,
                    fontSize=6,
                    fillColor=MUTED,
                    textAnchor="middle",
                )
            )
    return d


def bar_chart(
    points: Sequence[Point], width: float, font: str, label_width: float = 150.0
) -> Drawing:
    """Horizontal bars, 0 to 100 %, a value at the end of each bar."""
    row = 13.0
    height = row * len(points) + 16
    d = _drawing(width, height, font)
    x0, w = label_width, width - label_width - 30
    top = height - 4
    for i in range(5):
        x = x0 + w * i / 4
        d.add(Line(x, 10, x, top, strokeColor=GRID, strokeWidth=0.4))
        d.add(
            String(
                x, 2, f"{25 * i}", fontName=font, fontSize=6, fillColor=MUTED, textAnchor="middle"
            )
        )
    for i, p in enumerate(points):
        y = top - row * (i + 1) + 2
        d.add(
            String(
                x0 - 4, y + 2.5, p.label, fontName=font, fontSize=7, fillColor=INK, textAnchor="end"
            )
        )
        d.add(
            Rect(
                x0,
                y,
                w * max(0.0, min(p.value, 100.0)) / 100,
                row - 4,
                fillColor=BAR,
                strokeColor=None,
            )
        )
        d.add(
            String(
                x0 + w * min(p.value, 100.0) / 100 + 3,
                y + 2.5,
                f"{p.value:.1f}",
                fontName=font,
                fontSize=6.5,
                fillColor=MUTED,
            )
        )
    return d


def grade_chart(counts: Sequence[Point], width: float, font: str) -> Drawing:
    """One stacked bar of the grade counts (best grade first) with a legend below."""
    d = _drawing(width, 44, font)
    total = sum(p.value for p in counts) or 1.0
    x = 0.0
    legend_x = 0.0
    for i, p in enumerate(counts):
        colour = band_colour(i, len(counts)) if len(counts) <= len(BAND_COLOURS) else MUTED
        part = width * p.value / total
        d.add(Rect(x, 24, part, 16, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6))
        if part > 26:
            d.add(
                String(
                    x + part / 2,
                    29,
                    f"{p.value:.0f}",
                    fontName=font,
                    fontSize=7,
                    fillColor=colors.white,
                    textAnchor="middle",
                )
            )
        x += part
        d.add(Rect(legend_x, 6, 7, 7, fillColor=colour, strokeColor=None))
        text = f"{p.label} {p.value:.0f} ({100 * p.value / total:.0f}%)"
        d.add(String(legend_x + 10, 7, text, fontName=font, fontSize=7, fillColor=INK))
        legend_x += 10 + len(text) * 4.6 + 14
    return d
