"""The periodic summary 服务质量汇总分析报告: every head-office figure as one PDF."""

from bqinspect.analytics.summary.build import SummaryInfo, build_summary

__all__ = ["SummaryInfo", "build_summary"]
