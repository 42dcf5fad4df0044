"""Branch staff: the posts a register names, and a badge number as typed read against it."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bqinspect.domain.messages import declare


class Post(enum.StrEnum):
    """A post at a branch (the stored values)."""

    LOBBY_MANAGER = "lobby_manager"
    TELLER = "teller"
    WEALTH_MANAGER = "wealth_manager"
    SECURITY_GUARD = "security_guard"
    CUSTOMER_MANAGER = "customer_manager"
    BRANCH_HEAD = "branch_head"
    OTHER = "other"


POST_NAMES: dict[Post, tuple[str, str]] = {  # (zh, en)
    Post.LOBBY_MANAGER: ("大堂经理", "Lobby manager"),
    Post.TELLER: ("柜员", "Teller"),
    Post.WEALTH_MANAGER: ("理财经理", "Wealth manager"),
    Post.SECURITY_GUARD: ("保安", "Security guard"),
    Post.CUSTOMER_MANAGER: ("客户经理", "Customer manager"),
    Post.BRANCH_HEAD: ("网点负责人", "Branch head"),
    Post.OTHER: ("其他", "Other"),
}
_EXTRA_ALIASES = {
    "综合柜员": Post.TELLER,
    "保安员": Post.SECURITY_GUARD,
    "安保": Post.SECURITY_GUARD,
    "行长": Post.BRANCH_HEAD,
    "网点主任": Post.BRANCH_HEAD,
    "营业经理": Post.BRANCH_HEAD,
    "security": Post.SECURITY_GUARD,
    "guard": Post.SECURITY_GUARD,
    "manager": Post.BRANCH_HEAD,
    "": Post.OTHER,
}
MAX_BADGE = 32  # characters of a badge or counter number

UNKNOWN_POST = declare(
    "domain.staff.unknown_post",
    "unknown post {post}: one of {choices}",
    "未知的岗位 {post}：应为 {choices} 之一",
)


def post_name(post: str, lang: str = "zh") -> str:
    """A post's name in ``lang`` (zh or en); an unknown stored value as it is."""
    try:
        zh, en = POST_NAMES[Post(post)]
    except ValueError:
        return post
    return zh if lang.startswith("zh") else en


def parse_post(text: str) -> Post:
    """A post from its stored value, its Chinese or English name; ValueError naming the choices."""
    key = text.strip().lower().replace("-", " ").replace("_", " ")
    for post, (zh, en) in POST_NAMES.items():
        if key in (post.value.replace("_", " "), zh, en.lower()):
            return post
    if key in _EXTRA_ALIASES:
        return _EXTRA_ALIASES[key]
    choices = ", ".join(f"{zh} / {p.value}" for p, (zh, _) in POST_NAMES.items())
    raise ValueError(UNKNOWN_POST(post=repr(text), choices=choices))


@dataclass(frozen=True)
class Badge:
    """What a register knows of one employee, for reading a badge as typed."""

    employee_no: str
    name: str
    post: str


def completion_text(badge: Badge, lang: str = "zh") -> str:
    """How an employee is offered for completion: ``1023 张伟 · 柜员``."""
    return f"{badge.employee_no} {badge.name} · {post_name(badge.post, lang)}"


def resolve_badge(typed: str, register: Iterable[Badge], lang: str = "zh") -> str:
    """The badge number to store for ``typed``: an employee's number when the text is one of
    theirs (number, completion text or a name only one employee has), else the text as seen."""
    text = " ".join(typed.split())
    if not text:
        return ""
    rows: Sequence[Badge] = list(register)
    for badge in rows:
        if text.lower() == badge.employee_no.lower() or text == completion_text(badge, lang):
            return badge.employee_no
    named = [b for b in rows if b.name == text]
    if len(named) == 1:
        return named[0].employee_no
    head = text.split(" ")[0]
    for badge in rows:
        if head.lower() == badge.employee_no.lower() and text.startswith(f"{head} {badge.name}"):
            return badge.employee_no
    return text[:MAX_BADGE]
