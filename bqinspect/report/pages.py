"""Page furniture: running header, footer with "page x / y", record id, hash, QR and watermark."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from bqinspect.report.flowables import qr_drawing
from bqinspect.report.styles import FAINT, MUTED, RULE, WATERMARK

MARGIN_X = 17 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 29 * mm
QR_SIZE = 15 * mm
QR_FORM = "bqrQR"


@dataclass(frozen=True)
class Furniture:
    """What every page carries, already in the report's language."""

    font: str
    mono: str
    running_title: str  # header of pages 2..n
    report_no: str
    footer_lines: tuple[str, str, str]  # record and revision; generated; verification code
    qr_text: str
    page_label: Callable[[int, int], str]
    watermark: tuple[str, ...]  # empty: not a draft


class ReportCanvas(Canvas):
    """Holds each finished page until the end so the footer can say "page x / y"."""

    furniture: Furniture  # set by the maker

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        # Shared by every saved page state (a shallow copy keeps the same dict).
        self._once: dict[str, bool] = {}

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._furnish(number, total)
            super().showPage()
        super().save()

    def _furnish(self, number: int, total: int) -> None:
        f = self.furniture
        width, height = self._pagesize
        self.saveState()
        if number > 1:
            self.setFont(f.font, 7.5)
            self.setFillColor(MUTED)
            self.drawString(MARGIN_X, height - 11 * mm, f.running_title)
            self.drawRightString(width - MARGIN_X, height - 11 * mm, f.report_no)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, height - 12.5 * mm, width - MARGIN_X, height - 12.5 * mm)
        # footer
        base = 8 * mm
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, base + QR_SIZE + 1.5 * mm, width - MARGIN_X, base + QR_SIZE + 1.5 * mm)
        self._qr(width - MARGIN_X - QR_SIZE, base)
        self.setFillColor(MUTED)
        self.setFont(f.font, 7)
        self.drawString(MARGIN_X, base + 10 * mm, f.footer_lines[0])
        self.drawString(MARGIN_X, base + 6 * mm, f.footer_lines[1])
        self.setFont(f.mono, 6.4)
        self.setFillColor(FAINT)
        self.drawString(MARGIN_X, base + 2 * mm, f.footer_lines[2])
        self.setFont(f.font, 9)
        self.setFillColor(MUTED)
        self.drawRightString(
            width - MARGIN_X - QR_SIZE - 4 * mm, base + 10 * mm, f.page_label(number, total)
        )
        self.restoreState()

    def _qr(self, x: float, y: float) -> None:
        if not self._once.get(QR_FORM):
            self.beginForm(QR_FORM)
            renderPDF.draw(
                qr_drawing(self.furniture.qr_text, QR_SIZE, self.furniture.font), self, 0, 0
            )
            self.endForm()
            self._once[QR_FORM] = True
        self.saveState()
        self.translate(x, y)
        self.doForm(QR_FORM)
        self.restoreState()


def watermark(canv: Canvas, lines: tuple[str, ...], font: str) -> None:
    """A large diagonal mark under the page content, one or more lines."""
    width, height = canv._pagesize
    canv.saveState()
    canv.setFillColor(WATERMARK)
    canv.setFillAlpha(0.10)
    canv.translate(width / 2, height / 2)
    canv.rotate(40)
    sizes = [min(width, height) * 0.5 / max(1.0, stringWidth(t, font, 1) / 1.0) for t in lines]
    sizes = [min(s, 150.0) for s in sizes]
    total = sum(sizes) * 1.1
    y = total / 2
    for text, size in zip(lines, sizes, strict=True):
        y -= size
        canv.setFont(font, size)
        canv.drawCentredString(0, y + size * 0.15, text)
        y -= size * 0.1
    canv.restoreState()


class ReportDoc(BaseDocTemplate):
    """One frame per page; the watermark is drawn before the content of each page."""

    def __init__(
        self,
        target: Any,
        furniture: Furniture,
        *,
        pagesize: tuple[float, float],
        after_flowable: Callable[[], None] | None = None,
        **kwargs: Any,
    ):
        super().__init__(
            target,
            pagesize=pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            initialFontName=furniture.font,
            **kwargs,
        )
        self.furniture = furniture
        self._after = after_flowable
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._on_page)])

    def _on_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        if self.furniture.watermark:
            watermark(canv, self.furniture.watermark, self.furniture.font)

    def afterFlowable(self, flowable: Any) -> None:
        if self._after is not None:
            self._after()

    def canvas_maker(self) -> type[ReportCanvas]:
        furniture = self.furniture

        class _Canvas(ReportCanvas):
            pass

        _Canvas.furniture = furniture
        return _Canvas
