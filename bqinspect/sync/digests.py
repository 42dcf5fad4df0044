"""Records merged before and left as they were: skipped unread on the next import (SQLite).

After an import, each inspection whose record merged cleanly (new, or unchanged, with no part
refused and no conflict) keeps the hash of its package entry in ``syncdigest``. Merging the same
entry again would change nothing, so a later package carrying that exact entry (its hash signed
in the manifest and checked like every entry) is not read, validated or merged: it is reported
unchanged. On SQLite the migration's triggers empty the table whenever any table a record is
read from is written, so a digest never outlives the rows it stands for. Other databases keep
no digests and merge every record.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.sync.ledger import Ledger, Outcome, RecordOutcome
from bqinspect.sync.package import OpenPackage, record_name
from bqinspect.sync.snapshot import chunks, table

CLEAN = (Outcome.NEW, Outcome.UNCHANGED)


def kept_here(conn: Connection) -> bool:
    """Whether this database keeps digests (the forgetting triggers exist only on SQLite)."""
    return conn.dialect.name == "sqlite"


def merged_entries(
    conn: Connection, ids: Iterable[uuid.UUID] | None = None
) -> dict[uuid.UUID, str]:
    """The entry hash last merged into each inspection of ``ids`` (all when None)."""
    if not kept_here(conn):
        return {}
    t = table("syncdigest")
    query = sa.select(t.c.inspection_id, t.c.entry_sha256)
    if ids is None:
        return {r.inspection_id: r.entry_sha256 for r in conn.execute(query)}
    return {
        r.inspection_id: r.entry_sha256
        for part in chunks(list(ids))
        for r in conn.execute(query.where(t.c.inspection_id.in_(part)))
    }


def confirm_skips(conn: Connection, pkg: OpenPackage, ledger: Ledger) -> None:
    """Inside the import's transaction: a skipped record whose digest is gone or different
    by now (an edit since the check) is read and checked after all, and merged; the others
    are reported unchanged."""
    skipped = pkg.index.skipped
    if not skipped:
        return
    t = table("syncdigest")
    stored: dict[uuid.UUID, sa.Row[Any]] = {}
    for part in chunks(list(skipped.values())):
        query = sa.select(t.c.inspection_id, t.c.entry_sha256, t.c.label)
        stored |= {
            r.inspection_id: r for r in conn.execute(query.where(t.c.inspection_id.in_(part)))
        }
    for name, iid in sorted(skipped.items()):
        row = stored.get(iid)
        if row is None or row.entry_sha256 != pkg.entry_sha256(name):
            pkg.check_late(name)
        else:
            ledger.outcome("inspection", str(iid), row.label, Outcome.UNCHANGED)


def save_digests(conn: Connection, pkg: OpenPackage, outcomes: Iterable[RecordOutcome]) -> int:
    """After a merge that changed something, as the transaction's last write: the digests of
    the records that merged cleanly (skipped ones included); returns how many."""
    if not kept_here(conn):
        return 0
    outcomes = list(outcomes)
    refused = {o.key for o in outcomes if o.entity == "inspection.part"}
    rows = [
        {
            "inspection_id": uuid.UUID(o.key),
            "entry_sha256": pkg.entry_sha256(record_name(uuid.UUID(o.key))),
            "label": o.label,
        }
        for o in outcomes
        if o.entity == "inspection" and o.outcome in CLEAN and o.key not in refused
    ]
    t = table("syncdigest")
    for part in chunks(rows):
        conn.execute(sa.delete(t).where(t.c.inspection_id.in_([r["inspection_id"] for r in part])))
        conn.execute(sa.insert(t), list(part))
    return len(rows)
