"""Merging a checked package into the database, inside the caller's one transaction (DESIGN §6).

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

import enum
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from bqinspect.base.progress import ProgressFn, check, no_progress
from bqinspect.domain.formio import form_from_json
from bqinspect.store.models import utcnow
from bqinspect.sync.package import OpenPackage
from bqinspect.sync.records import BranchRecord, FindingRecord, InspectionRecord
from bqinspect.sync.snapshot import chunks, load_records, table

log = logging.getLogger(__name__)

BATCH = 50
OFFICE_FIELDS = {"status", "lead", "internal_notes"}
IGNORED_FIELDS = {"updated_at", "origin_device_id"}
REVIEW_RANK = {"draft": 0, "submitted": 1, "approved": 2, "returned": 2}
FINDING_RANK = {"open": 0, "rectifying": 1, "submitted": 2, "verified": 3, "rejected": 3}
BRANCH_FIELDS = ("name", "name_en", "region", "sub_branch", "address", "manager", "phone", "active")
APPEND_PARTS = {
    "reviews": "review",
    "item_comments": "itemcomment",
    "audit": "auditevent",
}


class Outcome(enum.StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    REFUSED = "refused"


@dataclass(frozen=True)
class RecordOutcome:
    """What happened to one record of the package."""

    entity: str  # inspection | branch
    key: str
    label: str
    outcome: Outcome
    reason: str = ""


@dataclass
class MergeStats:
    outcomes: list[RecordOutcome] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    forms_new: int = 0
    blobs_new: int = 0
    warnings: list[str] = field(default_factory=list)
    changed: bool = False


def _key(record: InspectionRecord) -> tuple[int, int]:
    head = record.inspection
    return head.revision, 0 if head.status == "draft" else 1


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


def _insert(
    conn: Connection, name: str, rows: list[dict[str, Any]], *, ignore: bool = False
) -> None:
    if not rows:
        return
    t = table(name)
    if ignore and conn.dialect.name in ("sqlite", "postgresql"):
        dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        for part in chunks(rows, 500):
            conn.execute(dialect_insert(t).on_conflict_do_nothing(), list(part))
        return
    for part in chunks(rows, 500):
        conn.execute(sa.insert(t), list(part))


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
        self.stats = MergeStats()
        self.forms: dict[str, uuid.UUID] = {}
        self.branches: dict[str, uuid.UUID] = {}
        self._pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._blobs_wanted: set[str] = set()
        self._blob_meta: dict[str, Any] = {}
        self._signature_images: dict[uuid.UUID, str] = {}
        self._known_conflicts: set[tuple[str, str, int, str]] = set()
        self._owners: dict[uuid.UUID, Any] = {}

    # -- driver
    def run(self) -> MergeStats:
        self._merge_forms()
        self._merge_branches()
        names = self.pkg.index.inspections
        done = 0
        for part in chunks(names, BATCH):
            check(self.progress)
            records = [self.pkg.inspection(n) for n in part]
            self._merge_batch(records)
            done += len(part)
            self.progress(done, len(names), "importing")
        return self.stats

    def _conflict(
        self, entity: str, entity_id: str, revision: int, local: Any, incoming: Any
    ) -> None:
        import json

        fingerprint = json.dumps(incoming, sort_keys=True, ensure_ascii=False)
        key = (entity, entity_id, revision, fingerprint)
        if key in self._known_conflicts:
            return
        self._known_conflicts.add(key)
        self.stats.conflicts.append(
            {
                "id": uuid.uuid4(),
                "entity": entity,
                "entity_id": entity_id,
                "revision": revision,
                "local": local,
                "incoming": incoming,
                "import_id": self.import_id,
                "resolved": False,
                "created_at": utcnow(),
            }
        )

    def _load_known_conflicts(self, entity_ids: Sequence[str]) -> None:
        import json

        t = table("conflict")
        for part in chunks(list(entity_ids)):
            rows = self.conn.execute(
                sa.select(t.c.entity, t.c.entity_id, t.c.revision, t.c.incoming).where(
                    t.c.entity_id.in_(part)
                )
            )
            for r in rows:
                fp = json.dumps(r.incoming, sort_keys=True, ensure_ascii=False)
                self._known_conflicts.add((r.entity, r.entity_id, r.revision, fp))

    # -- forms and branches
    def _merge_forms(self) -> None:
        t = table("formversion")
        for sha, text in self.pkg.form_texts():
            row = self.conn.execute(sa.select(t.c.id).where(t.c.sha256 == sha)).first()
            if row is not None:
                self.forms[sha] = row.id
                continue
            form = form_from_json(text)
            clash = self.conn.execute(
                sa.select(t.c.id).where(t.c.form_id == form.id, t.c.version == form.version)
            ).first()
            if clash is not None:
                self.stats.warnings.append(
                    f"form {form.id} version {form.version} arrived with a different definition "
                    "than the installed one; both are kept (inspections point to their own)"
                )
            new_id = uuid.uuid4()
            now = utcnow()
            self.conn.execute(
                sa.insert(t).values(
                    id=new_id,
                    form_id=form.id,
                    version=form.version,
                    kind=form.kind.value,
                    title_zh=form.title.zh,
                    title_en=form.title.en,
                    sha256=sha,
                    definition=text,
                    active=True,
                    created_at=now,
                    updated_at=now,
                )
            )
            self.forms[sha] = new_id
            self.stats.forms_new += 1
            self.stats.changed = True

    def _merge_branches(self) -> None:
        t = table("branch")
        fields = [f for f in BRANCH_FIELDS if f in t.c]
        incoming = self.pkg.branches().branches
        self._load_known_conflicts([b.code for b in incoming])
        local = {
            r.code: r
            for part in chunks([b.code for b in incoming])
            for r in self.conn.execute(sa.select(t).where(t.c.code.in_(part)))
        }
        for b in incoming:
            label = f"{b.code} {b.name}"
            row = local.get(b.code)
            if row is None:
                taken = self.conn.execute(sa.select(t.c.id).where(t.c.id == b.id)).first()
                new_id = uuid.uuid4() if taken else b.id
                values = {f: getattr(b, f) for f in fields}
                self.conn.execute(
                    sa.insert(t).values(
                        id=new_id,
                        code=b.code,
                        revision=b.revision,
                        created_at=b.created_at,
                        updated_at=b.updated_at,
                        **values,
                    )
                )
                self.branches[b.code] = new_id
                self._outcome("branch", b.code, label, Outcome.NEW)
                self.stats.changed = True
                continue
            self.branches[b.code] = row.id
            differs = {f: getattr(b, f) for f in fields if getattr(row, f) != getattr(b, f)}
            if not differs:
                self._outcome("branch", b.code, label, Outcome.UNCHANGED)
            elif b.revision > row.revision:
                self.conn.execute(
                    sa.update(t)
                    .where(t.c.id == row.id)
                    .values(revision=b.revision, updated_at=b.updated_at, **differs)
                )
                self._outcome("branch", b.code, label, Outcome.UPDATED)
                self.stats.changed = True
            elif b.revision == row.revision:
                local_part = {f: getattr(row, f) for f in fields}
                incoming_part = _branch_part(b, fields)
                self._record_conflict("branch", b.code, b.revision, local_part, incoming_part)
                self._outcome(
                    "branch",
                    b.code,
                    label,
                    Outcome.CONFLICT,
                    f"revision {b.revision} differs from the stored one in "
                    f"{', '.join(sorted(differs))}; the stored branch is kept",
                )
            else:
                self._outcome(
                    "branch",
                    b.code,
                    label,
                    Outcome.REFUSED,
                    f"revision {b.revision} is older than the stored revision {row.revision}",
                )

    def _record_conflict(
        self, entity: str, entity_id: str, revision: int, local: Any, incoming: Any
    ) -> None:
        before = len(self.stats.conflicts)
        self._conflict(entity, entity_id, revision, local, incoming)
        if len(self.stats.conflicts) > before:
            self.stats.changed = True

    def _outcome(
        self, entity: str, key: str, label: str, outcome: Outcome, reason: str = ""
    ) -> None:
        self.stats.outcomes.append(RecordOutcome(entity, key, label, outcome, reason))

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
        self._load_known_conflicts(
            [str(i) for i in ids] + [str(f.id) for r in records for f in r.findings]
        )
        owners = self._owners_of(records, local)
        self._owners = owners
        for record in records:
            self._merge_one(record, local.get(record.inspection.id), local_rows, owners)
        self._flush()

    def _owners_of(
        self, records: list[InspectionRecord], local: dict[uuid.UUID, InspectionRecord]
    ) -> dict[uuid.UUID, Any]:
        """For every id in the records already stored elsewhere: what it belongs to.

        Ids the stored copy of the same inspection already has are known to be its own.
        """
        known: set[uuid.UUID] = set()
        for stored in local.values():
            known |= stored.child_ids()

        def fresh(rows: Iterable[Any]) -> list[uuid.UUID]:
            return [r.id for r in rows if r.id not in known]

        owners: dict[uuid.UUID, Any] = {}
        by_table = {
            "answer": fresh(a for r in records for a in r.answers),
            "timermark": fresh(m for r in records for m in r.timer_marks),
            "finding": fresh(f for r in records for f in r.findings),
            "review": fresh(v for r in records for v in r.reviews),
            "itemcomment": fresh(c for r in records for c in r.item_comments),
            "signature": fresh(s for r in records for s in r.signatures),
        }
        for name, ids in by_table.items():
            t = table(name)
            for part in chunks(ids, 2000):
                for row in self.conn.execute(
                    sa.select(t.c.id, t.c.inspection_id).where(t.c.id.in_(part))
                ):
                    owners[row.id] = row.inspection_id
        photo, finding, event = table("photo"), table("finding"), table("findingevent")
        for part in chunks(fresh(p for r in records for p in r.photos), 2000):
            query = (
                sa.select(photo.c.id, photo.c.inspection_id, finding.c.inspection_id.label("via"))
                .select_from(photo.outerjoin(finding, photo.c.finding_id == finding.c.id))
                .where(photo.c.id.in_(part))
            )
            for photo_row in self.conn.execute(query):
                owners[photo_row.id] = photo_row.inspection_id or photo_row.via
        for part in chunks(fresh(e for r in records for e in r.finding_events), 2000):
            query = (
                sa.select(event.c.id, finding.c.inspection_id)
                .select_from(event.join(finding, event.c.finding_id == finding.c.id))
                .where(event.c.id.in_(part))
            )
            for event_row in self.conn.execute(query):
                owners[event_row.id] = event_row.inspection_id
        audit = table("auditevent")
        for part in chunks(fresh(a for r in records for a in r.audit), 2000):
            for row in self.conn.execute(
                sa.select(audit.c.id, audit.c.entity_id).where(audit.c.id.in_(part))
            ):
                owners[row.id] = ("audit", row.entity_id)
        return owners

    def _clash(self, record: InspectionRecord, owners: dict[uuid.UUID, Any]) -> str | None:
        iid = record.inspection.id
        for part in (
            record.answers,
            record.timer_marks,
            record.photos,
            record.findings,
            record.finding_events,
            record.reviews,
            record.item_comments,
            record.signatures,
        ):
            for row in part:
                owner = owners.get(row.id)
                if owner is not None and owner != iid:
                    return f"id {row.id} already belongs to other stored data"
        return None

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
        clash = self._clash(record, owners)
        if clash:
            self._outcome("inspection", str(iid), label, Outcome.REFUSED, clash)
            return
        if local is None:
            self._insert_record(record)
            self._outcome("inspection", str(iid), label, Outcome.NEW)
            self.stats.changed = True
            return
        incoming_key, local_key = _key(record), _key(local)
        if incoming_key < local_key:
            self._outcome(
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
                self._conflict("inspection", str(iid), head.revision, mine, theirs)
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
            self._outcome(
                "inspection",
                str(iid),
                label,
                Outcome.CONFLICT,
                "a different edit of the same revision is stored; the stored data is kept"
                + (" (other parts were updated)" if changed else ""),
            )
        elif changed:
            self._outcome("inspection", str(iid), label, Outcome.UPDATED)
        else:
            self._outcome("inspection", str(iid), label, Outcome.UNCHANGED)

    def _draft_continues(self, record: InspectionRecord, local_row: Any) -> bool:
        head = record.inspection
        signer = self.pkg.manifest.source.device_id
        return (
            head.status == "draft"
            and local_row.source_device_id is not None
            and local_row.source_device_id == head.origin_device_id == signer
            and head.updated_at > local_row.updated_at
        )

    def _office_conflict(self, record: InspectionRecord, local: InspectionRecord) -> bool:
        mine, theirs = office_part(local), office_part(record)
        if mine == theirs:
            return False
        if REVIEW_RANK[theirs["status"]] != REVIEW_RANK[mine["status"]]:
            return False
        self._conflict(
            "inspection.review", str(record.inspection.id), record.inspection.revision, mine, theirs
        )
        return True

    def _merge_office(self, record: InspectionRecord, local: InspectionRecord) -> bool:
        theirs, mine = office_part(record), office_part(local)
        if theirs == mine or REVIEW_RANK[theirs["status"]] <= REVIEW_RANK[mine["status"]]:
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

    def _want_blobs(self, record: InspectionRecord, photos: Iterable[Any]) -> None:
        meta = {b.sha256: b for b in record.blobs}
        for p in photos:
            self._blobs_wanted.add(p.blob_sha256)
            self._blob_meta[p.blob_sha256] = meta[p.blob_sha256]

    def _child_rows(self, record: InspectionRecord) -> None:
        iid = record.inspection.id
        pending = self._pending
        pending["answer"] += [{**a.model_dump(), "inspection_id": iid} for a in record.answers]
        pending["timermark"] += [
            {**m.model_dump(), "inspection_id": iid} for m in record.timer_marks
        ]
        for s in record.signatures:
            row = s.model_dump(exclude={"image"})
            self._signature_images[s.id] = s.image
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
        self._want_blobs(record, record.photos)
        for part, name in APPEND_PARTS.items():
            rows = [r.model_dump() for r in getattr(record, part) if r.id not in self._owners]
            if name != "auditevent":
                rows = [{**r, "inspection_id": record.inspection.id} for r in rows]
            self._pending[name] += rows

    def _replace_inspector_part(self, record: InspectionRecord, local: InspectionRecord) -> None:
        """Replace the stored inspector part with the newer incoming one."""
        iid = record.inspection.id
        conn = self.conn
        self._flush()  # rows queued earlier must exist before this record's deletes run
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
        self._want_blobs(record, incoming.values())
        for pid, p in incoming.items():
            if pid not in stored:
                self._pending["photo"].append(self._photo_row(record, p))
            elif stored[pid].model_dump(exclude={"updated_at"}) != p.model_dump(
                exclude={"updated_at"}
            ):
                self._flush()
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
                and FINDING_RANK[f.status] > FINDING_RANK[mine.status]
            )
            if newer:
                self.conn.execute(
                    sa.update(t).where(t.c.id == f.id).values(**self._finding_row(record, f))
                )
                changed = True
            elif f.revision == mine.revision:
                self._conflict(
                    "finding", str(f.id), f.revision, _finding_part(mine), _finding_part(f)
                )
        if replacing:
            # Drafted findings the inspector no longer has (the item passes now) go away,
            # unless something already happened to them.
            incoming = {f.id for f in record.findings}
            with_events = {e.finding_id for e in local.finding_events}
            for f in local.findings:
                if f.id not in incoming and f.status == "open" and f.id not in with_events:
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
                    self._conflict(name, str(row.id), 1, _json(mine), _json(row))
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
                self._conflict("findingevent", str(e.id), 1, _json(mine_e), _json(e))
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
            self._want_blobs(record, event_photos)
            self._pending["photo"] += [self._photo_row(record, p) for p in event_photos]
            changed = True
        return changed

    def _flush(self) -> None:
        """Write queued rows in foreign-key order."""
        if self._blobs_wanted:
            self._insert_blobs()
        images: dict[str, bytes] = {}
        for row in self._pending.get("signature", []):
            sha = row["image"]
            if isinstance(sha, str):
                images.setdefault(sha, self.pkg.blob(sha))
                row["image"] = images[sha]
        for name in (
            "inspection",
            "finding",
            "findingevent",
            "answer",
            "timermark",
            "signature",
            "photo",
            "review",
            "itemcomment",
            "auditevent",
        ):
            rows = self._pending.pop(name, [])
            _insert(self.conn, name, rows)
        self._pending.clear()

    def _insert_blobs(self) -> None:
        t = table("photoblob")
        wanted = sorted(self._blobs_wanted)
        self._blobs_wanted = set()
        stored: set[str] = set()
        for part in chunks(wanted, 2000):
            query = sa.select(t.c.sha256).where(t.c.sha256.in_(part))
            stored.update(r.sha256 for r in self.conn.execute(query))
        missing = [s for s in wanted if s not in stored]
        for part in chunks(missing, 20):
            rows = []
            for sha in part:
                meta = self._blob_meta[sha]
                values = meta.model_dump(exclude={"display", "thumbnail"})
                values["display"] = self.pkg.blob(meta.display)
                values["thumbnail"] = self.pkg.blob(meta.thumbnail)
                rows.append(values)
            _insert(self.conn, "photoblob", rows, ignore=True)
        self.stats.blobs_new += len(missing)


def _json(row: Any) -> Any:
    return row.model_dump(mode="json")


def _branch_part(b: BranchRecord, fields: Sequence[str]) -> dict[str, Any]:
    return {f: getattr(b, f) for f in fields}


def _only_workflow_differs(a: FindingRecord, b: FindingRecord) -> bool:
    skip = {"status", "closed_at", "updated_at"}
    return a.model_dump(exclude=skip) == b.model_dump(exclude=skip)
