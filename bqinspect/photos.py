"""Photo ingest with Pillow: checks, orientation, downscale, thumbnail, hash, EXIF time."""

from __future__ import annotations

import hashlib
import io
import logging
import math
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pillow_heif
from PIL import ExifTags, Image, ImageFile

from bqinspect.domain.messages import Words, declare

IMAGE_HAS_NO_PIXELS = declare(
    "photos.image_has_no_pixels",
    "image has no pixels ({width}x{height})",
    "图像没有像素（{width}x{height}）",
)
IMAGE_X_MEGAPIXELS_OVER = declare(
    "photos.image_x_megapixels_over",
    "image is {width}x{height} = {value} megapixels, over the limit of {value2}",
    "图像为 {width}x{height} = {value} 百万像素，超过上限 {value2}",
)
FILE_EMPTY = declare(
    "photos.file_empty",
    "the file is empty",
    "文件为空",
)
FILE_MIB_OVER_LIMIT = declare(
    "photos.file_mib_over_limit",
    "the file is {value} MiB, over the limit of {value2} MiB",
    "文件为 {value} MiB，超过上限 {value2} MiB",
)
IMAGE_ONE = declare(
    "photos.image_one",
    "not an image, or not one of {accepted} ({how_to_get_jpeg})",
    "不是图像，或不属于 {accepted}（{how_to_get_jpeg}）",
)
REFUSED_AS_DECOMPRESSION_BOMB = declare(
    "photos.refused_as_decompression_bomb",
    "refused as a decompression bomb: {exc}",
    "疑似解压炸弹，已拒绝：{exc}",
)
CANNOT_READ_IMAGE_HEADER = declare(
    "photos.cannot_read_image_header",
    "cannot read the image header: {exc}",
    "无法读取图像文件头：{exc}",
)
DAMAGED_TRUNCATED_IMAGE_DATA = declare(
    "photos.damaged_truncated_image_data",
    "damaged or truncated image data ({exc})",
    "图像数据损坏或不完整（{exc}）",
)
CANNOT_DECODE_IMAGE = declare(
    "photos.cannot_decode_image",
    "cannot decode the image ({name}: {exc})",
    "无法解码图像（{name}：{exc}）",
)
CANNOT_READ_FILE = declare(
    "photos.cannot_read_file",
    "cannot read the file ({value})",
    "无法读取文件（{value}）",
)
FILES_ARE_ACCEPTED_USE = declare(
    "photos.files_are_accepted_use",
    "{label} files are not accepted (use {accepted}: {how_to_get_jpeg})",
    "不接受 {label} 文件（请使用 {accepted}：{how_to_get_jpeg}）",
)

log = logging.getLogger(__name__)

# HEIC / HEIF, the iPhone's default photo format. The plugin applies the image's rotation
# (its EXIF orientation and HEIF irot/imir) when decoding and resets the EXIF orientation to 1,
# so ingest treats a decoded HEIF as upright; a burst or live sequence (brand msf1) opens on
# its primary image.
pillow_heif.register_heif_opener()

MAX_BYTES = 64 * 1024 * 1024
MAX_PIXELS = 100_000_000
# A JPEG is decoded at 1/2, 1/4 or 1/8 size when that leaves a long edge of at least this
# fraction of max_edge: a 4000x3000 photo becomes a 2000x1500 display copy straight from the
# decoder instead of a full decode and a costly 4000 -> 2048 resample (about 3x faster).
DRAFT_SLACK = 0.9

