"""Alembic environment: always handed a live connection by ``prm.core.migrate``."""

from alembic import context
from sqlmodel import SQLModel

import prm.core.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from prm.core.migrate import include_object

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite can only ALTER by copying tables
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
