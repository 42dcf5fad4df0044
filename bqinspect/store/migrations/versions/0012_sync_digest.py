"""Sync that costs what changed: merged records' digests, an audit index by inspection.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUDIT_HEAD_INDEX = "ix_auditevent_entity_head"

# Every table a package record is read from (store/record.py): on SQLite a write to any of
# them empties ``syncdigest``, so a digest only ever stands for rows left as they were merged.
RECORD_TABLES = (
    "inspection",
    "branch",
    "formversion",
    "answer",
    "timermark",
    "finding",
    "findingevent",
    "photo",
    "photoblob",
    "photoannotation",
    "photoredaction",
    "appeal",
    "review",
    "itemcomment",
    "signature",
    "auditevent",
)
EVENTS = ("INSERT", "UPDATE", "DELETE")


def _trigger(table: str, event: str) -> str:
    return f"syncdigest_forget_{table}_{event.lower()}"


def upgrade() -> None:
    op.create_table(
        "syncdigest",
        sa.Column("inspection_id", sa.Uuid(), nullable=False),
        sa.Column("entry_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("inspection_id"),
    )
    op.create_index(AUDIT_HEAD_INDEX, "auditevent", [sa.text("substr(entity_id, 1, 36)")])
    if op.get_bind().dialect.name == "sqlite":
        for table in RECORD_TABLES:
            for event in EVENTS:
                op.execute(
                    f'CREATE TRIGGER {_trigger(table, event)} AFTER {event} ON "{table}" '
                    f"{_when(table, event)}BEGIN DELETE FROM syncdigest; END"
                )


def _when(table: str, event: str) -> str:
    # Marking inspections exported (sync/export.py, the only writer of exported_at, which no
    # package record holds) leaves what they would merge as it was.
    if table == "inspection" and event == "UPDATE":
        return "WHEN OLD.exported_at IS NEW.exported_at "
    # A device's audit events (a key made, a signer accepted once) belong to no record.
    if table == "auditevent" and event == "INSERT":
        return "WHEN NEW.entity != 'device' "
    return ""


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in RECORD_TABLES:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS {_trigger(table, event)}")
    op.drop_index(AUDIT_HEAD_INDEX, "auditevent")
    op.drop_table("syncdigest")
