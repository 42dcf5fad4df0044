"""Marks drawn on a photo (arrow, rectangle, ellipse, freehand, text) as checked vector data."""

from __future__ import annotations

import enum
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bqinspect.domain.messages import declare

COORDINATE_MUST_FINITE_NUMBER = declare(
    "domain.annotations.coordinate_must_finite_number",
    "{where}: a coordinate must be a finite number",
    "{where}：坐标必须是有限数字",
)
COORDINATE_MUST_LIE_WITHIN = declare(
    "domain.annotations.coordinate_must_lie_within",
    "{where}: a coordinate must lie within 0..1 of the image",
    "{where}：坐标必须在图像的 0..1 之内",
)
EXPECTED_OBJECT = declare(
    "domain.annotations.expected_object",
    "{where}: expected an object",
    "{where}：应为对象",
)
UNKNOWN_FIELD = declare(
    "domain.annotations.unknown_field",
    "{where}: unknown field {value}",
    "{where}：未知字段 {value}",
)
TAKES_POINTS = declare(
    "domain.annotations.takes_points",
    "{where}: a {value} takes {low}..{high} points",
    "{where}：{value} 需要 {low}..{high} 个点",
)
TEXT_MUST_STRING = declare(
    "domain.annotations.text_must_string",
    "{where}: text must be a string",
    "{where}：文字必须是字符串",
)
LABEL_TAKES_CHARACTERS = declare(
    "domain.annotations.label_takes_characters",
    "{where}: a label takes 1..{max_text} characters",
    "{where}：标签需要 1..{max_text} 个字符",
)
MARKS_EXPECTED_LIST = declare(
    "domain.annotations.marks_expected_list",
    "marks: expected a list",
    "标注：应为列表",
)
MARKS_AT_MOST_ON = declare(
    "domain.annotations.marks_at_most_on",
    "marks: at most {max_shapes} on one photo",
    "标注：一张照片最多 {max_shapes} 个",
)
KIND_MUST_ONE = declare(
    "domain.annotations.kind_must_one",
    "{where}: kind must be one of {value}",
    "{where}：类型必须是 {value} 之一",
)
COLOUR_MUST_ONE = declare(
    "domain.annotations.colour_must_one",
    "{where}: colour must be one of {value}",
    "{where}：颜色必须是 {value} 之一",
)
POINT_MUST_X_Y = declare(
    "domain.annotations.point_must_x_y",
    "{where}: point {n} must be [x, y]",
    "{where}：第 {n} 个点应为 [x, y]",
)

MAX_SHAPES = 200  # marks on one photo
MAX_POINTS = 2_000  # points of one freehand line
MAX_TEXT = 40  # characters of a text label
# Sizes relative to the image, so a mark looks the same on the thumbnail, the screen and paper.
STROKE = 0.008  # line width, of the image's long edge
TEXT_HEIGHT = 0.045  # a label's height, of the image's long edge
ARROW_HEAD = 0.035  # length of an arrow's head, of the image's long edge


class ShapeKind(enum.StrEnum):
    ARROW = "arrow"  # two points: tail, head
    RECT = "rect"  # two points: opposite corners
    ELLIPSE = "ellipse"  # two points: opposite corners of its box
    FREEHAND = "freehand"  # two points or more
    TEXT = "text"  # one point: the top-left of the label


class Colour(enum.StrEnum):
    RED = "red"
    YELLOW = "yellow"
    BLUE = "blue"
    WHITE = "white"


RGB: dict[Colour, tuple[int, int, int]] = {
    Colour.RED: (230, 30, 40),
    Colour.YELLOW: (255, 214, 0),
    Colour.BLUE: (30, 110, 255),
    Colour.WHITE: (255, 255, 255),
}

_POINTS = {
    ShapeKind.ARROW: (2, 2),
    ShapeKind.RECT: (2, 2),
    ShapeKind.ELLIPSE: (2, 2),
    ShapeKind.FREEHAND: (2, MAX_POINTS),
    ShapeKind.TEXT: (1, 1),
}

Point = tuple[float, float]


class AnnotationError(ValueError):
    """Marks that cannot be stored; the message says which and why."""