# Pillow's own guard in Image.open() (Image.MAX_IMAGE_PIXELS, about 89.5 MP by default) also
# applies: its DecompressionBombWarning/Error is a refusal here, whatever the warning filters say.
_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF")
_OPTIONAL_FORMATS = ("HEIF", "AVIF")  # only when this Pillow build (or a plugin) can read them
_MIME = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",  # a JPEG with a multi-picture index (many phones); first frame is used
    "PNG": "image/png",
    "WEBP": "image/webp",
    "TIFF": "image/tiff",
    "HEIF": "image/heif",
    "AVIF": "image/avif",
}
# Recognised only to say clearly why they are refused.
_SNIFF = (
    (0, b"GIF8", "GIF"),
    (0, b"BM", "BMP"),
    (0, b"%PDF", "PDF"),
    (0, b"\xd0\xcf\x11\xe0", "an Office document"),
    (0, b"PK\x03\x04", "a ZIP archive"),
    (4, b"ftypheic", "HEIC"),
    (4, b"ftypheix", "HEIC"),
    (4, b"ftypmif1", "HEIF"),
    (4, b"ftypmsf1", "HEIF sequence"),
    (4, b"ftyphevc", "HEIF sequence"),
    (4, b"ftypqt  ", "QuickTime video"),
    (4, b"ftypisom", "MP4 video"),
    (4, b"ftypmp42", "MP4 video"),
)
# How to get a photo this app takes, said with every refusal of a format.
HOW_TO_GET_JPEG = declare(
    "photos.how_to_get_jpeg",
    "save or export it as JPEG; on an iPhone, Settings > Camera > Formats > Most Compatible "
    "makes the camera take JPEG",
    "请另存或导出为 JPEG；iPhone 上在“设置 > 相机 > 格式”中选择“兼容性最佳”，相机即拍摄 JPEG",
)()
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_EXIF_DATE = re.compile(
    r"^\s*(\d{4})[:/.-](\d{1,2})[:/.-](\d{1,2})[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?"
)


@dataclass(frozen=True)
class IngestedPhoto:
    """A photo ready to store: hashes and size of the original, display copy and thumbnail."""

    sha256: str  # hex sha256 of the original file bytes
    original_size: int  # bytes
    original_width: int  # as displayed, i.e. after EXIF orientation
    original_height: int
    display: bytes  # JPEG, RGB, sRGB, orientation applied, no EXIF; see DRAFT_SLACK for size
    display_width: int
    display_height: int
    thumbnail: bytes  # JPEG
    # EXIF DateTimeOriginal (else DateTime) as the camera recorded it: a naive wall-clock time.
    # EXIF carries no time zone, so this is not converted to UTC and must not be compared
    # with aware timestamps without a zone chosen by the caller.
    taken_at: datetime | None
    mime: str  # of the original


class PhotoError(ValueError):
    """A file refused as a photo; the message names the file and the reason."""

    def __init__(self, name: str, reason: Words):
        super().__init__(name, reason)
        self.name = name
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.name, self.reason))


def supported_formats() -> tuple[str, ...]:
    """Pillow format names accepted as photos by this build."""
    Image.init()
    return _FORMATS + tuple(f for f in _OPTIONAL_FORMATS if f in Image.OPEN)


