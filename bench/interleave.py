"""Interleaved rounds for the benchmarks: floor, subject, floor, subject ..., median and min-max."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


@dataclass
class Series:
    """The seconds (or rates) one measure took, one per round."""

    name: str
    unit: str = "s"
    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def line(self) -> str:
        low, high = min(self.values), max(self.values)
        return (
            f"  {self.name:<30} median {self.median:8.3f} {self.unit:<9} "
            f"(min {low:.3f}, max {high:.3f}, {len(self.values)} rounds)"
        )

    def figures(self) -> dict[str, float | list[float]]:
        return {
            "median": self.median,
            "min": min(self.values),
            "max": max(self.values),
            "values": self.values,
        }


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def run_rounds(
    rounds: int, measures: dict[str, Callable[[T], float]], items: Sequence[T]
) -> dict[str, Series]:
    """Each round runs every measure on each item in turn (item by item, so that a floor and
    its subject see the same moment of a busy machine); a round's figure is the mean."""
    series = {name: Series(name) for name in measures}
    for _ in range(rounds):
        totals = dict.fromkeys(measures, 0.0)
        for item in items:
            for name, measure in measures.items():
                totals[name] += measure(item)
        for name, total in totals.items():
            series[name].values.append(total / len(items))
    return series


def ratio(name: str, subject: Series, floor: Series) -> Series:
    """The subject over its floor, round by round (both measured in the same round)."""
    return Series(name, "x", [s / f for s, f in zip(subject.values, floor.values, strict=True)])


def verdict(value: float, target: float, *, at_most: bool = True) -> str:
    ok = value <= target if at_most else value >= target
    return f"{'meets' if ok else 'MISSES'} the target {'<=' if at_most else '>='} {target:g}"


def write_json(path: Path | None, ratios: list[Series], figures: dict[str, object]) -> None:
    """``ratios`` by name (median, min, max, each round) and the other figures, to ``path``."""
    if path is None:
        return
    out = {"ratios": {r.name: r.figures() for r in ratios}, **figures}
    path.write_text(json.dumps(out, indent=2, default=str))
