"""Alembic environment: runs on the connection bqinspect hands over (never from an ini URL)."""

from alembic import context
from sqlmodel import SQLModel

from bqinspect.store import models  # noqa: F401  (registers the tables)

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
