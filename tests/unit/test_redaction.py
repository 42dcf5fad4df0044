"""Redaction core: faces found in a real photo, boxes, the irreversible redacted copy."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from bqinspect.redaction.boxes import Box, BoxError, BoxKind, merged, parse_pixel_box
from bqinspect.redaction.detect import detect_faces
from bqinspect.redaction.pixelate import redacted_copy
from tests.face_photos import ASTRONAUT_FACE, CAMERAMAN_FACE, jpeg_of


def _detail(img: Image.Image, box: tuple[int, int, int, int]) -> float:
    """Mean difference between neighbouring pixels inside ``box``: low for a pixelated area."""
    gray = img.convert("L").crop(box)
    px = gray.load()
    assert px is not None
    total = count = 0
    for y in range(gray.height):
        for x in range(1, gray.width):
            total += abs(int(px[x, y]) - int(px[x - 1, y]))  # type: ignore[arg-type]
            count += 1
    return total / count


def test_a_face_is_found_in_a_real_photo_and_none_in_a_cup() -> None:
    found = detect_faces(jpeg_of("astronaut"))
    assert len(found.boxes) == 1
    face = found.boxes[0]
    assert (face.kind, face.auto) == (BoxKind.FACE, True)
    assert face.overlap(Box(*ASTRONAUT_FACE)) > 0.7
    assert detect_faces(jpeg_of("coffee")).boxes == ()


def test_the_cameraman_is_found_too() -> None:
    (face,) = detect_faces(jpeg_of("camera")).boxes
    assert face.overlap(Box(*CAMERAMAN_FACE)) > 0.7


def test_the_redacted_copy_hides_the_box_for_good_and_keeps_the_rest() -> None:
    display = jpeg_of("astronaut")
    face = Box(*ASTRONAUT_FACE, kind=BoxKind.FACE)
    copy = redacted_copy(display, [face])
    before = Image.open(io.BytesIO(display))
    after = Image.open(io.BytesIO(copy.display))
    inside = face.pixels(after.width, after.height)
    x, y, w, h = inside
    region = (x, y, x + w, y + h)
    assert _detail(before, region) > 3 * _detail(after, region)
    elsewhere = (10, 400, 150, 500)  # the suit, far from the face
    assert abs(_detail(before, elsewhere) - _detail(after, elsewhere)) < 2
    # the box was enlarged: the edge of the face just outside the drawn box is hidden too
    margin = (x - 4, y, x, y + h)
    assert _detail(after, margin) < _detail(before, margin)
    assert copy.sha256 != redacted_copy(display, []).sha256
    with Image.open(io.BytesIO(copy.thumbnail)) as thumb:
        assert max(thumb.size) == 320


def test_a_pixelated_card_cannot_be_read_back() -> None:
    img = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(img).text((120, 140), "6222 0212 3456 7890", fill="black")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    card = Box(0.25, 0.4, 0.5, 0.2, kind=BoxKind.ID_CARD)
    after = Image.open(io.BytesIO(redacted_copy(buf.getvalue(), [card]).display))
    x, y, w, h = card.pixels(400, 300)
    colours = after.convert("L").crop((x, y, x + w, y + h)).getextrema()
    assert isinstance(colours, tuple) and colours[1] - colours[0] < 60  # no black on white left


def test_boxes_from_pixels_are_clamped_and_checked() -> None:
    box = Box.from_pixels(-10, 20, 110, 40, 200, 100, BoxKind.SCREEN)
    assert (box.x, box.y, box.w, box.h) == pytest.approx((0.0, 0.2, 0.5, 0.4))
    assert box.pixels(200, 100) == (0, 20, 100, 40)
    assert Box.from_json(box.to_json()) == box
    assert parse_pixel_box(" 1, 2,3 ,4.5") == (1, 2, 3, 4.5)
    for bad in ("1,2,3", "a,b,c,d", "1,2,0,4", "1,2,3,nan"):
        with pytest.raises(BoxError):
            parse_pixel_box(bad)
    with pytest.raises(BoxError):
        Box(0.9, 0.9, 0.5, 0.5)
    with pytest.raises(BoxError):
        Box.from_pixels(300, 300, 10, 10, 200, 100, BoxKind.OTHER)  # wholly outside


def test_overlapping_detections_are_merged_into_one() -> None:
    a = Box(0.1, 0.1, 0.2, 0.2, BoxKind.FACE, True)
    b = Box(0.12, 0.11, 0.2, 0.2, BoxKind.FACE, True)
    c = Box(0.6, 0.6, 0.1, 0.1, BoxKind.FACE, True)
    assert len(merged([a, b, c])) == 2
