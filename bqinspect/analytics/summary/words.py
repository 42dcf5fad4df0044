"""The summary's wording in Chinese and English (``both``: Chinese with English beside it)."""

from __future__ import annotations

from bqinspect.report.labels import Lang, Words

LABELS: dict[str, tuple[str, str]] = {
    "title": ("服务质量汇总分析报告", "Service-Quality Summary Report"),
    "bank": ("机构", "Bank"),
    "period": ("统计期间", "Period"),
    "all_time": ("全部", "all time"),
    "filter": ("统计范围", "Filter"),
    "regions": ("分行", "Regions"),
    "branches": ("网点", "Branches"),
    "forms": ("检查表", "Forms"),
    "kind": ("检查类型", "Type"),
    "statuses": ("记录状态", "Statuses"),
    "all": ("全部", "all"),
    "generated": ("生成于", "Generated"),
    "overdue_as_of": ("逾期截至", "Overdue as of"),
    "basis": (
        "统计口径：按检查开始时间计入期间；仅统计已提交和已审核的检查，草稿不计入。",
        "Counted by visit start; submitted and approved inspections only, drafts never count.",
    ),
    "key_figures": ("关键指标", "Key figures"),
    "inspections": ("检查次数", "Inspections"),
    "mean": ("平均得分", "Mean score"),
    "change": ("较上期", "Change"),
    "veto_inspections": ("触发否决", "Veto hits"),
    "mean_short": ("平均分", "Mean"),
    "open": ("未整改", "Open"),
    "overdue": ("已逾期", "Overdue"),
    "ranking": ("网点排名", "Branch ranking"),
    "rank": ("名次", "Rank"),
    "code": ("编号", "Code"),
    "branch": ("网点", "Branch"),
    "region": ("分行", "Region"),
    "grades": ("等级分布", "Grades"),
    "region_rollup": ("分行汇总", "Regions"),
    "charts": ("趋势与分布", "Trends and distributions"),
    "trend": ("全行平均得分趋势（按月）", "Bank mean score by month"),
    "sections": ("各检查项目平均得分率", "Mean score by section (%)"),
    "dimensions": ("各评价维度平均得分率", "Mean score by evaluation dimension (%)"),
    "dimension": ("评价维度", "Dimension"),
    "grade_mix": ("评定等级分布", "Grade distribution"),
    "weak": ("薄弱环节", "Weak points"),
    "weakest": ("问题率最高的检查项", "Weakest items"),
    "item": ("检查项", "Item"),
    "fail_rate": ("问题率", "Fail rate"),
    "points_lost": ("失分", "Points lost"),
    "branches_failing": ("涉及网点", "Branches"),
    "repeats": ("重复发生的问题", "Repeat findings"),
    "times": ("次数", "Times"),
    "last_visit": ("最近检查", "Last visit"),
    "rectification": ("整改情况", "Rectification"),
    "findings": ("发现问题", "Findings"),
    "closed": ("已整改", "Closed"),
    "on_time": ("按期整改", "On time"),
    "mean_days": ("平均天数", "Mean days"),
    "p90_days": ("P90 天数", "P90 days"),
    "rejected": ("退回率", "Rejected"),
    "severity": ("严重程度", "Severity"),
    "overdue_list": ("逾期未整改问题", "Overdue findings"),
    "due": ("整改期限", "Due"),
    "days_over": ("逾期天数", "Days over"),
    "risk": ("风险类型", "Risk type"),
    "calibration": ("检查人员尺度校准", "Inspector calibration"),
    "calibration_note": (
        "宽严指数：该检查人员评分与其他人员在相同网点、相同检查表上评分之差（分），"
        "由区分网点效应与人员效应的固定效应最小二乘模型估计；区间为 {level} 联合置信区间"
        "（Bonferroni），n 为可比较的检查次数。",
        "Leniency: how many points an inspector's scores run above other inspectors' at the "
        "same branches and forms, from a least-squares model with branch-and-form fixed effects "
        "and inspector effects; simultaneous {level} intervals (Bonferroni); n is the number of "
        "comparable inspections.",
    ),
    "inspector": ("检查人员", "Inspector"),
    "leniency": ("宽严指数", "Leniency"),
    "interval": ("置信区间", "Interval"),
    "verdict": ("判断", "Verdict"),
    "lenient": ("偏宽", "lenient"),
    "strict": ("偏严", "strict"),
    "in_line": ("正常", "in line"),
    "not_enough": ("数据不足", "not enough data"),
    "item_differences": (
        "与同行差异显著的检查项（Fisher 精确检验，Benjamini–Hochberg 控制错误发现率）",
        "Items where an inspector differs from peers (Fisher's exact test, Benjamini–Hochberg)",
    ),
    "failed_of": ("问题/检查", "Failed/checked"),
    "peers": ("同行", "Peers"),
    "covered": ("纳入统计的检查", "Inspections covered"),
    "date": ("日期", "Date"),
    "form": ("检查表", "Form"),
    "score": ("得分", "Score"),
    "grade": ("等级", "Grade"),
    "onsite": ("现场", "On-site"),
    "mystery": ("暗访", "Mystery"),
    "none": ("无", "none"),
    "no_data": ("本期无符合条件的检查，无法统计。", "No inspection matches this filter."),
    "footer_scope": ("统计期间", "Period"),
    "summary_code": ("汇总校验", "Summary"),
    "n": ("n", "n"),
    "q": ("q 值", "q"),
    "page": ("第 {x} / {y} 页", "Page {x} / {y}"),
}


class SummaryWords(Words):
    """:class:`Words` over the summary's own labels."""

    def __call__(self, key: str, *, sep: str = " / ") -> str:
        zh, en = LABELS[key]
        return self.pick(zh, en, sep=sep)

    def m(self, key: str) -> str:
        """Paragraph markup of a label (two lines in ``both``)."""
        return self.markup(LABELS[key], second="#8B929B")

    def page(self, x: int, y: int) -> str:
        return self("page", sep="  ").format(x=x, y=y)

    def grade(self, name: str | None) -> str:
        zh, en = GRADES.get(name or "", (name or "—", name or "—"))
        return self.pick(zh, en)


def words_for(lang: str) -> SummaryWords:
    return SummaryWords(Lang(lang))


def label_chars() -> str:
    """Every character the summary's own wording prints (for checking a font)."""
    pairs = [*LABELS.values(), *GRADES.values()]
    return "".join(sorted({c for pair in pairs for t in pair for c in t}))


GRADES: dict[str, tuple[str, str]] = {
    "excellent": ("优秀", "Excellent"),
    "good": ("良好", "Good"),
    "pass": ("合格", "Pass"),
    "fail": ("不合格", "Fail"),
}


def grade_order(grades: set[str]) -> list[str]:
    """The known grades best first, then any other grade name in alphabetical order."""
    known = [g for g in GRADES if g in grades]
    return known + sorted(grades - set(GRADES))
