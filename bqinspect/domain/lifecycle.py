"""The inspection and finding lifecycles: statuses, transitions, who may make them, derived states.

Inspection: ``draft`` → ``submitted`` (the inspector signs; answers locked, changed only as
amendments with a reason) → ``approved`` | ``returned`` (the lead). A returned inspection goes
back to ``draft`` as a new revision when the inspector changes it, or is submitted again as it
is (also a new revision). An approved inspection changes only after the lead *reopens* it, with
a reason: it is then under review again (``submitted``). The status is derived from two owners'
parts (:func:`effective_status`): the inspector's draft/submitted and the lead's decision on one
inspector revision.

Finding: ``open`` → ``rectifying`` → ``submitted`` (the branch's response and evidence) →
``verified`` | ``rejected``; a rejected finding goes back to ``rectifying``. While a finding is
not verified an extension of its due date may be requested, then granted or denied; *overdue*
is derived from the due date and the status and never stored.

Roles say in whose name a transition is made: the ``inspector``, the ``lead``, the head
``office`` (which may do whatever the lead may) and the ``branch``, whose responses are entered
in its name by whoever receives them. A ``role`` of None means the acting role is not known
(the workspace does not record one): only the status is checked.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Generic, Protocol, TypeVar

from bqinspect.domain.messages import declare

ROLE_MAY_NOT = declare(
    "domain.lifecycle.role_may_not",
    "the {role} may not take {record} from {source} to {target}",
    "{role} 无权将{record}从 {source} 改为 {target}",
)
NO_SUCH_MOVE = declare(
    "domain.lifecycle.no_such_move",
    "cannot go from {source} to {target}",
    "不能从 {source} 改为 {target}",
)


class InspectionStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class FindingStatus(enum.StrEnum):
    OPEN = "open"
    RECTIFYING = "rectifying"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Role(enum.StrEnum):
    INSPECTOR = "inspector"
    LEAD = "lead"
    OFFICE = "office"  # head office: may act as the lead
    BRANCH = "branch"  # the branch's responses, entered in its name


class InspectionAction(enum.StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REVISE = "revise"  # a returned inspection becomes a draft again, as a new revision
    REOPEN = "reopen"  # an approved inspection becomes a draft again, as a new revision


class FindingAction(enum.StrEnum):
    """What may happen to a finding; the values are the stored kinds of its events."""

    START = "start"  # the branch starts rectifying
    SUBMIT = "submit"  # the branch reports back: response text + evidence photos
    VERIFY = "verify"  # the verifier accepts: passed and closed (通过销号)
    REJECT = "reject"  # the verifier refuses (未通过): re-issued with the deadline halved
    REWORK = "rework"  # a rejected finding goes back to rectifying
    REQUEST_EXTENSION = "request_extension"  # 申请延期: a new due date, needs approval
    GRANT_EXTENSION = "grant_extension"
    DENY_EXTENSION = "deny_extension"
    COMMENT = "comment"  # a note on the record; the status does not change
    ESCALATE = "escalate"  # a repeat finding raised one severity level (not user-chosen)


S = TypeVar("S", InspectionStatus, FindingStatus)
A = TypeVar("A", InspectionAction, FindingAction)


class NotAllowed(ValueError):
    """A transition the lifecycle does not allow from this status, or not to this role."""


@dataclass(frozen=True)
class Transition(Generic[S, A]):
    """One action: where it may start, where it leads, who may make it and what it needs."""

    action: A
    sources: frozenset[S]
    target: S | None  # None: the status does not change
    roles: frozenset[Role]
    needs_text: bool = False
    photos_allowed: bool = False

    def allows(self, role: Role | None) -> bool:
        """True when ``role`` may make this transition (None: the role is not checked)."""
        if role is None or role in self.roles:
            return True
        return role is Role.OFFICE and Role.LEAD in self.roles

    def leads_to(self, source: S) -> S:
        return source if self.target is None else self.target


@dataclass(frozen=True)
class Lifecycle(Generic[S, A]):
    """The statuses of one kind of record, its transitions and how far along each status is."""

    name: str
    statuses: type[S]
    transitions: Mapping[A, Transition[S, A]]
    stages: Mapping[S, int]  # the order of progress, as a merge compares two copies

    def stage(self, status: str) -> int:
        """How far along ``status`` is (equal for alternative ends such as approved, returned)."""
        return self.stages[self.statuses(status)]

    def may(self, action: A, source: S, role: Role | None = None) -> bool:
        """True when ``action`` may be taken on a record in ``source`` by ``role``."""
        rule = self.transitions[action]
        return source in rule.sources and rule.allows(role)

    def moves(self, source: S, target: S) -> list[Transition[S, A]]:
        """The transitions that change the status from ``source`` to ``target``."""
        return [
            rule
            for rule in self.transitions.values()
            if rule.target is not None and rule.target == target and source in rule.sources
        ]

    def can(self, source: S, target: S, role: Role | None = None) -> bool:
        """True when ``role`` may change the status from ``source`` to ``target``."""
        return any(rule.allows(role) for rule in self.moves(source, target))

    def require(self, source: S, target: S, role: Role | None = None) -> Transition[S, A]:
        """The transition from ``source`` to ``target`` that ``role`` may make, or NotAllowed."""
        moves = self.moves(source, target)
        for rule in moves:
            if rule.allows(role):
                return rule
        if moves:
            raise NotAllowed(
                ROLE_MAY_NOT(role=role, record=self.name, source=source, target=target)
            )
        raise NotAllowed(NO_SUCH_MOVE(source=source, target=target))


def _rule(
    action: A,
    sources: frozenset[S],
    target: S | None,
    roles: frozenset[Role],
    *,
    needs_text: bool = False,
    photos_allowed: bool = False,
) -> tuple[A, Transition[S, A]]:
    return action, Transition(action, sources, target, roles, needs_text, photos_allowed)


_I = InspectionStatus
_F = FindingStatus
_INSPECTOR = frozenset({Role.INSPECTOR})
_LEAD = frozenset({Role.LEAD})
_BRANCH = frozenset({Role.BRANCH})
_EVERYONE = frozenset(Role)

LOCKED = frozenset({_I.SUBMITTED, _I.APPROVED})  # answers change only audited, with a reason

INSPECTION: Lifecycle[InspectionStatus, InspectionAction] = Lifecycle(
    "inspection",
    InspectionStatus,
    dict(
        [
            _rule(
                InspectionAction.SUBMIT,
                frozenset({_I.DRAFT, _I.RETURNED}),
                _I.SUBMITTED,
                _INSPECTOR,
            ),
            _rule(InspectionAction.APPROVE, frozenset({_I.SUBMITTED}), _I.APPROVED, _LEAD),
            _rule(InspectionAction.RETURN, frozenset({_I.SUBMITTED}), _I.RETURNED, _LEAD),
            _rule(InspectionAction.REVISE, frozenset({_I.RETURNED}), _I.DRAFT, _INSPECTOR),
            _rule(
                InspectionAction.REOPEN,
                frozenset({_I.APPROVED}),
                _I.SUBMITTED,
                _LEAD,
                needs_text=True,
            ),
        ]
    ),
    {_I.DRAFT: 0, _I.SUBMITTED: 1, _I.APPROVED: 2, _I.RETURNED: 2},
)

_ANY_FINDING = frozenset(_F)
_NOT_CLOSED = frozenset(_ANY_FINDING - {_F.VERIFIED})
_EXTENDABLE = frozenset({_F.OPEN, _F.RECTIFYING, _F.REJECTED})

FINDING: Lifecycle[FindingStatus, FindingAction] = Lifecycle(
    "finding",
    FindingStatus,
    dict(
        [
            _rule(FindingAction.START, frozenset({_F.OPEN}), _F.RECTIFYING, _BRANCH),
            _rule(
                FindingAction.SUBMIT,
                frozenset({_F.RECTIFYING}),
                _F.SUBMITTED,
                _BRANCH,
                needs_text=True,
                photos_allowed=True,
            ),
            _rule(
                FindingAction.VERIFY,
                frozenset({_F.SUBMITTED}),
                _F.VERIFIED,
                _LEAD,
                photos_allowed=True,
            ),
            _rule(
                FindingAction.REJECT,
                frozenset({_F.SUBMITTED}),
                _F.REJECTED,
                _LEAD,
                needs_text=True,
                photos_allowed=True,
            ),
            _rule(FindingAction.REWORK, frozenset({_F.REJECTED}), _F.RECTIFYING, _BRANCH),
            _rule(FindingAction.REQUEST_EXTENSION, _EXTENDABLE, None, _BRANCH, needs_text=True),
            _rule(FindingAction.GRANT_EXTENSION, _NOT_CLOSED, None, _LEAD),
            _rule(FindingAction.DENY_EXTENSION, _NOT_CLOSED, None, _LEAD, needs_text=True),
            _rule(
                FindingAction.COMMENT,
                _ANY_FINDING,
                None,
                _EVERYONE,
                needs_text=True,
                photos_allowed=True,
            ),
            _rule(FindingAction.ESCALATE, _NOT_CLOSED, None, _LEAD),
        ]
    ),
    {_F.OPEN: 0, _F.RECTIFYING: 1, _F.SUBMITTED: 2, _F.VERIFIED: 3, _F.REJECTED: 3},
)

USER_ACTIONS = tuple(a for a in FindingAction if a is not FindingAction.ESCALATE)
EXTENSION_DECISIONS = frozenset({FindingAction.GRANT_EXTENSION, FindingAction.DENY_EXTENSION})
EXTENSION_EVENTS = frozenset({FindingAction.REQUEST_EXTENSION, *EXTENSION_DECISIONS})


class HasDue(Protocol):
    @property
    def status(self) -> str: ...

    @property
    def due_date(self) -> date | None: ...


def can(kind: Lifecycle[S, A], source: S, target: S, role: Role | None = None) -> bool:
    """True when ``role`` may change a record of ``kind`` from ``source`` to ``target``."""
    return kind.can(source, target, role)


def require_transition(
    kind: Lifecycle[S, A], source: S, target: S, role: Role | None = None
) -> Transition[S, A]:
    """The transition of ``kind`` from ``source`` to ``target``; :class:`NotAllowed` if none."""
    return kind.require(source, target, role)


class Decision(enum.StrEnum):
    """The lead's part of an inspection: what was decided about one inspector revision."""

    NONE = ""
    APPROVED = "approved"
    RETURNED = "returned"
    REOPENED = "reopened"


