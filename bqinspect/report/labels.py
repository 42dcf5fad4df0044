"""Report wording in Chinese and English, and the chooser for zh, en or both languages."""

from __future__ import annotations

import enum
from xml.sax.saxutils import escape

from bqinspect.domain.forms import Text

LABELS: dict[str, tuple[str, str]] = {
    "title": ("整改通知书", "Rectification Notice"),
    "copy_branch": ("网点联", "Branch copy"),
    "copy_office": ("存档联（内部）", "Office copy (internal)"),
    "report_no": ("编号", "No."),
    "branch": ("受检网点", "Branch"),
    "branch_code": ("网点编号", "Branch code"),
    "region": ("所属机构", "Region"),
    "address": ("地址", "Address"),
    "manager": ("网点负责人", "Branch manager"),
    "kind": ("检查类型", "Type"),
    "kind_onsite": ("现场检查", "On-site inspection"),
    "kind_mystery": ("神秘人暗访", "Mystery shopping"),
    "form": ("检查表", "Checklist"),
    "visit_date": ("检查日期", "Visit date"),
    "visit_time": ("检查时间", "Visit time"),
    "inspectors": ("检查人员", "Inspectors"),
    "shopper": ("暗访人员", "Mystery shopper"),
    "shopper_alias": ("暗访代号", "Shopper alias"),
    "withheld": ("身份保密", "identity withheld"),
    "lead": ("督导组长", "Team lead"),
    "status": ("状态", "Status"),
    "status_draft": ("草稿（未提交）", "Draft (not submitted)"),
    "status_submitted": ("已提交", "Submitted"),
    "status_approved": ("已审核", "Approved"),
    "status_returned": ("已退回", "Returned"),
    "revision": ("记录修订", "Record revision"),
    "intro": (
        "贵网点于上述日期接受服务质量检查。现将检查结果及发现的问题通知如下，"
        "请按要求限期整改，并于整改期限内将整改情况及佐证材料报送检查部门。",
        "Your branch was inspected for service quality on the date above. The results and the "
        "findings are set out below. Please rectify each finding by its due date and report the "
        "measures taken, with evidence, to the inspecting department.",
    ),
    "notes": ("检查说明", "Inspector's notes"),
    "score_summary": ("评分结果", "Score summary"),
    "overall": ("综合得分", "Overall score"),
    "grade": ("评定等级", "Grade"),
    "veto": ("一票否决", "Veto items"),
    "veto_none": ("无", "none"),
    "veto_hit": ("触发一票否决，评定为不合格", "veto triggered: graded as a fail"),
    "previous": ("上次检查", "Previous inspection"),
    "change": ("较上次", "Change"),
    "no_previous": ("无上次检查记录", "no earlier inspection of this branch"),
    "section": ("检查项目", "Section"),
    "weight": ("权重", "Weight"),
    "score": ("得分率", "Score"),
    "failed_count": ("问题数", "Failed"),
    "chart": ("得分率", "Score %"),
    "not_scored": ("未评分", "not scored"),
    "findings": ("检查发现的问题", "Findings"),
    "no_findings": ("本次检查未发现需要整改的问题。", "No findings requiring rectification."),
    "finding_count": ("项", "finding(s)"),
    "item": ("检查项", "Item"),
    "observation": ("问题描述", "Observation"),
    "deducted": ("扣分", "Points deducted"),
    "deduction_reason": ("扣分原因", "Reason for deduction"),
    "appeal": ("申诉", "Appeal"),
    "appeal_pending": ("网点已申诉，待组长决定", "appealed by the branch, awaiting the lead"),
    "appeal_upheld": ("申诉驳回，维持扣分", "appeal upheld: the deduction stands"),
    "appeal_overturned": ("申诉成立，扣分已恢复", "appeal overturned: the points are restored"),
    "requirement": ("整改要求", "Requirement"),
    "basis": ("检查依据", "Basis"),
    "responsible": ("责任人", "Responsible"),
    "concerns": ("涉及人员", "Staff"),
    "counter": ("窗口", "Counter"),
    "due": ("整改期限", "Due date"),
    "points": ("分", "pts"),
    "photo": ("图", "Photo"),
    "photo_missing": ("照片缺失或无法读取", "photo missing or unreadable"),
    "other_photos": ("其他现场照片", "Other photos"),
    "redacted": ("已打码", "redacted"),
    "rect_table": ("整改反馈表", "Rectification table"),
    "rect_intro": (
        "请网点逐项填写整改措施及完成日期，由网点负责人签字确认后报送检查部门。",
        "The branch fills in the measures taken and the completion date of each finding; the "
        "branch manager signs and returns the table to the inspecting department.",
    ),
    "no": ("序号", "No."),
    "severity": ("等级", "Severity"),
    "measures": ("整改措施", "Measures taken"),
    "completed": ("完成日期", "Completed"),
    "checked": ("复核", "Verified"),
    "timings": ("暗访计时", "Mystery-shopping timings"),
    "checkpoint": ("节点", "Checkpoint"),
    "time": ("时间", "Time"),
    "since_entry": ("累计用时", "Elapsed"),
    "durations": ("计时指标", "Derived durations"),
    "measure": ("指标", "Measure"),
    "value": ("实测", "Measured"),
    "result": ("结果", "Result"),
    "ok": ("达标", "met"),
    "partly": ("部分达标", "partly met"),
    "not_ok": ("未达标", "not met"),
    "not_marked": ("未记录", "not recorded"),
    "signatures": ("签字确认", "Signatures"),
    "sign_inspector": ("检查人员", "Inspector"),
    "sign_manager": ("网点负责人", "Branch manager"),
    "sign_lead": ("督导组长", "Team lead"),
    "signed_withheld": ("已签署（暗访人员身份保密）", "signed (shopper's identity withheld)"),
    "sign_date": ("日期", "Date"),
    "sign_name": ("姓名", "Name"),
    "sign_receipt": (
        "网点负责人签收本通知书，即确认已知悉上述问题并负责组织整改。",
        "By signing, the branch manager acknowledges the findings and takes charge of their "
        "rectification.",
    ),
    "internal": ("内部信息（仅限存档联）", "Internal information (office copy only)"),
    "internal_notes": ("内部备注", "Internal notes"),
    "item_comments": ("组长逐项意见", "Lead's item comments"),
    "reviews": ("审核记录", "Reviews"),
    "review_approved": ("通过", "approved"),
    "review_returned": ("退回", "returned"),
    "record_id": ("记录", "Record"),
    "generated": ("生成于", "Generated"),
    "verify_code": ("校验码", "Verification"),
    "page": ("第 {x} / {y} 页", "Page {x} / {y}"),
    "draft": ("草稿", "DRAFT"),
    "continued": ("续", "cont."),
}

