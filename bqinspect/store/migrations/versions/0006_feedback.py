"""The customer feedback register: feedback items and their append-only steps.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_TIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("created_at", _TIME(), nullable=False),
        sa.Column("updated_at", _TIME(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("channel", _TEXT(), nullable=False),
        sa.Column("category", _TEXT(), nullable=False),
        sa.Column("received_at", _TIME(), nullable=False),
        sa.Column("content", _TEXT(), nullable=False),
        sa.Column("contact_name", _TEXT(), nullable=False),
        sa.Column("contact_phone", _TEXT(), nullable=False),
        sa.Column("assigned_to", _TEXT(), nullable=False),
        sa.Column("reply_due", sa.Date(), nullable=True),
        sa.Column("extensions", sa.Integer(), nullable=False),
        sa.Column("status", _TEXT(), nullable=False),
        sa.Column("replied_at", _TIME(), nullable=True),
        sa.Column("reply_method", _TEXT(), nullable=False),
        sa.Column("reply_text", _TEXT(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.Column("follow_up", _TEXT(), nullable=False),
        sa.Column("closed_at", _TIME(), nullable=True),
        sa.Column("finding_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_by", _TEXT(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        for column in ("branch_id", "received_at", "reply_due", "status"):
            batch_op.create_index(batch_op.f(f"ix_feedback_{column}"), [column], unique=False)
    op.create_table(
        "feedbackevent",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("feedback_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", _TEXT(), nullable=False),
        sa.Column("actor", _TEXT(), nullable=False),
        sa.Column("role", _TEXT(), nullable=False),
        sa.Column("at", _TIME(), nullable=False),
        sa.Column("text", _TEXT(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feedbackevent", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedbackevent_feedback_id"), ["feedback_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("feedbackevent")
    op.drop_table("feedback")
