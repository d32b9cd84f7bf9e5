"""Fixtures of the panel tests: a team store the panels find through the settings, with no sign-in."""
from __future__ import annotations

import pytest

from atlas.store import EventStore


@pytest.fixture
def db_url(sqlite_url, monkeypatch):
    """A SQLite store URL the app's settings point at, the form open (ATLAS_AUTH=none), four eyes on."""
    monkeypatch.setenv("EVENTS_DB_URL", sqlite_url)
    monkeypatch.setenv("ATLAS_AUTH", "none")
    monkeypatch.delenv("ATLAS_ALLOW_SELF_REVIEW", raising=False)
    return sqlite_url


@pytest.fixture
def team_store(db_url):
    store = EventStore(db_url)
    yield store
    store.dispose()
