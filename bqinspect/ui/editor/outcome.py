"""The mark beside a typed value: full points, points lost, or failed, with the points."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from bqinspect.domain.forms import AnswerType, Item
from bqinspect.domain.scoring import ItemScore
from bqinspect.ui.widgets import theme

# the answer types whose outcome the answer itself does not show (a number against its bands,
# a count against its threshold, the points left by failed checks)
MARKED = frozenset({AnswerType.NUMBER, AnswerType.DURATION, AnswerType.COUNT, AnswerType.CHECKS})


@dataclass(frozen=True)
class Outcome:
    text: str
    color: str


def outcome(item: Item, score: ItemScore) -> Outcome | None:
    """The mark for ``item`` as scored, or None when there is nothing to say (not answered, not
    applicable, or an answer type that shows its own outcome). A fail held back until the
    visit's dwell time is reached says so, whatever the answer type."""
    if score.pending and item.dwell is not None:
        minutes = f"{item.dwell.seconds / 60:g}"
        return Outcome(
            "○ "
            + QCoreApplication.translate(
                "ItemOutcome", "The fail counts after %1 min in the branch"
            ).replace("%1", minutes),
            theme.WARN,
        )
    if item.type not in MARKED or score.achievement is None or not score.visible:
        return None
    points = ""
    if score.applicable and score.points > 0:
        points = " · " + QCoreApplication.translate("ItemOutcome", "%1 of %2 pts").replace(
            "%1", f"{score.achieved:g}"
        ).replace("%2", f"{score.points:g}")
    if score.failed:
        return Outcome(
            "✗ " + QCoreApplication.translate("ItemOutcome", "Failed") + points, theme.FAIL
        )
    if score.achievement < 1:
        return Outcome(
            "▼ " + QCoreApplication.translate("ItemOutcome", "Points lost") + points, theme.WARN
        )
    if not item.bands and item.fail_below is None and item.type is not AnswerType.COUNT:
        return None  # a plain number with no target: nothing is judged
    return Outcome(
        "✓ " + QCoreApplication.translate("ItemOutcome", "Full points") + points, theme.PASS
    )
