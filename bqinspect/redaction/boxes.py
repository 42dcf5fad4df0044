"""Redaction boxes: normalised rectangles on the upright photo, with what they cover."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bqinspect.domain.messages import declare

STORED_BOXES_ARE_LIST = declare(
    "redaction.boxes.stored_boxes_are_list",
    "stored boxes are not a list",
    "保存的打码框不是列表",
)
BOX_X_Y_W = declare(
    "redaction.boxes.box_x_y_w",
    "{text_}: a box is X,Y,W,H (four numbers)",
    "{text_}：打码框格式为 X,Y,W,H（四个数字）",
)
WIDTH_HEIGHT_MUST_POSITIVE = declare(
    "redaction.boxes.width_height_must_positive",
    "{text_}: the width and height must be positive numbers",
    "{text_}：宽度和高度必须为正数",
)
BOX_NEEDS_FOUR_FINITE = declare(
    "redaction.boxes.box_needs_four_finite",
    "a box needs four finite numbers",
    "打码框需要四个有限数字",
)
BOX_MUST_HAVE_WIDTH = declare(
    "redaction.boxes.box_must_have_width",
    "a box must have a width and a height",
    "打码框必须有宽度和高度",
)
BOX_MUST_LIE_INSIDE = declare(
    "redaction.boxes.box_must_lie_inside",
    "a box must lie inside the photo",
    "打码框必须位于照片之内",
)
PHOTO_S_SIZE_UNKNOWN = declare(
    "redaction.boxes.photo_s_size_unknown",
    "the photo's size is unknown",
    "照片尺寸未知",
)
STORED_BOX_OBJECT = declare(
    "redaction.boxes.stored_box_object",
    "a stored box is not an object",
    "保存的打码框不是对象",
)
STORED_BOX_UNREADABLE = declare(
    "redaction.boxes.stored_box_unreadable",
    "a stored box is unreadable ({exc})",
    "保存的打码框无法读取（{exc}）",
)

# Every redacted box is enlarged by this fraction of its size on each side, so that a box drawn
# (or found) tight still hides the edge of a face or a card.
MARGIN = 0.12
MIN_SIZE = 0.002  # of the image's width or height: a box smaller than this is a slip


class BoxKind(enum.StrEnum):
    FACE = "face"
    ID_CARD = "id_card"
    SCREEN = "screen"
    DOCUMENT = "document"
    OTHER = "other"


class BoxError(ValueError):
    """A box that cannot be used; the message says why."""


@dataclass(frozen=True)
class Box:
    """A rectangle in fractions of the upright image (0..1 from the top left)."""

    x: float
    y: float
    w: float
    h: float
    kind: BoxKind = BoxKind.OTHER
    auto: bool = False  # found by the detector (True) or drawn by hand

    def __post_init__(self) -> None:
        values = (self.x, self.y, self.w, self.h)
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
            raise BoxError(BOX_NEEDS_FOUR_FINITE())
        if self.w < MIN_SIZE or self.h < MIN_SIZE:
            raise BoxError(BOX_MUST_HAVE_WIDTH())
        if self.x < 0 or self.y < 0 or self.x + self.w > 1 + 1e-9 or self.y + self.h > 1 + 1e-9:
            raise BoxError(BOX_MUST_LIE_INSIDE())

    @classmethod
    def clamped(
        cls, x: float, y: float, w: float, h: float, kind: BoxKind, auto: bool = False
    ) -> Box:
        """The part of a rectangle that lies inside the image."""
        left, top = max(0.0, min(x, x + w)), max(0.0, min(y, y + h))
        right, bottom = min(1.0, max(x, x + w)), min(1.0, max(y, y + h))
        # six decimals (a thousandth of a pixel of a 12 MP photo): what is stored, exactly
        left, top, right, bottom = (round(v, 6) for v in (left, top, right, bottom))
        return cls(left, top, round(right - left, 6), round(bottom - top, 6), kind, auto)

    @classmethod
    def from_pixels(
        cls,
        x: float,
        y: float,
        w: float,
        h: float,
        width: int,
        height: int,
        kind: BoxKind,
        auto: bool = False,
    ) -> Box:
        """A box given in pixels of an image ``width`` x ``height`` (clamped to the image)."""
        if width < 1 or height < 1:
            raise BoxError(PHOTO_S_SIZE_UNKNOWN())
        return cls.clamped(x / width, y / height, w / width, h / height, kind, auto)

    def pixels(self, width: int, height: int) -> tuple[int, int, int, int]:
        """``(x, y, w, h)`` in whole pixels of an image ``width`` x ``height``."""
        slack = 0.01  # of a pixel: a fraction stored to six decimals gives its pixel back
        left = math.floor(self.x * width + slack)
        top = math.floor(self.y * height + slack)
        right = min(width, math.ceil((self.x + self.w) * width - slack))
        bottom = min(height, math.ceil((self.y + self.h) * height - slack))
        return left, top, max(1, right - left), max(1, bottom - top)

    def enlarged(self, margin: float = MARGIN) -> Box:
        dx, dy = self.w * margin, self.h * margin
        return Box.clamped(
            self.x - dx, self.y - dy, self.w + 2 * dx, self.h + 2 * dy, self.kind, self.auto
        )

    def overlap(self, other: Box) -> float:
        """Intersection over the smaller box's area (1: one lies inside the other)."""
        ix = max(0.0, min(self.x + self.w, other.x + other.w) - max(self.x, other.x))
        iy = max(0.0, min(self.y + self.h, other.y + other.h) - max(self.y, other.y))
        smaller = min(self.w * self.h, other.w * other.h)
        return ix * iy / smaller if smaller > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "x": round(self.x, 6),
            "y": round(self.y, 6),
            "w": round(self.w, 6),
            "h": round(self.h, 6),
            "kind": self.kind.value,
            "auto": self.auto,
        }

    @classmethod
    def from_json(cls, value: Any) -> Box:
        if not isinstance(value, dict):
            raise BoxError(STORED_BOX_OBJECT())
        try:
            kind = BoxKind(value.get("kind", BoxKind.OTHER.value))
            return cls(
                float(value["x"]),
                float(value["y"]),
                float(value["w"]),
                float(value["h"]),
                kind,
                bool(value.get("auto", False)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BoxError(STORED_BOX_UNREADABLE(exc=exc)) from exc


def boxes_to_json(boxes: Iterable[Box]) -> list[dict[str, Any]]:
    return [b.to_json() for b in boxes]


def boxes_from_json(values: Any) -> tuple[Box, ...]:
    if not isinstance(values, list):
        raise BoxError(STORED_BOXES_ARE_LIST())
    return tuple(Box.from_json(v) for v in values)


def merged(boxes: Sequence[Box], threshold: float = 0.5) -> list[Box]:
    """Boxes with those that mostly overlap one another joined into their union."""
    out: list[Box] = []
    for box in sorted(boxes, key=lambda b: -b.w * b.h):
        for i, kept in enumerate(out):
            if kept.overlap(box) >= threshold:
                left, top = min(kept.x, box.x), min(kept.y, box.y)
                right = max(kept.x + kept.w, box.x + box.w)
                bottom = max(kept.y + kept.h, box.y + box.h)
                out[i] = Box.clamped(left, top, right - left, bottom - top, kept.kind, kept.auto)
                break
        else:
            out.append(box)
    return sorted(out, key=lambda b: (b.y, b.x))


def parse_pixel_box(text: str) -> tuple[float, float, float, float]:
    """``X,Y,W,H`` (numbers, pixels) as four floats."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4:
        raise BoxError(BOX_X_Y_W(text_=repr(text)))
    try:
        x, y, w, h = (float(p) for p in parts)
    except ValueError as exc:
        raise BoxError(BOX_X_Y_W(text_=repr(text))) from exc
    if not all(math.isfinite(v) for v in (x, y, w, h)) or w <= 0 or h <= 0:
        raise BoxError(WIDTH_HEIGHT_MUST_POSITIVE(text_=repr(text)))
    return x, y, w, h
