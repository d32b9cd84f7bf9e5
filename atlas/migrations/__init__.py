"""Alembic migrations of the team event store (run by ``atlas.store.EventStore.migrate``)."""
