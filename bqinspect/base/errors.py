"""Refusals of user input (each names where and why) and an unusable database."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


class Refused(Exception):
    """The input was refused; nothing was changed. ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem] | str, where: str = ""):
        if isinstance(problems, str):
            problems = [Problem(where, problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class NotFound(Refused):
    """A record named by the user does not exist."""


class DatabaseError(Exception):
    """A database cannot be used as it is (newer version, corrupt, unreachable); a clear message."""
