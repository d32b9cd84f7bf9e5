"""Fixtures of the atlas tests: a real PostgreSQL server for the session, store URLs for both backends.

The server is initialised in a fresh temporary folder (as the ``postgres`` OS user, since the
tests may run as root), listens on 127.0.0.1 on a free port with its socket in that folder, and is
stopped by PID when the session ends. Missing binaries FAIL the tests; only ``ATLAS_SKIP_PG=1``
skips them.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pg_test_server.py"
_spec = importlib.util.spec_from_file_location("pg_test_server", _SCRIPT)
pg_test_server = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pg_test_server)


@pytest.fixture(scope="session")
def pg_tools():
    """scripts/pg_test_server.py as a module."""
    return pg_test_server


@pytest.fixture(scope="session")
def pg_server():
    if os.environ.get("ATLAS_SKIP_PG") == "1":
        pytest.skip("ATLAS_SKIP_PG=1: PostgreSQL tests skipped on request")
    try:
        server = pg_test_server.PostgresServer()
    except pg_test_server.PgServerError as error:
        pytest.fail(f"{error} Or set ATLAS_SKIP_PG=1 to skip the PostgreSQL half of the store tests "
                    "explicitly.", pytrace=False)
    try:
        server.start()
    except pg_test_server.PgServerError as error:
        server.stop()
        pytest.fail(str(error), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the session's server, dropped afterwards."""
    name = pg_server.create_database()
    try:
        yield pg_server.url(name)
    finally:
        pg_server.drop_database(name)


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'store' / 'atlas.sqlite3'}"


BACKENDS = [pytest.param("sqlite", id="sqlite"), pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store_url(request):
    """The URL of an empty store, once per backend."""
    return request.getfixturevalue("pg_url" if request.param == "postgresql" else "sqlite_url")


@pytest.fixture
def store(store_url):
    from atlas.store import EventStore
    event_store = EventStore(store_url)
    try:
        yield event_store
    finally:
        event_store.dispose()


@pytest.fixture
def make_event():
    """Factory of valid team events (places from the shipped gazetteer); keyword arguments override."""
    from atlas.store import new_team_id
    from events.schema import Event

    def make(**overrides):
        values = dict(id=new_team_id(), event_type="exit", seed="", url="https://example.org/report/1",
                      outlet="Test Outlet", quote_ar="خرجت عائلات من الحجر الأسود", summary_en="Families left.",
                      date_start="2017-03-02", date_end="2017-03-02", date_precision="day",
                      origin="geonames:8419677", via="local:barada-factory", destination="local:northern-syria",
                      count_min=4, count_max=6, count_unit="families", status="draft")
        values.update(overrides)
        return Event(**values)
    return make


@pytest.fixture
def oidc_auth_section():
    """A usable ``[auth]`` section of Streamlit secrets (what ATLAS_AUTH=oidc needs); nothing is contacted."""
    return {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "a-test-cookie-secret-32-chars-xx",
            "client_id": "atlas", "client_secret": "atlas-secret",
            "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
