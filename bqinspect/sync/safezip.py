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
from bqinspect.domain.storable import NotStorable, check_storable

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

    def __init__(self, reason: str, where: str = ""):
        super().__init__([Problem(where, reason)])
        self.reason = reason
        self.where = where


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


def name_problem(name: str, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """Why an entry name is unsafe, or None."""
    if not name:
        return "empty entry name"
    if len(name) > limits.max_name_length:
        return f"entry name longer than {limits.max_name_length} characters"
    if "\x00" in name or any(ord(c) < 32 for c in name):
        return "control character in entry name"
    if "\\" in name:
        return "backslash in entry name"
    if _DRIVE.match(name):
        return "drive letter in entry name (absolute path)"
    if name.startswith("/"):
        return "absolute path in entry name"
    parts = name.split("/")
    if ".." in parts:
        return "path traversal ('..') in entry name"
    if name.endswith("/"):
        return "directory entry"
    if "" in parts or "." in parts:
        return "empty or '.' path component in entry name"
    if not _SAFE_NAME.match(name):
        return "unexpected characters in entry name"
    return None


def _entry_kind_problem(info: zipfile.ZipInfo) -> str | None:
    mode = (info.external_attr >> 16) & 0xFFFF
    if info.create_system == 3 and stat.S_IFMT(mode):  # made on Unix: high bits are st_mode
        if stat.S_ISLNK(mode):
            return "symbolic link entry"
        if not stat.S_ISREG(mode):
            return "special file entry (not a regular file)"
    if info.flag_bits & 0x1:
        return "encrypted ZIP entry"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return f"unsupported compression method {info.compress_type}"
    return None


def sniff(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(64)
    except OSError as exc:
        raise PackageError(f"cannot read: {exc.strerror or exc}", path.name) from exc


TAIL = 22 + 65_535  # the end record and the longest archive comment a ZIP may carry


def _tail(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            f.seek(-min(TAIL, path.stat().st_size), os.SEEK_END)
            return f.read(TAIL)
    except OSError as exc:
        raise PackageError(f"cannot read: {exc.strerror or exc}", path.name) from exc


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
                raise PackageError("the package is an empty ZIP file", path.name)
            raise PackageError("not a bqinspect package (not a ZIP file)", path.name)
        # A package ends with the ZIP's end record and has no archive comment; anything after
        # it (which ZIP readers skip) was added to the file and is refused.
        if b"PK\x05\x06" in tail[:-22] or not (
            tail[-22:].startswith(b"PK\x05\x06") or b"PK\x05\x06" not in tail
        ):
            raise PackageError(
                "the package has data added after its end (junk appended)", path.name
            )
        try:
            self._zip = zipfile.ZipFile(data if data is not None else path)
            infos = self._zip.infolist()
        except ZIP_ERRORS as exc:
            raise PackageError(
                f"the package is damaged or incomplete (truncated?): {exc}", path.name
            ) from exc
        try:
            self.entries = self._check(infos)
        except PackageError:
            self._zip.close()
            raise

    def _check(self, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        limits = self.limits
        if len(infos) > limits.max_entries:
            raise PackageError(f"too many entries: {len(infos)} (at most {limits.max_entries})")
        entries: dict[str, zipfile.ZipInfo] = {}
        folded: set[str] = set()
        total = 0
        for info in infos:
            name = info.orig_filename
            problem = name_problem(name, limits) or _entry_kind_problem(info)
            if problem:
                raise PackageError(problem, repr(name))
            if name in entries or info.filename in entries:
                raise PackageError("duplicate entry name", name)
            if name.casefold() in folded:
                raise PackageError("two entry names differ only by case", name)
            if info.file_size > limits.max_entry_bytes:
                raise PackageError(
                    f"entry is {info.file_size} bytes uncompressed "
                    f"(at most {limits.max_entry_bytes})",
                    name,
                )
            if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                ratio = info.file_size / max(info.compress_size, 1)
                raise PackageError(
                    f"compression ratio {ratio:.0f}:1 is beyond {limits.max_ratio:.0f}:1 "
                    "(a zip bomb?)",
                    name,
                )
            total += info.file_size
            if total > limits.max_total_bytes:
                raise PackageError(
                    f"entries add up to more than {limits.max_total_bytes} bytes uncompressed "
                    "(a zip bomb?)"
                )
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
            raise PackageError("entry listed in the manifest is missing from the package", name)
        bound = min(info.file_size, max_bytes if max_bytes is not None else info.file_size)
        if info.file_size > bound:
            raise PackageError(f"entry is larger than {bound} bytes", name)
        seen = 0
        try:
            with self._zip.open(info) as f:
                while True:
                    chunk = f.read(CHUNK)
                    if not chunk:
                        break
                    seen += len(chunk)
                    if seen > bound:
                        raise PackageError("entry is larger than it declares", name)
                    yield chunk
        except PackageError:
            raise
        except ZIP_ERRORS as exc:
            raise PackageError(f"damaged entry: {exc}", name) from exc
        if seen != info.file_size:
            raise PackageError("entry is shorter than it declares (truncated?)", name)

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
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


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
        raise PackageError(f"JSON larger than {limits.max_json_bytes} bytes", where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageError(f"not UTF-8 text (byte {exc.start})", where) from exc
    # Measured on the text first, so a nesting bomb never reaches the recursive decoder.
    if nesting_depth(text, limits.max_json_depth) > limits.max_json_depth:
        raise PackageError(f"JSON nested deeper than {limits.max_json_depth} levels", where)
    try:
        value = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant
        )
    except RecursionError as exc:
        raise PackageError(
            f"JSON nested deeper than {limits.max_json_depth} levels", where
        ) from exc
    except json.JSONDecodeError as exc:
        raise PackageError(
            f"not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}", where
        ) from exc
    except ValueError as exc:  # duplicate keys, NaN, an integer with too many digits
        raise PackageError(f"not acceptable JSON: {exc}", where) from exc
    try:
        # 1e400 decodes to infinity, "\ud800" to a lone surrogate: refused here, before any
        # model sees them (and for the manifest, before its signature is checked).
        check_storable(value)
    except NotStorable as exc:
        raise PackageError(exc.reason, f"{where}: {exc.path}" if exc.path else where) from exc
    return value
