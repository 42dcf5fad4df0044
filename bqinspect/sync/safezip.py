"""Reading an untrusted ZIP: checked names and sizes, bounded streaming reads, bounded JSON."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from bqinspect.base.errors import Problem, Refused
from bqinspect.domain.messages import Message, Words, declare, render
from bqinspect.domain.storable import NotStorable, check_storable

JSON_LARGER_THAN_BYTES = declare(
    "sync.safezip.json_larger_than_bytes",
    "JSON larger than {max_json_bytes} bytes",
    "JSON 大于 {max_json_bytes} 字节",
)
JSON_NESTED_DEEPER_THAN = declare(
    "sync.safezip.json_nested_deeper_than",
    "JSON nested deeper than {max_json_depth} levels",
    "JSON 嵌套超过 {max_json_depth} 层",
)
CANNOT_READ = declare(
    "sync.safezip.cannot_read",
    "cannot read: {value}",
    "无法读取：{value}",
)
BQINSPECT_PACKAGE_ZIP_FILE = declare(
    "sync.safezip.bqinspect_package_zip_file",
    "not a bqinspect package (not a ZIP file)",
    "不是 bqinspect 数据包（不是 ZIP 文件）",
)
PACKAGE_HAS_DATA_ADDED = declare(
    "sync.safezip.package_has_data_added",
    "the package has data added after its end (junk appended)",
    "数据包末尾之后附加了数据（附加垃圾数据）",
)
TOO_MANY_ENTRIES_AT = declare(
    "sync.safezip.too_many_entries_at",
    "too many entries: {infos} (at most {max_entries})",
    "条目过多：{infos}（最多 {max_entries}）",
)
ENTRY_LISTED_MANIFEST_MISSING = declare(
    "sync.safezip.entry_listed_manifest_missing",
    "entry listed in the manifest is missing from the package",
    "清单中列出的条目在数据包中缺失",
)
ENTRY_LARGER_THAN_BYTES = declare(
    "sync.safezip.entry_larger_than_bytes",
    "entry is larger than {bound} bytes",
    "条目大于 {bound} 字节",
)
ENTRY_SHORTER_THAN_DECLARES = declare(
    "sync.safezip.entry_shorter_than_declares",
    "entry is shorter than it declares (truncated?)",
    "条目比声明的短（被截断？）",
)
UTF_TEXT_BYTE = declare(
    "sync.safezip.utf_text_byte",
    "not UTF-8 text (byte {start})",
    "不是 UTF-8 文本（第 {start} 字节）",
)
VALID_JSON_LINE_COLUMN = declare(
    "sync.safezip.valid_json_line_column",
    "not valid JSON: line {lineno} column {colno}: {msg}",
    "不是有效的 JSON：第 {lineno} 行第 {colno} 列：{msg}",
)
EMPTY_NAME = declare(
    "sync.safezip.empty_name",
    "empty entry name",
    "条目名为空",
)
NAME_TOO_LONG = declare(
    "sync.safezip.name_too_long",
    "entry name longer than {max_name_length} characters",
    "条目名超过 {max_name_length} 个字符",
)
CONTROL_CHARACTER = declare(
    "sync.safezip.control_character",
    "control character in entry name",
    "条目名中有控制字符",
)
BACKSLASH = declare(
    "sync.safezip.backslash",
    "backslash in entry name",
    "条目名中有反斜杠",
)
DRIVE_LETTER = declare(
    "sync.safezip.drive_letter",
    "drive letter in entry name (absolute path)",
    "条目名中有盘符（绝对路径）",
)
ABSOLUTE_PATH = declare(
    "sync.safezip.absolute_path",
    "absolute path in entry name",
    "条目名为绝对路径",
)
PATH_TRAVERSAL = declare(
    "sync.safezip.path_traversal",
    "path traversal ('..') in entry name",
    "条目名中有路径穿越（'..'）",
)
DIRECTORY_ENTRY = declare(
    "sync.safezip.directory_entry",
    "directory entry",
    "目录条目",
)
EMPTY_COMPONENT = declare(
    "sync.safezip.empty_component",
    "empty or '.' path component in entry name",
    "条目名中有空的或为 '.' 的路径段",
)
UNEXPECTED_CHARACTERS = declare(
    "sync.safezip.unexpected_characters",
    "unexpected characters in entry name",
    "条目名中有意外字符",
)
SYMBOLIC_LINK = declare(
    "sync.safezip.symbolic_link",
    "symbolic link entry",
    "符号链接条目",
)
SPECIAL_FILE = declare(
    "sync.safezip.special_file",
    "special file entry (not a regular file)",
    "特殊文件条目（不是普通文件）",
)
ENCRYPTED_ENTRY = declare(
    "sync.safezip.encrypted_entry",
    "encrypted ZIP entry",
    "加密的 ZIP 条目",
)
COMPRESSION_METHOD = declare(
    "sync.safezip.compression_method",
    "unsupported compression method {compress_type}",
    "不支持的压缩方法 {compress_type}",
)
DUPLICATE_KEY = declare(
    "sync.safezip.duplicate_key",
    "duplicate key {key}",
    "键 {key} 重复",
)
CONSTANT_NOT_ALLOWED = declare(
    "sync.safezip.constant_not_allowed",
    "{name} is not allowed",
    "不允许使用 {name}",
)
ACCEPTABLE_JSON = declare(
    "sync.safezip.acceptable_json",
    "not acceptable JSON: {exc}",
    "不可接受的 JSON：{exc}",
)
PACKAGE_EMPTY_ZIP_FILE = declare(
    "sync.safezip.package_empty_zip_file",
    "the package is an empty ZIP file",
    "数据包是空的 ZIP 文件",
)
PACKAGE_DAMAGED_INCOMPLETE_TRUNCATED = declare(
    "sync.safezip.package_damaged_incomplete_truncated",
    "the package is damaged or incomplete (truncated?): {exc}",
    "数据包已损坏或不完整（被截断？）：{exc}",
)
DUPLICATE_ENTRY_NAME = declare(
    "sync.safezip.duplicate_entry_name",
    "duplicate entry name",
    "条目名称重复",
)
TWO_ENTRY_NAMES_DIFFER = declare(
    "sync.safezip.two_entry_names_differ",
    "two entry names differ only by case",
    "两个条目名称仅大小写不同",
)
ENTRY_BYTES_UNCOMPRESSED_AT = declare(
    "sync.safezip.entry_bytes_uncompressed_at",
    "entry is {file_size} bytes uncompressed (at most {max_entry_bytes})",
    "条目解压后为 {file_size} 字节（最多 {max_entry_bytes}）",
)
COMPRESSION_RATIO_BEYOND_ZIP = declare(
    "sync.safezip.compression_ratio_beyond_zip",
    "compression ratio {ratio}:1 is beyond {max_ratio}:1 (a zip bomb?)",
    "压缩比 {ratio}:1 超过 {max_ratio}:1（压缩炸弹？）",
)
ENTRIES_ADD_UP_MORE = declare(
    "sync.safezip.entries_add_up_more",
    "entries add up to more than {max_total_bytes} bytes uncompressed (a zip bomb?)",
    "条目解压后总计超过 {max_total_bytes} 字节（压缩炸弹？）",
)
DAMAGED_ENTRY = declare(
    "sync.safezip.damaged_entry",
    "damaged entry: {exc}",
    "条目已损坏：{exc}",
)
ENTRY_LARGER_THAN_DECLARES = declare(
    "sync.safezip.entry_larger_than_declares",
    "entry is larger than it declares",
    "条目大于其声明的大小",
)

log = logging.getLogger(__name__)

MiB = 1024 * 1024
GiB = 1024 * MiB
CHUNK = 1 * MiB

# Errors the zipfile/zlib modules raise on damaged data.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    IndexError,
    OverflowError,
    UnicodeDecodeError,
)


class PackageError(Refused):
    """The package is broken or hostile; it is refused as a whole and nothing is changed."""

    def __init__(self, reason: Words, where: str = ""):
        super().__init__([Problem(where, reason)])
        self.message = reason
        self.where = where

    @property
    def reason(self) -> str:
        """The reason in the language chosen (``message`` keeps its code and parameters)."""
        return render(self.message)


@dataclass(frozen=True)
class Limits:
    """Bounds on what a package may hold; a package beyond any of them is refused."""

    max_entries: int = 200_000
    max_entry_bytes: int = 256 * MiB
    max_total_bytes: int = 64 * GiB
    max_ratio: float = 200.0  # uncompressed : compressed, for entries above ratio_floor
    ratio_floor: int = 1 * MiB
    max_json_bytes: int = 32 * MiB
    max_json_depth: int = 40
    max_name_length: int = 200


DEFAULT_LIMITS = Limits()

_DRIVE = re.compile(r"^[A-Za-z]:")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")


def name_problem(name: str, limits: Limits = DEFAULT_LIMITS) -> Message | None:
    """Why an entry name is unsafe, or None."""
    if not name:
        return EMPTY_NAME()
    if len(name) > limits.max_name_length:
        return NAME_TOO_LONG(max_name_length=limits.max_name_length)
    if "\x00" in name or any(ord(c) < 32 for c in name):
        return CONTROL_CHARACTER()
    if "\\" in name:
        return BACKSLASH()
    if _DRIVE.match(name):
        return DRIVE_LETTER()
    if name.startswith("/"):
        return ABSOLUTE_PATH()
    parts = name.split("/")
    if ".." in parts:
        return PATH_TRAVERSAL()
    if name.endswith("/"):
        return DIRECTORY_ENTRY()
    if "" in parts or "." in parts:
        return EMPTY_COMPONENT()
    if not _SAFE_NAME.match(name):
        return UNEXPECTED_CHARACTERS()
    return None


def _entry_kind_problem(info: zipfile.ZipInfo) -> Message | None:
    mode = (info.external_attr >> 16) & 0xFFFF
    if info.create_system == 3 and stat.S_IFMT(mode):  # made on Unix: high bits are st_mode
        if stat.S_ISLNK(mode):
            return SYMBOLIC_LINK()
        if not stat.S_ISREG(mode):
            return SPECIAL_FILE()
    if info.flag_bits & 0x1:
        return ENCRYPTED_ENTRY()
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return COMPRESSION_METHOD(compress_type=info.compress_type)
    return None


def sniff(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(64)
    except OSError as exc:
        raise PackageError(CANNOT_READ(value=exc.strerror or exc), path.name) from exc


TAIL = 22 + 65_535  # the end record and the longest archive comment a ZIP may carry


def _tail(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            f.seek(-min(TAIL, path.stat().st_size), os.SEEK_END)
            return f.read(TAIL)
    except OSError as exc:
        raise PackageError(CANNOT_READ(value=exc.strerror or exc), path.name) from exc


class SafeZip:
    """An opened, checked ZIP; entries are read only through bounded, hashing streams."""

    def __init__(
        self, path: Path, limits: Limits = DEFAULT_LIMITS, *, data: BinaryIO | None = None
    ):
        """Open ``path``, or ``data`` (its decrypted content) named after ``path`` in messages."""
        self.path = path
        self.limits = limits
        if data is not None:
            data.seek(0)
            head = data.read(64)
            data.seek(-min(TAIL, data.seek(0, 2)), 2)
            tail = data.read(TAIL)
            data.seek(0)
        else:
            head, tail = sniff(path), _tail(path)
        if not head.startswith(b"PK\x03\x04"):
            if head.startswith(b"PK\x05\x06"):
                raise PackageError(PACKAGE_EMPTY_ZIP_FILE(), path.name)
            raise PackageError(BQINSPECT_PACKAGE_ZIP_FILE(), path.name)
        # A package ends with the ZIP's end record and has no archive comment; anything after
        # it (which ZIP readers skip) was added to the file and is refused.
        if b"PK\x05\x06" in tail[:-22] or not (
            tail[-22:].startswith(b"PK\x05\x06") or b"PK\x05\x06" not in tail
        ):
            raise PackageError(PACKAGE_HAS_DATA_ADDED(), path.name)
        try:
            self._zip = zipfile.ZipFile(data if data is not None else path)
            infos = self._zip.infolist()
        except ZIP_ERRORS as exc:
            raise PackageError(PACKAGE_DAMAGED_INCOMPLETE_TRUNCATED(exc=exc), path.name) from exc
        try:
            self.entries = self._check(infos)
        except PackageError:
            self._zip.close()
            raise

    def _check(self, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        limits = self.limits
        if len(infos) > limits.max_entries:
            raise PackageError(
                TOO_MANY_ENTRIES_AT(infos=len(infos), max_entries=limits.max_entries)
            )
        entries: dict[str, zipfile.ZipInfo] = {}
        folded: set[str] = set()
        total = 0
        for info in infos:
            name = info.orig_filename
            problem = name_problem(name, limits) or _entry_kind_problem(info)
            if problem:
                raise PackageError(problem, repr(name))
            if name in entries or info.filename in entries:
                raise PackageError(DUPLICATE_ENTRY_NAME(), name)
            if name.casefold() in folded:
                raise PackageError(TWO_ENTRY_NAMES_DIFFER(), name)
            if info.file_size > limits.max_entry_bytes:
                raise PackageError(
                    ENTRY_BYTES_UNCOMPRESSED_AT(
                        file_size=info.file_size, max_entry_bytes=limits.max_entry_bytes
                    ),
                    name,
                )
            if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                ratio = info.file_size / max(info.compress_size, 1)
                raise PackageError(
                    COMPRESSION_RATIO_BEYOND_ZIP(
                        ratio=format(ratio, ".0f"), max_ratio=format(limits.max_ratio, ".0f")
                    ),
                    name,
                )
            total += info.file_size
            if total > limits.max_total_bytes:
                raise PackageError(ENTRIES_ADD_UP_MORE(max_total_bytes=limits.max_total_bytes))
            entries[name] = info
            folded.add(name.casefold())
        self.total_bytes = total
        return entries

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stream(self, name: str, max_bytes: int | None = None) -> Iterator[bytes]:
        """The entry's bytes in chunks, never more than its declared size or ``max_bytes``."""
        info = self.entries.get(name)
        if info is None:
            raise PackageError(ENTRY_LISTED_MANIFEST_MISSING(), name)
        bound = min(info.file_size, max_bytes if max_bytes is not None else info.file_size)
        if info.file_size > bound:
            raise PackageError(ENTRY_LARGER_THAN_BYTES(bound=bound), name)
        seen = 0
        try:
            with self._zip.open(info) as f:
                while True:
                    chunk = f.read(CHUNK)
                    if not chunk:
                        break
                    seen += len(chunk)
                    if seen > bound:
                        raise PackageError(ENTRY_LARGER_THAN_DECLARES(), name)
                    yield chunk
        except PackageError:
            raise
        except ZIP_ERRORS as exc:
            raise PackageError(DAMAGED_ENTRY(exc=exc), name) from exc
        if seen != info.file_size:
            raise PackageError(ENTRY_SHORTER_THAN_DECLARES(), name)

    def digest(self, name: str) -> tuple[str, int]:
        """(sha256 hex, size) of an entry, read as a stream."""
        h = hashlib.sha256()
        size = 0
        for chunk in self.stream(name):
            h.update(chunk)
            size += len(chunk)
        return h.hexdigest(), size

    def read(self, name: str, max_bytes: int) -> bytes:
        return b"".join(self.stream(name, max_bytes))


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(DUPLICATE_KEY(key=repr(key)))
        out[key] = value
    return out


