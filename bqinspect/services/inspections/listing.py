"""Starting, listing, finding, editing the header of and deleting inspections."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete as sa_delete
from sqlalchemy import select as columns_of
from sqlmodel import Session, col, select

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.messages import declare
from bqinspect.domain.ownership import Part
from bqinspect.domain.returns import redo_items
from bqinspect.services.inspections.common import (
    apply_fields,
    audit,
    begin_change,
    load,
    require_owner,
)
from bqinspect.store.lookup import find_inspection
from bqinspect.store.models import (
    Branch,
    FormVersion,
    Inspection,
    InspectionStatus,
    ItemComment,
    Review,
    utcnow,
)
from bqinspect.store.workspace import Workspace

CANNOT_SET = declare(
    "services.inspections.listing.cannot_set",
    "cannot set {value}",
    "无法设置 {value}",
)
NO_BRANCH = declare(
    "services.inspections.listing.no_branch",
    "no branch {branch_id}",
    "没有网点 {branch_id}",
)
NO_FORM_VERSION = declare(
    "services.inspections.listing.no_form_version",
    "no form version {form_version_id}",
    "没有表单版本 {form_version_id}",
)
VISIT_TIME_NEEDS_TIME = declare(
    "services.inspections.listing.visit_time_needs_time",
    "visit time needs a time zone",
    "到访时间需要带时区",
)
ONLY_DRAFT_CAN_DELETED = declare(
    "services.inspections.listing.only_draft_can_deleted",
    "only a draft can be deleted",
    "只能删除草稿",
)

__all__ = ["find_inspection"]

INSPECTOR_FIELDS = frozenset({"inspectors", "notes", "shopper_alias", "visit_start", "visit_end"})
LEAD_FIELDS = frozenset({"lead", "internal_notes"})


@dataclass(frozen=True)
class InspectionRow:
    """One line of the inspections list."""

    id: uuid.UUID
    branch_code: str
    branch_name: str
    region: str
    form_id: str
    form_title_zh: str
    form_title_en: str
    kind: str
    visit_start: datetime
    inspectors: list[str]
    status: str
    overall_score: float | None
    grade: str | None
    exported_at: datetime | None
    revision: int
    redo_items: int = 0  # returned: how many items the lead named to redo


def start_inspection(
    ws: Workspace,
    branch_id: uuid.UUID,
    form_version_id: uuid.UUID,
    *,
    inspectors: Iterable[str] = (),
    visit_start: datetime | None = None,
    shopper_alias: str = "",
    notes: str = "",
) -> Inspection:
    with ws.session() as s:
        branch = s.get(Branch, branch_id)
        fv = s.get(FormVersion, form_version_id)
        if branch is None:
            raise NotFound(NO_BRANCH(branch_id=branch_id), where="branch")
        if fv is None:
            raise NotFound(NO_FORM_VERSION(form_version_id=form_version_id), where="form")
        names = [n.strip() for n in inspectors if n.strip()] or [ws.who() or "—"]
        start = visit_start or utcnow()
        if start.tzinfo is None:
            raise Refused(VISIT_TIME_NEEDS_TIME(), where="visit_start")
        insp = Inspection(
            branch_id=branch_id,
            form_version_id=form_version_id,
            kind=fv.kind,
            inspectors=names,
            visit_start=start,
            shopper_alias=shopper_alias,
            notes=notes,
        )
        s.add(insp)
        s.flush()
        audit(
            s,
            ws,
            "inspection",
            insp.id,
            "create",
            new={"branch": branch.code, "form": f"{fv.form_id}@{fv.version}"},
        )
    return insp


def set_inspection_fields(
    ws: Workspace, inspection_id: uuid.UUID, *, why: str = "", **fields: Any
) -> None:
    """Edit header fields: the inspector's (inspectors, notes, visit times, shopper alias…)
    as a change of the inspector's part, the lead's (lead, internal notes) as the lead's."""
    unknown = set(fields) - INSPECTOR_FIELDS - LEAD_FIELDS
    if unknown:
        raise Refused(CANNOT_SET(value=", ".join(sorted(unknown))), where="inspection")
    mine = {k: v for k, v in fields.items() if k in INSPECTOR_FIELDS}
    theirs = {k: v for k, v in fields.items() if k in LEAD_FIELDS}
    with ws.session() as s:
        insp = load(s, inspection_id)
        if any(getattr(insp, k) != v for k, v in mine.items()):
            locked = begin_change(s, ws, insp, why)
            apply_fields(s, ws, insp, "inspection", mine, audited=locked, why=why)
        if any(getattr(insp, k) != v for k, v in theirs.items()):
            require_owner(ws, Part.REVIEW)
            insp.review_revision += 1
            apply_fields(s, ws, insp, "inspection", theirs, audited=True, why=why)


