"""Items an inspector fails more or less often than their peers at the same branches and forms.

For each inspector k and item j of a form family: k's inspections that checked j (an applicable,
scored answer) and how many of them raised a finding on j, against the same counts of the
inspections without k in the branch-and-form cells where k also checked j. The two proportions
are compared with Fisher's exact test (two-sided); the p-values of all pairs tested are adjusted
by Benjamini–Hochberg, and a pair is reported when its q-value is at most the false discovery
rate (5 % by default). A pair is tested only when both sides checked the item often enough.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from bqinspect.analytics.leniency import Cell
from bqinspect.analytics.stats import benjamini_hochberg, fisher_exact


@dataclass(frozen=True)
class ItemCounts:
    """How often the inspections of one cell by one team checked and failed one item."""

    cell: Cell
    inspectors: frozenset[str]
    item_id: str
    checked: int
    failed: int


@dataclass(frozen=True)
class ItemDifference:
    """An item on which one inspector's fail rate differs from their peers'."""

    inspector: str
    form_id: str
    item_id: str
    checked: int
    failed: int
    peer_checked: int
    peer_failed: int
    p_value: float
    q_value: float

    @property
    def fail_rate(self) -> float:
        return self.failed / self.checked

    @property
    def peer_fail_rate(self) -> float:
        return self.peer_failed / self.peer_checked

    @property
    def stricter(self) -> bool:
        """True when the inspector fails the item more often than their peers."""
        return self.fail_rate > self.peer_fail_rate


@dataclass(frozen=True)
class ItemCalibration:
    differences: list[ItemDifference]  # significant ones, by q-value
    tests: int  # (inspector, item) pairs tested
    false_discovery_rate: float
    min_checks: int


def _sum(rows: Iterable[ItemCounts]) -> tuple[int, int]:
    checked = failed = 0
    for r in rows:
        checked += r.checked
        failed += r.failed
    return checked, failed


def compare_items(
    rows: Iterable[ItemCounts], *, false_discovery_rate: float = 0.05, min_checks: int = 5
) -> ItemCalibration:
    """Test every (inspector, item) pair with enough checks on both sides; keep the discoveries."""
    by_item: dict[tuple[str, str], list[ItemCounts]] = defaultdict(list)
    for r in rows:
        by_item[(r.cell[1], r.item_id)].append(r)
    candidates: list[ItemDifference] = []
    for (form_id, item_id), item_rows in sorted(by_item.items()):
        for k in sorted({k for r in item_rows for k in r.inspectors}):
            own = [r for r in item_rows if k in r.inspectors]
            cells = {r.cell for r in own}
            checked, failed = _sum(own)
            peer_checked, peer_failed = _sum(
                r for r in item_rows if k not in r.inspectors and r.cell in cells
            )
            if checked < min_checks or peer_checked < min_checks:
                continue
            p = fisher_exact(failed, checked - failed, peer_failed, peer_checked - peer_failed)
            candidates.append(
                ItemDifference(
                    k, form_id, item_id, checked, failed, peer_checked, peer_failed, p, 1.0
                )
            )
    q_values = benjamini_hochberg([c.p_value for c in candidates])
    found = [
        replace(c, q_value=q)
        for c, q in zip(candidates, q_values, strict=True)
        if q <= false_discovery_rate
    ]
    found.sort(key=lambda d: (d.q_value, d.inspector, d.form_id, d.item_id))
    return ItemCalibration(found, len(candidates), false_discovery_rate, min_checks)
