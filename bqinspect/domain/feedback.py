"""Customer feedback: channels, categories, the lifecycle, reply-deadline rules and overdue."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bqinspect.domain.messages import declare
from bqinspect.domain.workdays import WorkCalendar

FEEDBACK_ITEM_THAT_CANNOT = declare(
    "domain.feedback.feedback_item_that_cannot",
    "a feedback item that is {value} cannot take {value2}",
    "状态为{value}的客户意见不能执行“{value2}”",
)
REPLIED_CUSTOMER_YET_REPLY = declare(
    "domain.feedback.replied_customer_yet_reply",
    "not replied to the customer yet: reply before closing",
    "尚未答复客户：请先答复再关闭",
)
FEEDBACK_CLOSED_ALREADY_REOPEN = declare(
    "domain.feedback.feedback_closed_already_reopen",
    "the feedback is closed already: reopen it first",
    "该客户意见已关闭：请先重新打开",
)
RULES_NOT_A_LIST = declare(
    "domain.feedback.rules_not_a_list",
    "feedback_reply_rules must be a list of rules",
    "feedback_reply_rules 必须是规则列表",
)
RULE_NOT_A_MAPPING = declare(
    "domain.feedback.rule_not_a_mapping",
    "rule {number}: not a mapping",
    "第 {number} 条规则：不是键值映射",
)
RULE_PROBLEM = declare(
    "domain.feedback.rule_problem",
    "rule {number}: {problem}",
    "第 {number} 条规则：{problem}",
)
RULE_DAYS = declare(
    "domain.feedback.rule_days",
    "rule {number}: days must be a whole number from 1 to 365",
    "第 {number} 条规则：天数必须是 1 到 365 之间的整数",
)
UNKNOWN_CHOICE = declare(
    "domain.feedback.unknown_choice",
    "unknown {what} {text}: one of {choices}",
    "未知的{what} {text}：可选值为 {choices}",
)
_WHAT = {  # what parse_choice names, in words (the English is the caller's own)
    "channel": declare("domain.feedback.what_channel", "channel", "渠道"),
    "category": declare("domain.feedback.what_category", "category", "类别"),
    "reply method": declare("domain.feedback.what_reply_method", "reply method", "答复方式"),
    "severity": declare("domain.feedback.what_severity", "severity", "严重程度"),
}


class Channel(enum.StrEnum):
    """How the feedback reached the bank."""

    AT_BRANCH = "at_branch"
    HOTLINE = "hotline"
    ONLINE = "online"  # website, app, WeChat
    LETTER = "letter"
    REGULATOR_REFERRAL = "regulator_referral"
    OTHER = "other"


class Category(enum.StrEnum):
    """What the feedback is about."""

    SERVICE_ATTITUDE = "service_attitude"
    BUSINESS_PROCESS = "business_process"
    FACILITIES = "facilities"
    FEES = "fees"
    PRODUCTS = "products"
    INFORMATION_DISCLOSURE = "information_disclosure"
    OTHER = "other"


class FeedbackStatus(enum.StrEnum):
    RECEIVED = "received"
    HANDLING = "handling"
    REPLIED = "replied"
    CLOSED = "closed"


class FeedbackAction(enum.StrEnum):
    """A step of the register; each is one appended event."""

    RECEIVE = "receive"
    ASSIGN = "assign"
    STEP = "step"  # a handling step: what was done
    EXTEND = "extend"  # the reply deadline extended, with the reason
    REPLY = "reply"  # the reply to the customer: when, how, what, accepted
    FOLLOW_UP = "follow_up"  # checking later that the measure holds
    CLOSE = "close"
    REOPEN = "reopen"
    OPEN_FINDING = "open_finding"


class ReplyMethod(enum.StrEnum):
    PHONE = "phone"
    IN_PERSON = "in_person"
    LETTER = "letter"
    ONLINE = "online"
    SMS = "sms"
    OTHER = "other"


class FeedbackRefused(ValueError):
    """A step the feedback's state does not allow, with the reason."""


_S = FeedbackStatus
_A = FeedbackAction
_OPEN = frozenset({_S.RECEIVED, _S.HANDLING, _S.REPLIED})
# the states an action may start from, and the state it leaves (None: the state stays)
_TRANSITIONS: dict[FeedbackAction, tuple[frozenset[FeedbackStatus], FeedbackStatus | None]] = {
    _A.ASSIGN: (_OPEN, None),
    _A.STEP: (frozenset({_S.RECEIVED, _S.HANDLING}), _S.HANDLING),
    _A.EXTEND: (frozenset({_S.RECEIVED, _S.HANDLING}), None),
    _A.REPLY: (_OPEN, _S.REPLIED),
    _A.FOLLOW_UP: (frozenset({_S.REPLIED}), None),
    _A.CLOSE: (frozenset({_S.REPLIED}), _S.CLOSED),
    _A.REOPEN: (frozenset({_S.CLOSED}), _S.HANDLING),
    _A.OPEN_FINDING: (_OPEN, None),
}


