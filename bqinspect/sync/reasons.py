"""Why an import left a record, or a part of one, as it was stored: the reasons an import's
history keeps, as messages shown in the reader's language.

A reason names the package and record, what was refused and whose it is; roles, owners, parts
and field names are messages of their own (nested), so a Chinese reader sees them in Chinese.
A name this version does not know (a field added later) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bqinspect.domain.messages import Message, Text, Words, declare
from bqinspect.domain.ownership import Part

# who: roles and owners ----------------------------------------------------------------------------
_ROLES = {
    "inspector": declare("sync.reasons.role_inspector", "inspector", "检查员"),
    "lead": declare("sync.reasons.role_lead", "lead", "督导组长"),
    "office": declare("sync.reasons.role_office", "office", "总行"),
    "branch": declare("sync.reasons.role_branch", "branch", "网点"),
}
_INSPECTOR = declare("sync.reasons.owner_inspector", "the inspector", "检查员")
_LEAD = declare("sync.reasons.owner_lead", "the lead", "督导组长")
OWNERS = {  # the words of ownership.OWNER_NAMES
    Part.INSPECTION: _INSPECTOR,
    Part.REVIEW: _LEAD,
    Part.FINDING: _INSPECTOR,
    Part.FOLLOWUP: _LEAD,
    Part.BRANCH: declare("sync.reasons.owner_office", "head office", "总行"),
    Part.FEEDBACK: declare(
        "sync.reasons.owner_lead_and_office", "the lead and head office", "督导组长和总行"
    ),
    Part.APPEAL: _LEAD,
}

# what: kinds of rows and records, the inspector's states ------------------------------------------
_ENTITIES = {
    "branch": declare("sync.reasons.entity_branch", "branch", "网点"),
    "staff": declare("sync.reasons.entity_staff", "staff", "员工"),
    "feedback": declare("sync.reasons.entity_feedback", "feedback", "客户意见"),
    "review": declare("sync.reasons.entity_review", "review", "审核意见"),
    "itemcomment": declare("sync.reasons.entity_item_comment", "item comment", "检查项意见"),
    "auditevent": declare("sync.reasons.entity_audit_event", "audit event", "审计记录"),
}
_STATES = (
    declare("sync.reasons.state_draft", "draft", "草稿"),
    declare("sync.reasons.state_submitted", "submitted", "已提交"),
)

# the fields a refused or conflicting part names (English: the field's own name) -------------------
_FIELD_NAMES = {
    # the inspector's part of an inspection
    "inspection": "检查基本信息",
    "answers": "答案",
    "timer_marks": "计时点",
    "photos": "照片",
    "signatures": "签名",
    "annotations": "照片标注",
    # the lead's part
    "decision": "审核结论",
    "reviewed_revision": "所审核的版本",
    "review_revision": "审核版本号",
    "lead": "督导组长",
    "internal_notes": "内部备注",
    # branches and staff
    "name": "名称",
    "name_en": "英文名称",
    "region": "所属分行",
    "sub_branch": "所属支行",
    "address": "地址",
    "manager": "网点负责人",
    "phone": "电话",
    "active": "启用状态",
    "post": "岗位",
    "branch_id": "所属网点",
    # customer feedback
    "channel": "渠道",
    "category": "类别",
    "received_at": "受理时间",
    "content": "意见内容",
    "assigned_to": "承办人",
    "reply_due": "答复期限",
    "extensions": "延期记录",
    "status": "状态",
    "replied_at": "答复时间",
    "reply_method": "答复方式",
    "reply_text": "答复内容",
    "accepted": "客户是否认可",
    "follow_up": "回访情况",
    "closed_at": "关闭时间",
    "finding_id": "关联问题",
    "recorded_by": "登记人",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
}
_FIELDS = {
    name: declare(f"sync.reasons.field_{name}", name, zh) for name, zh in _FIELD_NAMES.items()
}


def _label(table: dict[str, Text], name: str) -> Words:
    text = table.get(name)
    return text() if text is not None else name


def role_label(role: str) -> Words:
    """A role's name (its value as given when this version does not know it; "?" for none)."""
    return _label(_ROLES, role) if role else "?"


def owner_label(part: Part) -> Message:
    return OWNERS[part]()


def entity_label(entity: str) -> Words:
    return _label(_ENTITIES, entity)


def field_labels(names: Iterable[str]) -> list[Words]:
    return [_label(_FIELDS, n) for n in names]


