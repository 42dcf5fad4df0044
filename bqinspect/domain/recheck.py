"""The re-check visit (复查): a form generated from a branch's open findings, one item each."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bqinspect.domain.forms import (
    AnswerType,
    Form,
    GradeBand,
    Grading,
    Item,
    Kind,
    Section,
    Severity,
    Text,
)

FORM_PREFIX = "recheck."
ITEM_PREFIX = "RC-"
KEY_LENGTH = 12  # hex digits of the finding's id kept in the item id
PASSED, OPEN = "rectified", "open"

REASONS = (
    Text(zh="未整改", en="Not rectified"),
    Text(zh="部分整改", en="Partly rectified"),
    Text(zh="整改后复发", en="Recurred after rectification"),
    Text(zh="整改证据不足", en="Evidence of rectification insufficient"),
)


@dataclass(frozen=True)
class Subject:
    """One open finding to re-check, with what the original visit saw."""

    finding_id: uuid.UUID
    severity: Severity
    description: str
    requirement: str
    observation: str
    item_id: str | None  # the original form's item
    item_text: Text | None  # the original item's text in both languages
    basis: str | None  # the original item's norm (检查依据)
    visit: str  # the original visit's date, ISO


def is_recheck(form: Form) -> bool:
    """True for a form generated for a re-check visit."""
    return form.id.startswith(FORM_PREFIX)


def item_id_for(number: int, finding_id: uuid.UUID) -> str:
    """The re-check item of a finding: its number on the form and the finding's id."""
    return f"{ITEM_PREFIX}{number:02d}-{finding_id.hex[:KEY_LENGTH]}"


def finding_key(item_id: str) -> str | None:
    """The finding-id prefix a re-check item names (None for another item)."""
    match = re.fullmatch(rf"{ITEM_PREFIX}\d+-([0-9a-f]{{{KEY_LENGTH}}})", item_id)
    return match.group(1) if match else None


def form_id_for(branch_code: str) -> str:
    slug = re.sub(r"[^a-z0-9_.-]+", "-", branch_code.strip().lower()).strip("-.") or "branch"
    return f"{FORM_PREFIX}{slug}"


def _guidance(subject: Subject) -> Text:
    zh: list[str] = []
    en: list[str] = []
    if subject.item_id:
        zh.append(f"原检查项 {subject.item_id}（{subject.visit}）")
        en.append(f"Original item {subject.item_id} ({subject.visit})")
        if subject.item_text is not None:
            zh[-1] += f"：{subject.item_text.zh}"
            en[-1] += f": {subject.item_text.en}"
    else:
        zh.append(f"原发现（{subject.visit}）")
        en.append(f"Original finding ({subject.visit})")
    if subject.observation.strip():
        zh.append(f"当时所见：{subject.observation.strip()}")
        en.append(f"Observed then: {subject.observation.strip()}")
    if subject.requirement.strip():
        zh.append(f"整改要求：{subject.requirement.strip()}")
        en.append(f"Required: {subject.requirement.strip()}")
    zh.append("通过＝已整改（该发现销号）；不通过请写明现状并拍照。")
    en.append(
        "Pass = rectified (the finding is closed); on fail, describe what is seen and "
        "photograph it."
    )
    return Text(zh="\n".join(zh), en="\n".join(en))


def _item(number: int, subject: Subject) -> Item:
    text = subject.description.strip() or f"{subject.severity.value} #{number}"
    requirement = subject.requirement.strip()
    return Item(
        id=item_id_for(number, subject.finding_id),
        text=Text(zh=text, en=text),
        guidance=_guidance(subject),
        type=AnswerType.YESNO,
        points=1,
        severity=subject.severity,
        note_on_fail=True,
        basis=subject.basis,
        reasons=list(REASONS),
        requirement=Text(
            zh=requirement or "按原整改要求整改", en=requirement or "Rectify as required"
        ),
    )


def recheck_form(branch_code: str, subjects: Sequence[Subject], at: datetime) -> Form:
    """The re-check form of a branch at ``at``: one pass/fail item per open finding."""
    if not subjects:
        raise ValueError("a re-check needs at least one open finding")
    stamp = at.astimezone(UTC).strftime("%Y%m%d.%H%M%S")  # the same findings that second: reused
    return Form(
        id=form_id_for(branch_code),
        version=stamp,
        kind=Kind.ONSITE,
        title=Text(
            zh=f"复查：{branch_code} 未销号问题", en=f"Re-check: open findings of {branch_code}"
        ),
        description=Text(
            zh="由该网点未销号的整改问题生成，每个问题一项；通过即以本次复查为证据销号。",
            en="Generated from the branch's open findings, one item each; a pass closes the "
            "finding with this visit as evidence.",
        ),
        grading=Grading(
            bands=[
                GradeBand(grade=OPEN, label=Text(zh="待整改", en="Still open"), min=0),
                GradeBand(grade=PASSED, label=Text(zh="已整改", en="All rectified"), min=100),
            ],
            veto_grade=OPEN,
        ),
        sections=[
            Section(
                id="findings",
                title=Text(zh="待复查问题", en="Findings to re-check"),
                weight=1,
                items=[_item(n, s) for n, s in enumerate(subjects, start=1)],
            )
        ],
    )