def next_status(status: str, action: FeedbackAction) -> FeedbackStatus:
    """The state ``action`` leaves a feedback item in, or FeedbackRefused saying why not."""
    current = FeedbackStatus(status)
    sources, target = _TRANSITIONS[action]
    if current not in sources:
        if action is _A.CLOSE and current is not _S.CLOSED:
            raise FeedbackRefused(REPLIED_CUSTOMER_YET_REPLY())
        if current is _S.CLOSED:
            raise FeedbackRefused(FEEDBACK_CLOSED_ALREADY_REOPEN())
        raise FeedbackRefused(FEEDBACK_ITEM_THAT_CANNOT(value=current.value, value2=action.value))
    return target or current


def allowed_actions(status: str) -> list[FeedbackAction]:
    current = FeedbackStatus(status)
    return [a for a, (sources, _) in _TRANSITIONS.items() if current in sources]


def is_open(status: str) -> bool:
    """Waiting for the reply to the customer (the reply deadline still counts)."""
    return status in (_S.RECEIVED, _S.HANDLING)


# Reply deadlines ---------------------------------------------------------------------------------
# 《银行业保险业消费投诉处理管理办法》(银保监会令2020年第3号): a decision within 15 days of receipt,
# up to 30 days when the case is complex, and exceptionally 30 days more with the approval of the
# superior body, the customer told each time. The rules count days (日), not working days, and
# apply to the complaints a regulator forwards as well; a bank may set shorter limits per channel
# and category, or count working days.
DEFAULT_REPLY_DAYS = 15
EXTENSIONS_DAYS = (30, 60)  # the reply due this many days after receipt after each extension
DEFAULT_SOURCE = "《银行业保险业消费投诉处理管理办法》(2020) 15日, 复杂30日, 特殊再延30日"


@dataclass(frozen=True)
class ReplyRule:
    """Days from receipt to the reply for one channel and/or category (``None``: any)."""

    channel: Channel | None
    category: Category | None
    days: int
    working_days: bool = False

    def matches(self, channel: Channel, category: Category) -> bool:
        return self.channel in (None, channel) and self.category in (None, category)

    @property
    def specificity(self) -> int:
        return (self.channel is not None) * 2 + (self.category is not None)


DEFAULT_RULES = (ReplyRule(None, None, DEFAULT_REPLY_DAYS),)


def rule_for(rules: Iterable[ReplyRule], channel: Channel, category: Category) -> ReplyRule:
    """The most specific rule that matches (channel and category, channel, category, any)."""
    matching = [r for r in rules if r.matches(channel, category)]
    if not matching:
        return DEFAULT_RULES[0]
    return max(matching, key=lambda r: r.specificity)


def reply_due(received: date, rule: ReplyRule, calendar: WorkCalendar, extensions: int = 0) -> date:
    """The last day for the reply: the rule's days after receipt (the day itself not counted);
    after an extension the rules' 30, then 60 calendar days from receipt."""
    if extensions > 0:
        days = EXTENSIONS_DAYS[min(extensions, len(EXTENSIONS_DAYS)) - 1]
        return max(received + timedelta(days=days), reply_due(received, rule, calendar))
    if rule.working_days:
        return calendar.add_working_days(received, rule.days)
    return received + timedelta(days=rule.days)


def is_overdue(status: str, due: date | None, today: date, *, replied: bool = False) -> bool:
    """Not yet replied to and past its reply date (the due day itself is still in time); a
    reopened item that was replied to in time is open again, not overdue."""
    return is_open(status) and not replied and due is not None and today > due


def replied_late(due: date | None, replied_on: date | None) -> bool:
    return due is not None and replied_on is not None and replied_on > due


def parse_rules(value: object) -> list[ReplyRule]:
    """The ``feedback_reply_rules`` setting (a list of ``{channel, category, days,
    working_days}``), or ValueError naming the first bad entry."""
    if value in (None, ""):
        return list(DEFAULT_RULES)
    if not isinstance(value, list):
        raise FeedbackRefused(RULES_NOT_A_LIST())
    rules = []
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, dict):
            raise FeedbackRefused(RULE_NOT_A_MAPPING(number=number))
        try:
            channel = category = None
            if entry.get("channel"):
                channel = Channel(parse_choice(Channel, entry["channel"], "channel"))
            if entry.get("category"):
                category = Category(parse_choice(Category, entry["category"], "category"))
        except FeedbackRefused as exc:
            raise FeedbackRefused(RULE_PROBLEM(number=number, problem=exc.args[0])) from None
        days = entry.get("days")
        if type(days) is not int or not 1 <= days <= 365:
            raise FeedbackRefused(RULE_DAYS(number=number))
        rules.append(ReplyRule(channel, category, days, bool(entry.get("working_days"))))
    return rules


def rules_setting(rules: Sequence[ReplyRule]) -> list[dict[str, object]]:
    """The setting's stored form of ``rules``."""
    return [
        {
            "channel": r.channel.value if r.channel else "",
            "category": r.category.value if r.category else "",
            "days": r.days,
            "working_days": r.working_days,
        }
        for r in rules
    ]


def parse_choice(kind: type[enum.StrEnum], text: str, what: str) -> enum.StrEnum:
    """One value of ``kind`` or :class:`FeedbackRefused` (a ValueError) naming the choices."""
    try:
        return kind(str(text).strip().lower())
    except ValueError:
        choices = ", ".join(v.value for v in kind)
        named = _WHAT[what]() if what in _WHAT else what
        raise FeedbackRefused(
            UNKNOWN_CHOICE(what=named, text=repr(text), choices=choices)
        ) from None
