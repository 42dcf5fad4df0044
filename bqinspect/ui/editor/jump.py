"""Jumping between items of a kind (failed, commented): the next or previous one, wrapping."""

from __future__ import annotations

from collections.abc import Collection, Sequence


def step(
    order: Sequence[str], wanted: Collection[str], current: str | None, delta: int
) -> str | None:
    """The next (``delta`` 1) or previous (-1) id of ``order`` that is ``wanted``, counted from
    ``current`` and wrapping around; None when no item is wanted."""
    candidates = [i for i in order if i in wanted]
    if not candidates:
        return None
    if current not in order:
        return candidates[0] if delta > 0 else candidates[-1]
    at = order.index(current)
    after = [i for i in candidates if order.index(i) > at]
    before = [i for i in candidates if order.index(i) < at]
    if delta > 0:
        return (after or before or candidates)[0]
    return (before or after or candidates)[-1]
