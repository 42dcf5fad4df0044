"""What a return asks the inspector to redo: the latest return and the items the lead named."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol, TypeVar

from bqinspect.domain.lifecycle import Decision, Role

REVIEWER_ROLES = frozenset({Role.LEAD.value, Role.OFFICE.value})


class Decided(Protocol):
    @property
    def decision(self) -> str: ...

    @property
    def at(self) -> datetime: ...


class Commented(Protocol):
    @property
    def item_id(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def at(self) -> datetime: ...


R = TypeVar("R", bound=Decided)


def latest_decision(reviews: Iterable[R]) -> R | None:
    """The most recent review (approve, return or reopen), if any."""
    return max(reviews, key=lambda r: r.at, default=None)


def latest_return(reviews: Iterable[R]) -> R | None:
    """The most recent return, if the inspection was ever returned."""
    return latest_decision(r for r in reviews if r.decision == Decision.RETURNED)


def redo_items(reviews: Iterable[Decided], comments: Iterable[Commented]) -> list[str]:
    """The items the lead commented on since the latest return (those the return named come
    first, as they were written in the same transaction), in the order of the comments."""
    returned = latest_return(reviews)
    if returned is None:
        return []
    named = sorted(
        (c for c in comments if c.item_id and c.role in REVIEWER_ROLES and c.at >= returned.at),
        key=lambda c: c.at,
    )
    return list(dict.fromkeys(c.item_id for c in named))