def parse_exif_datetime(value: object) -> datetime | None:
    """Parse an EXIF date/time (``2024:05:06 07:08:09``); None for anything unusable."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    match = _EXIF_DATE.match(value.replace("\x00", " "))
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    if not 1900 <= year <= 2200:
        return None
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _sniff(data: bytes) -> str | None:
    for offset, magic, label in _SNIFF:
        if data[offset : offset + len(magic)] == magic:
            return label
    return None


# The first bytes of every format accepted (HEIF and AVIF: an ISO-BMFF "ftyp" box).
_IMAGE_MAGIC = (
    (0, b"\xff\xd8\xff"),  # JPEG
    (0, b"\x89PNG\r\n\x1a\n"),
    (0, b"II*\x00"),  # TIFF, little-endian
    (0, b"MM\x00*"),  # TIFF, big-endian
    (8, b"WEBP"),  # after RIFF and its size
    (4, b"ftyp"),
)


def _refuse_by_header(head: bytes, name: str) -> None:
    """Refuse from the first bytes alone what cannot be a photo, before reading the rest."""
    if len(head) < 12:  # empty or tiny: the full check says why
        return
    label = _sniff(head)
    if label is not None and label not in ("HEIC", "HEIF", "HEIF sequence"):
        _open(head, name, MAX_PIXELS)  # raises the usual refusal naming the format
    if label is None and not any(head[o : o + len(m)] == m for o, m in _IMAGE_MAGIC):
        _open(head, name, MAX_PIXELS)


def _open(data: bytes, name: str, max_pixels: int) -> Image.Image:
    formats = supported_formats()
    try:
        img = Image.open(io.BytesIO(data), formats=formats)
    except Image.UnidentifiedImageError as exc:
        label = _sniff(data)
        accepted = ", ".join(formats)
        if label:
            raise PhotoError(
                name,
                FILES_ARE_ACCEPTED_USE(
                    label=label, accepted=accepted, how_to_get_jpeg=HOW_TO_GET_JPEG
                ),
            ) from exc
        raise PhotoError(
            name, IMAGE_ONE(accepted=accepted, how_to_get_jpeg=HOW_TO_GET_JPEG)
        ) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(name, REFUSED_AS_DECOMPRESSION_BOMB(exc=exc)) from exc
    except Exception as exc:
        raise PhotoError(name, CANNOT_READ_IMAGE_HEADER(exc=exc)) from exc
    width, height = img.size
    limit = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)
    if width < 1 or height < 1:
        img.close()
        raise PhotoError(name, IMAGE_HAS_NO_PIXELS(width=width, height=height))
    if width * height > limit:
        img.close()
        raise PhotoError(
            name,
            IMAGE_X_MEGAPIXELS_OVER(
                width=width,
                height=height,
                value=format(width * height / 1e6, ".0f"),
                value2=format(limit / 1e6, ".0f"),
            ),
        )
    return img


def _orientation(img: Image.Image) -> tuple[int, datetime | None]:
    """EXIF orientation (1..8) and capture time; garbage EXIF counts as none."""
    try:
        exif = img.getexif()
        orientation = exif.get(ExifTags.Base.Orientation, 1)
        sub = exif.get_ifd(ExifTags.IFD.Exif)
        taken = parse_exif_datetime(sub.get(ExifTags.Base.DateTimeOriginal))
        if taken is None:
            taken = parse_exif_datetime(exif.get(ExifTags.Base.DateTime))
    except Exception as exc:
        log.debug("ignoring unreadable EXIF: %s", exc)
        return 1, None
    return (orientation if isinstance(orientation, int) else 1), taken


def _scaled(width: int, height: int, edge: int) -> tuple[int, int]:
    scale = min(1.0, edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _to_8bit(img: Image.Image) -> Image.Image:
    """Bring any mode to one of L, LA, RGB, RGBA, CMYK without clipping 16-bit data."""
    mode = img.mode
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return img
    if mode in ("1", "P", "PA"):
        has_alpha = mode == "PA" or "transparency" in img.info
        return img.convert("RGBA" if has_alpha else "RGB")
    if mode in ("La", "RGBa"):
        return img.convert("RGBA")
    if mode.startswith("I;16") or mode == "I":
        img = img.convert("I")
        _low, high = img.getextrema()
        if isinstance(high, int | float) and high > 255:
            img = img.point(lambda v: v * (1 / 256))
        return img.convert("L")
    if mode == "F":
        _low, high = img.getextrema()
        factor = 255.0 if isinstance(high, int | float) and high <= 1.0 else 1 / 256
        return img.point(lambda v: v * factor).convert("L")
    return img.convert("RGB")  # YCbCr, LAB, HSV, ...


def _to_rgb(img: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB in sRGB: alpha flattened on white, ICC profiles (CMYK, Display P3...) converted."""
    if img.mode in ("RGBA", "LA"):
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size, (255, 255, 255))
        img.paste(rgba, mask=rgba.getchannel("A"))
    if icc:
        converted = _icc_to_srgb(img, icc)
        if converted is not None:
            return converted
    return img if img.mode == "RGB" else img.convert("RGB")


def _icc_to_srgb(img: Image.Image, icc: bytes) -> Image.Image | None:
    """Apply an embedded profile; None when it is sRGB already, broken or does not fit."""
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if img.mode == "RGB" and "srgb" in ImageCms.getProfileDescription(source).lower():
            return None
        target = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(img, source, target, outputMode="RGB")
    except Exception as exc:  # unusable profile: a plain conversion is the fallback
        log.debug("ignoring ICC profile: %s", exc)
        return None


def _jpeg(img: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality)  # no exif= argument: metadata is dropped
    return out.getvalue()


