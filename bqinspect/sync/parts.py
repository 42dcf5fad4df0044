"""The owners' parts of a package record, in a comparable form, and what a signer may change.

An inspection record has the inspector's part (header, answers, timer marks, visit photos and
the marks drawn on them, the inspector's and the manager's signatures: counted by ``revision``
and draft < submitted) and the lead's part (decision, reviewed revision, lead, internal notes:
counted by ``review_revision``).
A finding has what was found (the inspector's, ``revision``) and its follow-up (due date,
responsible, status: the lead's once ``followup_revision`` > 0). Reviews, item comments, audit
events and finding events are only ever added, each written in one role's name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bqinspect.domain.lifecycle import Role, is_draft
from bqinspect.domain.messages import Message, Words
from bqinspect.domain.ownership import Part, may_author, may_change
from bqinspect.sync.reasons import NOT_THE_SIGNERS, owner_label, role_label
from bqinspect.sync.records import FindingRecord, InspectionRecord

REVIEW_FIELDS = ("decision", "reviewed_revision", "review_revision", "lead", "internal_notes")
# derived or bookkeeping: never compared (the scores follow the answers and the lead's
# overturned appeals, so a lead's copy of the same inspector revision is the same part)
IGNORED_FIELDS = {
    "updated_at",
    "origin_device_id",
    "status",
    "overall_score",
    "grade",
    "section_scores",
    "veto_hits",
}
DERIVED_ANSWER_FIELDS = {"points_awarded", "points_possible"}
FOLLOWUP_FIELDS = ("due_date", "responsible", "status", "closed_at", "followup_revision")
LEAD_SIGNATURE = "lead"
IMAGES_KEY = "_signature_images"  # in a conflict's incoming side: what taking it needs


def inspector_key(record: InspectionRecord) -> tuple[int, int]:
    """The order of the inspector's part: revision, then draft before submitted."""
    head = record.inspection
    return head.revision, 0 if is_draft(head.work_status) else 1


def draft_edited_at(record: InspectionRecord) -> datetime:
    """When the inspector last touched the record's answers, timer marks, visit photos, their
    marks or signatures (the header's own time also moves with the lead's edits)."""
    times = [a.answered_at for a in record.answers]
    times += [m.created_at for m in record.timer_marks]
    times += [p.updated_at for p in record.photos if p.finding_event_id is None]
    times += [s.signed_at for s in inspector_signatures(record)]
    times += [a.updated_at for a in record.annotations]
    return max(times, default=record.inspection.created_at)


def inspector_signatures(record: InspectionRecord) -> list[Any]:
    return [s for s in record.signatures if s.role != LEAD_SIGNATURE]


def lead_signatures(record: InspectionRecord) -> list[Any]:
    return [s for s in record.signatures if s.role == LEAD_SIGNATURE]


def _dump(rows: Iterable[Any], sort: str, exclude: set[str] | None = None) -> list[Any]:
    items = [r.model_dump(mode="json", exclude=exclude) for r in rows]
    return sorted(items, key=lambda d: str(d[sort]))


def inspector_part(record: InspectionRecord) -> dict[str, Any]:
    """The inspector's data of a record, in a comparable form."""
    return {
        "inspection": record.inspection.model_dump(
            mode="json", exclude=set(REVIEW_FIELDS) | IGNORED_FIELDS
        ),
        "answers": _dump(record.answers, "item_id", DERIVED_ANSWER_FIELDS),
        "timer_marks": _dump(record.timer_marks, "checkpoint"),
        "photos": _dump(
            (p for p in record.photos if p.finding_event_id is None), "id", {"updated_at"}
        ),
        "signatures": _dump(inspector_signatures(record), "id"),
        "annotations": _dump(record.annotations, "photo_id", {"updated_at"}),
    }


def differing(mine: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """The names of a part's fields that differ between two copies."""
    return sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))


def review_part(record: InspectionRecord) -> dict[str, Any]:
    head = record.inspection
    return {name: getattr(head, name) for name in REVIEW_FIELDS}


def has_review(record: InspectionRecord) -> bool:
    """True when the lead's part says anything (a fresh record's says nothing)."""
    part = review_part(record)
    return bool(part["decision"] or part["review_revision"] or part["internal_notes"])


def found_part(f: FindingRecord) -> dict[str, Any]:
    """What was found (the inspector's)."""
    return f.model_dump(mode="json", exclude=set(FOLLOWUP_FIELDS) | {"updated_at"})


def followup_part(f: FindingRecord) -> dict[str, Any]:
    return {name: getattr(f, name) for name in FOLLOWUP_FIELDS} | {
        "due_date": f.due_date.isoformat() if f.due_date else None,
        "closed_at": f.closed_at.isoformat() if f.closed_at else None,
    }


@dataclass(frozen=True)
class Signer:
    """Who signed the package, as trusted here: what it may change."""

    role: Role
    name: str

    def owns(self, part: Part) -> bool:
        return may_change(self.role, part)

    def may_add(self, author_role: str) -> bool:
        """May this signer add a row written in ``author_role``'s name? A row from before
        roles were recorded (no role) is taken as the signer's own."""
        return not author_role or may_author(self.role, author_role)

    def may_add_events(self) -> bool:
        """The follow-up of findings (every event of it) is the lead's and head office's."""
        return self.owns(Part.FOLLOWUP)

    def refusal(self, part: Part, what: Words) -> Message:
        """Why ``what`` (a part of ``part``) may not be changed by this signer."""
        return NOT_THE_SIGNERS(
            what=what, owner=owner_label(part), signer=self.name, role=role_label(self.role)
        )
