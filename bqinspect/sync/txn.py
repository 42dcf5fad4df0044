"""One write transaction for an import, safe against concurrent imports on SQLite and PostgreSQL.

SQLite has one writer: the transaction starts with ``BEGIN IMMEDIATE`` so the read-compare-write
of a merge cannot interleave with another writer (retried while the database is busy).

PostgreSQL (READ COMMITTED) runs imports side by side. Each import first takes transaction-level
advisory locks on every entity key it may touch (inspection ids, branch codes, form hashes,
signer keys), hashed into a fixed number of buckets and taken in sorted order, so two imports
that overlap wait for each other (and cannot deadlock), while disjoint ones run in parallel.
After the locks, every statement sees the other import's committed rows. Content-addressed
rows (photo blobs) are inserted with ``ON CONFLICT DO NOTHING``. This was chosen over
SERIALIZABLE with retries: a merge reads and writes thousands of rows, and repeating a large
import after a serialization failure would cost more than waiting on a lock.
"""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bqinspect.base.errors import Refused
from bqinspect.domain.messages import declare

DATABASE_BUSY_WITH_ANOTHER = declare(
    "sync.txn.database_busy_with_another",
    "the database is busy with another import or edit; try again in a moment",
    "数据库正忙于另一项导入或编辑；请稍后重试",
)

log = logging.getLogger(__name__)

LOCK_NAMESPACE = 0x6271  # "bq"
LOCK_BUCKETS = 512
BUSY_RETRIES = 30


def lock_buckets(keys: Iterable[str]) -> list[int]:
    return sorted({zlib.crc32(k.encode("utf-8")) % LOCK_BUCKETS for k in keys})


def _begin_sqlite(conn: Connection) -> None:
    delay = 0.05
    for attempt in range(BUSY_RETRIES):
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except sa.exc.OperationalError as exc:
            if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
                raise
            log.info("database busy, waiting to import (attempt %d)", attempt + 1)
            conn.rollback()
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    raise Refused(DATABASE_BUSY_WITH_ANOTHER())


@contextmanager
def write_transaction(engine: Engine, lock_keys: Iterable[str]) -> Iterator[Connection]:
    """A connection in one transaction that commits on success and rolls back on any error."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            _begin_sqlite(conn)
        elif conn.dialect.name == "postgresql":
            for bucket in lock_buckets(lock_keys):
                conn.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:ns, :bucket)"),
                    {"ns": LOCK_NAMESPACE, "bucket": bucket},
                )
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
