"""The package format of the customer feedback register (``records/feedback.json``, version 3)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import Field, model_validator

from bqinspect.domain.messages import declare
from bqinspect.sync.records import (
    CalendarDate,
    Code,
    Long,
    Revision,
    RoleName,
    Short,
    UtcTime,
    _Strict,
)

CONTACT_NOT_INCLUDED = declare(
    "sync.feedback_records.contact_not_included",
    "a contact without contact_included",
    "带有联系人信息，但未标明 contact_included",
)
STEP_ID_TWICE = declare(
    "sync.feedback_records.step_id_twice",
    "a step id is used twice",
    "处理步骤编号被重复使用",
)
LISTED_TWICE = declare(
    "sync.feedback_records.listed_twice",
    "a feedback item or step is listed twice",
    "客户意见或其处理步骤被重复列出",
)

FEEDBACK = "records/feedback.json"
MAX_FEEDBACK = 100_000
MAX_STEPS = 1_000

ChannelName = Literal["at_branch", "hotline", "online", "letter", "regulator_referral", "other"]
CategoryName = Literal[
    "service_attitude",
    "business_process",
    "facilities",
    "fees",
    "products",
    "information_disclosure",
    "other",
]


class FeedbackStepRecord(_Strict):
    """One appended step of a feedback item, written in one role's name."""

    id: uuid.UUID
    seq: Annotated[int, Field(ge=1, le=MAX_STEPS)]
    kind: Literal[
        "receive",
        "assign",
        "step",
        "extend",
        "reply",
        "follow_up",
        "close",
        "reopen",
        "open_finding",
    ]
    actor: Short = ""
    role: RoleName = ""
    at: UtcTime
    text: Long = ""


class FeedbackRecord(_Strict):
    """A feedback item. ``contact_included`` is false in a package to an inspector or a device:
    the customer's name and phone are then empty and the stored ones are kept on import."""

    id: uuid.UUID
    branch_code: Code
    channel: ChannelName
    category: CategoryName
    received_at: UtcTime
    content: Annotated[Long, Field(min_length=1)]
    contact_included: bool = False
    contact_name: Short = ""
    contact_phone: Short = ""
    assigned_to: Short = ""
    reply_due: CalendarDate | None = None
    extensions: Annotated[int, Field(ge=0, le=2)] = 0
    status: Literal["received", "handling", "replied", "closed"]
    replied_at: UtcTime | None = None
    reply_method: Short = ""
    reply_text: Long = ""
    accepted: bool | None = None
    follow_up: Long = ""
    closed_at: UtcTime | None = None
    finding_id: uuid.UUID | None = None
    recorded_by: Short = ""
    revision: Revision = 1
    created_at: UtcTime
    updated_at: UtcTime
    steps: Annotated[list[FeedbackStepRecord], Field(max_length=MAX_STEPS)] = []

    @model_validator(mode="after")
    def _consistent(self) -> FeedbackRecord:
        if not self.contact_included and (self.contact_name or self.contact_phone):
            raise ValueError(CONTACT_NOT_INCLUDED())
        ids = [s.id for s in self.steps]
        if len(set(ids)) != len(ids):
            raise ValueError(STEP_ID_TWICE())
        return self


class FeedbackList(_Strict):
    """``records/feedback.json``: the feedback register the package carries."""

    feedback: Annotated[list[FeedbackRecord], Field(max_length=MAX_FEEDBACK)]

    @model_validator(mode="after")
    def _unique(self) -> FeedbackList:
        ids = [f.id for f in self.feedback]
        steps = [s.id for f in self.feedback for s in f.steps]
        if len(set(ids)) != len(ids) or len(set(steps)) != len(steps):
            raise ValueError(LISTED_TWICE())
        return self


__all__ = ["FEEDBACK", "FeedbackList", "FeedbackRecord", "FeedbackStepRecord"]
