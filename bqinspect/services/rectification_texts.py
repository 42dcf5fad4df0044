"""The refusals of the rectification use cases, in both languages."""

from __future__ import annotations

from bqinspect.domain.messages import declare

NO_FINDING = declare(
    "services.rectification.no_finding",
    "no finding {finding_id}",
    "没有发现问题 {finding_id}",
)
TIME_ACTION_NEEDS_TIME = declare(
    "services.rectification.time_action_needs_time",
    "the time of an action needs a time zone",
    "操作时间需要带时区",
)
ASKED_THIS_EXTENSION_SOMEONE = declare(
    "services.rectification.asked_this_extension_someone",
    "{requester} asked for this extension: someone else must grant or deny it",
    "该延期由 {requester} 申请，须由他人批准或驳回",
)
INSPECTION_STILL_DRAFT_FINDINGS = declare(
    "services.rectification.inspection_still_draft_findings",
    "its inspection is still a draft: findings are issued when it is submitted",
    "所属检查仍是草稿：提交后才会下发发现问题",
)
CANNOT_FINDING_THAT_ONLY = declare(
    "services.rectification.cannot_finding_that_only",
    "cannot {value} a finding that is {status} (only from: {allowed})",
    "无法对状态为{status}的问题执行“{value}”（仅限：{allowed}）",
)
NEEDS_TEXT_RESPONSE_REASON = declare(
    "services.rectification.needs_text_response_reason",
    "{value} needs a text (response or reason)",
    "“{value}”需要填写文字（答复或理由）",
)
LONGER_THAN_CHARACTERS = declare(
    "services.rectification.longer_than_characters",
    "longer than {max_text} characters",
    "超过 {max_text} 个字符",
)
TAKES_NO_PHOTOS = declare(
    "services.rectification.takes_no_photos",
    "{value} takes no photos",
    "“{value}”不能附照片",
)
VERIFICATION_METHOD = declare(
    "services.rectification.verification_method",
    "{method} is not a verification method",
    "{method} 不是有效的验证方式",
)
NO_EXTENSION_REQUEST_WAITING = declare(
    "services.rectification.no_extension_request_waiting",
    "no extension request is waiting for a decision",
    "没有等待决定的延期申请",
)
UNKNOWN_ACTION = declare(
    "services.rectification.unknown_action",
    "unknown action {action}",
    "未知操作 {action}",
)
EXTENSION_ALREADY_WAITING_DECISION = declare(
    "services.rectification.extension_already_waiting_decision",
    "an extension to {pending} is already waiting for a decision",
    "延期至 {pending} 的申请正在等待决定",
)
EXTENSION_REQUEST_NEEDS_NEW = declare(
    "services.rectification.extension_request_needs_new",
    "an extension request needs the new due date",
    "延期申请需要填写新的整改期限",
)
TAKES_NO_DUE_DATE = declare(
    "services.rectification.takes_no_due_date",
    "{value} takes no due date",
    "“{value}”不设整改期限",
)
LATER_THAN_CURRENT_DUE = declare(
    "services.rectification.later_than_current_due",
    "{new_due} is not later than the current due date ({value}) and today",
    "{new_due} 不晚于当前整改期限（{value}）和今天",
)