def _refuse_constant(name: str) -> Any:
    raise ValueError(CONSTANT_NOT_ALLOWED(name=name))


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def nesting_depth(text: str, limit: int) -> int:
    """Deepest nesting of arrays/objects in JSON text (strings skipped); stops past ``limit``."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


def parse_json(data: bytes, where: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Decode a JSON document with bounded size and nesting, no duplicate keys and no NaN."""
    if len(data) > limits.max_json_bytes:
        raise PackageError(JSON_LARGER_THAN_BYTES(max_json_bytes=limits.max_json_bytes), where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageError(UTF_TEXT_BYTE(start=exc.start), where) from exc
    # Measured on the text first, so a nesting bomb never reaches the recursive decoder.
    if nesting_depth(text, limits.max_json_depth) > limits.max_json_depth:
        raise PackageError(JSON_NESTED_DEEPER_THAN(max_json_depth=limits.max_json_depth), where)
    try:
        value = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant
        )
    except RecursionError as exc:
        raise PackageError(
            JSON_NESTED_DEEPER_THAN(max_json_depth=limits.max_json_depth), where
        ) from exc
    except json.JSONDecodeError as exc:
        raise PackageError(
            VALID_JSON_LINE_COLUMN(lineno=exc.lineno, colno=exc.colno, msg=exc.msg), where
        ) from exc
    except ValueError as exc:  # duplicate keys, NaN, an integer with too many digits
        said = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)
        raise PackageError(ACCEPTABLE_JSON(exc=said), where) from exc
    try:
        # 1e400 decodes to infinity, "\ud800" to a lone surrogate: refused here, before any
        # model sees them (and for the manifest, before its signature is checked).
        check_storable(value)
    except NotStorable as exc:
        raise PackageError(exc.reason, f"{where}: {exc.path}" if exc.path else where) from exc
    return value
