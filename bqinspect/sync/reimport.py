"""A package imported before, left as it merged: recognised early, not merged again (SQLite).

The same package (its id, and the hash of its signed manifest) whose import is the latest one
recorded here, which merged without a conflict or a refusal, and whose every inspection record
still has the digest that import kept (``sync.digests``: any write to a table a record is read
from since would have emptied them) would merge into exactly what it left. Such a package is
answered "already imported, nothing changed" without the merge, the backup or the write lock.

What is still checked: the signature over the manifest and the listing (on opening), the
signer (by the caller), and the hash of every entry but the photo files; those are not read
(their records are not), so their bytes are not hashed. A package carrying the feedback or
staff registers (tables no digest watches) is merged as ever.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.base.progress import ProgressFn, no_progress
from bqinspect.sync.digests import kept_here
from bqinspect.sync.feedback_records import FEEDBACK
from bqinspect.sync.ledger import Outcome, RecordOutcome
from bqinspect.sync.package import BLOBS_DIR, INSPECTIONS_DIR, STAFF, OpenPackage
from bqinspect.sync.snapshot import chunks, table


@dataclass(frozen=True)
class AlreadyMerged:
    """What the earlier import of the same package left: its date and the records' outcomes."""

    first_imported_at: datetime
    outcomes: list[RecordOutcome]


def already_merged(
    conn: Connection,
    pkg: OpenPackage,
    merged: dict[uuid.UUID, str],
    progress: ProgressFn = no_progress,
) -> AlreadyMerged | None:
    """The earlier import of ``pkg`` if merging it again would change nothing, else None.

    ``merged``: the stored digests (:func:`sync.digests.merged_entries`). Raises
    :class:`PackageError` for an entry altered after signing, as a full import would."""
    if not kept_here(conn) or pkg.has(FEEDBACK) or pkg.has(STAFF):
        return None
    records = {
        uuid.UUID(f.name[len(INSPECTIONS_DIR) : -len(".json")]): f.sha256
        for f in pkg.manifest.files
        if f.name.startswith(INSPECTIONS_DIR)
    }
    if not records or len(records) != pkg.manifest.counts.inspections:
        return None
    if any(merged.get(iid) != sha for iid, sha in records.items()):
        return None
    t = table("importrecord")
    latest = conn.execute(
        sa.select(t.c.package_id, t.c.sha256, t.c.result).order_by(t.c.imported_at.desc()).limit(1)
    ).first()
    same = (str(pkg.manifest.package_id), pkg.manifest_sha256)
    if latest is None or (latest.package_id, latest.sha256) != same or latest.result != "imported":
        return None
    first = conn.execute(
        sa.select(sa.func.min(t.c.imported_at)).where(
            t.c.package_id == same[0], t.c.sha256 == same[1]
        )
    ).scalar_one()
    pkg.check_hashes([f for f in pkg.manifest.files if not f.name.startswith(BLOBS_DIR)], progress)
    return AlreadyMerged(first, _outcomes(conn, pkg, list(records)))


def _outcomes(conn: Connection, pkg: OpenPackage, ids: list[uuid.UUID]) -> list[RecordOutcome]:
    """Every record unchanged, named as a merge names it: branches, then inspections."""
    out = [
        RecordOutcome("branch", b.code, f"{b.code} {b.name}", Outcome.UNCHANGED)
        for b in pkg.branches().branches
    ]
    t = table("syncdigest")
    labels: dict[Any, str] = {}
    for part in chunks(sorted(ids)):
        query = sa.select(t.c.inspection_id, t.c.label).where(t.c.inspection_id.in_(part))
        labels |= {r.inspection_id: r.label for r in conn.execute(query)}
    out += [
        RecordOutcome("inspection", str(iid), labels.get(iid, ""), Outcome.UNCHANGED)
        for iid in sorted(ids)
    ]
    return out