def delete_draft(ws: Workspace, inspection_id: uuid.UUID) -> None:
    with ws.session() as s:
        insp = load(s, inspection_id)
        if insp.status != InspectionStatus.DRAFT:
            raise Refused(ONLY_DRAFT_CAN_DELETED(), where="inspection")
        # children go with it through ON DELETE CASCADE, in the database itself
        s.execute(sa_delete(Inspection).where(col(Inspection.id) == inspection_id))
        audit(s, ws, "inspection", inspection_id, "delete")


def list_inspections(
    ws: Workspace,
    *,
    status: str | None = None,
    kind: str | None = None,
    branch: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    text: str | None = None,
) -> list[InspectionRow]:
    with ws.db.session() as s:
        # the columns shown only: never a form's definition or a whole inspection per row
        q = (
            columns_of(
                col(Inspection.id),
                col(Branch.code),
                col(Branch.name),
                col(Branch.region),
                col(FormVersion.form_id),
                col(FormVersion.title_zh),
                col(FormVersion.title_en),
                col(Inspection.kind),
                col(Inspection.visit_start),
                col(Inspection.inspectors),
                col(Inspection.status),
                col(Inspection.overall_score),
                col(Inspection.grade),
                col(Inspection.exported_at),
                col(Inspection.revision),
            )
            .join(Branch, col(Inspection.branch_id) == col(Branch.id))
            .join(FormVersion, col(Inspection.form_version_id) == col(FormVersion.id))
        )
        if status:
            q = q.where(col(Inspection.status) == status)
        if kind:
            q = q.where(col(Inspection.kind) == kind)
        if branch:
            q = q.where(col(Branch.code) == branch)
        if since:
            q = q.where(col(Inspection.visit_start) >= since)
        if until:
            q = q.where(col(Inspection.visit_start) <= until)
        rows = s.execute(q.order_by(col(Inspection.visit_start).desc())).all()
        returned = [r[0] for r in rows if r[10] == InspectionStatus.RETURNED]
        redo = _redo_counts(s, returned)
    out = [
        InspectionRow(
            id=r[0],
            branch_code=r[1],
            branch_name=r[2],
            region=r[3],
            form_id=r[4],
            form_title_zh=r[5],
            form_title_en=r[6],
            kind=r[7],
            visit_start=r[8],
            inspectors=list(r[9] or []),
            status=r[10],
            overall_score=r[11],
            grade=r[12],
            exported_at=r[13],
            revision=r[14],
            redo_items=redo.get(r[0], 0),
        )
        for r in rows
    ]
    if text:
        needle = text.casefold()
        out = [
            r
            for r in out
            if needle
            in " ".join(
                [
                    r.branch_code,
                    r.branch_name,
                    r.region,
                    r.form_title_zh,
                    r.form_title_en,
                    *r.inspectors,
                    str(r.id),
                ]
            ).casefold()
        ]
    return out


def _redo_counts(s: Session, returned: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """For each returned inspection, how many items the lead named to redo."""
    if not returned:
        return {}
    reviews = s.exec(select(Review).where(col(Review.inspection_id).in_(returned))).all()
    comments = s.exec(select(ItemComment).where(col(ItemComment.inspection_id).in_(returned))).all()
    return {
        i: len(
            redo_items(
                [r for r in reviews if r.inspection_id == i],
                [c for c in comments if c.inspection_id == i],
            )
        )
        for i in returned
    }
