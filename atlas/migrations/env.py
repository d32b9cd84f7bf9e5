"""Alembic environment for the team event store.

The store runs migrations itself (``EventStore.migrate()``) and hands over an open connection
inside its own write transaction via ``config.attributes["connection"]``. Run from the command
line (``alembic -c <config>``) it connects to ``atlas.settings.database_url()`` instead.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

connection = context.config.attributes.get("connection")


def _run(conn) -> None:
    context.configure(connection=conn, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run them against a database")
elif connection is not None:
    _run(connection)
else:
    from atlas import settings

    engine = create_engine(settings.database_url())
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()
