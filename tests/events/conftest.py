"""Fixtures for the curated-table, geometry and CLI tests (helpers live in curated_data.py)."""
from __future__ import annotations

import csv

import pytest

from tests.events.curated_data import SMALL_PLACE_IDS, shipped_place_rows, write_places
from events.curated import SEEDS_DIR, load_curated
from geodata.gazetteer import load_gazetteer


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="session")
def curated_events(gazetteer):
    return load_curated(gazetteer=gazetteer)


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in SEEDS_DIR.glob("*.txt")}


@pytest.fixture(scope="session")
def seed_sources() -> dict[str, dict]:
    with (SEEDS_DIR / "sources.csv").open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


@pytest.fixture
def small_gazetteer(tmp_path):
    """A seven-place gazetteer in tmp_path, copied from the shipped one."""
    return load_gazetteer(write_places(tmp_path / "places.csv", shipped_place_rows(SMALL_PLACE_IDS)))


@pytest.fixture
def team_sample():
    """Three invented team events (two drafts, one verified) over the sample places."""
    from tests.events.exports_data import sample_events
    return sample_events()


@pytest.fixture
def sample_places_by_id():
    """The sample events' places (GeoNames points), id -> Place: a gazetteer for import checks."""
    from tests.events.exports_data import places_by_id
    return places_by_id()


@pytest.fixture
def import_store(tmp_path):
    """An empty SQLite team store in tmp_path."""
    from atlas.store import EventStore
    store = EventStore(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield store
    store.dispose()
