"""Photos in a grid of three: their printed boxes, their rows and the other-photos section."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from bqinspect.domain.annotations import Shape, marked_key
from bqinspect.domain.messages import declare
from bqinspect.report.content import PhotoRef, ReportContent
from bqinspect.report.flowables import PhotoBox
from bqinspect.report.images import ImageProblem, PrintImage, fit
from bqinspect.report.kit import StoryKit

PREPARED = declare(
    "report.photo_grid.prepared",
    "not prepared",
    "尚未准备",
)

PHOTO_GAP = 4 * mm
PHOTO_COLUMNS = 3


@dataclass(frozen=True)
class PhotoSlot:
    """Where a photo goes and how big it prints; the key of its prepared image."""

    sha256: str
    box_w: float
    box_h: float
    shapes: tuple[Shape, ...] = ()  # marks drawn on it

    @property
    def key(self) -> str:
        """Names the printed image: the photo's hash, and its marks' when it has any."""
        return marked_key(self.sha256, self.shapes)


def photo_box(width: float, count: int) -> tuple[float, float]:
    """The printed box of each photo in a grid of PHOTO_COLUMNS (4:3, like most cameras)."""
    cols = PHOTO_COLUMNS
    box_w = (width - (cols - 1) * PHOTO_GAP) / cols
    return box_w, box_w * 0.75


def photo_slots(content: ReportContent, width: float) -> list[PhotoSlot]:
    """Every photo of the report with its printed box, in report order."""
    slots = []
    groups = [f.photos for f in content.findings] + [content.other_photos]
    for group in groups:
        box_w, box_h = photo_box(width, len(group))
        slots += [PhotoSlot(p.sha256, box_w, box_h, p.shapes) for p in group]
    return slots


class _RowImages:
    """The prepared images of one row of photos, looked up when the row is first laid out."""

    def __init__(
        self, k: StoryKit, keys: list[tuple[str, float, float]], box_w: float, box_h: float
    ):
        self._k = k
        self._keys = keys
        self._box = (box_w, box_h)
        self._images: list[PrintImage | ImageProblem] | None = None

    def images(self) -> list[PrintImage | ImageProblem]:
        if self._images is None:
            self._images = [
                self._k.images.get(key) or ImageProblem(PREPARED()) for key in self._keys
            ]
        return self._images

    def image(self, index: int) -> Callable[[], PrintImage | ImageProblem]:
        return lambda: self.images()[index]

    def height(self) -> float:
        """As tall as its tallest photo (landscape rows need less than the box)."""
        box_w, box_h = self._box
        return max(
            fit(img.aspect, 1.0, box_w, box_h)[1] if isinstance(img, PrintImage) else box_h * 0.6
            for img in self.images()
        )


def photo_rows(k: StoryKit, photos: list[PhotoRef]) -> list[Table]:
    """The photos in rows of PHOTO_COLUMNS, one table per row (a page may fall between)."""
    cols = PHOTO_COLUMNS
    box_w, box_h = photo_box(k.width, len(photos))
    rows = [
        _RowImages(
            k, [(ref.key, box_w, box_h) for ref in photos[start : start + cols]], box_w, box_h
        )
        for start in range(0, len(photos), cols)
    ]
    cells: list[Any] = []
    for index, ref in enumerate(photos):
        line = rows[index // cols]
        cap = f"{escape(k.w('photo'))} {ref.number}"
        if ref.redacted:  # the pixels printed are the redacted copy
            cap += f'　<font color="#B3261E">[{escape(k.w("redacted"))}]</font>'
        if ref.caption.strip():
            cap += f"　{k.clean(ref.caption)}"
        if ref.taken_at is not None:
            cap += f'　<font color="#8B929B">{ref.taken_at:%Y-%m-%d %H:%M}</font>'
        cells.append(
            PhotoBox(
                line.image(index % cols),
                box_w,
                line.height,
                k.p(cap, k.s.caption),
                problem_text=k.w("photo_missing") + f"  ({ref.sha256[:10]})",
                font=k.s.font,
            )
        )
    widths = [box_w + (PHOTO_GAP if i < cols - 1 else 0) for i in range(cols)]
    style = TableStyle(
        [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    tables = []
    for start in range(0, len(cells), cols):
        row = cells[start : start + cols]
        row += [""] * (cols - len(row))
        tables.append(k.table([row], colWidths=widths, hAlign="LEFT", style=style))
    return tables


def other_photos(k: StoryKit) -> list[Flowable]:
    head = k.p(escape(k.w("other_photos")), k.s.h2)
    rows = photo_rows(k, k.c.other_photos)
    return [KeepTogether([head, rows[0]]), *rows[1:]]
