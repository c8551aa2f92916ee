"""Alembic's environment: migrations run on the connection the store hands over (storage.store.migrate)."""

from __future__ import annotations

from alembic import context

from storage.tables import Base

connection = context.config.attributes["connection"]
# batch mode: SQLite alters a table by copying it, which Alembic does only when asked
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
