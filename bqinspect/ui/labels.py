"""Translated display names of stored codes: statuses, kinds, grades, severities, actions…

One table per kind of code (``QT_TRANSLATE_NOOP`` in the context ``labels``, so lupdate finds
them); :func:`label` translates a code through its table at run time.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from bqinspect.domain.lifecycle import FindingStatus, InspectionStatus

CONTEXT = "labels"

# inspection lifecycle
STATUS = {
    InspectionStatus.DRAFT: QT_TRANSLATE_NOOP("labels", "Draft"),
    InspectionStatus.SUBMITTED: QT_TRANSLATE_NOOP("labels", "Submitted"),
    InspectionStatus.APPROVED: QT_TRANSLATE_NOOP("labels", "Approved"),
    InspectionStatus.RETURNED: QT_TRANSLATE_NOOP("labels", "Returned"),
}

GRADE = {
    "excellent": QT_TRANSLATE_NOOP("labels", "Excellent"),
    "good": QT_TRANSLATE_NOOP("labels", "Good"),
    "pass": QT_TRANSLATE_NOOP("labels", "Pass"),
    "fail": QT_TRANSLATE_NOOP("labels", "Fail"),
}

SEVERITY = {
    "critical": QT_TRANSLATE_NOOP("labels", "Critical"),
    "major": QT_TRANSLATE_NOOP("labels", "Major"),
    "general": QT_TRANSLATE_NOOP("labels", "General"),
    "observation": QT_TRANSLATE_NOOP("labels", "Observation"),
}

FINDING_STATUS = {
    FindingStatus.OPEN: QT_TRANSLATE_NOOP("labels", "Open"),
    FindingStatus.RECTIFYING: QT_TRANSLATE_NOOP("labels", "Rectifying"),
    FindingStatus.SUBMITTED: QT_TRANSLATE_NOOP("labels", "Awaiting verification"),
    FindingStatus.VERIFIED: QT_TRANSLATE_NOOP("labels", "Verified"),
    FindingStatus.REJECTED: QT_TRANSLATE_NOOP("labels", "Rejected"),
}

KIND = {
    "onsite": QT_TRANSLATE_NOOP("labels", "On-site inspection"),
    "mystery": QT_TRANSLATE_NOOP("labels", "Mystery shopping"),
}

SOURCE = {
    "inspection": QT_TRANSLATE_NOOP("labels", "Inspection"),
    "mystery": QT_TRANSLATE_NOOP("labels", "Mystery shopping"),
    "feedback": QT_TRANSLATE_NOOP("labels", "Customer feedback"),
    "self_check": QT_TRANSLATE_NOOP("labels", "Self-check"),
}

# Buttons of the rectification tracker (imperative) and history entries (past tense).
ACTION = {
    "start": QT_TRANSLATE_NOOP("labels", "Start rectifying"),
    "submit": QT_TRANSLATE_NOOP("labels", "Submit response"),
    "verify": QT_TRANSLATE_NOOP("labels", "Verify and close"),
    "reject": QT_TRANSLATE_NOOP("labels", "Reject"),
    "rework": QT_TRANSLATE_NOOP("labels", "Back to rectifying"),
    "request_extension": QT_TRANSLATE_NOOP("labels", "Request extension"),
    "grant_extension": QT_TRANSLATE_NOOP("labels", "Grant extension"),
    "deny_extension": QT_TRANSLATE_NOOP("labels", "Deny extension"),
    "comment": QT_TRANSLATE_NOOP("labels", "Add comment"),
    "escalate": QT_TRANSLATE_NOOP("labels", "Escalate"),
}

EVENT = {
    "start": QT_TRANSLATE_NOOP("labels", "started rectifying"),
    "submit": QT_TRANSLATE_NOOP("labels", "submitted a response"),
    "verify": QT_TRANSLATE_NOOP("labels", "verified and closed"),
    "reject": QT_TRANSLATE_NOOP("labels", "rejected the response"),
    "rework": QT_TRANSLATE_NOOP("labels", "resumed rectifying"),
    "request_extension": QT_TRANSLATE_NOOP("labels", "requested an extension"),
    "grant_extension": QT_TRANSLATE_NOOP("labels", "granted the extension"),
    "deny_extension": QT_TRANSLATE_NOOP("labels", "denied the extension"),
    "comment": QT_TRANSLATE_NOOP("labels", "commented"),
    "escalate": QT_TRANSLATE_NOOP("labels", "raised the severity (repeat finding)"),
}

VERIFY_METHOD = {
    "": QT_TRANSLATE_NOOP("labels", "Not stated"),
    "overt": QT_TRANSLATE_NOOP("labels", "On-site re-check"),
    "mystery": QT_TRANSLATE_NOOP("labels", "Mystery re-check"),
    "photo_review": QT_TRANSLATE_NOOP("labels", "Photo review"),
}

ANSWER_TYPE = {
    "yesno": QT_TRANSLATE_NOOP("labels", "Pass/fail"),
    "rating": QT_TRANSLATE_NOOP("labels", "Rating"),
    "number": QT_TRANSLATE_NOOP("labels", "Number"),
    "count": QT_TRANSLATE_NOOP("labels", "Count"),
    "choice": QT_TRANSLATE_NOOP("labels", "Choice"),
    "multichoice": QT_TRANSLATE_NOOP("labels", "Multiple choice"),
    "text": QT_TRANSLATE_NOOP("labels", "Text"),
    "date": QT_TRANSLATE_NOOP("labels", "Date"),
    "timestamp": QT_TRANSLATE_NOOP("labels", "Time"),
    "duration": QT_TRANSLATE_NOOP("labels", "Duration"),
    "photo": QT_TRANSLATE_NOOP("labels", "Photo"),
    "signature": QT_TRANSLATE_NOOP("labels", "Signature"),
}


# units of number items (the forms' own short codes)
UNIT = {
    "s": QT_TRANSLATE_NOOP("labels", "s"),
    "min": QT_TRANSLATE_NOOP("labels", "min"),
    "days": QT_TRANSLATE_NOOP("labels", "days"),
    "persons": QT_TRANSLATE_NOOP("labels", "persons"),
}


def label(table: Mapping[str, object], code: str | None) -> str:
    """The translated display name of ``code`` (the code itself when it is unknown)."""
    if code is None:
        return ""
    text = table.get(code)  # QT_TRANSLATE_NOOP returns its text, typed as object
    return QCoreApplication.translate(CONTEXT, str(text)) if text is not None else code


def status_label(status: str | None) -> str:
    """An inspection status (draft, submitted, …)."""
    return label(STATUS, status)


def kind_label(kind: str | None) -> str:
    return label(KIND, kind)


def grade_label(grade: str | None) -> str:
    return label(GRADE, grade)


def severity_label(severity: str | None) -> str:
    return label(SEVERITY, severity)


def unit_label(unit: str | None) -> str:
    return label(UNIT, unit)


POST = {
    "lobby_manager": QT_TRANSLATE_NOOP("labels", "Lobby manager"),
    "teller": QT_TRANSLATE_NOOP("labels", "Teller"),
    "wealth_manager": QT_TRANSLATE_NOOP("labels", "Wealth manager"),
    "security_guard": QT_TRANSLATE_NOOP("labels", "Security guard"),
    "customer_manager": QT_TRANSLATE_NOOP("labels", "Customer manager"),
    "branch_head": QT_TRANSLATE_NOOP("labels", "Branch head"),
    "other": QT_TRANSLATE_NOOP("labels", "Other"),
}


def post_label(post: str | None) -> str:
    """A staff member's post (teller, lobby manager, …)."""
    return label(POST, post)
