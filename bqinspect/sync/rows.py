"""Rows a merge queues, written in foreign-key order together with the photo blobs they need."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from bqinspect.base.progress import ProgressFn, check, no_progress
from bqinspect.sync.ledger import MergeStats
from bqinspect.sync.package import OpenPackage
from bqinspect.sync.records import InspectionRecord
from bqinspect.sync.snapshot import chunks, table

# parents before children
TABLE_ORDER = (
    "inspection",
    "finding",
    "appeal",
    "findingevent",
    "answer",
    "timermark",
    "signature",
    "photo",
    "photoannotation",
    "photoredaction",
    "review",
    "itemcomment",
    "auditevent",
)


def insert_rows(
    conn: Connection, name: str, rows: list[dict[str, Any]], *, ignore: bool = False
) -> None:
    """Insert ``rows`` into table ``name`` in chunks; ``ignore`` skips rows already there."""
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


class RowQueue:
    """Rows waiting to be inserted, by table; the blobs of queued photos are added on flush,
    or, ``late`` (SQLite, its foreign keys checked at commit), held back to :meth:`finish`:
    the photos' bytes are most of what an import writes, and written among the rows they
    would push the pages the merge reads out of the page cache, to be looked up again in a
    write-ahead log that grows with every photo."""

    def __init__(
        self, conn: Connection, pkg: OpenPackage, stats: MergeStats, *, late: bool = False
    ):
        self.conn = conn
        self.pkg = pkg
        self.stats = stats
        self.rows: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        self._blobs_wanted: set[str] = set()
        self._blob_meta: dict[str, Any] = {}
        self.late = late
        self._held: dict[str, Any] = {}  # blobs to write at the end: sha256 -> their record

    def want_blobs(self, record: InspectionRecord, photos: Iterable[Any]) -> None:
        """The blobs of ``photos`` are to be stored (unless they already are)."""
        self.want_shas(record, (p.blob_sha256 for p in photos))

    def want_shas(self, record: InspectionRecord, shas: Iterable[str]) -> None:
        """The record's blobs ``shas`` are to be stored (unless they already are)."""
        meta = {b.sha256: b for b in record.blobs}
        for sha in shas:
            self._blobs_wanted.add(sha)
            self._blob_meta[sha] = meta[sha]

    def want_blob(self, record: InspectionRecord, sha256: str) -> None:
        """The blob ``sha256`` of ``record`` is to be stored (unless it already is)."""
        self.want_shas(record, (sha256,))

    def flush(self) -> None:
        """Write queued rows in foreign-key order."""
        if self._blobs_wanted:
            self._insert_blobs()
        images: dict[str, bytes] = {}
        for row in self.rows.get("signature", []):
            sha = row["image"]
            if isinstance(sha, str):
                images.setdefault(sha, self.pkg.blob(sha))
                row["image"] = images[sha]
        for name in TABLE_ORDER:
            insert_rows(self.conn, name, self.rows.pop(name, []))
        self.rows.clear()

    def _insert_blobs(self) -> None:
        t = table("photoblob")
        wanted = sorted(self._blobs_wanted)
        self._blobs_wanted = set()
        stored: set[str] = set()
        for part in chunks(wanted, 2000):
            query = sa.select(t.c.sha256).where(t.c.sha256.in_(part))
            stored.update(r.sha256 for r in self.conn.execute(query))
        missing = [s for s in wanted if s not in stored and s not in self._held]
        self.stats.blobs_new += len(missing)
        if self.late:
            self._held |= {sha: self._blob_meta[sha] for sha in missing}
        else:
            self._write_blobs({sha: self._blob_meta[sha] for sha in missing})

    def finish(self, progress: ProgressFn = no_progress, done: int = 0) -> None:
        """Write what is queued, then the blobs held back (before the commit checks the keys);
        ``done`` records merged so far, for the progress."""
        self.flush()
        held, self._held = self._held, {}
        self._write_blobs(held, progress, done)

    def _write_blobs(
        self, blobs: dict[str, Any], progress: ProgressFn = no_progress, done: int = 0
    ) -> None:
        for number, part in enumerate(chunks(sorted(blobs), 20)):
            if self.late:
                check(progress)
                progress(done + number * 20, done + len(blobs), "importing")
            rows = []
            for sha in part:
                meta = blobs[sha]
                values = meta.model_dump(exclude={"display", "thumbnail", "pixels"})
                values["display"] = self.pkg.blob(meta.display)
                values["thumbnail"] = self.pkg.blob(meta.thumbnail)
                rows.append(values)
            insert_rows(self.conn, "photoblob", rows, ignore=True)
