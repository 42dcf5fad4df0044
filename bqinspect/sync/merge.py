"""Merging a checked package into the database, in the caller's transaction (package-format.md).

Every part of a record has one owner (``domain.ownership``) and its own revision counter
(``sync.parts``); the package's signer, by the role it is trusted in here, may change only the
parts it owns:

* a part the signer owns is ordered by its counter: newer replaces the stored part, older is
  ignored, equal and identical is unchanged, equal and different is a recorded
  :class:`Conflict` (the stored part is kept). The inspector's part orders a draft before a
  submitted copy of the same revision, and a draft its own device exports again replaces it.
  A finding withdrawn here returns only with its lead's follow-up.
* a part the signer does not own may travel only unchanged; a different one is refused with a
  named reason and the rest merges. A record new here is taken from any trusted signer, except
  for a lead's part written by a signer who is not a lead.
* append-only rows (reviews, comments, audit and finding events, their photos) are united by
  UUID, each written in a role the signer holds; same UUID, different content: a conflict.
* status derived again after a merge; branches (by code) and staff (by employee number) merge
  by revision; form versions and photos are content-addressed.
"""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.base.progress import ProgressFn, check, no_progress
from bqinspect.domain.lifecycle import Role, effective_status, is_draft
from bqinspect.domain.messages import Message
from bqinspect.domain.ownership import Part
from bqinspect.store.models import utcnow
from bqinspect.sync import reasons as why
from bqinspect.sync.appeals import AppealMerge, known_of, merge_appeals
from bqinspect.sync.feedback import merge_feedback
from bqinspect.sync.ledger import Ledger, MergeStats
from bqinspect.sync.ledger import Outcome as Outcome
from bqinspect.sync.ledger import RecordOutcome as RecordOutcome
from bqinspect.sync.marks import queue_annotations, replace_annotations
from bqinspect.sync.owners import clash, owners_of
from bqinspect.sync.package import OpenPackage
from bqinspect.sync.parts import (
    IMAGES_KEY,
    LEAD_SIGNATURE,
    REVIEW_FIELDS,
    Signer,
    differing,
    draft_edited_at,
    followup_part,
    found_part,
    has_review,
    inspector_key,
    inspector_part,
    inspector_signatures,
    lead_signatures,
    review_part,
)
from bqinspect.sync.records import FindingRecord, InspectionRecord
from bqinspect.sync.redactions import merge_redactions
from bqinspect.sync.reference import merge_branches, merge_forms, merge_staff
from bqinspect.sync.rows import RowQueue
from bqinspect.sync.snapshot import chunks, load_records, table

log = logging.getLogger(__name__)

BATCH = 50
APPEND_PARTS = {
    "reviews": "review",
    "item_comments": "itemcomment",
    "audit": "auditevent",
}


