"""Checks across a form's items and sections; the rules a form file must meet to be installed."""

from __future__ import annotations

from bqinspect.domain.forms import AnswerType, Form, Item, Kind, PhotoRule
from bqinspect.domain.messages import Words, declare
from bqinspect.domain.weights import weight_problems

Problem = tuple[tuple[str | int, ...], Words]

DUPLICATE_BLOCK = declare(
    "domain.form_rules.duplicate_block", "duplicate block id {id}", "区块 id {id} 重复"
)
DUPLICATE_CHECKPOINT = declare(
    "domain.form_rules.duplicate_checkpoint",
    "duplicate checkpoint id {id}",
    "计时点 id {id} 重复",
)
KEY_TWICE = declare(
    "domain.form_rules.key_twice", "shortcut key {key} used twice", "快捷键 {key} 重复使用"
)
DUPLICATE_RISK_TYPE = declare(
    "domain.form_rules.duplicate_risk_type", "duplicate risk type {id}", "风险类型 {id} 重复"
)
DUPLICATE_SECTION = declare(
    "domain.form_rules.duplicate_section", "duplicate section id {id}", "部分 id {id} 重复"
)
DUPLICATE_ITEM = declare(
    "domain.form_rules.duplicate_item", "duplicate item id {id}", "检查项 id {id} 重复"
)
RISK_TYPE_UNDECLARED = declare(
    "domain.form_rules.risk_type_undeclared",
    "risk type {risk_type} is not in the form's risk_types ({known})",
    "风险类型 {risk_type} 不在本表单的 risk_types 中（{known}）",
)
BLOCK_UNDECLARED = declare(
    "domain.form_rules.block_undeclared", "block {block} is not declared", "区块 {block} 未声明"
)
GATE_MISSING_BLOCK = declare(
    "domain.form_rules.gate_missing_block",
    "gate names a missing block {block}",
    "gate 指向不存在的区块 {block}",
)
SHOW_IF_NOT_EARLIER = declare(
    "domain.form_rules.show_if_not_earlier",
    "show_if refers to {item}, which is not an earlier item of this form",
    "show_if 引用的 {item} 不是本表单中排在前面的检查项",
)
UNKNOWN_CHECKPOINT = declare(
    "domain.form_rules.unknown_checkpoint",
    "unknown timer checkpoint {id}",
    "未知的计时点 {id}",
)
OVERT_ONLY_IN_MYSTERY = declare(
    "domain.form_rules.overt_only_in_mystery",
    "an overt-only item cannot be in a mystery form",
    "仅限明查的检查项不能放在暗访表单中",
)
COVERT_SECURITY_PHOTO = declare(
    "domain.form_rules.covert_security_photo",
    "a covert visit must not photograph security items",
    "暗访不得拍摄安保类检查项",
)
BLOCK_EMPTY = declare(
    "domain.form_rules.block_empty", "block {block} has no items", "区块 {block} 没有检查项"
)
MYSTERY_NEEDS_CHECKPOINTS = declare(
    "domain.form_rules.mystery_needs_checkpoints",
    "a mystery-shopping form needs timer checkpoints",
    "暗访表单需要计时点",
)
NO_WEIGHTED_SECTION = declare(
    "domain.form_rules.no_weighted_section",
    "at least one section needs a positive weight",
    "至少要有一个部分的权重大于 0",
)
COVERT_VETO_UNDOCUMENTED = declare(
    "domain.form_rules.covert_veto_undocumented",
    "a veto in a covert form needs what the shopper saw: a photo or a note on fail",
    "暗访表单中的一票否决项需要暗访员所见的依据：不合格时拍照或填写说明",
)
DWELL_NOT_DURATION = declare(
    "domain.form_rules.dwell_not_duration",
    "dwell names {item}, which is not a duration item of this form",
    "dwell 指向的 {item} 不是本表单的 duration 类检查项",
)