def ingest_bytes(
    data: bytes,
    name: str,
    *,
    max_edge: int = 2048,
    thumb_edge: int = 320,
    quality: int = 85,
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
) -> IngestedPhoto:
    """Check, orient and downscale one photo; raise :class:`PhotoError` if it is refused."""
    if max_edge < 1 or thumb_edge < 1 or not 1 <= quality <= 95:
        raise ValueError("max_edge and thumb_edge must be positive and quality within 1..95")
    if not data:
        raise PhotoError(name, FILE_EMPTY())
    if len(data) > max_bytes:
        raise PhotoError(
            name,
            FILE_MIB_OVER_LIMIT(
                value=format(len(data) / 2**20, ".1f"), value2=format(max_bytes / 2**20, ".0f")
            ),
        )
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # someone changed Pillow's global; we would miss damage
        log.warning("PIL.ImageFile.LOAD_TRUNCATED_IMAGES is set; truncated photos may pass")
    img = _open(data, name, max_pixels)
    fmt = img.format or "?"
    raw_w, raw_h = img.size
    target = _scaled(raw_w, raw_h, max_edge)
    try:
        if fmt in ("JPEG", "MPO"):
            # DCT scaling in the decoder (1/2, 1/4, 1/8) still reads every block, so damage is
            # found, but it is much cheaper than a full decode followed by a resize.
            img.draft("RGB", _scaled(raw_w, raw_h, math.floor(max_edge * DRAFT_SLACK)))
        # The whole file in one decoder call: fed in Pillow's 64 KiB blocks, libjpeg suspends
        # and resumes at every block (about half again the decode time on a 4 MB photo).
        if isinstance(img, ImageFile.ImageFile):
            img.decodermaxblock = max(len(data), ImageFile.MAXBLOCK)
        img.load()
        icc = img.info.get("icc_profile")
        orientation, taken_at = _orientation(img)
        small = _to_8bit(img)
        if max(small.size) > max_edge:
            small = small.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
        small = _to_rgb(small, icc if isinstance(icc, bytes) else None)
        method = _TRANSPOSE.get(orientation)
        if method is not None:
            small = small.transpose(method)
        display = _jpeg(small, quality)
        display_size = small.size
        # In place: the display copy is encoded already, so it need not be copied first.
        small.thumbnail((thumb_edge, thumb_edge), Image.Resampling.LANCZOS, reducing_gap=2.0)
        thumbnail = _jpeg(small, quality)
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(name, REFUSED_AS_DECOMPRESSION_BOMB(exc=exc)) from exc
    except OSError as exc:
        raise PhotoError(name, DAMAGED_TRUNCATED_IMAGE_DATA(exc=exc)) from exc
    except Exception as exc:  # Pillow raises many types on hostile input
        raise PhotoError(name, CANNOT_DECODE_IMAGE(name=type(exc).__name__, exc=exc)) from exc
    finally:
        img.close()
    swapped = orientation in (5, 6, 7, 8)
    log.debug("ingested %s: %dx%d %s -> %dx%d", name, raw_w, raw_h, fmt, *display_size)
    return IngestedPhoto(
        sha256=hashlib.sha256(data).hexdigest(),
        original_size=len(data),
        original_width=raw_h if swapped else raw_w,
        original_height=raw_w if swapped else raw_h,
        display=display,
        display_width=display_size[0],
        display_height=display_size[1],
        thumbnail=thumbnail,
        taken_at=taken_at,
        mime=_MIME.get(fmt, "application/octet-stream"),
    )


def ingest_file(
    path: Path,
    *,
    max_edge: int = 2048,
    thumb_edge: int = 320,
    quality: int = 85,
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
) -> IngestedPhoto:
    """Read and ingest one photo file; the size limit is checked before reading."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise PhotoError(
                name,
                FILE_MIB_OVER_LIMIT(
                    value=format(size / 2**20, ".1f"), value2=format(max_bytes / 2**20, ".0f")
                ),
            )
        with path.open("rb") as fh:
            head = fh.read(64)
            _refuse_by_header(head, name)  # a video or a document is never read whole
            data = head + fh.read(max_bytes + 1 - len(head))
    except OSError as exc:
        raise PhotoError(name, CANNOT_READ_FILE(value=exc.strerror or exc)) from exc
    return ingest_bytes(
        data,
        name,
        max_edge=max_edge,
        thumb_edge=thumb_edge,
        quality=quality,
        max_bytes=max_bytes,
        max_pixels=max_pixels,
    )


@dataclass(frozen=True)
class RawPhoto:
    """Image bytes not read from a file (pasted, drawn), with a name for messages."""

    data: bytes
    name: str


PhotoSource = Path | RawPhoto
