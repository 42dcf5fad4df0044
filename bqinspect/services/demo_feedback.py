"""Demo data of the customer feedback register: items in every state, clearly marked as demo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bqinspect.services import feedback as svc
from bqinspect.store.models import Branch
from bqinspect.store.workspace import Workspace

DEMO = "（演示）"


def add_demo_feedback(ws: Workspace, branches: Sequence[Branch], now: datetime) -> int:
    """Feedback through every state: new, being handled, replied (accepted and not), closed
    after a follow-up, reopened, extended, one overdue and one that opened a finding. Run it as
    the lead or head office; returns how many items were added."""
    codes = [b.code for b in branches]
    if not codes:
        return 0

    def add(
        n: int, channel: str, category: str, text: str, days_ago: float, contact: str
    ) -> svc.FeedbackView:
        return svc.add_feedback(
            ws,
            branch=codes[n % len(codes)],
            channel=channel,
            category=category,
            content=text + DEMO,
            received_at=now - timedelta(days=days_ago),
            contact_name=contact + DEMO,
            contact_phone=f"138-0000-00{n:02d}",
            assigned_to="周主管" + DEMO,
        )

    add(0, "hotline", "fees", "客户来电反映短信通知服务费未经同意即开通", 1, "张先生")
    item = add(
        1, "at_branch", "service_attitude", "客户反映柜员办理业务时态度生硬、不耐烦", 4, "李女士"
    )
    svc.add_step(ws, item.id, "调阅柜面录像，约谈当事柜员" + DEMO)
    item = add(
        2, "online", "business_process", "手机银行反馈：开户预约后到网点仍需重新排队", 9, "王先生"
    )
    svc.add_step(ws, item.id, "核实预约流程，与大堂经理确认" + DEMO)
    svc.reply(
        ws,
        item.id,
        "电话致歉并说明预约客户优先叫号安排" + DEMO,
        accepted=True,
        replied_at=now - timedelta(days=6),
    )
    item = add(3, "letter", "facilities", "来信反映无障碍坡道被电动车占用", 30, "赵女士")
    svc.add_step(ws, item.id, "网点清理坡道并设置禁停标识" + DEMO)
    svc.reply(
        ws,
        item.id,
        "书面回复整改情况" + DEMO,
        method="letter",
        accepted=True,
        replied_at=now - timedelta(days=22),
    )
    svc.follow_up(ws, item.id, "两周后复查，坡道保持畅通" + DEMO)
    svc.close(ws, item.id, "整改措施持续有效" + DEMO)
    item = add(4, "regulator_referral", "information_disclosure",
               "监管转办：客户称理财产品风险等级未告知", 25, "钱先生")  # fmt: skip
    svc.add_step(ws, item.id, "调取双录资料核查" + DEMO)  # overdue: no reply yet
    item = add(5, "at_branch", "facilities", "客户反映叫号机故障，等候无序", 6, "孙女士")
    svc.open_finding(
        ws, item.id, severity="major", requirement="修复叫号机并制定故障应急引导" + DEMO
    )
    item = add(6, "hotline", "products", "客户对信用卡分期手续费计算有异议", 12, "周先生")
    svc.reply(
        ws,
        item.id,
        "解释分期手续费计算方式" + DEMO,
        accepted=False,
        replied_at=now - timedelta(days=8),
    )
    item = add(
        7, "other", "service_attitude", "客户在意见簿留言：保安引导热情周到（表扬）", 40, "吴女士"
    )
    svc.reply(
        ws,
        item.id,
        "感谢客户肯定" + DEMO,
        method="sms",
        accepted=True,
        replied_at=now - timedelta(days=38),
    )
    svc.close(ws, item.id)
    svc.reopen(ws, item.id, "客户再次来电补充意见" + DEMO)
    item = add(8, "online", "fees", "微信公众号留言：跨行转账手续费收取标准不清楚", 14, "郑先生")
    svc.extend(ws, item.id, "需总行确认收费标准，已告知客户延长至30日" + DEMO)
    return 9
