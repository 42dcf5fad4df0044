"""The ledger's columns with bilingual headers, and each row as the texts both files print."""

from __future__ import annotations

from dataclasses import dataclass

from bqinspect.report.ledger.rows import LedgerRow, Problem

COLUMNS: tuple[tuple[str, str], ...] = (
    ("序号", "No."),
    ("时间", "Time"),
    ("地点（网点）", "Place (branch)"),
    ("类型", "Kind"),
    ("监督内容", "Content"),
    ("发现问题", "Problems found"),
    ("整改措施", "Rectification measures"),
    ("结果", "Result"),
)
KIND_NAMES = {
    "inspection": ("现场检查", "On-site inspection"),
    "mystery": ("神秘人暗访", "Mystery visit"),
    "recheck": ("复查", "Re-check"),
    "self_check": ("网点自查", "Self-check"),
    "feedback": ("客户意见处理", "Feedback handled"),
}
STATUS_NAMES = {
    "open": ("待整改", "open"),
    "rectifying": ("整改中", "rectifying"),
    "submitted": ("已报整改", "reported"),
    "verified": ("已销号", "verified"),
    "rejected": ("未通过", "rejected"),
}
APPEAL_NAMES = {
    "pending": ("申诉中", "appealed"),
    "upheld": ("申诉驳回", "appeal upheld"),
    "overturned": ("申诉成立，扣分已恢复", "appeal overturned: points restored"),
}
TITLE = ("监督日志", "Supervision ledger")


@dataclass(frozen=True)
class Cells:
    """One row's texts, in the order of :data:`COLUMNS`."""

    number: int
    time: str
    place: str
    kind: str
    content: str
    problems: str
    measures: str
    result: str

    def values(self) -> list[str | int]:
        return [
            self.number,
            self.time,
            self.place,
            self.kind,
            self.content,
            self.problems,
            self.measures,
            self.result,
        ]


def header(index: int) -> str:
    """A column's header in both languages, on two lines."""
    zh, en = COLUMNS[index]
    return f"{zh}\n{en}"


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _problem(n: int, p: Problem, lang: str) -> str:
    points = f"（-{p.points:g}）" if p.points else ""
    mark = f" [{_pick(APPEAL_NAMES[p.appeal], lang)}]" if p.appeal in APPEAL_NAMES else ""
    return f"{n}. {p.text}{points}{mark}"


def _measure(n: int, p: Problem, lang: str) -> str:
    text = f"{n}. {p.requirement}" if p.requirement else f"{n}."
    if p.response:
        text += f"\n{'Reported' if lang == 'en' else '整改反馈'}: {p.response}"
    return text


def cells_of(number: int, row: LedgerRow, lang: str = "zh") -> Cells:
    """The texts of one ledger row (``lang`` zh or en for the contents; headers are both)."""
    problems = "\n".join(_problem(n, p, lang) for n, p in enumerate(row.problems, 1))
    measures = "\n".join(
        _measure(n, p, lang) for n, p in enumerate(row.problems, 1) if p.requirement or p.response
    )
    result = []
    if row.score is not None:
        word = "Score" if lang == "en" else "得分"
        result.append(f"{word} {row.score:.2f}" + (f" ({row.grade})" if row.grade else ""))
    if row.problems:
        counts: dict[str, int] = {}
        for p in row.problems:
            counts[p.status] = counts.get(p.status, 0) + 1
        result.append(
            "，".join(f"{_pick(STATUS_NAMES.get(k, (k, k)), lang)} {v}" for k, v in counts.items())
        )
    else:
        result.append("No problems" if lang == "en" else "未发现问题")
    content = row.content_en if lang == "en" else row.content
    if row.people:
        content += f"\n{'Inspectors' if lang == 'en' else '检查人员'}: {row.people}"
    return Cells(
        number=number,
        time=row.at.strftime("%Y-%m-%d %H:%M"),
        place=f"{row.branch_name}（{row.branch_code}）",
        kind=_pick(KIND_NAMES.get(row.kind, (row.kind, row.kind)), lang),
        content=content,
        problems=problems or "—",
        measures=measures or "—",
        result="\n".join(result),
    )