def effective_status(
    work_status: str, decision: str, reviewed_revision: int | None, revision: int
) -> InspectionStatus:
    """The status a record shows, from its two owners' parts.

    The inspector's ``work_status`` says draft or submitted; the lead's ``decision`` counts only
    for the inspector revision it was made on: an inspector's later revision (an amendment made
    before the decision arrived, or a returned inspection resubmitted) is under review again,
    and so is a reopened one.
    """
    if InspectionStatus(work_status) is InspectionStatus.DRAFT:
        return InspectionStatus.DRAFT
    if reviewed_revision == revision and decision in (Decision.APPROVED, Decision.RETURNED):
        return InspectionStatus(decision)
    return InspectionStatus.SUBMITTED


def is_draft(status: str) -> bool:
    """An inspection still being written: its findings are not issued yet."""
    return InspectionStatus(status) is InspectionStatus.DRAFT


def is_locked(status: str) -> bool:
    """An inspection whose answers change only audited, with a reason."""
    return InspectionStatus(status) in LOCKED


def is_frozen(status: str) -> bool:
    """Approved: nothing changes until the lead reopens it."""
    return InspectionStatus(status) is InspectionStatus.APPROVED


def is_closed(status: str) -> bool:
    """A finding verified and closed (销号)."""
    return FindingStatus(status) is FindingStatus.VERIFIED


def is_untouched(status: str) -> bool:
    """A finding nobody has acted on yet: a drafted one may still be withdrawn."""
    return FindingStatus(status) is FindingStatus.OPEN


def is_overdue(finding: HasDue, today: date) -> bool:
    """Past its due date and not verified."""
    return (
        finding.due_date is not None and not is_closed(finding.status) and today > finding.due_date
    )


def available_actions(status: str, extension_pending: bool) -> list[FindingAction]:
    """The actions a user may take on a finding in ``status`` (for enabling buttons)."""
    current = FindingStatus(status)
    out: list[FindingAction] = []
    for action in USER_ACTIONS:
        if not FINDING.may(action, current):
            continue
        if action is FindingAction.REQUEST_EXTENSION and extension_pending:
            continue
        if action in EXTENSION_DECISIONS and not extension_pending:
            continue
        out.append(action)
    return out
