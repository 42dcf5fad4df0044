"""build_report: one inspection's rectification notice as a PDF, written atomically."""

from __future__ import annotations

import logging
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase import pdfmetrics
from sqlmodel import select

from bqinspect import __version__
from bqinspect.base import clock
from bqinspect.base.errors import Refused
from bqinspect.base.progress import Cancelled, ProgressFn, Steps, check, no_progress
from bqinspect.domain.messages import declare
from bqinspect.report.content import Audience, ReportContent, gather
from bqinspect.report.fonts import load_fonts
from bqinspect.report.header import utc_offset
from bqinspect.report.images import ImageJob, ImageProblem, PreparedImages, PrintImage, prepare
from bqinspect.report.labels import LABELS, Lang, Words, label_chars
from bqinspect.report.metadata import ReportStamp
from bqinspect.report.pages import MARGIN_X, Furniture, ReportDoc
from bqinspect.report.photo_grid import photo_slots
from bqinspect.report.record import RecordDigest, record_digest
from bqinspect.report.signatures import SIGNATURE_BOX
from bqinspect.report.story import StoryBuilder
from bqinspect.report.styles import make_styles
from bqinspect.store.models import PhotoBlob
from bqinspect.store.workspace import Workspace

ONE = declare(
    "report.builder.one",
    "{value} is not one of {value2}",
    "{value} 不是 {value2} 之一",
)
RECORD_KEPT_CHANGING_WHILE = declare(
    "report.builder.record_kept_changing_while",
    "the record kept changing while the report was made; try again",
    "生成报告期间记录持续变化；请重试",
)
FOLDER_GIVE_FILE_NAME = declare(
    "report.builder.folder_give_file_name",
    "{out} is a folder; give a file name ending in .pdf",
    "{out} 是文件夹；请给出以 .pdf 结尾的文件名",
)
FOLDER_DOES_EXIST = declare(
    "report.builder.folder_does_exist",
    "folder {parent} does not exist",
    "文件夹 {parent} 不存在",
)
CANNOT_WRITE = declare(
    "report.builder.cannot_write",
    "cannot write {out}: {value}",
    "无法写入 {out}：{value}",
)

log = logging.getLogger(__name__)

# ASCII85 costs +25 % size and ~6x build time (measured); every stream is binary here.
rl_config.useA85 = 0

PAGE_SIZES = {"A4": A4, "Letter": LETTER}


@dataclass(frozen=True)
class ReportInfo:
    path: Path
    pages: int
    size: int  # bytes
    record_id: uuid.UUID
    record_sha256: str
    revision: int
    audience: str
    lang: str
    seconds: float
    warnings: list[str] = field(default_factory=list)  # e.g. unreadable photos, bad settings


def _choice(value: str, allowed: dict[str, object] | list[str], what: str) -> str:
    names = list(allowed)
    for name in names:
        if value.lower() == name.lower():
            return name
    raise Refused(ONE(value=repr(value), value2=", ".join(names)), where=what)


