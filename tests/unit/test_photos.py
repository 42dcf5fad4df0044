"""Tests for bqinspect.photos: orientation, sizes, hashes, EXIF time and refusals."""

from __future__ import annotations

import hashlib
import io
import struct
import threading
import warnings
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import pytest
from PIL import ExifTags, Image, ImageFile, JpegImagePlugin

from bqinspect import photo_workers, photos
from bqinspect.photo_workers import ingest_many
from bqinspect.photos import IngestedPhoto, PhotoError, ingest_bytes, ingest_file
from tests.recording import RecordingProgress, cancelling

RED = (255, 0, 0)
BLUE = (0, 0, 255)


def _close(pixel: Any, expected: tuple[int, int, int], tol: int = 60) -> bool:
    return all(abs(int(a) - b) <= tol for a, b in zip(pixel, expected, strict=True))


def _marked(width: int = 64, height: int = 32) -> Image.Image:
    """Blue image with a red block in the top-left corner (raw, unrotated)."""
    img = Image.new("RGB", (width, height), BLUE)
    img.paste(RED, (0, 0, width // 4, height // 4))
    return img


def _jpeg(img: Image.Image, orientation: int | None = None, taken: str | None = None) -> bytes:
    exif = Image.Exif()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if taken is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    out = io.BytesIO()
    img.save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims the given size (a decompression bomb's calling card)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def _display(photo: IngestedPhoto) -> Image.Image:
    img = Image.open(io.BytesIO(photo.display))
    img.load()
    return img


def test_truncated_images_stay_refused_globally() -> None:
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.parametrize(
    ("orientation", "corner"),
    [
        (1, "top-left"),
        (6, "top-right"),  # camera turned clockwise: raw top-left ends up top-right
        (8, "bottom-left"),
        (3, "bottom-right"),
    ],
)
def test_orientation_moves_the_marked_corner(orientation: int, corner: str) -> None:
    photo = ingest_bytes(_jpeg(_marked(), orientation), "p.jpg")
    img = _display(photo)
    swapped = orientation in (6, 8)
    assert img.size == ((32, 64) if swapped else (64, 32))
    assert (photo.original_width, photo.original_height) == img.size
    assert (photo.display_width, photo.display_height) == img.size
    w, h = img.size
    points = {
        "top-left": (2, 2),
        "top-right": (w - 3, 2),
        "bottom-left": (2, h - 3),
        "bottom-right": (w - 3, h - 3),
    }
    for name, xy in points.items():
        expected = RED if name == corner else BLUE
        assert _close(img.getpixel(xy), expected), (name, img.getpixel(xy))


def test_display_long_edge_is_limited_and_configurable() -> None:
    data = _jpeg(_marked(1200, 900))
    default = ingest_bytes(data, "big.jpg")
    assert (default.display_width, default.display_height) == (1200, 900)  # never upscaled
    small = ingest_bytes(data, "big.jpg", max_edge=300, thumb_edge=50)
    assert (small.display_width, small.display_height) == (300, 225)
    assert _display(small).size == (300, 225)
    thumb = Image.open(io.BytesIO(small.thumbnail))
    assert thumb.size == (50, 38)
    assert (small.original_width, small.original_height) == (1200, 900)


def test_jpeg_close_to_a_power_of_two_comes_straight_from_the_decoder() -> None:
    # 1000 / 2 = 500 is within DRAFT_SLACK of 512: no resample to exactly 512
    photo = ingest_bytes(_jpeg(_marked(1000, 750)), "d.jpg", max_edge=512)
    assert (photo.display_width, photo.display_height) == (500, 375)
    assert photos.DRAFT_SLACK * 512 <= photo.display_width <= 512
    # a PNG has no DCT scaling: resampled to exactly max_edge
    out = io.BytesIO()
    _marked(1000, 750).save(out, "PNG")
    png = ingest_bytes(out.getvalue(), "d.png", max_edge=512)
    assert (png.display_width, png.display_height) == (512, 384)


def test_rotated_photo_is_limited_on_its_long_edge() -> None:
    photo = ingest_bytes(_jpeg(_marked(800, 400), 6), "r.jpg", max_edge=200, thumb_edge=40)
    assert (photo.display_width, photo.display_height) == (100, 200)
    assert (photo.original_width, photo.original_height) == (400, 800)
    assert Image.open(io.BytesIO(photo.thumbnail)).size == (20, 40)


def test_default_thumbnail_edge() -> None:
    photo = ingest_bytes(_jpeg(_marked(640, 480)), "t.jpg")
    assert Image.open(io.BytesIO(photo.thumbnail)).size == (320, 240)


def test_file_hash_size_and_mime(tmp_path: Path) -> None:
    data = _jpeg(_marked(), 6, "2023:01:02 03:04:05")
    path = tmp_path / "photo.jpg"
    path.write_bytes(data)
    photo = ingest_file(path)
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert photo.original_size == len(data)
    assert photo.mime == "image/jpeg"


def test_display_copy_has_no_exif() -> None:
    photo = ingest_bytes(_jpeg(_marked(), 6, "2023:01:02 03:04:05"), "e.jpg")
    for blob in (photo.display, photo.thumbnail):
        img = Image.open(io.BytesIO(blob))
        assert img.format == "JPEG" and img.mode == "RGB"
        assert "exif" not in img.info
        assert not img.getexif()


def test_exif_time_is_read() -> None:
    photo = ingest_bytes(_jpeg(_marked(), taken="2024:05:06 07:08:09"), "e.jpg")
    assert photo.taken_at == datetime(2024, 5, 6, 7, 8, 9)
    assert photo.taken_at.tzinfo is None


def test_exif_datetime_is_the_fallback() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.DateTime] = "2022:12:31 23:59:58"
    out = io.BytesIO()
    _marked().save(out, "JPEG", exif=exif.tobytes())
    assert ingest_bytes(out.getvalue(), "d.jpg").taken_at == datetime(2022, 12, 31, 23, 59, 58)


def test_no_exif_gives_no_time() -> None:
    out = io.BytesIO()
    _marked().save(out, "JPEG")
    assert ingest_bytes(out.getvalue(), "n.jpg").taken_at is None


def test_garbage_exif_time_gives_none() -> None:
    photo = ingest_bytes(_jpeg(_marked(), taken="0000:00:00 00:00:00"), "g.jpg")
    assert photo.taken_at is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024:05:06 07:08:09", datetime(2024, 5, 6, 7, 8, 9)),
        ("2024:05:06 07:08:09\x00", datetime(2024, 5, 6, 7, 8, 9)),
        (b"2024:05:06 07:08:09", datetime(2024, 5, 6, 7, 8, 9)),
        ("2024-05-06T07:08", datetime(2024, 5, 6, 7, 8)),
        ("  2024:05:06 07:08:09.123", datetime(2024, 5, 6, 7, 8, 9)),
        ("0000:00:00 00:00:00", None),
        ("    :  :     :  :  ", None),
        ("2024:13:45 99:99:99", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (20240506, None),
        (b"\xff\xfe\x00", None),
    ],
)
def test_parse_exif_datetime_tolerates_garbage(value: object, expected: datetime | None) -> None:
    assert photos.parse_exif_datetime(value) == expected


def test_png_with_alpha_is_flattened_on_white() -> None:
    img = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    img.paste((255, 0, 0, 255), (0, 0, 10, 10))
    out = io.BytesIO()
    img.save(out, "PNG")
    photo = ingest_bytes(out.getvalue(), "a.png")
    assert photo.mime == "image/png"
    display = _display(photo)
    assert display.mode == "RGB"
    assert _close(display.getpixel((30, 15)), (255, 255, 255), 10)
    assert _close(display.getpixel((3, 3)), RED)


@pytest.mark.parametrize("mode", ["P", "L", "1", "CMYK", "I;16", "LA"])
def test_other_modes_become_rgb(mode: str) -> None:
    # 16-bit grey at 40000 is ~61 % bright: it must be scaled, not clipped to white
    img = Image.new("I;16", (30, 20), 40000) if mode == "I;16" else _marked(30, 20).convert(mode)
    out = io.BytesIO()
    img.save(out, "TIFF" if mode == "CMYK" else "PNG")
    display = _display(ingest_bytes(out.getvalue(), f"m-{mode}"))
    assert display.mode == "RGB" and display.size == (30, 20)
    if mode == "I;16":
        assert _close(display.getpixel((15, 10)), (156, 156, 156), 5)  # scaled, not clipped


def test_cmyk_jpeg() -> None:
    out = io.BytesIO()
    _marked().convert("CMYK").save(out, "JPEG", quality=95)
    display = _display(ingest_bytes(out.getvalue(), "c.jpg"))
    assert _close(display.getpixel((2, 2)), RED)
    assert _close(display.getpixel((60, 30)), BLUE)


@pytest.mark.parametrize("profile", ["srgb", "broken"])
def test_embedded_icc_profile_is_honoured_or_ignored(profile: str) -> None:
    from PIL import ImageCms

    icc = (
        ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
        if profile == "srgb"
        else b"not a profile"
    )
    out = io.BytesIO()
    _marked().save(out, "JPEG", quality=95, icc_profile=icc)
    display = _display(ingest_bytes(out.getvalue(), "icc.jpg"))
    assert _close(display.getpixel((2, 2)), RED)
    assert "icc_profile" not in display.info


def test_webp_and_tiff_are_accepted() -> None:
    for fmt, mime in (("WEBP", "image/webp"), ("TIFF", "image/tiff")):
        out = io.BytesIO()
        _marked().save(out, fmt)
        assert ingest_bytes(out.getvalue(), f"x.{fmt}").mime == mime


def test_not_an_image_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("this is not a photo")
    with pytest.raises(PhotoError, match=r"notes\.jpg: not an image"):
        ingest_file(path)


def test_unaccepted_format_is_named() -> None:
    out = io.BytesIO()
    _marked().save(out, "GIF")
    with pytest.raises(PhotoError, match="GIF files are not accepted"):
        ingest_bytes(out.getvalue(), "anim.gif")


def test_truncated_jpeg_is_refused() -> None:
    data = _jpeg(Image.effect_noise((400, 300), 40).convert("RGB"))
    with pytest.raises(PhotoError, match=r"cut\.jpg: damaged or truncated"):
        ingest_bytes(data[: len(data) // 2], "cut.jpg")


def test_truncated_png_is_refused() -> None:
    out = io.BytesIO()
    Image.effect_noise((300, 200), 40).save(out, "PNG")
    data = out.getvalue()
    with pytest.raises(PhotoError, match=r"cut\.png"):
        ingest_bytes(data[: len(data) // 2], "cut.png")


def test_decompression_bomb_is_refused_before_decoding() -> None:
    with pytest.raises(PhotoError, match=r"bomb\.png: refused as a decompression bomb"):
        ingest_bytes(_png_claiming(100_000, 100_000), "bomb.png")


@pytest.mark.parametrize(
    ("action", "message"), [("error", "decompression bomb"), ("ignore", "megapixels")]
)
def test_image_just_over_pillows_limit_is_refused(
    action: Literal["error", "ignore"], message: str
) -> None:
    """Pillow only warns here; refused whether warnings are errors (pytest) or not (the app)."""
    assert Image.MAX_IMAGE_PIXELS is not None
    side = int(Image.MAX_IMAGE_PIXELS**0.5) + 10
    with warnings.catch_warnings():
        warnings.simplefilter(action, Image.DecompressionBombWarning)
        with pytest.raises(PhotoError, match=message):
            ingest_bytes(_png_claiming(side, side), "big.png")


def test_own_pixel_limit_is_checked() -> None:
    with pytest.raises(PhotoError, match="megapixels, over the limit"):
        ingest_bytes(_png_claiming(3000, 2000), "six-mp.png", max_pixels=5_000_000)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    with pytest.raises(PhotoError, match=r"empty\.jpg: the file is empty"):
        ingest_file(path)


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.jpg"
    path.write_bytes(_jpeg(_marked()))
    with pytest.raises(PhotoError, match="over the limit"):
        ingest_file(path, max_bytes=100)
    with pytest.raises(PhotoError, match="over the limit of 64 MiB"):
        ingest_bytes(b"\xff" * (64 * 2**20 + 1), "x.jpg")


def test_missing_file_is_a_photo_error(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="cannot read the file"):
        ingest_file(tmp_path / "gone.jpg")


def test_photo_error_is_a_value_error_and_pickles() -> None:
    import pickle

    err = PhotoError("a.jpg", "the file is empty")
    assert isinstance(err, ValueError)
    again = pickle.loads(pickle.dumps(err))
    assert (again.name, again.reason, str(again)) == ("a.jpg", "the file is empty", str(err))


def test_big_jpeg_uses_draft(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    original = JpegImagePlugin.JpegImageFile.draft

    def spy(self: JpegImagePlugin.JpegImageFile, mode: str | None, size: Any) -> Any:
        result = original(self, mode, size)
        calls.append((mode, size, result, self.size))
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    data = _jpeg(Image.effect_noise((2048, 1536), 30).convert("RGB"))
    photo = ingest_bytes(data, "big.jpg", max_edge=256)
    assert (photo.display_width, photo.display_height) == (256, 192)
    assert (photo.original_width, photo.original_height) == (2048, 1536)
    assert len(calls) == 1
    mode, size, result, drafted = calls[0]
    assert mode == "RGB" and size == (230, 172)  # DRAFT_SLACK * max_edge
    assert result is not None  # the decoder scaled down
    assert drafted == (256, 192)  # by 1/8: decoded at the target size directly


def _files(tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = tmp_path / f"p{i}.jpg"
        path.write_bytes(_jpeg(_marked(80 + i, 40)))
        paths.append(path)
    return paths


def test_ingest_many_keeps_order_reports_progress_and_errors(tmp_path: Path) -> None:
    paths = _files(tmp_path, 5)
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"nope")
    paths.insert(2, bad)
    progress = RecordingProgress()
    results = ingest_many(paths, workers=2, progress=progress, max_edge=64)
    assert len(results) == 6
    assert isinstance(results[2], PhotoError) and "bad.jpg" in str(results[2])
    widths = [r.original_width for r in results if isinstance(r, IngestedPhoto)]
    assert widths == [80, 81, 82, 83, 84]
    assert progress.calls == [(i, 6, "") for i in range(7)]
    assert progress.threads == {threading.current_thread().name}


def test_ingest_many_stops_when_cancelled(tmp_path: Path) -> None:
    paths = _files(tmp_path, 12)
    # cancel after the third photo is done
    progress = RecordingProgress(lambda p: len(p.calls) > 3)
    results = ingest_many(paths, workers=2, progress=progress)
    assert 3 <= len(results) <= 5  # the two in flight when cancelled are finished
    assert len(results) < len(paths)
    assert [r.original_width for r in results if isinstance(r, IngestedPhoto)] == [
        80 + i for i in range(len(results))
    ]


def test_ingest_many_cancelled_before_start(tmp_path: Path) -> None:
    assert ingest_many(_files(tmp_path, 3), progress=cancelling()) == []


def test_ingest_many_empty() -> None:
    assert ingest_many([]) == []


def test_ingest_many_on_processes_gives_what_threads_and_one_call_give(tmp_path: Path) -> None:
    paths: list[photos.PhotoSource] = list(_files(tmp_path, 3))
    paths.append(photos.RawPhoto(_jpeg(_marked(90, 40), orientation=6), "pasted.jpg"))
    paths.append(photos.RawPhoto(b"not an image at all", "notes.txt"))
    on_processes = ingest_many(paths, workers=2, run_in="process")
    on_threads = ingest_many(paths, workers=2, run_in="thread")
    assert on_processes[:4] == on_threads[:4]  # the same bytes, hashes and sizes
    assert on_processes[0] == ingest_file(tmp_path / "p0.jpg")
    assert (on_processes[3].original_width, on_processes[3].original_height) == (40, 90)
    refused = on_processes[4]
    assert isinstance(refused, PhotoError) and str(refused) == str(on_threads[4])
    assert refused.name == "notes.txt"


def test_workers_started_ahead_are_other_processes_and_serve_the_next_batch(
    tmp_path: Path,
) -> None:
    import os

    started = photo_workers.start_workers(2)
    assert len(started) == 2
    pids = {future.result() for future in started}
    assert os.getpid() not in pids
    pool = photo_workers._process_pool(2)
    results = ingest_many(_files(tmp_path, 2), workers=2)
    assert all(isinstance(r, IngestedPhoto) for r in results)
    assert photo_workers._process_pool(2) is pool  # the batch used the processes started ahead


def test_a_batch_whose_worker_process_dies_refuses_the_photo_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    paths = _files(tmp_path, 2)

    class DeadPool:
        def submit(self, *args: object) -> Future[IngestedPhoto | PhotoError]:
            crashed: Future[IngestedPhoto | PhotoError] = Future()
            crashed.set_exception(BrokenProcessPool("a worker died"))
            return crashed

    monkeypatch.setattr(photo_workers, "_process_pool", lambda workers: DeadPool())
    results = ingest_many(paths, workers=2)
    assert [type(r) for r in results] == [PhotoError, PhotoError]
    assert results[0].name == str(paths[0]) and "BrokenProcessPool" in str(results[0])


# HEIC / HEIF (the iPhone's default) --------------------------------------------------------------
def _heic(img: Image.Image, *, orientation: int = 1, sequence: bool = False) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTime] = "2026:11:30 10:11:12"
    out = io.BytesIO()
    extra = {"save_all": True, "append_images": [img.rotate(90, expand=True)]} if sequence else {}
    img.save(out, "HEIF", exif=exif.tobytes(), quality=85, **extra)
    return out.getvalue()


def _corner_is_blue(display: bytes, corner: tuple[float, float]) -> bool:
    with Image.open(io.BytesIO(display)) as img:
        x = int(corner[0] * (img.width - 1))
        y = int(corner[1] * (img.height - 1))
        r, _g, b = img.convert("RGB").getpixel((x, y))  # type: ignore[misc]
    return b > 150 and r < 100


def _flagged(width: int = 400, height: int = 200) -> Image.Image:
    """Red, with a blue block in the top-left corner: orientation shows where it lands."""
    img = Image.new("RGB", (width, height), (200, 30, 30))
    img.paste((0, 0, 255), (0, 0, width // 4, height // 4))
    return img


def test_heic_is_accepted_upright_with_its_capture_time() -> None:
    photo = ingest_bytes(_heic(_flagged(), orientation=6), "IMG_0001.HEIC")
    assert photo.mime == "image/heif"
    # orientation 6: the camera was turned; upright, the image is portrait and the blue
    # block of the stored top-left lands at the top right
    assert (photo.original_width, photo.original_height) == (200, 400)
    assert _corner_is_blue(photo.display, (0.95, 0.05))
    assert photo.taken_at == datetime(2026, 11, 30, 10, 11, 12)
    assert len(photo.sha256) == 64


def test_heic_obeys_the_size_caps() -> None:
    with pytest.raises(PhotoError, match="over the limit"):
        ingest_bytes(_heic(_flagged(400, 300)), "big.heic", max_pixels=100_000)
    with pytest.raises(PhotoError):
        ingest_bytes(_heic(_flagged()), "big.heic", max_bytes=100)


def test_a_burst_sequence_opens_on_its_first_image() -> None:
    data = bytearray(_heic(_flagged(), sequence=True))
    data[8:12] = b"msf1"  # the major brand of an iPhone burst / live photo sequence
    photo = ingest_bytes(bytes(data), "burst.heic")
    assert (photo.original_width, photo.original_height) == (400, 200)
    assert _corner_is_blue(photo.display, (0.05, 0.05))


def test_a_refused_format_says_how_to_get_jpeg() -> None:
    out = io.BytesIO()
    _marked().save(out, "GIF")
    with pytest.raises(PhotoError, match="Most Compatible"):
        ingest_bytes(out.getvalue(), "anim.gif")
    video = b"\x00\x00\x00\x18ftypqt  " + bytes(200)
    with pytest.raises(PhotoError, match="QuickTime video files are not accepted"):
        ingest_bytes(video, "IMG_0002.MOV")


def test_a_video_dropped_by_mistake_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    video = tmp_path / "IMG_0003.MOV"
    with video.open("wb") as f:  # a sparse 40 MiB "video": only its header is real
        f.write(b"\x00\x00\x00\x18ftypqt  " + bytes(100))
        f.truncate(40 * 2**20)
    reads: list[int] = []
    real_open = Path.open

    def counting_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, *args, **kwargs)
        if self == video:
            real_read = handle.read

            def read(n: int = -1) -> bytes:
                data = real_read(n)
                reads.append(len(data))
                return data

            handle.read = read
        return handle

    monkeypatch.setattr(Path, "open", counting_open)
    with pytest.raises(PhotoError, match="QuickTime video files are not accepted"):
        ingest_file(video)
    assert sum(reads) <= 64


def test_memory_stays_bounded_for_a_1_gib_sparse_file(tmp_path: Path) -> None:
    """A 1 GiB file (a phone video dropped by mistake, named .jpg) is refused on its size
    before any of it is read: the memory it costs is a few kilobytes, not a gigabyte."""
    import tracemalloc

    huge = tmp_path / "IMG_0004.jpg"
    with huge.open("wb") as f:
        f.write(b"\xff\xd8\xff\xe0" + bytes(60))  # a JPEG's first bytes; the rest is a hole
        f.truncate(2**30)
    tracemalloc.start()
    try:
        with pytest.raises(PhotoError, match=r"1024\.0 MiB, over the limit of 64 MiB"):
            ingest_file(huge)
        (result,) = ingest_many([huge])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result, PhotoError) and result.name == str(huge)
    assert peak < 2**20
