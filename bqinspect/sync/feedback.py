"""The feedback register in packages: written (contacts office to office only), checked, merged."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.domain.messages import declare
from bqinspect.domain.ownership import Part
from bqinspect.sync.feedback_records import (
    FEEDBACK,
    FeedbackList,
    FeedbackRecord,
    FeedbackStepRecord,
)
from bqinspect.sync.ledger import Ledger, Outcome
from bqinspect.sync.parts import Signer
from bqinspect.sync.reasons import OLDER_REVISION, field_labels
from bqinspect.sync.safezip import PackageError
from bqinspect.sync.snapshot import chunks, table

MANIFEST_COUNTS_FEEDBACK_ITEMS = declare(
    "sync.feedback.manifest_counts_feedback_items",
    "the manifest counts {feedback} feedback items, the package holds {items}",
    "清单记载 {feedback} 条客户意见，数据包中有 {items} 条",
)
FEEDBACK_BRANCH_LISTED = declare(
    "sync.feedback.feedback_branch_listed",
    "feedback {id}: branch {branch_code} is not listed",
    "客户意见 {id}：网点 {branch_code} 未列出",
)
FEEDBACK_ITEM = declare(
    "sync.feedback.feedback_item",
    "feedback {label}",
    "客户意见 {label}",
)
FEEDBACK_FIELDS = declare(
    "sync.feedback.feedback_fields",
    "feedback {label} ({fields})",
    "客户意见 {label}（{fields}）",
)
FEEDBACK_DIFFERS = declare(
    "sync.feedback.feedback_differs",
    "revision {revision} differs in {fields}; the stored is kept",
    "第 {revision} 版的{fields}与已存版本不同：保留已存数据",
)

if TYPE_CHECKING:
    from bqinspect.sync.package import OpenPackage, PackageWriter

ENTITY = "feedback"
CONTACT_FIELDS = ("contact_name", "contact_phone")
# compared and written; the contact only when the package carries it
FIELDS = (
    "channel",
    "category",
    "received_at",
    "content",
    "assigned_to",
    "reply_due",
    "extensions",
    "status",
    "replied_at",
    "reply_method",
    "reply_text",
    "accepted",
    "follow_up",
    "closed_at",
    "finding_id",
    "recorded_by",
)


# writing ------------------------------------------------------------------------------------------
def write_feedback(
    conn: Connection, writer: PackageWriter, *, contact: bool
) -> tuple[int, set[str]]:
    """Write the whole register (the contact only when ``contact``); its count and branch codes."""
    t, b, e = table("feedback"), table("branch"), table("feedbackevent")
    rows = conn.execute(
        sa.select(t, b.c.code.label("branch_code"))
        .join(b, b.c.id == t.c.branch_id)
        .order_by(t.c.received_at, t.c.id)
    ).all()
    if not rows:
        return 0, set()
    steps: dict[uuid.UUID, list[FeedbackStepRecord]] = {}
    ids = [r.id for r in rows]
    for part in chunks(ids):
        query = sa.select(e).where(e.c.feedback_id.in_(part)).order_by(e.c.seq)
        for ev in conn.execute(query):
            steps.setdefault(ev.feedback_id, []).append(
                FeedbackStepRecord.model_validate(
                    {k: v for k, v in ev._mapping.items() if k in FeedbackStepRecord.model_fields}
                )
            )
    records = []
    for r in rows:
        values = {k: v for k, v in r._mapping.items() if k in FeedbackRecord.model_fields}
        if not contact:
            values |= dict.fromkeys(CONTACT_FIELDS, "")
        values |= {"contact_included": contact, "steps": steps.get(r.id, [])}
        records.append(FeedbackRecord.model_validate(values))
    writer.add_model(FEEDBACK, FeedbackList(feedback=records))
    return len(records), {r.branch_code for r in rows}


# checking -----------------------------------------------------------------------------------------
def package_feedback(pkg: OpenPackage) -> FeedbackList:
    if not pkg.has(FEEDBACK):
        return FeedbackList(feedback=[])
    result: FeedbackList = pkg.read_model(FEEDBACK, FeedbackList)
    return result


def check_feedback(pkg: OpenPackage, branch_codes: set[str]) -> None:
    """Every feedback item's branch is in the package, and the manifest counts them right."""
    items = package_feedback(pkg).feedback
    for item in items:
        if item.branch_code not in branch_codes:
            raise PackageError(
                FEEDBACK_BRANCH_LISTED(id=item.id, branch_code=item.branch_code), FEEDBACK
            )
    if pkg.manifest.counts.feedback != len(items):
        raise PackageError(
            MANIFEST_COUNTS_FEEDBACK_ITEMS(feedback=pkg.manifest.counts.feedback, items=len(items)),
            FEEDBACK,
        )


