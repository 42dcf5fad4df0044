"""Rectification report (整改通知书): PDF with reportlab, record hash and verification."""

from bqinspect.report.builder import ReportInfo, build_report
from bqinspect.report.record import record_hash
from bqinspect.report.verify import VerifyResult, verify_report

__all__ = [
    "ReportInfo",
    "VerifyResult",
    "build_report",
    "record_hash",
    "verify_report",
]
