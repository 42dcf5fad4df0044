"""Who owns which part of the data, so that only its owner may change it, here and on import.

Each installation has a role, and each trusted device is recorded with one. The inspector owns
what was seen at the branch: an inspection's header, answers, notes, photos, timer marks,
signatures and amendments, and what was found (a finding's content). The lead owns the review:
decisions, comments, internal notes, and a finding's follow-up once the lead has set it (due date,
who rectifies, its status and its events). Head office owns branches and forms, may do whatever the
lead may, and verifies rectifications. The customer feedback register is the lead's and head
office's: it is handled on the office side, not at the branch. Every part keeps its own revision
counter, so an edit of one owner never collides with, nor overwrites, an edit of another.
"""

from __future__ import annotations

import enum

from bqinspect.domain.lifecycle import Role
from bqinspect.domain.messages import declare


class Part(enum.StrEnum):
    """A part of the data with one owner and its own revision counter."""

    INSPECTION = "inspection"  # header, answers, notes, photos (marks too), timers, signatures
    REVIEW = "review"  # decision, lead, internal notes; review rows and item comments
    FINDING = "finding"  # what was found: severity, texts, item, points
    FOLLOWUP = "followup"  # due date, responsible, status, events (the lead's once set)
    BRANCH = "branch"  # branches (and forms)
    FEEDBACK = "feedback"  # the customer feedback register (handled by the office side)
    APPEAL = "appeal"  # a branch's appeal of a deduction and its decision (the lead's)


_OWNERS: dict[Part, frozenset[Role]] = {
    Part.INSPECTION: frozenset({Role.INSPECTOR}),
    Part.REVIEW: frozenset({Role.LEAD, Role.OFFICE}),
    Part.FINDING: frozenset({Role.INSPECTOR}),
    Part.FOLLOWUP: frozenset({Role.LEAD, Role.OFFICE}),
    Part.BRANCH: frozenset({Role.OFFICE}),
    Part.FEEDBACK: frozenset({Role.LEAD, Role.OFFICE}),
    Part.APPEAL: frozenset({Role.LEAD, Role.OFFICE}),
}

INSTALLATION_ROLES = (Role.INSPECTOR, Role.LEAD, Role.OFFICE)

UNKNOWN_ROLE = declare(
    "domain.ownership.unknown_role",
    "unknown role {role}: one of {choices}",
    "未知的角色 {role}：应为 {choices} 之一",
)

OWNER_NAMES = {
    Part.INSPECTION: "the inspector",
    Part.REVIEW: "the lead",
    Part.FINDING: "the inspector",
    Part.FOLLOWUP: "the lead",
    Part.BRANCH: "head office",
    Part.FEEDBACK: "the lead and head office",
    Part.APPEAL: "the lead",
}


def owners(part: Part) -> frozenset[Role]:
    return _OWNERS[part]


def may_change(role: Role, part: Part) -> bool:
    """True when an installation of ``role`` may change ``part``."""
    return role in _OWNERS[part]


def may_author(signer: Role, author: str) -> bool:
    """True when a package signed with ``signer``'s role may add a row written as ``author``
    (a comment, a review, an audit event): one's own role, and head office as the lead."""
    if author == signer.value:
        return True
    return signer is Role.OFFICE and author == Role.LEAD.value


def parse_role(text: str) -> Role:
    """One of the installation roles, or ValueError naming the choices."""
    try:
        role = Role(text.strip().lower())
    except ValueError:
        role = None
    if role not in INSTALLATION_ROLES:
        choices = ", ".join(r.value for r in INSTALLATION_ROLES)
        raise ValueError(UNKNOWN_ROLE(role=repr(text), choices=choices))
    return role
