"""Translated names of the feedback register's codes: channels, categories, states, steps."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

CHANNEL = {
    "at_branch": QT_TRANSLATE_NOOP("labels", "At the branch"),
    "hotline": QT_TRANSLATE_NOOP("labels", "Phone hotline"),
    "online": QT_TRANSLATE_NOOP("labels", "Website / app / WeChat"),
    "letter": QT_TRANSLATE_NOOP("labels", "Letter"),
    "regulator_referral": QT_TRANSLATE_NOOP("labels", "Regulator referral"),
    "other": QT_TRANSLATE_NOOP("labels", "Other"),
}

CATEGORY = {
    "service_attitude": QT_TRANSLATE_NOOP("labels", "Service attitude"),
    "business_process": QT_TRANSLATE_NOOP("labels", "Business process"),
    "facilities": QT_TRANSLATE_NOOP("labels", "Facilities"),
    "fees": QT_TRANSLATE_NOOP("labels", "Fees"),
    "products": QT_TRANSLATE_NOOP("labels", "Products"),
    "information_disclosure": QT_TRANSLATE_NOOP("labels", "Information disclosure"),
    "other": QT_TRANSLATE_NOOP("labels", "Other"),
}

FEEDBACK_STATUS = {
    "received": QT_TRANSLATE_NOOP("labels", "Received"),
    "handling": QT_TRANSLATE_NOOP("labels", "Being handled"),
    "replied": QT_TRANSLATE_NOOP("labels", "Replied"),
    "closed": QT_TRANSLATE_NOOP("labels", "Closed"),
}

# history entries (past tense)
STEP = {
    "receive": QT_TRANSLATE_NOOP("labels", "received"),
    "assign": QT_TRANSLATE_NOOP("labels", "assigned"),
    "step": QT_TRANSLATE_NOOP("labels", "handling step"),
    "extend": QT_TRANSLATE_NOOP("labels", "reply date extended"),
    "reply": QT_TRANSLATE_NOOP("labels", "replied to the customer"),
    "follow_up": QT_TRANSLATE_NOOP("labels", "followed up"),
    "close": QT_TRANSLATE_NOOP("labels", "closed"),
    "reopen": QT_TRANSLATE_NOOP("labels", "reopened"),
    "open_finding": QT_TRANSLATE_NOOP("labels", "opened a finding"),
}

REPLY_METHOD = {
    "phone": QT_TRANSLATE_NOOP("labels", "Phone"),
    "in_person": QT_TRANSLATE_NOOP("labels", "In person"),
    "letter": QT_TRANSLATE_NOOP("labels", "Letter"),
    "online": QT_TRANSLATE_NOOP("labels", "Online"),
    "sms": QT_TRANSLATE_NOOP("labels", "SMS"),
    "other": QT_TRANSLATE_NOOP("labels", "Other"),
}
