"""build_summary: the periodic summary 服务质量汇总分析报告 as a PDF, written atomically."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from sqlalchemy.engine import Engine

from bqinspect import __version__
from bqinspect.analytics.calibration import calibration
from bqinspect.analytics.figures import all_figures
from bqinspect.analytics.filters import Filter, where
from bqinspect.analytics.summary.covered import covered
from bqinspect.analytics.summary.story import SummaryData, SummaryStory
from bqinspect.analytics.summary.words import label_chars, words_for
from bqinspect.base import clock
from bqinspect.base.errors import Refused
from bqinspect.domain.messages import declare
from bqinspect.report.fonts import load_fonts
from bqinspect.report.labels import Lang
from bqinspect.report.pages import MARGIN_X, Furniture, ReportDoc
from bqinspect.report.styles import make_styles

ONE = declare(
    "analytics.summary.build.one",
    "{lang_} is not one of {value}",
    "{lang_} 不是 {value} 之一",
)
CANNOT_WRITE_FILE_EXISTING = declare(
    "analytics.summary.build.cannot_write_file_existing",
    "cannot write {out}: not a file in an existing folder",
    "无法写入 {out}：不是现有文件夹中的文件",
)
CANNOT_WRITE = declare(
    "analytics.summary.build.cannot_write",
    "cannot write {out}: {value}",
    "无法写入 {out}：{value}",
)

rl_config.useA85 = 0  # as the notice: binary streams, smaller and faster

LANGS = tuple(x.value for x in Lang)


@dataclass(frozen=True)
class SummaryInfo:
    path: Path
    pages: int
    size: int  # bytes
    inspections: int
    lang: str
    sha256: str  # of the figures the summary prints (the footer's summary code)
    warnings: tuple[str, ...]


def read_summary(
    engine: Engine, f: Filter, *, today: date, now: datetime, bank_name: str
) -> SummaryData:
    """Every figure, the calibration and the covered inspections for one filter."""
    figures = all_figures(engine, f, today=today, now=now)
    with engine.connect() as conn:
        rows = covered(conn, f)
    return SummaryData(figures, calibration(engine, where(f)), rows, bank_name)


def _digest(data: SummaryData) -> str:
    """A fingerprint of what is printed (not of the time it was made)."""
    text = repr(
        (
            data.figures.filter,
            data.figures.headline,
            data.figures.ranking,
            data.covered,
            data.calibration,
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()


def build_summary(
    engine: Engine,
    f: Filter,
    out: Path,
    *,
    lang: str = "zh",
    bank_name: str = "",
    font: str = "",
    today: date | None = None,
    now: datetime | None = None,
    invariant: bool = False,
) -> SummaryInfo:
    """Write the summary for ``f`` to ``out`` (a temp file, then renamed).

    ``font`` is the ``report_font`` setting (the shipped WenQuanYi face when empty);
    ``invariant`` with a fixed ``now`` gives byte-identical output for identical data.
    """
    if lang not in LANGS:
        raise Refused(ONE(lang_=repr(lang), value=", ".join(LANGS)), "--lang")
    out = Path(out)
    if out.is_dir() or not out.parent.is_dir():
        raise Refused(CANNOT_WRITE_FILE_EXISTING(out=out), "--out")
    moment = now or clock.now()
    data = read_summary(engine, f, today=today or clock.today(), now=moment, bank_name=bank_name)
    fonts, warnings = load_fonts(font, label_chars())
    styles = make_styles(fonts)
    words = words_for(lang)
    width = A4[0] - 2 * MARGIN_X
    face = pdfmetrics.getFont(fonts.regular).face
    builder = SummaryStory(data, words, styles, width, lambda ch: ord(ch) in face.charToGlyph)
    story = builder.build()
    if builder.missing:
        shown = "".join(sorted(builder.missing))[:40]
        warnings.append(f"characters the font lacks were printed as '?': {shown}")
    sha = _digest(data)
    count = data.figures.headline.inspections
    period = f.period.label if f.period else words("all_time")
    bank = bank_name.strip()
    furniture = Furniture(
        font=fonts.regular,
        mono=fonts.mono,
        running_title=f"{bank}  {words('title')}" if bank else words("title"),
        report_no=period,
        footer_lines=(
            f"{words('footer_scope')} {period}  ·  {words('inspections')} {count}",
            f"{words('generated')} {moment:%Y-%m-%d %H:%M} UTC  ·  bqinspect {__version__}",
            f"{words('summary_code', sep=' ')} sha256 {sha}",
        ),
        qr_text=f"BQINSPECT-SUMMARY:{period}:{sha}".upper(),
        page_label=words.page,
        watermark=(),
    )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            doc = ReportDoc(
                fh,
                furniture,
                pagesize=A4,
                invariant=1 if invariant else 0,
                title=f"{words('title')} {period}",
                author=bank or "bqinspect",
                subject=f"{words('title')} {period}",
                creator=f"bqinspect {__version__}",
            )
            doc.build(story, canvasmaker=doc.canvas_maker())
            pages = doc.page
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise Refused(CANNOT_WRITE(out=out, value=exc.strerror or exc), "--out") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return SummaryInfo(
        out,
        pages,
        out.stat().st_size,
        data.figures.headline.inspections,
        lang,
        sha,
        tuple(warnings),
    )
