"""Merging a checked package into the database, inside the caller's one transaction
(rules: docs/package-format.md).

Rules, per inspection record (keyed by UUID):

* the inspector's part (header, scores, answers, timer marks, photos, signatures) is ordered by
  ``(revision, draft < not draft)``: newer replaces the stored part, older refuses the record,
  equal and identical is unchanged, equal and different is a recorded :class:`Conflict` (the
  stored part is kept). A draft that its own device exports again (same revision, later
  ``updated_at``) replaces the stored copy of that draft.
* the lead's part (status approved/returned, lead, internal notes) at the same inspector
  revision follows the review order ``submitted < approved | returned``; approved against
  returned is a conflict.
* findings merge one by one by ``revision`` (then by workflow order of their status); the
  append-only rows (reviews, item comments, finding events and their photos, audit events)
  are united by UUID; a row with the same UUID and different content is a conflict.
* branches are matched by code and merged by revision; form versions and photos are
  content-addressed (sha256) and only ever added.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.base.progress import ProgressFn, check, no_progress
from bqinspect.domain.lifecycle import FINDING, INSPECTION, is_draft, is_untouched
from bqinspect.store.models import utcnow
from bqinspect.sync.ledger import Ledger, MergeStats
from bqinspect.sync.ledger import Outcome as Outcome
from bqinspect.sync.ledger import RecordOutcome as RecordOutcome
from bqinspect.sync.owners import clash, owners_of
from bqinspect.sync.package import OpenPackage
from bqinspect.sync.records import FindingRecord, InspectionRecord
from bqinspect.sync.reference import merge_branches, merge_forms
from bqinspect.sync.rows import RowQueue
from bqinspect.sync.snapshot import chunks, load_records, table

log = logging.getLogger(__name__)

BATCH = 50
OFFICE_FIELDS = {"status", "lead", "internal_notes"}
IGNORED_FIELDS = {"updated_at", "origin_device_id"}
APPEND_PARTS = {
    "reviews": "review",
    "item_comments": "itemcomment",
    "audit": "auditevent",
}


def _key(record: InspectionRecord) -> tuple[int, int]:
    head = record.inspection
    return head.revision, 0 if is_draft(head.status) else 1


def _describe(key: tuple[int, int]) -> str:
    return f"revision {key[0]} ({'draft' if key[1] == 0 else 'submitted or later'})"


def inspector_part(record: InspectionRecord) -> dict[str, Any]:
    """The inspector's data of a record, in a comparable form."""

    def dump(rows: Iterable[Any], sort: str, exclude: set[str] | None = None) -> list[Any]:
        items = [r.model_dump(mode="json", exclude=exclude) for r in rows]
        return sorted(items, key=lambda d: str(d[sort]))

    return {
        "inspection": record.inspection.model_dump(
            mode="json", exclude=OFFICE_FIELDS | IGNORED_FIELDS
        ),
        "answers": dump(record.answers, "item_id"),
        "timer_marks": dump(record.timer_marks, "checkpoint"),
        "photos": dump(
            (p for p in record.photos if p.finding_event_id is None), "id", {"updated_at"}
        ),
        "signatures": dump(record.signatures, "id"),
    }


def office_part(record: InspectionRecord) -> dict[str, Any]:
    head = record.inspection
    return {"status": head.status, "lead": head.lead, "internal_notes": head.internal_notes}


def _finding_part(f: FindingRecord) -> dict[str, Any]:
    return f.model_dump(mode="json", exclude={"updated_at"})