SEVERITY: dict[str, tuple[str, str]] = {
    "critical": ("严重", "Critical"),
    "major": ("重大", "Major"),
    "general": ("一般", "General"),
    "observation": ("提示", "Observation"),
}


class Lang(enum.StrEnum):
    ZH = "zh"
    EN = "en"
    BOTH = "both"


class Words:
    """Picks the wording for one report language; ``both`` gives Chinese then English."""

    def __init__(self, lang: Lang):
        self.lang = lang

    def pick(self, zh: str, en: str, *, sep: str = " / ") -> str:
        if self.lang is Lang.ZH:
            return zh
        if self.lang is Lang.EN:
            return en
        return zh if zh == en else f"{zh}{sep}{en}"

    def __call__(self, key: str, *, sep: str = " / ") -> str:
        zh, en = LABELS[key]
        return self.pick(zh, en, sep=sep)

    def severity(self, value: str, *, sep: str = " / ") -> str:
        zh, en = SEVERITY.get(value, (value, value))
        return self.pick(zh, en, sep=sep)

    def text(self, value: Text | str | None, *, sep: str = " / ") -> str:
        """A form text in the report language; free text typed by a user is shown as it is."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return self.pick(value.zh, value.en, sep=sep)

    def markup(self, key_or_text: str | Text | tuple[str, str], *, second: str = "#666666") -> str:
        """Paragraph markup: in ``both`` the English line follows in a lighter, smaller face."""
        if isinstance(key_or_text, Text):
            zh, en = key_or_text.zh, key_or_text.en
        elif isinstance(key_or_text, tuple):
            zh, en = key_or_text
        else:
            zh, en = LABELS[key_or_text]
        if self.lang is Lang.ZH:
            return escape(zh)
        if self.lang is Lang.EN:
            return escape(en)
        if zh == en:
            return escape(zh)
        return f'{escape(zh)}<br/><font size="-1.5" color="{second}">{escape(en)}</font>'

    def page(self, x: int, y: int) -> str:
        return self("page", sep="  ").format(x=x, y=y)


def label_chars() -> str:
    """Every character the report's own wording prints (for checking a font)."""
    texts = [t for pair in (*LABELS.values(), *SEVERITY.values()) for t in pair]
    return "".join(sorted(set("".join(texts)) | set("0123456789+-.:%/()·—–…")))
