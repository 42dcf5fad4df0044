"""How figures print, in tables and in the summary: one decimal, signed changes, percents."""

from __future__ import annotations

NONE = "—"


def num(value: float | None, digits: int = 1) -> str:
    return NONE if value is None else f"{value:.{digits}f}"


def signed(value: float | None) -> str:
    return NONE if value is None else f"{value:+.1f}"


def pct(value: float | None) -> str:
    """A rate (0 to 1) as a percent."""
    return NONE if value is None else f"{100 * value:.1f}%"


def cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
