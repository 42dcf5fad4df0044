"""Report building blocks without a database: print images, fonts, wording, record JSON."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from PIL import ExifTags, Image
from reportlab.pdfbase import pdfmetrics

from bqinspect.base.progress import Cancelled
from bqinspect.report.fonts import FontProblem, _register, load_fonts, shipped_font_path
from bqinspect.report.images import (
    PRINT_DPI,
    ImageJob,
    ImageProblem,
    PrintImage,
    prepare,
    prepare_many,
)
from bqinspect.report.labels import LABELS, SEVERITY, Lang, Words, label_chars
from bqinspect.report.record import canonical_bytes
from tests.recording import RecordingProgress, cancelling

MM = 72 / 25.4


def _marked(width: int, height: int, orientation: int | None = None, fmt: str = "JPEG") -> bytes:
    """Blue with a red top-left block; optionally tagged with an EXIF orientation."""
    img = Image.new("RGB", (width, height), (0, 0, 255))
    img.paste((255, 0, 0), (0, 0, width // 4, height // 4))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    img.save(out, fmt, quality=92, exif=exif.tobytes())
    return out.getvalue()


def _decoded(image: PrintImage) -> Image.Image:
    return Image.open(io.BytesIO(image.data)).convert("RGB")


def test_photos_are_resampled_to_their_printed_size() -> None:
    box_w, box_h = 56 * MM, 42 * MM
    image = prepare(_marked(2000, 1500), box_w, box_h)
    expected_w = round(56 / 25.4 * PRINT_DPI)
    assert abs(image.width - expected_w) <= 1 and abs(image.height - expected_w * 0.75) <= 2
    assert image.data[:2] == b"\xff\xd8"


def test_a_small_photo_is_embedded_as_it_is() -> None:
    data = _marked(300, 225)
    image = prepare(data, 56 * MM, 42 * MM)
    assert image.data == data and (image.width, image.height) == (300, 225)


@pytest.mark.parametrize(("orientation", "corner"), [(6, "top-right"), (8, "bottom-left")])
def test_exif_orientation_is_applied(orientation: int, corner: str) -> None:
    image = prepare(_marked(1600, 1200, orientation), 56 * MM, 56 * MM)
    assert image.height > image.width  # portrait after rotation
    img = _decoded(image)
    w, h = img.size
    probe = {"top-right": (w - 3, 3), "bottom-left": (3, h - 3)}[corner]
    r, _g, b = img.getpixel(probe)  # type: ignore[misc]
    assert r > 200 and b < 80, (orientation, img.getpixel(probe))


def test_transparent_images_stay_transparent() -> None:
    img = Image.new("RGBA", (900, 300), (0, 0, 0, 0))
    img.paste((10, 20, 90, 255), (0, 100, 900, 140))
    out = io.BytesIO()
    img.save(out, "PNG")
    image = prepare(out.getvalue(), 46 * MM, 16 * MM, dpi=300)
    assert image.data.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(image.data)).mode == "RGBA"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\xff\xd8\xff\xe0garbage", "cannot decode"),
        (b"%PDF-1.4", "cannot decode"),
    ],
)
def test_unusable_images_are_problems_not_crashes(data: bytes, reason: str) -> None:
    with pytest.raises(ImageProblem, match=reason):
        prepare(data, 100, 100)


def test_prepare_many_keeps_order_reports_problems_and_cancels() -> None:
    jobs = [
        ImageJob("a", _marked(400, 300), 100, 75),
        ImageJob("b", None, 100, 75),
        ImageJob("c", b"junk", 100, 75),
        ImageJob("d", _marked(300, 400), 100, 75),
    ]
    seen = RecordingProgress()
    results = prepare_many(jobs, progress=seen)
    assert seen.done == [1, 2, 3, 4]
    assert isinstance(results[0], PrintImage) and results[0].width > results[0].height
    assert isinstance(results[1], ImageProblem) and "missing" in str(results[1])
    assert isinstance(results[2], ImageProblem)
    assert isinstance(results[3], PrintImage) and results[3].height > results[3].width
    with pytest.raises(Cancelled):
        prepare_many(jobs, progress=cancelling())
    assert prepare_many([]) == []


def test_the_shipped_font_has_every_character_the_report_prints() -> None:
    fonts, warnings = load_fonts("")
    assert warnings == []
    face = pdfmetrics.getFont(fonts.regular).face
    missing = [c for c in label_chars() if c.strip() and ord(c) not in face.charToGlyph]
    assert missing == []
    assert fonts.path == shipped_font_path() and "ZenHei" in fonts.family


def test_a_bad_report_font_falls_back_with_a_reason(tmp_path) -> None:  # type: ignore[no-untyped-def]
    otf = tmp_path / "NotoSansCJK.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 100)
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\0\1\0\0" + b"\0" * 100)
    for path, reason in [
        (tmp_path / "absent.ttf", "no such font file"),
        (otf, "not a .ttf or .ttc"),
        (broken, "broken.ttf"),
    ]:
        fonts, warnings = load_fonts(str(path))
        assert fonts.path == shipped_font_path()
        assert len(warnings) == 1 and reason in warnings[0] and str(path) in warnings[0]


def test_a_font_without_the_needed_glyphs_is_refused() -> None:
    with pytest.raises(FontProblem, match="no glyphs"):
        _register(shipped_font_path(), 0, "整改\U0001f600")


def test_words_in_each_language() -> None:
    assert Words(Lang.ZH)("title") == "整改通知书"
    assert Words(Lang.EN)("title") == "Rectification Notice"
    assert Words(Lang.BOTH)("title") == "整改通知书 / Rectification Notice"
    assert Words(Lang.ZH).severity("major") == "重大"
    assert Words(Lang.EN).severity("observation") == "Observation"
    assert Words(Lang.ZH).page(2, 5) == "第 2 / 5 页"
    assert Words(Lang.EN).page(2, 5) == "Page 2 / 5"
    assert all(zh.strip() and en.strip() for zh, en in [*LABELS.values(), *SEVERITY.values()])
    assert {"critical", "major", "general", "observation"} == set(SEVERITY)


def test_canonical_json_has_one_spelling_for_each_value() -> None:
    shanghai = timezone(timedelta(hours=8))
    same_instant = [
        datetime(2026, 5, 6, 9, 30, tzinfo=shanghai),
        datetime(2026, 5, 6, 1, 30, tzinfo=UTC),
        datetime(2026, 5, 6, 1, 30),  # naive values from a database are UTC
    ]
    spelled = {canonical_bytes({"at": when}) for when in same_instant}
    assert spelled == {b'{"at":"2026-05-06T01:30:00.000000Z"}'}
    ident = uuid.UUID(int=7)
    assert canonical_bytes({"b": 2.0, "a": [ident, date(2026, 1, 2)], "c": "中"}) == (
        '{"a":["00000000-0000-0000-0000-000000000007","2026-01-02"],"b":2,"c":"中"}'.encode()
    )
    assert canonical_bytes({"x": float("nan")}) == b'{"x":null}'


def test_chinese_closing_punctuation_never_starts_a_line() -> None:
    from reportlab.platypus import Paragraph

    from bqinspect.report.styles import make_styles

    styles = make_styles(load_fonts("")[0])
    text = '<font color="red">INF-01</font> 明示《金融许可证》《营业执照》并核对：信息一致。'
    for width in range(80, 200, 3):
        para = Paragraph(text, styles.small)
        para.wrap(width, 1000)
        lines = ["".join(w.text for w in line.words) for line in para.blPara.lines]
        assert not any(line[:1] in "》，。：" for line in lines[1:]), (width, lines)
