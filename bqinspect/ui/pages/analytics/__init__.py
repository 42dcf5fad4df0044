"""The head-office Analytics page: filters, key figures, charts and tables over many inspections."""

from bqinspect.ui.pages.analytics.page import AnalyticsPage

__all__ = ["AnalyticsPage"]
