"""The weight cap: no item may carry more than 15 % of a form's score in any scenario it scores."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bqinspect.domain.messages import Words, declare

if TYPE_CHECKING:
    from bqinspect.domain.forms import Form, Item, Section

MAX_ITEM_SHARE = 0.15
# a scenario of fewer scored items cannot keep each under the cap: it is not held to it
MIN_ITEMS_CAPPED = 7
ALL = ""  # the one scenario of a form without a role item

OVER_CAP = declare(
    "domain.weights.over_cap",
    "item {item} weighs {share} of the score, over the {cap} cap: lower its points, give its "
    "section more items, or say why in weight_note",
    "检查项 {item} 占总分的 {share}，超过 {cap} 的上限：请降低其分值、给所在部分增加检查项，"
    "或在 weight_note 中说明理由",
)
OVER_CAP_IN_ROLE = declare(
    "domain.weights.over_cap_in_role",
    "item {item} weighs {share} of the score when the role is {role}, over the {cap} cap: "
    "lower its points, give its section more items, or say why in weight_note",
    "角色为 {role} 时，检查项 {item} 占总分的 {share}，超过 {cap} 的上限：请降低其分值、"
    "给所在部分增加检查项，或在 weight_note 中说明理由",
)


@dataclass(frozen=True)
class Share:
    """What one item weighs of the overall score when ``role`` (an option value) is played."""

    item_id: str
    role: str
    share: float  # 0..1


def role_items(form: Form) -> list[Item]:
    """Unscored choice items that decide which scored items are shown (the visit's role)."""
    shown_by = {i.show_if.item for i in form.items() if i.show_if is not None and i.scored}
    return [i for i in form.items() if i.options and not i.scored and i.id in shown_by]


def _in_role(item: Item, role_item: Item | None, role: str) -> bool:
    if role_item is None or item.show_if is None or item.show_if.item != role_item.id:
        return True  # shown on an answer, not on the role: it may score in this scenario
    return role in item.show_if.values()


def shares(form: Form) -> list[Share]:
    """Each scored item's share of the score, for every role the form scores.

    Sections with no item in a scenario drop out and the others are rescaled, as scoring does;
    a scenario of fewer than seven scored items is left out (no spread can meet the cap).
    """
    roles = role_items(form)
    scenarios: list[tuple[Item | None, str]] = [
        (r, o.value) for r in roles for o in r.options or []
    ] or [(None, ALL)]
    result: list[Share] = []
    for role_item, role in scenarios:
        active: list[tuple[Section, list[Item]]] = []
        for section in form.sections:
            items = [i for i in section.items if i.scored and _in_role(i, role_item, role)]
            if items and section.weight > 0:
                active.append((section, items))
        if sum(len(items) for _, items in active) < MIN_ITEMS_CAPPED:
            continue
        weight_sum = sum(section.weight for section, _ in active)
        for section, items in active:
            points = sum(i.points for i in items)
            for item in items:
                share = section.weight / weight_sum * item.points / points
                result.append(Share(item.id, role, share))
    return result


def weight_problems(form: Form) -> list[tuple[tuple[str | int, ...], Words]]:
    """Items over the cap, unless the item or the form says why (``weight_note``)."""
    if form.weight_note is not None:
        return []
    where = {
        item.id: (si, ii, item)
        for si, section in enumerate(form.sections)
        for ii, item in enumerate(section.items)
    }
    problems: list[tuple[tuple[str | int, ...], Words]] = []
    reported: set[str] = set()
    for share in shares(form):
        si, ii, item = where[share.item_id]
        if share.share <= MAX_ITEM_SHARE + 1e-9 or item.weight_note or item.id in reported:
            continue
        reported.add(item.id)
        weighs = {"item": item.id, "share": f"{share.share:.1%}", "cap": f"{MAX_ITEM_SHARE:.0%}"}
        reason = (
            OVER_CAP_IN_ROLE(role=repr(share.role), **weighs) if share.role else OVER_CAP(**weighs)
        )
        problems.append((("sections", si, "items", ii, "points"), reason))
    return problems