@dataclass(frozen=True)
class Shape:
    """One mark; points are fractions (0–1) of the display image's width and height."""

    kind: ShapeKind
    colour: Colour
    points: tuple[Point, ...]
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind.value,
            "colour": self.colour.value,
            "points": [[x, y] for x, y in self.points],
        }
        if self.kind is ShapeKind.TEXT:
            out["text"] = self.text
        return out

    def box(self) -> tuple[float, float, float, float]:
        """left, top, right, bottom of the points (normalised)."""
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return min(xs), min(ys), max(xs), max(ys)


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise AnnotationError(COORDINATE_MUST_FINITE_NUMBER(where=where))
    if not 0.0 <= value <= 1.0:
        raise AnnotationError(COORDINATE_MUST_LIE_WITHIN(where=where))
    return round(float(value), 5)


def shape_from_json(data: object, where: str = "shape") -> Shape:
    """One mark read from its JSON form; raises :class:`AnnotationError`."""
    if not isinstance(data, dict):
        raise AnnotationError(EXPECTED_OBJECT(where=where))
    unknown = set(data) - {"kind", "colour", "points", "text"}
    if unknown:
        raise AnnotationError(UNKNOWN_FIELD(where=where, value=sorted(unknown)[0]))
    try:
        kind = ShapeKind(str(data.get("kind")))
    except ValueError:
        raise AnnotationError(
            KIND_MUST_ONE(where=where, value=", ".join(k.value for k in ShapeKind))
        ) from None
    try:
        colour = Colour(str(data.get("colour")))
    except ValueError:
        raise AnnotationError(
            COLOUR_MUST_ONE(where=where, value=", ".join(c.value for c in Colour))
        ) from None
    raw = data.get("points")
    low, high = _POINTS[kind]
    if not isinstance(raw, list) or not low <= len(raw) <= high:
        raise AnnotationError(TAKES_POINTS(where=where, value=kind.value, low=low, high=high))
    points = []
    for n, pair in enumerate(raw):
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise AnnotationError(POINT_MUST_X_Y(where=where, n=n))
        points.append((_number(pair[0], where), _number(pair[1], where)))
    text = data.get("text", "")
    if not isinstance(text, str):
        raise AnnotationError(TEXT_MUST_STRING(where=where))
    text = " ".join(text.split())
    if kind is ShapeKind.TEXT and not 1 <= len(text) <= MAX_TEXT:
        raise AnnotationError(LABEL_TAKES_CHARACTERS(where=where, max_text=MAX_TEXT))
    return Shape(kind, colour, tuple(points), text if kind is ShapeKind.TEXT else "")


def shapes_from_json(data: object) -> tuple[Shape, ...]:
    """A photo's marks read from their JSON list; raises :class:`AnnotationError`."""
    if not isinstance(data, list):
        raise AnnotationError(MARKS_EXPECTED_LIST())
    if len(data) > MAX_SHAPES:
        raise AnnotationError(MARKS_AT_MOST_ON(max_shapes=MAX_SHAPES))
    return tuple(shape_from_json(d, f"mark {n + 1}") for n, d in enumerate(data))


def shapes_to_json(shapes: Sequence[Shape]) -> list[dict[str, Any]]:
    return [s.to_json() for s in shapes]


def marked_key(sha256: str, shapes: Sequence[Shape]) -> str:
    """Names a photo as shown with its marks: its hash, and a short hash of the marks if any."""
    if not shapes:
        return sha256
    text = json.dumps(shapes_to_json(shapes), sort_keys=True, ensure_ascii=False)
    return f"{sha256}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def describe(shapes: Sequence[Shape]) -> str:
    """A short count for lists: ``2 arrow, 1 text``."""
    counts: dict[str, int] = {}
    for s in shapes:
        counts[s.kind.value] = counts.get(s.kind.value, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def arrow_head(
    tail: Point, head: Point, length: float, spread: float = 0.45
) -> tuple[Point, Point]:
    """The two back corners of an arrow's head in pixel space (``length`` in pixels)."""
    angle = math.atan2(head[1] - tail[1], head[0] - tail[0])
    left = (
        head[0] - length * math.cos(angle - spread),
        head[1] - length * math.sin(angle - spread),
    )
    right = (
        head[0] - length * math.cos(angle + spread),
        head[1] - length * math.sin(angle + spread),
    )
    return left, right


def stroke_px(width: int | float, height: int | float) -> float:
    """The line width in pixels on an image of this size."""
    return max(1.5, STROKE * max(width, height))
