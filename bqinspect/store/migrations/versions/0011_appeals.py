"""Appeals of deductions: the branch's reason and evidence, the lead's decision.

Revision ID: 0011
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString()


def upgrade() -> None:
    op.create_table(
        "appeal",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("finding_id", sa.Uuid(), nullable=False),
        sa.Column("inspection_id", sa.Uuid(), nullable=True),
        sa.Column("item_id", _TEXT, nullable=True),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("reason", _TEXT, nullable=False),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("lodged_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("lodged_by", _TEXT, nullable=False),
        sa.Column("decision", _TEXT, nullable=False),
        sa.Column("decision_reason", _TEXT, nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_by", _TEXT, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("role", _TEXT, nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["finding_id"], ["finding.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("appeal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appeal_finding_id"), ["finding_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_appeal_inspection_id"), ["inspection_id"])


def downgrade() -> None:
    with op.batch_alter_table("appeal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appeal_inspection_id"))
        batch_op.drop_index(batch_op.f("ix_appeal_finding_id"))
    op.drop_table("appeal")