def cross_check(form: Form) -> list[Problem]:
    """Checks across items and sections; each problem is (location in the document, message)."""
    problems: list[Problem] = []
    block_ids = [b.id for b in form.blocks]
    checkpoint_ids = [c.id for c in form.checkpoints]
    for i, block_id in enumerate(block_ids):
        if block_id in block_ids[:i]:
            problems.append((("blocks", i, "id"), DUPLICATE_BLOCK(id=repr(block_id))))
    for i, cp in enumerate(form.checkpoints):
        if cp.id in checkpoint_ids[:i]:
            problems.append((("checkpoints", i, "id"), DUPLICATE_CHECKPOINT(id=repr(cp.id))))
        if cp.key and cp.key in [c.key for c in form.checkpoints[:i]]:
            problems.append((("checkpoints", i, "key"), KEY_TWICE(key=repr(cp.key))))
    risk_ids = [r.id for r in form.risk_types]
    for i, risk_id in enumerate(risk_ids):
        if risk_id in risk_ids[:i]:
            problems.append((("risk_types", i, "id"), DUPLICATE_RISK_TYPE(id=repr(risk_id))))
    section_ids: list[str] = []
    earlier: dict[str, Item] = {}
    for si, section in enumerate(form.sections):
        if section.id in section_ids:
            problems.append((("sections", si, "id"), DUPLICATE_SECTION(id=repr(section.id))))
        section_ids.append(section.id)
        for ii, item in enumerate(section.items):
            problems.extend(_item_problems(form, ("sections", si, "items", ii), item, earlier))
            earlier.setdefault(item.id, item)
    problems.extend(_dwell_problems(form))
    for i, block_id in enumerate(block_ids):
        if not any(item.block == block_id for item in form.items()):
            problems.append((("blocks", i, "id"), BLOCK_EMPTY(block=repr(block_id))))
    if form.kind is Kind.MYSTERY and not form.checkpoints:
        problems.append((("kind",), MYSTERY_NEEDS_CHECKPOINTS()))
    if not any(s.weight > 0 for s in form.sections):
        problems.append((("sections",), NO_WEIGHTED_SECTION()))
    return problems


def _item_problems(
    form: Form, loc: tuple[str | int, ...], item: Item, earlier: dict[str, Item]
) -> list[Problem]:
    """One item's references to the rest of the form (items before it, blocks, checkpoints)."""
    problems: list[Problem] = []
    block_ids = [b.id for b in form.blocks]
    checkpoint_ids = [c.id for c in form.checkpoints]
    risk_ids = [r.id for r in form.risk_types]
    if item.id in earlier:
        problems.append(((*loc, "id"), DUPLICATE_ITEM(id=repr(item.id))))
    if risk_ids and item.risk_type is not None and item.risk_type not in risk_ids:
        problems.append(
            (
                (*loc, "risk_type"),
                RISK_TYPE_UNDECLARED(risk_type=repr(item.risk_type), known=risk_ids),
            )
        )
    if item.block is not None and item.block not in block_ids:
        problems.append(((*loc, "block"), BLOCK_UNDECLARED(block=repr(item.block))))
    if item.gate is not None and item.gate not in block_ids:
        problems.append(((*loc, "gate"), GATE_MISSING_BLOCK(block=repr(item.gate))))
    if item.show_if is not None and item.show_if.item not in earlier:
        problems.append(
            ((*loc, "show_if", "item"), SHOW_IF_NOT_EARLIER(item=repr(item.show_if.item)))
        )
    if item.derive is not None:
        for end in ("start", "end", "absent_after"):
            cp_id = getattr(item.derive, end)
            if cp_id is not None and cp_id not in checkpoint_ids:
                problems.append(((*loc, "derive", end), UNKNOWN_CHECKPOINT(id=repr(cp_id))))
    if item.overt_only and form.kind is Kind.MYSTERY:
        problems.append(((*loc, "overt_only"), OVERT_ONLY_IN_MYSTERY()))
    if (
        form.kind is Kind.MYSTERY
        and item.photo_on_fail is PhotoRule.REQUIRED
        and (item.risk_type == "security")
    ):
        problems.append(((*loc, "photo_on_fail"), COVERT_SECURITY_PHOTO()))
    return problems


def authoring_problems(form: Form) -> list[Problem]:
    """The rules a form file must meet to be installed (a stored definition is read as it was):
    no covert veto the shopper cannot document, and the weight cap."""
    return _covert_problems(form) + weight_problems(form)


def _covert_problems(form: Form) -> list[Problem]:
    """A covert shopper can fail a branch outright only on what they can see and note."""
    if form.kind is not Kind.MYSTERY:
        return []
    problems: list[Problem] = []
    for si, section in enumerate(form.sections):
        for ii, item in enumerate(section.items):
            vetoed = item.veto or any(c.veto for c in item.checks or [])
            if vetoed and item.photo_on_fail is PhotoRule.FORBIDDEN and not item.note_on_fail:
                problems.append((("sections", si, "items", ii, "veto"), COVERT_VETO_UNDOCUMENTED()))
    return problems


def _dwell_problems(form: Form) -> list[Problem]:
    problems: list[Problem] = []
    for si, section in enumerate(form.sections):
        for ii, item in enumerate(section.items):
            if item.dwell is None:
                continue
            target = next((i for i in form.items() if i.id == item.dwell.item), None)
            if target is None or target.type is not AnswerType.DURATION:
                problems.append(
                    (
                        ("sections", si, "items", ii, "dwell", "item"),
                        DWELL_NOT_DURATION(item=repr(item.dwell.item)),
                    )
                )
    return problems
