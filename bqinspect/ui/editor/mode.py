"""What the editor offers, from the installation's role, the status and an amendment begun."""

from __future__ import annotations

import enum

from bqinspect.domain.lifecycle import InspectionStatus, Role
from bqinspect.domain.ownership import Part, may_change


class EditorMode(enum.Enum):
    EDIT = "edit"  # the inspector writes a draft (or redoes a returned one)
    LOCKED = "locked"  # submitted, the inspector's: read-only until Amend…
    AMEND = "amend"  # submitted, amending with a reason: every change is audited with it
    FROZEN = "frozen"  # approved, the inspector's: nothing changes until the lead reopens
    REVIEW = "review"  # the lead's (or head office's): read the answers, comment, decide
    VIEW = "view"  # a role that owns neither part: read only


def mode_of(role: Role, status: str, *, amending: bool = False) -> EditorMode:
    current = InspectionStatus(status)
    if may_change(role, Part.INSPECTION):
        if current is InspectionStatus.APPROVED:
            return EditorMode.FROZEN
        if current is InspectionStatus.SUBMITTED:
            return EditorMode.AMEND if amending else EditorMode.LOCKED
        return EditorMode.EDIT
    if may_change(role, Part.REVIEW):
        return EditorMode.REVIEW
    return EditorMode.VIEW


def answers_editable(mode: EditorMode) -> bool:
    return mode in (EditorMode.EDIT, EditorMode.AMEND)


def may_review(mode: EditorMode) -> bool:
    """Comment, approve, return or reopen (by the status) are offered."""
    return mode is EditorMode.REVIEW