class Merger:
    """Applies one checked package through ``conn``; collects outcomes and conflicts."""

    def __init__(
        self,
        conn: Connection,
        pkg: OpenPackage,
        *,
        import_id: uuid.UUID,
        self_device_id: uuid.UUID | None,
        signer: Signer | None = None,
        progress: ProgressFn = no_progress,
    ):
        self.conn = conn
        self.pkg = pkg
        self.import_id = import_id
        self.self_device_id = self_device_id
        self.signer = signer or Signer(Role.INSPECTOR, pkg.manifest.source.device_name)
        self.progress = progress
        self.ledger = Ledger(conn, import_id)
        self.stats = self.ledger.stats
        self.queue = RowQueue(conn, pkg, self.stats, late=conn.dialect.name == "sqlite")
        self._pending = self.queue.rows
        self.forms: dict[str, uuid.UUID] = {}
        self.branches: dict[str, uuid.UUID] = {}
        self._owners: dict[uuid.UUID, Any] = {}
        self._refusals: list[Message] = []
        self._record: tuple[uuid.UUID, str] | None = None  # the record merged: id and label
        self._stale: Message | None = None  # why its inspector part was older than the stored

    # -- driver
    def run(self) -> MergeStats:
        if self.conn.dialect.name == "sqlite":  # photo blobs come last (RowQueue): keys at commit
            self.conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        self.forms = merge_forms(self.conn, self.pkg, self.ledger)
        self.branches = merge_branches(self.conn, self.pkg, self.ledger, self.signer)
        merge_feedback(self.conn, self.pkg, self.ledger, self.signer, self.branches)
        merge_staff(self.conn, self.pkg, self.ledger, self.signer, self.branches)
        names = self.pkg.index.inspections
        # the photos held back count in the progress: at most one each of the records' photos
        total = len(names) + (len(self.pkg.index.photo_files) if self.queue.late else 0)
        done = 0
        for part in chunks(names, BATCH):
            check(self.progress)
            records = [self.pkg.inspection(n) for n in part]
            self._merge_batch(records)
            done += len(part)
            self.progress(done, total, "importing")
        self.queue.finish(self.progress, done)
        self.progress(total, total, "importing")  # whole, however many photos were held back
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

    def _refuse(self, what: Message) -> None:
        """A part of the current record the signer may not change: named (package, record,
        what and whose), not merged."""
        assert self._record is not None
        iid, label = self._record
        self._refusals.append(why.in_record(self.pkg.manifest.package_id, iid, label, what))

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
        self._refusals = []
        self._record = (iid, label)
        self._stale = None
        conflicts_before = len(self.stats.conflicts)
        met_before = self.ledger.met
        if local is None:
            self._insert_record(record)
            merge_redactions(self.conn, self.queue, record)
            outcome = Outcome.NEW
            changed = True
        else:
            changed = self._merge_parts(record, local, local_rows[iid])
            changed |= merge_redactions(self.conn, self.queue, record)
            outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
        conflicted = self.ledger.met > met_before
        if changed or len(self.stats.conflicts) > conflicts_before:
            self.stats.changed = True
        if conflicted:
            reason = why.conflict_kept(others_updated=changed)
            self.ledger.outcome("inspection", str(iid), label, Outcome.CONFLICT, reason)
        elif outcome is Outcome.UNCHANGED and self._stale is not None:
            self.ledger.outcome("inspection", str(iid), label, Outcome.REFUSED, self._stale)
        else:
            self.ledger.outcome("inspection", str(iid), label, outcome)
        for reason in self._refusals:
            self.ledger.outcome("inspection.part", str(iid), label, Outcome.REFUSED, reason)

    def _merge_parts(
        self, record: InspectionRecord, local: InspectionRecord, local_row: Any
    ) -> bool:
        iid = record.inspection.id
        changed = False
        incoming_key, local_key = inspector_key(record), inspector_key(local)
        mine, theirs = inspector_part(local), inspector_part(record)
        owner = self.signer.owns(Part.INSPECTION)
        draft = self._draft_order(record, local, local_row) if mine != theirs else 0
        if incoming_key < local_key and mine != theirs:
            self._stale = why.older_part(incoming_key, local_key)
        elif incoming_key == local_key and draft < 0 and owner:
            self._stale = why.OLDER_DRAFT(revision=incoming_key[0])
        if mine == theirs or incoming_key < local_key or (owner and draft < 0):
            changed |= self._merge_findings(record, local)
        elif not owner:
            what = why.INSPECTORS_PART(fields=why.field_labels(differing(mine, theirs)))
            self._refuse(self.signer.refusal(Part.INSPECTION, what))
            changed |= self._merge_findings(record, local)
        elif incoming_key > local_key or draft > 0:
            self._replace_inspector_part(record, local)
            changed = True
        else:
            theirs[IMAGES_KEY] = {
                sig.image: base64.b64encode(self.pkg.blob(sig.image)).decode()
                for sig in inspector_signatures(record)
            }
            self.ledger.conflict("inspection", str(iid), record.inspection.revision, mine, theirs)
            self.queue.want_blobs(record, (p for p in record.photos if p.finding_event_id is None))
            changed |= self._merge_findings(record, local)
        changed |= self._merge_review(record, local)
        changed |= self._append_parts(record, local)
        if changed:
            self._refresh_status(iid)
        return changed

    def _draft_order(
        self, record: InspectionRecord, local: InspectionRecord, local_row: Any
    ) -> int:
        """A draft its own device sends again at the stored revision: 1 when it is a later
        edit, -1 an earlier one (an old package), 0 when it is not such a draft.

        The stored record's time also moves with the lead's edits here (internal notes on a
        draft); once the lead's part says anything, the inspector's own edit times decide."""
        head = record.inspection
        signer = self.pkg.manifest.source.device_id
        if not (
            is_draft(head.work_status)
            and inspector_key(record) == inspector_key(local)
            and local_row.source_device_id is not None
            and local_row.source_device_id == head.origin_device_id == signer
        ):
            return 0
        if head.updated_at > local_row.updated_at:
            return 1
        if has_review(local):  # the time here may be a lead's edit: the inspector's times decide
            mine, theirs = draft_edited_at(local), draft_edited_at(record)
            return 1 if theirs > mine else -1 if theirs < mine else 0  # 0: a conflict, kept
        return -1 if head.updated_at < local_row.updated_at else 0

    def _merge_review(self, record: InspectionRecord, local: InspectionRecord) -> bool:
        """The lead's part: the decision, the lead, internal notes (``review_revision``)."""
        theirs, mine = review_part(record), review_part(local)
        if theirs == mine or theirs["review_revision"] < mine["review_revision"]:
            return False
        if not self.signer.owns(Part.REVIEW):
            what = why.THE_REVIEW(fields=why.field_labels(differing(mine, theirs)))
            self._refuse(self.signer.refusal(Part.REVIEW, what))
            return False
        if theirs["review_revision"] == mine["review_revision"]:
            self.ledger.conflict(
                "inspection.review",
                str(record.inspection.id),
                theirs["review_revision"],
                mine,
                theirs,
            )
            return False
        insp = table("inspection")
        values = dict(theirs)
        if not (is_draft(local.inspection.work_status) or is_draft(record.inspection.work_status)):
            values["updated_at"] = utcnow()  # a draft's time stays its inspector's (drafts order)
        self.conn.execute(sa.update(insp).where(insp.c.id == record.inspection.id).values(**values))
        return True

    def _refresh_status(self, inspection_id: uuid.UUID) -> None:
        self.queue.flush()
        insp = table("inspection")
        row = self.conn.execute(
            sa.select(
                insp.c.work_status, insp.c.decision, insp.c.reviewed_revision, insp.c.revision
            ).where(insp.c.id == inspection_id)
        ).one()
        status = effective_status(
            row.work_status, row.decision, row.reviewed_revision, row.revision
        )
        self.conn.execute(
            sa.update(insp).where(insp.c.id == inspection_id).values(status=status.value)
        )

    # -- writing
    def _header_values(self, record: InspectionRecord, *, review: bool) -> dict[str, Any]:
        """The stored header: the inspector's part, and the lead's too when ``review``."""
        head = record.inspection
        skip = {"branch_code", "form_sha256", "origin_device_id"}
        if not review:
            skip |= set(REVIEW_FIELDS)
        values = head.model_dump(exclude=skip)
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
        for sig in inspector_signatures(record):
            self._queue_signature(iid, sig)

    def _queue_signature(self, inspection_id: uuid.UUID, sig: Any) -> None:
        row = sig.model_dump(exclude={"image"})
        self._pending["signature"].append(
            {**row, "inspection_id": inspection_id, "image": sig.image}
        )

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
        """A record new here. A lead's part or follow-up from a signer who is not a lead is
        left out (the record arrives as the inspector made it), named as refused."""
        review = True
        header = self._header_values(record, review=True)
        if has_review(record) and not self.signer.owns(Part.REVIEW):
            said = [k for k, v in review_part(record).items() if v]
            what = why.THE_REVIEW(fields=why.field_labels(said))
            self._refuse(self.signer.refusal(Part.REVIEW, what))
            review = False
            header |= {"decision": "", "reviewed_revision": None, "review_revision": 0}
            header |= {"lead": "", "internal_notes": ""}
        header["status"] = effective_status(
            header["work_status"],
            header["decision"],
            header["reviewed_revision"],
            header["revision"],
        ).value
        self._pending["inspection"].append(header)
        findings = [f for f in record.findings if self._new_finding_allowed(f)]
        self._pending["finding"] += [self._finding_row(record, f) for f in findings]
        kept = {f.id for f in findings}
        self._child_rows(record)
        if review:
            for sig in lead_signatures(record):
                self._queue_signature(record.inspection.id, sig)
        visit = [
            p for p in record.photos if p.finding_event_id is None and p.finding_id in (None, *kept)
        ]
        self._pending["photo"] += [self._photo_row(record, p) for p in visit]
        queue_annotations(self._pending, record, (p.id for p in visit))
        self.queue.want_blobs(record, visit)
        self._append_parts(record, None, known_findings=kept)

    def _new_finding_allowed(self, f: FindingRecord) -> bool:
        if f.followup_revision == 0 or self.signer.owns(Part.FOLLOWUP):
            return True
        self._refuse(self.signer.refusal(Part.FOLLOWUP, why.FOLLOWUP_OF(finding=f.id)))
        return False

    def _replace_inspector_part(self, record: InspectionRecord, local: InspectionRecord) -> None:
        """Replace the stored inspector part with the newer incoming one."""
        iid = record.inspection.id
        conn = self.conn
        self.queue.flush()  # rows queued earlier must exist before this record's deletes run
        insp = table("inspection")
        conn.execute(
            sa.update(insp)
            .where(insp.c.id == iid)
            .values(**self._header_values(record, review=False))
        )
        for name in ("answer", "timermark"):
            t = table(name)
            conn.execute(sa.delete(t).where(t.c.inspection_id == iid))
        sig = table("signature")
        conn.execute(sa.delete(sig).where(sig.c.inspection_id == iid, sig.c.role != LEAD_SIGNATURE))
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
        replace_annotations(conn, self._pending, record, local)

    def _merge_findings(
        self, record: InspectionRecord, local: InspectionRecord, *, replacing: bool = False
    ) -> bool:
        """Each finding by its two parts: what was found, and its follow-up. A finding not
        stored here arrives with a newer inspector's part (``replacing``), or followed up."""
        stored = {f.id: f for f in local.findings}
        changed = False
        for f in record.findings:
            mine = stored.get(f.id)
            if mine is None:
                if not (replacing or self._followed_up_by_signer(f)):
                    continue  # withdrawn here by a newer inspector's part (an old package)
                if self._new_finding_allowed(f):
                    self._pending["finding"].append(self._finding_row(record, f))
                    changed = True
                continue
            values: dict[str, Any] = {}
            found = self._newer_part(
                Part.FINDING, "finding", f, mine, f.revision, mine.revision, found_part
            )
            if found:
                values |= {k: getattr(f, k) for k in found_part(f) if k != "id"}
                values["revision"] = f.revision
                if f.followup_revision == 0 and mine.followup_revision == 0:
                    values |= {k: getattr(f, k) for k in followup_part(f)}  # still the inspector's
            if (f.followup_revision or mine.followup_revision) and self._newer_part(
                Part.FOLLOWUP,
                "finding.followup",
                f,
                mine,
                f.followup_revision,
                mine.followup_revision,
                followup_part,
            ):
                values |= {k: getattr(f, k) for k in followup_part(f)}
            if values:
                t = table("finding")
                self.conn.execute(
                    sa.update(t).where(t.c.id == f.id).values(**values, updated_at=f.updated_at)
                )
                changed = True
        if replacing:
            changed |= self._withdraw_findings(record, local)
        return changed

    def _followed_up_by_signer(self, f: FindingRecord) -> bool:
        """A finding the follow-up's owner has taken up returns even where it was withdrawn."""
        return f.followup_revision > 0 and self.signer.owns(Part.FOLLOWUP)

    def _newer_part(
        self,
        part: Part,
        entity: str,
        theirs: FindingRecord,
        mine: FindingRecord,
        their_rev: int,
        my_rev: int,
        dump: Any,
    ) -> bool:
        """True when the incoming part is to replace the stored one (conflicts and refusals
        are recorded here)."""
        if dump(theirs) == dump(mine) or their_rev < my_rev:
            return False
        if not self.signer.owns(part):
            what = why.FOUND_OF if part is Part.FINDING else why.FOLLOWUP_OF
            self._refuse(self.signer.refusal(part, what(finding=theirs.id)))
            return False
        if their_rev == my_rev:
            self.ledger.conflict(entity, str(theirs.id), their_rev, dump(mine), dump(theirs))
            return False
        return True

    def _withdraw_findings(self, record: InspectionRecord, local: InspectionRecord) -> bool:
        """Findings the inspector no longer has (the item passes now) go away, unless somebody
        has followed them up already."""
        changed = False
        t = table("finding")
        incoming = {f.id for f in record.findings}
        with_events = {e.finding_id for e in local.finding_events}
        for f in local.findings:
            if f.id in incoming or f.followup_revision or f.id in with_events:
                continue
            photo = table("photo")
            self.conn.execute(
                sa.update(photo).where(photo.c.finding_id == f.id).values(finding_id=None)
            )
            self.conn.execute(sa.delete(t).where(t.c.id == f.id))
            changed = True
        return changed

    def _append_parts(
        self,
        record: InspectionRecord,
        local: InspectionRecord | None,
        *,
        known_findings: Iterable[uuid.UUID] = (),
    ) -> bool:
        """Rows only ever added: reviews, comments, audit, the lead's signature, finding
        events and their photos. A new row must be written in a role the signer holds; a
        record new here brings its inspector's rows with it, as it brings the inspector's part."""
        changed = False
        iid = record.inspection.id
        for part, name in APPEND_PARTS.items():
            stored = {r.id: r for r in getattr(local, part)} if local else {}
            for row in getattr(record, part):
                mine = stored.get(row.id)
                if mine is None:
                    if row.id in self._owners:  # stored, but not as part of this inspection
                        continue
                    relayed = local is None and row.role == Role.INSPECTOR.value
                    if not (relayed or self.signer.may_add(row.role)):
                        self._refuse(why.written_as(name, row.id, row.role, self.signer))
                        continue
                    values = row.model_dump()
                    if name != "auditevent":
                        values["inspection_id"] = iid
                    self._pending[name].append(values)
                    changed = True
                elif mine != row:
                    self.ledger.conflict(name, str(row.id), 1, _json(mine), _json(row))
        if local is not None:
            stored_sigs = {s_.id for s_ in local.signatures}
            for sig in lead_signatures(record):
                if sig.id in stored_sigs:
                    continue
                if self.signer.owns(Part.REVIEW):
                    self._queue_signature(iid, sig)
                    changed = True
                else:
                    self._refuse(self.signer.refusal(Part.REVIEW, why.LEADS_SIGNATURE()))
        changed |= self._append_events(record, local, known_findings)
        known = known_of(local, known_findings, self._pending["finding"])
        m = AppealMerge(
            self.conn, self.signer, self.queue, self._refuse, self.ledger.conflict, known
        )
        return merge_appeals(m, record, local) or changed

    def _append_events(
        self,
        record: InspectionRecord,
        local: InspectionRecord | None,
        known_findings: Iterable[uuid.UUID],
    ) -> bool:
        changed = False
        stored_events = {e.id: e for e in local.finding_events} if local else {}
        known = known_of(local, known_findings, self._pending["finding"])
        added: set[uuid.UUID] = set()
        for e in record.finding_events:
            mine_e = stored_events.get(e.id)
            if mine_e is None and e.finding_id in known:
                if not self.signer.may_add_events():
                    what = why.FINDING_EVENT(event=e.id)
                    self._refuse(self.signer.refusal(Part.FOLLOWUP, what))
                    continue
                self._pending["findingevent"].append(e.model_dump())
                added.add(e.id)
                changed = True
            elif mine_e is not None and mine_e != e:
                self.ledger.conflict("findingevent", str(e.id), 1, _json(mine_e), _json(e))
        stored_photos = {p.id for p in local.photos} if local else set()
        event_photos = [
            p
            for p in record.photos
            if p.finding_event_id is not None
            and p.id not in stored_photos
            and (p.finding_event_id in added or p.finding_event_id in stored_events)
        ]
        if event_photos:
            self.queue.want_blobs(record, event_photos)
            self._pending["photo"] += [self._photo_row(record, p) for p in event_photos]
            changed = True
        return changed


def _json(row: Any) -> Any:
    return row.model_dump(mode="json")
