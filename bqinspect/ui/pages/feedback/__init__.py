"""The customer feedback page: the register with filters, an item's detail and its steps."""

from bqinspect.ui.pages.feedback.page import FeedbackPage

__all__ = ["FeedbackPage"]