def build_report(
    ws: Workspace,
    inspection_id: uuid.UUID,
    out: Path,
    *,
    audience: str = "branch",
    lang: str = "zh",
    page_size: str | None = None,
    progress: ProgressFn = no_progress,
    generated_at: datetime | None = None,
    invariant: bool = False,
) -> ReportInfo:
    """Write the rectification notice of one inspection to ``out`` (temp file, then rename).

    ``page_size`` defaults to the ``report_page_size`` setting. ``invariant`` makes the output
    byte-identical for identical input (with a fixed ``generated_at``), for golden tests.
    Raises :class:`Refused` for bad arguments or an unwritable target and
    :class:`Cancelled` when ``progress.cancelled()`` turned true; ``out`` is then untouched.
    """
    started = time.perf_counter()
    aud = Audience(_choice(audience, [a.value for a in Audience], "audience"))
    language = Lang(_choice(lang, [x.value for x in Lang], "lang"))
    size_name = _choice(
        page_size or str(ws.setting("report_page_size") or "A4"), PAGE_SIZES, "page size"
    )
    out = Path(out)
    if out.is_dir():
        raise Refused(FOLDER_GIVE_FILE_NAME(out=out), where="out")
    if not out.parent.is_dir():
        raise Refused(FOLDER_DOES_EXIST(parent=out.parent), where="out")

    def stop() -> None:
        check(progress)

    def step(done: int, total: int, text: str) -> None:
        progress(done, total, text)
        stop()

    content, warnings, digest = _consistent_content(ws, inspection_id, aud)
    fonts, font_warnings = load_fonts(str(ws.setting("report_font") or ""), label_chars())
    warnings += font_warnings
    styles = make_styles(fonts)
    words = Words(language)
    pagesize = PAGE_SIZES[size_name]
    width = pagesize[0] - 2 * MARGIN_X

    slots = photo_slots(content, width)
    unique = list(dict.fromkeys(slots))
    total = len(unique) + 3
    step(1, total, "record")

    # The photos are prepared on worker threads while the text is laid out; the layout waits
    # for a photo only when it reaches it.
    images = PreparedImages(len(unique), progress=Steps(progress, 1, total, "photos"))
    with images:
        blobs: dict[str, bytes | None] = {}
        with ws.db.session() as s:  # one read for all the photos, each started once it is read
            for slot in unique:
                if slot.sha256 not in blobs:
                    blobs[slot.sha256] = s.exec(
                        select(PhotoBlob.display).where(PhotoBlob.sha256 == slot.sha256)
                    ).first()
                images.add(
                    (slot.key, slot.box_w, slot.box_h),
                    ImageJob(slot.sha256, blobs[slot.sha256], slot.box_w, slot.box_h, slot.shapes),
                )
        del blobs
        stop()
        photo_warnings_at = len(warnings)

        signatures = _signature_images(content, warnings)
        face = pdfmetrics.getFont(fonts.regular).face
        builder = StoryBuilder(
            content,
            words,
            styles,
            width,
            images,
            signatures,
            has_glyph=lambda ch: ord(ch) in face.charToGlyph,
        )
        story = builder.build()
        if builder.missing_glyphs:
            shown = "".join(sorted(builder.missing_glyphs))[:40]
            warnings.append(f"characters the report font lacks were printed as '?': {shown}")
        generated = (generated_at or clock.now()).astimezone(content.zone)
        stamp = ReportStamp(
            record_id=content.record_id,
            revision=digest.revision,
            sha256=digest.sha256,
            audience=aud.value,
            lang=language.value,
            parts=digest.parts,
        )
        furniture = _furniture(
            content, words, fonts.regular, fonts.mono, digest.sha256, generated, builder.plain
        )

        out_dir = out.parent
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out_dir)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as fh:
                doc = ReportDoc(
                    fh,
                    furniture,
                    pagesize=pagesize,
                    after_flowable=stop,
                    invariant=1 if invariant else 0,
                    title=f"{words('title')} {content.report_no}",
                    author=content.bank_name or "bqinspect",
                    subject=stamp.subject(),
                    keywords=stamp.keywords(),
                    creator=f"bqinspect {__version__}",
                )
                doc.build(story, canvasmaker=doc.canvas_maker())
                pages = doc.page
                prepared = images.results()  # every photo was drawn: this does not wait
                step(len(unique) + 2, total, "layout")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, out)
        except Cancelled:
            tmp.unlink(missing_ok=True)
            raise
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise Refused(CANNOT_WRITE(out=out, value=exc.strerror or exc), where="out") from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    warnings[photo_warnings_at:photo_warnings_at] = [
        f"photo {slot.sha256[:12]}: {result}"
        for slot, result in zip(unique, prepared, strict=True)
        if isinstance(result, ImageProblem)
    ]
    progress(total, total, "done")
    info = ReportInfo(
        path=out,
        pages=pages,
        size=out.stat().st_size,
        record_id=content.record_id,
        record_sha256=digest.sha256,
        revision=digest.revision,
        audience=aud.value,
        lang=language.value,
        seconds=time.perf_counter() - started,
        warnings=warnings,
    )
    log.info("report %s: %d pages, %d bytes, %.2f s", out.name, info.pages, info.size, info.seconds)
    return info


def _consistent_content(
    ws: Workspace, inspection_id: uuid.UUID, audience: Audience
) -> tuple[ReportContent, list[str], RecordDigest]:
    """The content and the hash of the same state of the record (re-read if it changed)."""
    for _ in range(3):
        before = record_digest(ws, inspection_id)
        content, warnings = gather(ws, inspection_id, audience)
        after = record_digest(ws, inspection_id)
        if after.sha256 == before.sha256:
            return content, warnings, after
        log.info("record %s changed while it was read; reading it again", inspection_id)
    raise Refused(RECORD_KEPT_CHANGING_WHILE(), where="record")


def _signature_images(content: ReportContent, warnings: list[str]) -> dict[int, PrintImage | None]:
    out: dict[int, PrintImage | None] = {}
    for i, sig in enumerate(content.signatures):
        if sig.image is None:
            out[i] = None
            continue
        try:
            out[i] = prepare(sig.image, *SIGNATURE_BOX, dpi=300)
        except ImageProblem as exc:
            warnings.append(f"signature of {sig.role}: {exc}")
            out[i] = None
    return out


def _furniture(
    content: ReportContent,
    words: Words,
    font: str,
    mono: str,
    sha256: str,
    generated: datetime,
    plain: Callable[[str], str],
) -> Furniture:
    bank = plain(content.bank_name.strip())
    running = f"{bank}  {words('title')}" if bank else words("title")
    line1 = f"{words('record_id')} {content.record_id}  ·  {words('revision')} r{content.revision}"
    line2 = f"{words('generated')} {generated:%Y-%m-%d %H:%M} ({utc_offset(generated)})"
    line3 = f"{words('verify_code', sep=' ')} sha256 {sha256}"
    qr = f"BQINSPECT:{content.record_id}:R{content.revision}:{sha256}".upper()
    return Furniture(
        font=font,
        mono=mono,
        running_title=running,
        report_no=content.report_no,
        footer_lines=(line1, line2, line3),
        qr_text=qr,
        page_label=words.page,
        watermark=LABELS["draft"] if content.is_draft else (),
    )
