"""The lifecycle tables: every allowed and every refused transition, per role; derived states."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from bqinspect.domain.lifecycle import (
    FINDING,
    INSPECTION,
    FindingAction,
    FindingStatus,
    InspectionStatus,
    NotAllowed,
    Role,
    can,
    effective_status,
    is_closed,
    is_draft,
    is_locked,
    is_overdue,
    is_untouched,
    require_transition,
)

LEADS = {Role.LEAD, Role.OFFICE}  # head office may act as the lead

# (from, to) → the roles that may make the change; every other pair and role is refused
INSPECTION_MOVES = {
    (InspectionStatus.DRAFT, InspectionStatus.SUBMITTED): {Role.INSPECTOR},
    (InspectionStatus.RETURNED, InspectionStatus.SUBMITTED): {
        Role.INSPECTOR
    },  # corrected and submitted again as it is
    (InspectionStatus.SUBMITTED, InspectionStatus.APPROVED): LEADS,
    (InspectionStatus.SUBMITTED, InspectionStatus.RETURNED): LEADS,
    (InspectionStatus.RETURNED, InspectionStatus.DRAFT): {Role.INSPECTOR},  # taken up again
    (InspectionStatus.APPROVED, InspectionStatus.SUBMITTED): LEADS,  # reopened: under review
}
FINDING_MOVES = {
    (FindingStatus.OPEN, FindingStatus.RECTIFYING): {Role.BRANCH},
    (FindingStatus.RECTIFYING, FindingStatus.SUBMITTED): {Role.BRANCH},
    (FindingStatus.SUBMITTED, FindingStatus.VERIFIED): LEADS,
    (FindingStatus.SUBMITTED, FindingStatus.REJECTED): LEADS,
    (FindingStatus.REJECTED, FindingStatus.RECTIFYING): {Role.BRANCH},
}
NOT_CLOSED = set(FindingStatus) - {FindingStatus.VERIFIED}
# action → (the statuses it may start from, the roles that may take it)
FINDING_ACTIONS = {
    FindingAction.START: ({FindingStatus.OPEN}, {Role.BRANCH}),
    FindingAction.SUBMIT: ({FindingStatus.RECTIFYING}, {Role.BRANCH}),
    FindingAction.VERIFY: ({FindingStatus.SUBMITTED}, LEADS),
    FindingAction.REJECT: ({FindingStatus.SUBMITTED}, LEADS),
    FindingAction.REWORK: ({FindingStatus.REJECTED}, {Role.BRANCH}),
    FindingAction.REQUEST_EXTENSION: (
        {FindingStatus.OPEN, FindingStatus.RECTIFYING, FindingStatus.REJECTED},
        {Role.BRANCH},
    ),
    FindingAction.GRANT_EXTENSION: (NOT_CLOSED, LEADS),
    FindingAction.DENY_EXTENSION: (NOT_CLOSED, LEADS),
    FindingAction.COMMENT: (set(FindingStatus), set(Role)),
    FindingAction.ESCALATE: (NOT_CLOSED, LEADS),
}


@pytest.mark.parametrize(
    ("source", "target", "role"),
    list(itertools.product(InspectionStatus, InspectionStatus, Role)),
    ids=str,
)
def test_inspection_transitions(
    source: InspectionStatus, target: InspectionStatus, role: Role
) -> None:
    allowed = role in INSPECTION_MOVES.get((source, target), set())
    assert can(INSPECTION, source, target, role) is allowed
    if allowed:
        assert require_transition(INSPECTION, source, target, role).target is target
    else:
        with pytest.raises(NotAllowed, match=f"from {source} to {target}"):
            require_transition(INSPECTION, source, target, role)


@pytest.mark.parametrize(
    ("source", "target", "role"),
    list(itertools.product(FindingStatus, FindingStatus, Role)),
    ids=str,
)
def test_finding_status_changes(source: FindingStatus, target: FindingStatus, role: Role) -> None:
    allowed = role in FINDING_MOVES.get((source, target), set())
    assert can(FINDING, source, target, role) is allowed
    if not allowed:
        with pytest.raises(NotAllowed, match=f"from {source} to {target}"):
            require_transition(FINDING, source, target, role)


@pytest.mark.parametrize(
    ("action", "source", "role"),
    list(itertools.product(FindingAction, FindingStatus, Role)),
    ids=str,
)
def test_finding_actions(action: FindingAction, source: FindingStatus, role: Role) -> None:
    sources, roles = FINDING_ACTIONS[action]
    assert FINDING.may(action, source, role) is (source in sources and role in roles)
    assert FINDING.may(action, source) is (source in sources)  # the role unknown: status only


@pytest.mark.parametrize(
    ("source", "target"), list(itertools.product(InspectionStatus, InspectionStatus)), ids=str
)
def test_an_unknown_role_checks_the_status_only(
    source: InspectionStatus, target: InspectionStatus
) -> None:
    assert can(INSPECTION, source, target) is ((source, target) in INSPECTION_MOVES)


def test_refusal_names_the_role_when_only_the_role_is_wrong() -> None:
    with pytest.raises(NotAllowed, match="the branch may not take inspection"):
        require_transition(
            INSPECTION, InspectionStatus.SUBMITTED, InspectionStatus.APPROVED, Role.BRANCH
        )
    with pytest.raises(NotAllowed, match="cannot go from draft to approved"):
        require_transition(INSPECTION, InspectionStatus.DRAFT, InspectionStatus.APPROVED, Role.LEAD)


def test_stored_values_are_the_strings_of_today() -> None:
    assert [s.value for s in InspectionStatus] == ["draft", "submitted", "approved", "returned"]
    assert [s.value for s in FindingStatus] == [
        "open",
        "rectifying",
        "submitted",
        "verified",
        "rejected",
    ]
    assert FindingAction("request_extension") is FindingAction.REQUEST_EXTENSION


@pytest.mark.parametrize("status", list(InspectionStatus), ids=str)
def test_inspection_states(status: InspectionStatus) -> None:
    assert is_locked(status.value) is (
        status in {InspectionStatus.SUBMITTED, InspectionStatus.APPROVED}
    )
    assert is_draft(status.value) is (status is InspectionStatus.DRAFT)


@pytest.mark.parametrize("status", list(FindingStatus), ids=str)
def test_finding_states(status: FindingStatus) -> None:
    assert is_closed(status.value) is (status is FindingStatus.VERIFIED)
    assert is_untouched(status.value) is (status is FindingStatus.OPEN)


def test_stages_order_the_progress_of_a_record() -> None:
    assert [INSPECTION.stage(s) for s in ("draft", "submitted", "approved", "returned")] == [
        0,
        1,
        2,
        2,
    ]
    assert [FINDING.stage(s) for s in FindingStatus] == [0, 1, 2, 3, 3]


DUE = date(2024, 4, 3)


@pytest.mark.parametrize("status", list(FindingStatus), ids=str)
@pytest.mark.parametrize(
    ("today", "late"),
    [(DUE - timedelta(days=1), False), (DUE, False), (DUE + timedelta(days=1), True)],
    ids=["before", "on", "after"],
)
def test_overdue_is_derived_from_due_date_and_status(
    status: FindingStatus, today: date, late: bool
) -> None:
    finding = SimpleNamespace(status=status.value, due_date=DUE)
    assert is_overdue(finding, today) is (late and status is not FindingStatus.VERIFIED)


@pytest.mark.parametrize("status", list(FindingStatus), ids=str)
def test_without_a_due_date_nothing_is_overdue(status: FindingStatus) -> None:
    assert not is_overdue(SimpleNamespace(status=status.value, due_date=None), date(2099, 1, 1))


@pytest.mark.parametrize(
    ("work", "decision", "reviewed", "revision", "shown"),
    [
        ("draft", "", None, 1, "draft"),
        ("draft", "returned", 1, 2, "draft"),  # taken up again after a return
        ("submitted", "", None, 1, "submitted"),
        ("submitted", "approved", 1, 1, "approved"),
        ("submitted", "returned", 3, 3, "returned"),
        ("submitted", "approved", 1, 2, "submitted"),  # amended before the approval arrived
        ("submitted", "returned", 1, 2, "submitted"),  # resubmitted after a return
        ("submitted", "reopened", 2, 2, "submitted"),  # reopened: under review again
    ],
)
def test_the_shown_status_comes_from_both_owners_parts(
    work: str, decision: str, reviewed: int | None, revision: int, shown: str
) -> None:
    assert effective_status(work, decision, reviewed, revision) == InspectionStatus(shown)
