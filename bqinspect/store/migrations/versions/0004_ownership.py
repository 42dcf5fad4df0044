"""Who owns what: the inspector's and the lead's parts of a record counted apart, roles on devices,
comments, reviews and audit events.

The stored status becomes derived: the inspector's ``work_status`` (draft / submitted) and the
lead's ``decision`` on one inspector revision. Existing records keep the status they show.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UUID = sa.Uuid()


def upgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "work_status",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="draft",
            )
        )
        batch_op.add_column(
            sa.Column(
                "decision", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
            )
        )
        batch_op.add_column(sa.Column("reviewed_revision", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("review_revision", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("followup_revision", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "role",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="inspector",
            )
        )
    for name in ("review", "itemcomment"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "role",
                    sqlmodel.sql.sqltypes.AutoString(),
                    nullable=False,
                    server_default="lead",
                )
            )
            batch_op.add_column(sa.Column("device_id", _UUID, nullable=True))
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("device_id", _UUID, nullable=True))
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE inspection SET work_status = CASE WHEN status = 'draft' "
        "THEN 'draft' ELSE 'submitted' END"
    )
    op.execute(
        "UPDATE inspection SET decision = status, reviewed_revision = revision, "
        "review_revision = 1 WHERE status IN ('approved', 'returned')"
    )
    # a finding somebody acted on already has a follow-up of the lead's
    op.execute("UPDATE finding SET followup_revision = 1 WHERE status <> 'open'")


def downgrade() -> None:
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        for column in ("revision", "device_id", "role"):
            batch_op.drop_column(column)
    for name in ("itemcomment", "review"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_column("device_id")
            batch_op.drop_column("role")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_column("role")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_column("followup_revision")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        for column in ("review_revision", "reviewed_revision", "decision", "work_status"):
            batch_op.drop_column(column)
