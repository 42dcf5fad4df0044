"""Refusals of user input (each names where and why) and an unusable database."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bqinspect.domain.messages import Message, Words, render


@dataclass(frozen=True)
class Problem:
    """One reason for a refusal: where (a file, record, field) and why, as a structured
    message (code and parameters, shown in the chosen language) or plain text."""

    where: str
    reason: Words

    @property
    def code(self) -> str:
        return self.reason.code if isinstance(self.reason, Message) else ""

    def text(self, lang: str | None = None) -> str:
        reason = render(self.reason, lang)
        return f"{self.where}: {reason}" if self.where else reason

    def __str__(self) -> str:
        return self.text()


class Refused(Exception):
    """The input was refused; nothing was changed. ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem] | Words, where: str = ""):
        if isinstance(problems, str | Message):
            problems = [Problem(where, problems)]
        self.problems = problems
        super().__init__(*problems)

    def text(self, lang: str | None = None) -> str:
        return "\n".join(p.text(lang) for p in self.problems)

    def __str__(self) -> str:
        return self.text()


class NotFound(Refused):
    """A record named by the user does not exist."""


# writing files and the database ------------------------------------------------------------------
_WRITE_REASONS: dict[int, str] = {
    errno.ENOSPC: "the disk is full (no space left on the device)",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file would be larger than this system allows",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "the disk reported an input/output error",
}


def os_error_in(exc: BaseException) -> OSError | None:
    """The OSError behind ``exc`` (itself, its cause or context), or one a wrapper names.

    Libraries written in Rust or C (age encryption) re-raise a write error as their own
    exception whose text starts ``OSError: [Errno 28] …``; that errno is recovered here.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, OSError) and current.errno is not None:
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    match = re.search(r"\[Errno (\d+)\]", str(exc))
    if match:
        number = int(match.group(1))
        return OSError(number, os.strerror(number))
    return None


def write_reason(exc: OSError) -> str:
    """Why writing failed, in words a user can act on."""
    if exc.errno in _WRITE_REASONS:
        return f"cannot write: {_WRITE_REASONS[exc.errno]}"
    return f"cannot write: {exc.strerror or exc}"


class WriteFailed(Refused):
    """A file or the database could not be written; nothing was left half-written."""


@contextmanager
def refuse_write_errors(path: str | os.PathLike[str]) -> Iterator[None]:
    """Turn an OSError (or a wrapped one) while writing ``path`` into one clear refusal."""
    try:
        yield
    except Refused:
        raise
    except Exception as exc:
        found = os_error_in(exc)
        if found is None:
            raise
        raise WriteFailed(write_reason(found), where=str(path)) from exc


class DatabaseError(Exception):
    """A database cannot be used as it is (newer version, corrupt, unreachable); a clear message."""
