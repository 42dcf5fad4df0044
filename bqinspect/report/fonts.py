"""The report's CJK font: the shipped WenQuanYi Zen Hei, or a bank's own TrueType font."""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from bqinspect.base import resources
from bqinspect.domain.messages import declare

HAS_NO_GLYPHS_REPORT = declare(
    "report.fonts.has_no_glyphs_report",
    "{path}: has no glyphs for {shown}"
    " (the report needs Chinese, Latin letters, digits and its punctuation in one font)",
    "{path}：缺少 {shown} 的字形（报告需要一种同时包含中文、拉丁字母、数字和标点的字体）",
)
NO_SUCH_FONT_FILE = declare(
    "report.fonts.no_such_font_file",
    "{path}: no such font file",
    "{path}：字体文件不存在",
)
TTF_TTC_FILE_OPENTYPE = declare(
    "report.fonts.ttf_ttc_file_opentype",
    "{path}: not a .ttf or .ttc file (OpenType/CFF fonts cannot be embedded)",
    "{path}：不是 .ttf 或 .ttc 文件（OpenType/CFF 字体无法嵌入）",
)
LARGER_THAN_MIB = declare(
    "report.fonts.larger_than_mib",
    "{path}: larger than {value} MiB",
    "{path}：大于 {value} MiB",
)
CANNOT_EMBEDDED = declare(
    "report.fonts.cannot_embedded",
    "{path}: cannot be embedded ({exc})",
    "{path}：无法嵌入（{exc}）",
)
USABLE_TRUETYPE_FONT = declare(
    "report.fonts.usable_truetype_font",
    "{path}: not a usable TrueType font ({exc})",
    "{path}：不是可用的 TrueType 字体（{exc}）",
)

log = logging.getLogger(__name__)

SHIPPED_FONT = "wqy-zenhei.ttc"
# Characters every report font must have: Chinese, Latin letters, digits and the punctuation
# the report itself prints. reportlab has no glyph fallback, so a missing one prints as a box.
REQUIRED_CHARS = "整改通知书检查网点AaZz09/%:.-()（）：，。"
MAX_FONT_BYTES = 64 * 1024 * 1024

_lock = threading.Lock()


class FontProblem(ValueError):
    """A configured report font cannot be used; the message names the file and the reason."""


@dataclass(frozen=True)
class ReportFonts:
    """Registered reportlab font names: ``regular`` for text, ``mono`` for hashes and ids."""

    regular: str
    mono: str
    path: Path
    family: str


def shipped_font_path() -> Path:
    return resources.fonts_dir() / SHIPPED_FONT


def _register(path: Path, index: int, required: str = "") -> tuple[str, str]:
    """Register one face of a TrueType font (or collection); return (name, family)."""
    digest = hashlib.sha256(f"{path.resolve()}|{path.stat().st_mtime_ns}|{index}".encode())
    name = f"bqr-{digest.hexdigest()[:12]}"
    with _lock:
        try:
            font = pdfmetrics.getFont(name)
        except KeyError:
            font = None
        if font is None:
            try:
                font = TTFont(name, str(path), subfontIndex=index)
            except TTFError as exc:
                raise FontProblem(CANNOT_EMBEDDED(path=path, exc=exc)) from exc
            except (OSError, ValueError, IndexError, KeyError, AssertionError) as exc:
                raise FontProblem(USABLE_TRUETYPE_FONT(path=path, exc=exc)) from exc
            pdfmetrics.registerFont(font)
    wanted = sorted(set(REQUIRED_CHARS + required) - {" ", "\n"})
    missing = [c for c in wanted if ord(c) not in font.face.charToGlyph]
    if missing:
        shown = "".join(missing[:20]) + ("…" if len(missing) > 20 else "")
        raise FontProblem(HAS_NO_GLYPHS_REPORT(path=path, shown=repr(shown)))
    family = font.face.name
    return name, family.decode("latin-1") if isinstance(family, bytes) else str(family)


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise FontProblem(NO_SUCH_FONT_FILE(path=path))
    if path.suffix.lower() not in (".ttf", ".ttc"):
        raise FontProblem(TTF_TTC_FILE_OPENTYPE(path=path))
    if path.stat().st_size > MAX_FONT_BYTES:
        raise FontProblem(LARGER_THAN_MIB(path=path, value=MAX_FONT_BYTES // 2**20))


def load_fonts(configured: str | None = None, required: str = "") -> tuple[ReportFonts, list[str]]:
    """The report fonts and any warnings.

    ``configured`` is the ``report_font`` setting: a path to a TrueType ``.ttf``/``.ttc``
    (face 0 of a collection is used) that has glyphs for every character of ``required``. If
    it cannot be used, the shipped font is used instead and the reason is returned as a
    warning. The monospaced face (for hashes) is face 1 of the
    shipped collection.
    """
    warnings: list[str] = []
    shipped = shipped_font_path()
    mono, _ = _register(shipped, 1)
    if configured and configured.strip():
        path = Path(configured.strip()).expanduser()
        try:
            _check_file(path)
            regular, family = _register(path, 0, required)
            return ReportFonts(regular=regular, mono=mono, path=path, family=family), warnings
        except FontProblem as exc:
            log.warning("report font not used: %s", exc)
            warnings.append(f"report_font {exc}; the shipped font was used instead")
    regular, family = _register(shipped, 0)
    return ReportFonts(regular=regular, mono=mono, path=shipped, family=family), warnings
