"""Optional package encryption in the standard age format (pyrage), streamed in bounded memory."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import pyrage
from pyrage import x25519

from bqinspect.base.errors import Problem, Refused, os_error_in, refuse_write_errors
from bqinspect.base.progress import Cancelled, ProgressFn, no_progress
from bqinspect.domain.messages import Message, declare

NOT_TO_THIS_DEVICE = declare(
    "sync.crypto.not_to_this_device",
    "the package is encrypted, but not to this device's key nor to any key given with --identity",
    "数据包已加密，但既不是加密给本设备的密钥，也不是加密给 --identity 给出的任何密钥",
)
ENCRYPTED_INCOMPLETE = declare(
    "sync.crypto.encrypted_incomplete",
    "the encrypted package is incomplete (truncated)",
    "加密的数据包不完整（被截断）",
)
CANNOT_DECRYPT = declare(
    "sync.crypto.cannot_decrypt",
    "cannot decrypt the package: it is damaged or was altered ({detail})",
    "无法解密数据包：文件已损坏或被篡改（{detail}）",
)
KEY_FILE_LARGER_THAN = declare(
    "sync.crypto.key_file_larger_than",
    "not a key file (larger than 64 KiB)",
    "不是密钥文件（大于 64 KiB）",
)
NO_AGE_PUBLIC_KEY = declare(
    "sync.crypto.no_age_public_key",
    "no age public key (age1…) in this file",
    "文件中没有 age 公钥（age1…）",
)
NO_AGE_PRIVATE_KEY = declare(
    "sync.crypto.no_age_private_key",
    "no age private key (AGE-SECRET-KEY-…) in this file",
    "文件中没有 age 私钥（AGE-SECRET-KEY-…）",
)
ENCRYPTION_NEEDS_AT_LEAST = declare(
    "sync.crypto.encryption_needs_at_least",
    "encryption needs at least one recipient key",
    "加密至少需要一个接收方公钥",
)
CANNOT_READ = declare(
    "sync.crypto.cannot_read",
    "cannot read: {value}",
    "无法读取：{value}",
)
PRIVATE_KEY_USE_PUBLIC = declare(
    "sync.crypto.private_key_use_public",
    "a private key: use the public key file",
    "这是私钥：请使用公钥文件",
)
AGE_PUBLIC_KEY_AGE = declare(
    "sync.crypto.age_public_key_age",
    "not an age public key (age1…)",
    "不是 age 公钥（age1…）",
)
DAMAGED_AGE_PRIVATE_KEY = declare(
    "sync.crypto.damaged_age_private_key",
    "damaged age private key",
    "age 私钥已损坏",
)
ENCRYPTION_FAILED = declare(
    "sync.crypto.encryption_failed",
    "encryption failed: {exc}",
    "加密失败：{exc}",
)

log = logging.getLogger(__name__)

AGE_MAGIC = b"age-encryption.org/v1\n"
AGE_ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
MAX_KEY_FILE = 64 * 1024


def is_encrypted(head: bytes) -> bool:
    return head.startswith(AGE_MAGIC) or head.lstrip().startswith(AGE_ARMOR)


def read_recipients(path: Path) -> list[x25519.Recipient]:
    """age public keys from a recipients file (an exported bqinspect public key file is one)."""
    where = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Refused(CANNOT_READ(value=exc.strerror or exc), where=where) from exc
    if len(raw) > MAX_KEY_FILE:
        raise Refused(KEY_FILE_LARGER_THAN(), where=where)
    text = raw.decode("utf-8", "replace")
    found: list[x25519.Recipient] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("AGE-SECRET-KEY-"):
            problems.append(Problem(f"{where}:{number}", PRIVATE_KEY_USE_PUBLIC()))
            continue
        try:
            found.append(x25519.Recipient.from_str(line))
        except pyrage.RecipientError:
            problems.append(Problem(f"{where}:{number}", AGE_PUBLIC_KEY_AGE()))
    if problems:
        raise Refused(problems)
    if not found:
        raise Refused(NO_AGE_PUBLIC_KEY(), where=where)
    return found


def read_identities(path: Path) -> list[x25519.Identity]:
    """age private keys (``AGE-SECRET-KEY-…`` lines) from an identity file."""
    where = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Refused(CANNOT_READ(value=exc.strerror or exc), where=where) from exc
    if len(raw) > MAX_KEY_FILE:
        raise Refused(KEY_FILE_LARGER_THAN(), where=where)
    found = []
    for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), start=1):
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                found.append(x25519.Identity.from_str(line))
            except pyrage.IdentityError as exc:
                raise Refused(DAMAGED_AGE_PRIVATE_KEY(), where=f"{where}:{number}") from exc
    if not found:
        raise Refused(NO_AGE_PRIVATE_KEY(), where=where)
    return found


class _CountingReader:
    """A read-only file wrapper that reports progress and stops on cancel."""

    def __init__(self, f: BinaryIO, total: int, progress: ProgressFn, text: str):
        self._f = f
        self._total = total
        self._progress = progress
        self._text = text
        self._done = 0
        self._reported = 0
        self.cancelled = False

    def read(self, n: int = -1) -> bytes:
        if self._progress.cancelled():
            self.cancelled = True
            raise Cancelled()
        data = self._f.read(n)
        self._done += len(data)
        if self._done - self._reported >= 4 * 1024 * 1024 or not data:
            self._reported = self._done
            self._progress(self._done, self._total, self._text)
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def writable(self) -> bool:
        return False


def _atomic_target(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.{os.getpid()}.part")


def encrypt_file(
    source: Path,
    dest: Path,
    recipients: Sequence[x25519.Recipient],
    progress: ProgressFn = no_progress,
) -> None:
    """Encrypt ``source`` to ``dest`` (written whole or not at all), streaming."""
    if not recipients:
        raise Refused(ENCRYPTION_NEEDS_AT_LEAST(), where="recipients")
    tmp = _atomic_target(dest)
    try:
        with source.open("rb") as raw, refuse_write_errors(dest):
            out = tmp.open("wb")
            try:
                reader = _CountingReader(raw, source.stat().st_size, progress, "encrypting")
                try:
                    pyrage.encrypt_io(reader, out, list(recipients))
                except Exception as exc:
                    if reader.cancelled:
                        raise Cancelled() from exc
                    if os_error_in(exc) is not None:
                        raise
                    raise Refused(ENCRYPTION_FAILED(exc=exc), where=dest.name) from exc
                out.flush()
                os.fsync(out.fileno())
            except BaseException:
                with contextlib.suppress(OSError):  # the first error is the one to report
                    out.close()
                raise
            out.close()
            tmp.replace(dest)
    finally:
        tmp.unlink(missing_ok=True)


def decrypt_into(
    source: Path,
    out: BinaryIO,
    identities: Sequence[x25519.Identity],
    progress: ProgressFn = no_progress,
) -> None:
    """Decrypt ``source`` into the open file ``out`` (which the caller discards on an error)."""
    with source.open("rb") as raw:
        reader = _CountingReader(raw, source.stat().st_size, progress, "decrypting")
        try:
            pyrage.decrypt_io(reader, out, list(identities))
        except Exception as exc:
            if reader.cancelled:
                raise Cancelled() from exc
            if os_error_in(exc) is not None:
                raise  # a write error (full disk): the caller names what it was writing
            raise Refused(_decrypt_reason(str(exc)), where=source.name) from exc
    out.flush()


def decrypt_file(
    source: Path,
    dest: Path,
    identities: Sequence[x25519.Identity],
    progress: ProgressFn = no_progress,
) -> None:
    """Decrypt ``source`` to ``dest``; only a complete, authentic ciphertext leaves a file."""
    tmp = _atomic_target(dest)
    try:
        with refuse_write_errors(dest):
            out = tmp.open("wb")
            try:
                decrypt_into(source, out, identities, progress)
            except BaseException:
                with contextlib.suppress(OSError):
                    out.close()
                raise
            out.close()
            tmp.replace(dest)
    finally:
        tmp.unlink(missing_ok=True)


def anonymous_file(folder: Path) -> BinaryIO:
    """A read-write file in ``folder`` that has no name, so nothing of it outlives the process.

    On Linux it is made with O_TMPFILE (never linked into the folder: a SIGKILL leaves nothing);
    elsewhere it is unlinked at once (POSIX) or deleted by the system when closed (Windows).
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return tempfile.TemporaryFile(dir=folder)


def _decrypt_reason(message: str) -> Message:
    """Why decrypting failed, from the age library's own (English) words: those stay as given
    only inside the last reason, where they are the detail."""
    lowered = message.lower()
    if "no matching keys" in lowered or "no identity" in lowered:
        return NOT_TO_THIS_DEVICE()
    if "truncat" in lowered or "unexpected end" in lowered or "eof" in lowered:
        return ENCRYPTED_INCOMPLETE()
    return CANNOT_DECRYPT(detail=message)