class Merger:
    """Applies one checked package through ``conn``; collects outcomes and conflicts."""

    def __init__(
        self,
        conn: Connection,
        pkg: OpenPackage,
        *,
        import_id: uuid.UUID,
        self_device_id: uuid.UUID | None,
        progress: ProgressFn = no_progress,
    ):
        self.conn = conn
        self.pkg = pkg
        self.import_id = import_id
        self.self_device_id = self_device_id
        self.progress = progress
        self.ledger = Ledger(conn, import_id)
        self.stats = self.ledger.stats
        self.queue = RowQueue(conn, pkg, self.stats)
        self._pending = self.queue.rows
        self.forms: dict[str, uuid.UUID] = {}
        self.branches: dict[str, uuid.UUID] = {}
        self._owners: dict[uuid.UUID, Any] = {}

    # -- driver
    def run(self) -> MergeStats:
        self.forms = merge_forms(self.conn, self.pkg, self.ledger)
        self.branches = merge_branches(self.conn, self.pkg, self.ledger)
        names = self.pkg.index.inspections
        done = 0
        for part in chunks(names, BATCH):
            check(self.progress)
            records = [self.pkg.inspection(n) for n in part]
            self._merge_batch(records)
            done += len(part)
            self.progress(done, len(names), "importing")
        return self.stats

    # -- inspections
    def _merge_batch(self, records: list[InspectionRecord]) -> None:
        ids = [r.inspection.id for r in records]
        local = load_records(self.conn, ids, self_device_id=self.self_device_id)
        insp = table("inspection")
        local_rows = {
            r.id: r
            for r in self.conn.execute(
                sa.select(insp.c.id, insp.c.source_device_id, insp.c.updated_at).where(
                    insp.c.id.in_(ids)
                )
            )
        }
        self.ledger.load_known(
            [str(i) for i in ids] + [str(f.id) for r in records for f in r.findings]
        )
        owners = owners_of(self.conn, records, local)
        self._owners = owners
        for record in records:
            self._merge_one(record, local.get(record.inspection.id), local_rows, owners)
        self.queue.flush()

    def _label(self, record: InspectionRecord) -> str:
        head = record.inspection
        return f"{head.branch_code} {head.visit_start:%Y-%m-%d} {head.kind} {head.status}"

    def _merge_one(
        self,
        record: InspectionRecord,
        local: InspectionRecord | None,
        local_rows: dict[Any, Any],
        owners: dict[uuid.UUID, Any],
    ) -> None:
        head = record.inspection
        iid = head.id
        label = self._label(record)
        taken = clash(record, owners)
        if taken:
            self.ledger.outcome("inspection", str(iid), label, Outcome.REFUSED, taken)
            return
        if local is None:
            self._insert_record(record)
            self.ledger.outcome("inspection", str(iid), label, Outcome.NEW)
            self.stats.changed = True
            return
        incoming_key, local_key = _key(record), _key(local)
        if incoming_key < local_key:
            self.ledger.outcome(
                "inspection",
                str(iid),
                label,
                Outcome.REFUSED,
                f"{_describe(incoming_key)} is older than the stored {_describe(local_key)}",
            )
            return
        changed = False
        conflicts_before = len(self.stats.conflicts)
        conflicted = False
        if incoming_key > local_key or self._draft_continues(record, local_rows[iid]):
            self._replace_inspector_part(record, local)
            changed = True
        else:
            mine, theirs = inspector_part(local), inspector_part(record)
            if mine != theirs:
                conflicted = True
                self.ledger.conflict("inspection", str(iid), head.revision, mine, theirs)
            changed |= self._merge_office(record, local)
            if self._office_conflict(record, local):
                conflicted = True
            changed |= self._merge_findings(record, local)
        changed |= self._append_parts(record, local)
        conflicted |= len(self.stats.conflicts) > conflicts_before
        if len(self.stats.conflicts) > conflicts_before:
            self.stats.changed = True
        if changed:
            self.stats.changed = True
        if conflicted:
            self.ledger.outcome(
                "inspection",
                str(iid),
                label,
                Outcome.CONFLICT,
                "a different edit of the same revision is stored; the stored data is kept"
                + (" (other parts were updated)" if changed else ""),
            )
        elif changed:
            self.ledger.outcome("inspection", str(iid), label, Outcome.UPDATED)
        else:
            self.ledger.outcome("inspection", str(iid), label, Outcome.UNCHANGED)

    def _draft_continues(self, record: InspectionRecord, local_row: Any) -> bool:
        head = record.inspection
        signer = self.pkg.manifest.source.device_id
        return (
            is_draft(head.status)
            and local_row.source_device_id is not None
            and local_row.source_device_id == head.origin_device_id == signer
            and head.updated_at > local_row.updated_at
        )

    def _office_conflict(self, record: InspectionRecord, local: InspectionRecord) -> bool:
        mine, theirs = office_part(local), office_part(record)
        if mine == theirs:
            return False
        if INSPECTION.stage(theirs["status"]) != INSPECTION.stage(mine["status"]):
            return False
        self.ledger.conflict(
            "inspection.review", str(record.inspection.id), record.inspection.revision, mine, theirs
        )
        return True

    def _merge_office(self, record: InspectionRecord, local: InspectionRecord) -> bool:
        theirs, mine = office_part(record), office_part(local)
        if theirs == mine or INSPECTION.stage(theirs["status"]) <= INSPECTION.stage(mine["status"]):
            return False
        insp = table("inspection")
        self.conn.execute(
            sa.update(insp)
            .where(insp.c.id == record.inspection.id)
            .values(**theirs, updated_at=utcnow())
        )
        return True

    # -- writing
    def _header_values(self, record: InspectionRecord) -> dict[str, Any]:
        head = record.inspection
        values = head.model_dump(exclude={"branch_code", "form_sha256", "origin_device_id"})
        values["branch_id"] = self.branches[head.branch_code]
        values["form_version_id"] = self.forms[head.form_sha256]
        values["source_device_id"] = head.origin_device_id
        return values

    def _child_rows(self, record: InspectionRecord) -> None:
        iid = record.inspection.id
        pending = self._pending
        pending["answer"] += [{**a.model_dump(), "inspection_id": iid} for a in record.answers]
        pending["timermark"] += [
            {**m.model_dump(), "inspection_id": iid} for m in record.timer_marks
        ]
        for s in record.signatures:
            row = s.model_dump(exclude={"image"})
            pending["signature"].append({**row, "inspection_id": iid, "image": s.image})

    def _photo_row(self, record: InspectionRecord, photo: Any) -> dict[str, Any]:
        # Every photo of the record belongs to its inspection, evidence photos included.
        return {**photo.model_dump(), "inspection_id": record.inspection.id}

    def _finding_row(self, record: InspectionRecord, finding: FindingRecord) -> dict[str, Any]:
        return {
            **finding.model_dump(),
            "inspection_id": record.inspection.id,
            "branch_id": self.branches[record.inspection.branch_code],
        }

    def _insert_record(self, record: InspectionRecord) -> None:
        self._pending["inspection"].append(self._header_values(record))
        self._pending["finding"] += [self._finding_row(record, f) for f in record.findings]
        self._pending["findingevent"] += [e.model_dump() for e in record.finding_events]
        self._child_rows(record)
        self._pending["photo"] += [self._photo_row(record, p) for p in record.photos]
        self.queue.want_blobs(record, record.photos)
        for part, name in APPEND_PARTS.items():
            rows = [r.model_dump() for r in getattr(record, part) if r.id not in self._owners]
            if name != "auditevent":
                rows = [{**r, "inspection_id": record.inspection.id} for r in rows]
            self._pending[name] += rows

    def _replace_inspector_part(self, record: InspectionRecord, local: InspectionRecord) -> None:
        """Replace the stored inspector part with the newer incoming one."""
        iid = record.inspection.id
        conn = self.conn
        self.queue.flush()  # rows queued earlier must exist before this record's deletes run
        insp = table("inspection")
        conn.execute(sa.update(insp).where(insp.c.id == iid).values(**self._header_values(record)))
        for name in ("answer", "timermark", "signature"):
            t = table(name)
            conn.execute(sa.delete(t).where(t.c.inspection_id == iid))
        self._child_rows(record)
        self._merge_findings(record, local, replacing=True)
        photo = table("photo")
        incoming = {p.id: p for p in record.photos if p.finding_event_id is None}
        stored = {p.id: p for p in local.photos if p.finding_event_id is None}
        gone = [pid for pid in stored if pid not in incoming]
        for part in chunks(gone):
            conn.execute(sa.delete(photo).where(photo.c.id.in_(part)))
        self.queue.want_blobs(record, incoming.values())
        for pid, p in incoming.items():
            if pid not in stored:
                self._pending["photo"].append(self._photo_row(record, p))
            elif stored[pid].model_dump(exclude={"updated_at"}) != p.model_dump(
                exclude={"updated_at"}
            ):
                self.queue.flush()
                conn.execute(
                    sa.update(photo).where(photo.c.id == pid).values(**self._photo_row(record, p))
                )

    def _merge_findings(
        self, record: InspectionRecord, local: InspectionRecord, *, replacing: bool = False
    ) -> bool:
        t = table("finding")
        stored = {f.id: f for f in local.findings}
        changed = False
        for f in record.findings:
            mine = stored.get(f.id)
            if mine is None:
                self._pending["finding"].append(self._finding_row(record, f))
                changed = True
                continue
            if _finding_part(mine) == _finding_part(f):
                continue
            newer = f.revision > mine.revision or (
                f.revision == mine.revision
                and _only_workflow_differs(mine, f)
                and FINDING.stage(f.status) > FINDING.stage(mine.status)
            )
            if newer:
                self.conn.execute(
                    sa.update(t).where(t.c.id == f.id).values(**self._finding_row(record, f))
                )
                changed = True
            elif f.revision == mine.revision:
                self.ledger.conflict(
                    "finding", str(f.id), f.revision, _finding_part(mine), _finding_part(f)
                )
        if replacing:
            # Drafted findings the inspector no longer has (the item passes now) go away,
            # unless something already happened to them.
            incoming = {f.id for f in record.findings}
            with_events = {e.finding_id for e in local.finding_events}
            for f in local.findings:
                if f.id not in incoming and is_untouched(f.status) and f.id not in with_events:
                    photo = table("photo")
                    self.conn.execute(
                        sa.update(photo).where(photo.c.finding_id == f.id).values(finding_id=None)
                    )
                    self.conn.execute(sa.delete(t).where(t.c.id == f.id))
                    changed = True
        return changed

    def _append_parts(self, record: InspectionRecord, local: InspectionRecord) -> bool:
        """Rows only ever added: reviews, comments, audit, finding events and their photos."""
        changed = False
        iid = record.inspection.id
        for part, name in APPEND_PARTS.items():
            stored = {r.id: r for r in getattr(local, part)}
            for row in getattr(record, part):
                mine = stored.get(row.id)
                if mine is None:
                    if row.id in self._owners:  # stored, but not as part of this inspection
                        continue
                    values = row.model_dump()
                    if name != "auditevent":
                        values["inspection_id"] = iid
                    self._pending[name].append(values)
                    changed = True
                elif mine != row:
                    self.ledger.conflict(name, str(row.id), 1, _json(mine), _json(row))
        stored_events = {e.id: e for e in local.finding_events}
        known_findings = {f.id for f in local.findings} | {
            r["id"] for r in self._pending["finding"]
        }
        for e in record.finding_events:
            mine_e = stored_events.get(e.id)
            if mine_e is None and e.finding_id in known_findings:
                self._pending["findingevent"].append(e.model_dump())
                changed = True
            elif mine_e is not None and mine_e != e:
                self.ledger.conflict("findingevent", str(e.id), 1, _json(mine_e), _json(e))
        stored_photos = {p.id for p in local.photos}
        pending_events = {r["id"] for r in self._pending["findingevent"]} | set(stored_events)
        event_photos = [
            p
            for p in record.photos
            if p.finding_event_id is not None
            and p.id not in stored_photos
            and p.finding_event_id in pending_events
        ]
        if event_photos:
            self.queue.want_blobs(record, event_photos)
            self._pending["photo"] += [self._photo_row(record, p) for p in event_photos]
            changed = True
        return changed


def _json(row: Any) -> Any:
    return row.model_dump(mode="json")


def _only_workflow_differs(a: FindingRecord, b: FindingRecord) -> bool:
    skip = {"status", "closed_at", "updated_at"}
    return a.model_dump(exclude=skip) == b.model_dump(exclude=skip)