# the reasons --------------------------------------------------------------------------------------
NOT_THE_SIGNERS = declare(
    "sync.reasons.not_the_signers",
    "{what} is {owner}'s; the package's signer {signer} is trusted here as {role}: "
    "the change is refused, the stored data is kept",
    "{what}归{owner}所有；数据包签名方 {signer} 在本机受信的角色为{role}：拒绝此修改，保留已存数据",
)
IN_RECORD = declare(
    "sync.reasons.in_record",
    "package {package}, record {record} ({label}): {reason}",
    "数据包 {package}，记录 {record}（{label}）：{reason}",
)
WRITTEN_AS = declare(
    "sync.reasons.written_as",
    "{row} {id} is written as {author}; the package's signer {signer} is trusted here as "
    "{role}: refused",
    "{row} {id} 以{author}的身份写入；数据包签名方 {signer} 在本机受信的角色为{role}：拒绝接收",
)
INSPECTORS_PART = declare(
    "sync.reasons.inspectors_part",
    "the inspector's part ({fields})",
    "检查员部分（{fields}）",
)
THE_REVIEW = declare(
    "sync.reasons.the_review",
    "the review ({fields})",
    "审核部分（{fields}）",
)
FOLLOWUP_OF = declare(
    "sync.reasons.followup_of",
    "the follow-up of finding {finding}",
    "问题 {finding} 的整改跟进",
)
FOUND_OF = declare(
    "sync.reasons.found_of",
    "what was found of finding {finding}",
    "问题 {finding} 的检查发现",
)
FINDING_EVENT = declare(
    "sync.reasons.finding_event",
    "finding event {event}",
    "问题整改记录 {event}",
)
LEADS_SIGNATURE = declare(
    "sync.reasons.leads_signature",
    "the lead's signature",
    "督导组长签名",
)
APPEAL = declare(
    "sync.reasons.appeal",
    "appeal {appeal}",
    "申诉 {appeal}",
)
OLDER_PART = declare(
    "sync.reasons.older_part",
    "revision {revision} ({state}) is older than the stored revision {stored} ({stored_state})",
    "第 {revision} 版（{state}）早于已存的第 {stored} 版（{stored_state}）",
)
OLDER_DRAFT = declare(
    "sync.reasons.older_draft",
    "this draft of revision {revision} is older than the stored one from the same device",
    "第 {revision} 版的这份草稿早于本机已存的、来自同一设备的草稿",
)
OLDER_REVISION = declare(
    "sync.reasons.older_revision",
    "revision {revision} is older than the stored revision {stored}",
    "第 {revision} 版早于已存的第 {stored} 版",
)
CONFLICT_KEPT = declare(
    "sync.reasons.conflict_kept",
    "a different edit of the same revision is stored; the stored data is kept",
    "本机已存有同一版本的另一份修改：保留已存数据",
)
CONFLICT_KEPT_OTHERS_UPDATED = declare(
    "sync.reasons.conflict_kept_others_updated",
    "a different edit of the same revision is stored; the stored data is kept "
    "(other parts were updated)",
    "本机已存有同一版本的另一份修改：保留已存数据（其他部分已更新）",
)


def in_record(package: Any, record: Any, label: str, reason: Words) -> Message:
    """A refused part, named by its package and record."""
    return IN_RECORD(package=package, record=record, label=label, reason=reason)


def without_record(reason: Words) -> Words:
    """The reason alone, for a place that already names the package and the record."""
    if isinstance(reason, Message) and reason.text is IN_RECORD:
        inner: Words = reason.params["reason"]
        return inner
    return reason


def written_as(row: str, row_id: Any, author: str, signer: Any) -> Message:
    """A row written in a role (``author``) the ``signer`` (a ``parts.Signer``) may not add."""
    return WRITTEN_AS(
        row=entity_label(row),
        id=row_id,
        author=role_label(author),
        signer=signer.name,
        role=role_label(signer.role),
    )


def older_part(incoming: tuple[int, int], stored: tuple[int, int]) -> Message:
    """An inspector's part older than the stored one (keys: revision, 0 draft / 1 submitted)."""
    return OLDER_PART(
        revision=incoming[0],
        state=_STATES[incoming[1]](),
        stored=stored[0],
        stored_state=_STATES[stored[1]](),
    )


def conflict_kept(others_updated: bool) -> Message:
    return (CONFLICT_KEPT_OTHERS_UPDATED if others_updated else CONFLICT_KEPT)()