# merging ------------------------------------------------------------------------------------------
def _compared(values: dict[str, Any], contact: bool) -> dict[str, Any]:
    names = FIELDS + (CONTACT_FIELDS if contact else ())
    return {n: values[n] for n in names}


def _incoming(item: FeedbackRecord) -> dict[str, Any]:
    values = item.model_dump()
    return {n: values[n] for n in FIELDS + CONTACT_FIELDS}


def _label(item: FeedbackRecord) -> str:
    return f"{item.branch_code} {item.channel}/{item.category} {item.received_at:%Y-%m-%d}"


def merge_feedback(
    conn: Connection,
    pkg: OpenPackage,
    ledger: Ledger,
    signer: Signer,
    branches: dict[str, uuid.UUID],
) -> None:
    """Merge the package's feedback items by id: a newer revision from the lead or head office
    wins (the stored contact kept when the package has none); anything else that differs is
    refused (another signer) or kept as a conflict (the same revision)."""
    items = package_feedback(pkg).feedback
    if not items:
        return
    t, e = table("feedback"), table("feedbackevent")
    local = {
        r.id: r
        for part in chunks([i.id for i in items])
        for r in conn.execute(sa.select(t).where(t.c.id.in_(part)))
    }
    ledger.load_known([str(i.id) for i in items])
    for item in items:
        key, label = str(item.id), _label(item)
        row = local.get(item.id)
        incoming = _incoming(item)
        if row is None:
            if not signer.owns(Part.FEEDBACK):
                reason = signer.refusal(Part.FEEDBACK, FEEDBACK_ITEM(label=label))
                ledger.outcome(ENTITY, key, label, Outcome.REFUSED, reason)
                continue
            values = incoming | {"id": item.id, "branch_id": branches[item.branch_code]}
            values |= {"revision": item.revision, "created_at": item.created_at}
            conn.execute(sa.insert(t).values(updated_at=item.updated_at, **values))
            _append_steps(conn, e, item)
            ledger.outcome(ENTITY, key, label, Outcome.NEW)
            ledger.stats.changed = True
            continue
        stored = dict(row._mapping)
        contact = item.contact_included
        differs = sorted(
            n for n, v in _compared(incoming, contact).items() if _compared(stored, contact)[n] != v
        )
        if not differs:
            ledger.outcome(ENTITY, key, label, Outcome.UNCHANGED)
        elif not signer.owns(Part.FEEDBACK):
            what = FEEDBACK_FIELDS(label=label, fields=field_labels(differs))
            ledger.outcome(ENTITY, key, label, Outcome.REFUSED, signer.refusal(Part.FEEDBACK, what))
        elif item.revision > row.revision:
            values = _compared(incoming, contact)
            conn.execute(
                sa.update(t)
                .where(t.c.id == item.id)
                .values(revision=item.revision, updated_at=item.updated_at, **values)
            )
            _append_steps(conn, e, item)
            ledger.outcome(ENTITY, key, label, Outcome.UPDATED)
            ledger.stats.changed = True
        elif item.revision == row.revision:
            mine = _json(_compared(stored, contact))
            if ledger.conflict(
                ENTITY, key, item.revision, mine, _json(_compared(incoming, contact))
            ):
                ledger.stats.changed = True
            reason = FEEDBACK_DIFFERS(revision=item.revision, fields=field_labels(differs))
            ledger.outcome(ENTITY, key, label, Outcome.CONFLICT, reason)
        else:
            reason = OLDER_REVISION(revision=item.revision, stored=row.revision)
            ledger.outcome(ENTITY, key, label, Outcome.REFUSED, reason)


def _append_steps(conn: Connection, e: sa.Table, item: FeedbackRecord) -> None:
    """Add the steps not stored yet (steps are only ever appended)."""
    known = {r.id for r in conn.execute(sa.select(e.c.id).where(e.c.feedback_id == item.id))}
    for step in item.steps:
        if step.id in known:
            continue
        values = step.model_dump()
        conn.execute(sa.insert(e).values(feedback_id=item.id, data=None, **values))


def _json(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, uuid.UUID):
            value = str(value)
        out[name] = value
    return out
