"""Colours, sizes and paragraph styles of the rectification report."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import registerFontFamily

from bqinspect.report.cjk import extend_line_rules
from bqinspect.report.fonts import ReportFonts

INK = colors.HexColor("#1F2328")
MUTED = colors.HexColor("#5F6670")
FAINT = colors.HexColor("#8B929B")
RULE = colors.HexColor("#C9CED6")
GRID = colors.HexColor("#D5DAE1")
HEAD_FILL = colors.HexColor("#EEF1F5")
CARD_FILL = colors.HexColor("#F7F8FA")
ACCENT = colors.HexColor("#B3261E")  # the red of an official notice
WATERMARK = colors.HexColor("#C62828")

SEVERITY_COLOURS = {
    "critical": colors.HexColor("#B3261E"),
    "major": colors.HexColor("#D9480F"),
    "general": colors.HexColor("#1864AB"),
    "observation": colors.HexColor("#5C6B7A"),
}
# Score bars from the best grade band to the worst.
BAND_COLOURS = [
    colors.HexColor("#2B8A3E"),
    colors.HexColor("#5C940D"),
    colors.HexColor("#E67700"),
    colors.HexColor("#C92A2A"),
]
GOOD = colors.HexColor("#2B8A3E")
BAD = colors.HexColor("#C92A2A")


def band_colour(rank: int, count: int) -> colors.Color:
    """Colour of grade band ``rank`` (0 = best) out of ``count`` bands."""
    if count <= 1:
        return BAND_COLOURS[0]
    if rank >= count - 1:
        return BAND_COLOURS[-1]
    index = round(rank * (len(BAND_COLOURS) - 2) / max(1, count - 2))
    return BAND_COLOURS[min(index, len(BAND_COLOURS) - 2)]


@dataclass(frozen=True)
class Styles:
    font: str
    mono: str
    body: ParagraphStyle
    small: ParagraphStyle
    tiny: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    caption: ParagraphStyle
    big_number: ParagraphStyle
    mono_small: ParagraphStyle


def make_styles(fonts: ReportFonts) -> Styles:
    extend_line_rules()
    f = fonts.regular
    # One face only: <b> and <i> markup map to the same font instead of failing.
    registerFontFamily(f, normal=f, bold=f, italic=f, boldItalic=f)
    base = ParagraphStyle(
        "body",
        fontName=f,
        fontSize=9.5,
        leading=14,
        textColor=INK,
        wordWrap="CJK",  # breaks Chinese anywhere and Latin text at spaces
        splitLongWords=True,
    )

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return Styles(
        font=f,
        mono=fonts.mono,
        body=base,
        small=derive("small", fontSize=8.5, leading=12),
        tiny=derive("tiny", fontSize=7, leading=9, textColor=MUTED),
        label=derive("label", fontSize=8.5, leading=12, textColor=MUTED),
        cell=derive("cell", fontSize=8.5, leading=12),
        cell_head=derive("cell_head", fontSize=8.5, leading=11, textColor=MUTED),
        cell_center=derive("cell_center", fontSize=8.5, leading=12, alignment=TA_CENTER),
        cell_right=derive("cell_right", fontSize=8.5, leading=12, alignment=TA_RIGHT),
        h1=derive(
            "h1",
            fontSize=13,
            leading=18,
            spaceBefore=12,
            spaceAfter=6,
            textColor=INK,
            keepWithNext=1,
        ),
        h2=derive("h2", fontSize=10.5, leading=14, spaceBefore=8, spaceAfter=4, keepWithNext=1),
        title=derive("title", fontSize=24, leading=30, alignment=TA_CENTER, textColor=ACCENT),
        subtitle=derive("subtitle", fontSize=11, leading=14, alignment=TA_CENTER, textColor=MUTED),
        caption=derive("caption", fontSize=7, leading=9, alignment=TA_CENTER, textColor=MUTED),
        big_number=derive("big", fontSize=26, leading=30, alignment=TA_LEFT),
        mono_small=ParagraphStyle(
            "mono", parent=base, fontName=fonts.mono, fontSize=7, leading=9, textColor=MUTED
        ),
    )
