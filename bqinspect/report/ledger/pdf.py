"""The supervision ledger as a landscape A4 PDF in the report's font, headers in both languages."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, Spacer, Table

from bqinspect import __version__
from bqinspect.base import clock
from bqinspect.base.errors import Refused
from bqinspect.domain.messages import declare
from bqinspect.report.fonts import load_fonts
from bqinspect.report.kit import grid_style
from bqinspect.report.ledger.cells import COLUMNS, TITLE, cells_of
from bqinspect.report.ledger.rows import LedgerRow, Scope
from bqinspect.report.pages import MARGIN_X, Furniture, ReportDoc
from bqinspect.report.styles import Styles, make_styles

CANNOT_WRITE_FILE_EXISTING = declare(
    "report.ledger.pdf.cannot_write_file_existing",
    "cannot write {path}: not a file in an existing folder",
    "无法写入 {path}：不是现有文件夹中的文件",
)
CANNOT_WRITE = declare(
    "report.ledger.pdf.cannot_write",
    "cannot write {path}: {value}",
    "无法写入 {path}：{value}",
)

SHARES = (0.04, 0.10, 0.12, 0.08, 0.14, 0.21, 0.19, 0.12)  # of the page's width, per column


Glyph = Callable[[str], bool]


def _para(text: str, style: ParagraphStyle, has_glyph: Glyph) -> Paragraph:
    shown = "".join(ch if ch == "\n" or has_glyph(ch) else "?" for ch in text)
    return Paragraph(escape(shown).replace("\n", "<br/>"), style)


def _table(
    rows: Sequence[LedgerRow], styles: Styles, width: float, lang: str, glyph: Glyph
) -> Table:
    head = [
        Paragraph(f'{escape(zh)}<br/><font size="7">{escape(en)}</font>', styles.cell_head)
        for zh, en in COLUMNS
    ]
    body = [
        [_para(str(v), styles.cell, glyph) for v in cells_of(n, row, lang).values()]
        for n, row in enumerate(rows, 1)
    ]
    if not body:
        empty = "No supervision acts in this period" if lang == "en" else "本期无监督记录"
        body = [[_para(empty, styles.cell, glyph)] + [_para("", styles.cell, glyph)] * 7]
    # a ledger row may be long: rows are cut at a page's end rather than leaving it empty
    table = Table(
        [head, *body],
        colWidths=[width * s for s in SHARES],
        repeatRows=1,
        splitByRow=0,
        splitInRow=1,
    )
    table.setStyle(grid_style())
    return table


def write_ledger_pdf(
    rows: Sequence[LedgerRow],
    scope: Scope,
    path: Path,
    *,
    lang: str = "zh",
    bank_name: str = "",
    font: str = "",
    now: datetime | None = None,
) -> int:
    """Write the ledger of ``scope`` to ``path`` (a temp file, then renamed); the page count."""
    path = Path(path)
    if path.is_dir() or not path.parent.is_dir():
        raise Refused(CANNOT_WRITE_FILE_EXISTING(path=path), "--out")
    fonts, _warnings = load_fonts(font)
    styles = make_styles(fonts)
    face = pdfmetrics.getFont(fonts.regular).face

    def has_glyph(ch: str) -> bool:
        return ord(ch) in face.charToGlyph

    size = landscape(A4)
    width = size[0] - 2 * MARGIN_X
    moment = now or clock.now()
    period = f"{scope.since.isoformat()} – {scope.until.isoformat()}"
    bank = bank_name.strip()
    title = f"{bank} {TITLE[0]}".strip()
    story = [
        Paragraph(f'{escape(title)} <font size="10">{TITLE[1]}</font>', styles.title),
        Paragraph(escape(f"{'Period' if lang == 'en' else '期间'}: {period}"), styles.subtitle),
        Spacer(1, 6),
        _table(rows, styles, width, lang, has_glyph),
    ]
    furniture = Furniture(
        font=fonts.regular,
        mono=fonts.mono,
        running_title=f"{title}  {period}",
        report_no=period,
        footer_lines=(
            f"{TITLE[0]} {TITLE[1]}  ·  {period}  ·  {len(rows)}",
            f"{moment:%Y-%m-%d %H:%M} UTC  ·  bqinspect {__version__}",
            "",
        ),
        qr_text=f"BQINSPECT-LEDGER:{period}:{len(rows)}",
        page_label=lambda page, pages: f"{page} / {pages}",
        watermark=(),
    )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            doc = ReportDoc(
                fh,
                furniture,
                pagesize=size,
                title=f"{TITLE[0]} {period}",
                author=bank or "bqinspect",
            )
            doc.build(story, canvasmaker=doc.canvas_maker())
            pages = int(doc.page)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise Refused(CANNOT_WRITE(path=path, value=exc.strerror or exc), "--out") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return pages
