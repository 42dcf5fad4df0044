"""Privacy redaction: the boxes hidden in a photo's copies that leave the office.

Revision ID: 0010
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "photoredaction",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("photo_id", sa.Uuid(), nullable=False),
        sa.Column("original_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("redacted_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("boxes", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["photo_id"], ["photo.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["redacted_sha256"], ["photoblob.sha256"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("photo_id"),
    )
    with op.batch_alter_table("photoredaction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_photoredaction_redacted_sha256"), ["redacted_sha256"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("photoredaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_photoredaction_redacted_sha256"))
    op.drop_table("photoredaction")
