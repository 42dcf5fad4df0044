"""Marks drawn on a photo (arrow, rectangle, ellipse, freehand, text) as checked vector data."""

from __future__ import annotations

import enum
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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
        raise AnnotationError(f"{where}: a coordinate must be a finite number")
    if not 0.0 <= value <= 1.0:
        raise AnnotationError(f"{where}: a coordinate must lie within 0..1 of the image")
    return round(float(value), 5)


def shape_from_json(data: object, where: str = "shape") -> Shape:
    """One mark read from its JSON form; raises :class:`AnnotationError`."""
    if not isinstance(data, dict):
        raise AnnotationError(f"{where}: expected an object")
    unknown = set(data) - {"kind", "colour", "points", "text"}
    if unknown:
        raise AnnotationError(f"{where}: unknown field {sorted(unknown)[0]}")
    try:
        kind = ShapeKind(str(data.get("kind")))
    except ValueError:
        raise AnnotationError(
            f"{where}: kind must be one of {', '.join(k.value for k in ShapeKind)}"
        ) from None
    try:
        colour = Colour(str(data.get("colour")))
    except ValueError:
        raise AnnotationError(
            f"{where}: colour must be one of {', '.join(c.value for c in Colour)}"
        ) from None
    raw = data.get("points")
    low, high = _POINTS[kind]
    if not isinstance(raw, list) or not low <= len(raw) <= high:
        raise AnnotationError(f"{where}: a {kind.value} takes {low}..{high} points")
    points = []
    for n, pair in enumerate(raw):
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise AnnotationError(f"{where}: point {n} must be [x, y]")
        points.append((_number(pair[0], where), _number(pair[1], where)))
    text = data.get("text", "")
    if not isinstance(text, str):
        raise AnnotationError(f"{where}: text must be a string")
    text = " ".join(text.split())
    if kind is ShapeKind.TEXT and not 1 <= len(text) <= MAX_TEXT:
        raise AnnotationError(f"{where}: a label takes 1..{MAX_TEXT} characters")
    return Shape(kind, colour, tuple(points), text if kind is ShapeKind.TEXT else "")


def shapes_from_json(data: object) -> tuple[Shape, ...]:
    """A photo's marks read from their JSON list; raises :class:`AnnotationError`."""
    if not isinstance(data, list):
        raise AnnotationError("marks: expected a list")
    if len(data) > MAX_SHAPES:
        raise AnnotationError(f"marks: at most {MAX_SHAPES} on one photo")
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
