"""Staff and counters: the branches' staff register, and the staff member and counter an answer or
a finding names.

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "staffmember",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("employee_no", _TEXT(length=32), nullable=False),
        sa.Column("name", _TEXT(), nullable=False),
        sa.Column("post", _TEXT(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("staffmember", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staffmember_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_staffmember_employee_no"), ["employee_no"], unique=True
        )
    for name in ("answer", "finding"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.add_column(sa.Column("staff_no", _TEXT(), nullable=False, server_default=""))
            batch_op.add_column(sa.Column("counter", _TEXT(), nullable=False, server_default=""))


def downgrade() -> None:
    for name in ("finding", "answer"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_column("counter")
            batch_op.drop_column("staff_no")
    with op.batch_alter_table("staffmember", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staffmember_employee_no"))
        batch_op.drop_index(batch_op.f("ix_staffmember_branch_id"))
    op.drop_table("staffmember")
