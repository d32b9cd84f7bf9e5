"""Fixtures shared by every test package: paths, the shipped gazetteer and curated table, sample team data,
the text a Markdown element shows, store faults (built by tests/support/store_faults.py), and a static file
server on 127.0.0.1."""
import os
import re
from pathlib import Path

import pytest

from events.curated import SEEDS_DIR, load_curated
from geodata.gazetteer import load_gazetteer
from tests.support import exports_data, store_faults
from tests.support.curated_data import SMALL_PLACE_IDS, shipped_place_rows, write_places

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def seeds_dir(project_root) -> Path:
    return project_root / "seeds"


_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")    # CommonMark: a backslash before ASCII punctuation


def _shown(markdown_source: str) -> str:
    """What a reader sees of Markdown source that only escapes user text: backslash escapes undone,
    invisible isolation marks (FSI/PDI) dropped."""
    return _MARKDOWN_ESCAPE.sub(r"\1", markdown_source).replace("\u2068", "").replace("\u2069", "")


@pytest.fixture(scope="session")
def shown_text():
    """``shown_text(element.value)``: the text a Streamlit Markdown element shows (for assertions)."""
    return _shown


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
def seed_manifest():
    """seeds/sources.csv as loaded (file -> SeedReport, publication dates parsed and checked)."""
    from events.seed_manifest import load_seed_manifest
    return load_seed_manifest()


@pytest.fixture
def small_gazetteer(tmp_path):
    """A seven-place gazetteer in tmp_path, copied from the shipped one."""
    return load_gazetteer(write_places(tmp_path / "places.csv", shipped_place_rows(SMALL_PLACE_IDS)))


@pytest.fixture
def team_sample():
    """Three invented team events (two drafts, one verified) over the sample places."""
    return exports_data.sample_events()


@pytest.fixture
def sample_places_by_id():
    """The sample events' places (GeoNames points), id -> Place: a gazetteer for import checks."""
    return exports_data.places_by_id()


@pytest.fixture
def import_store(tmp_path):
    """An empty SQLite team store in tmp_path."""
    from atlas.store import EventStore
    store = EventStore(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield store
    store.dispose()


# -- store faults --------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def unprivileged(tmp_path_factory) -> list[str]:
    """Command prefix that runs a program bound by file permissions. As root (CI) chmod stops nothing,
    so the program runs with root's permission-override capabilities dropped (setpriv, util-linux);
    as another user the prefix is empty. Checked on a read-only folder; fails, never skips."""
    prefix = store_faults.DROP_OVERRIDES if os.geteuid() == 0 else []
    folder = tmp_path_factory.mktemp("read-only")
    folder.chmod(0o555)
    try:
        probe = store_faults.run_unprivileged_probe(prefix, folder)
    except FileNotFoundError as error:
        pytest.fail(f"{error}: install util-linux (setpriv) to run the read-only tests as root", pytrace=False)
    finally:
        folder.chmod(0o755)
    if probe.stdout.strip() != "denied":
        pytest.fail(f"cannot run a program bound by file permissions (prefix {prefix}): {probe.stderr}",
                    pytrace=False)
    return prefix


@pytest.fixture
def sqlite_fault(tmp_path, unprivileged, project_root):
    """Factory: ``sqlite_fault(kind)`` (a name in SQLITE_FAULTS) -> SqliteFault. Faults are undone at teardown."""
    made: list[store_faults.SqliteFault] = []

    def make(kind: str) -> store_faults.SqliteFault:
        made.append(store_faults.make_fault(kind, tmp_path, unprivileged, project_root))
        return made[-1]
    yield make
    for fault in made:
        store_faults.undo_fault(fault)


@pytest.fixture
def static_server(tmp_path):
    """tmp_path served on 127.0.0.1 (the requests it answered noted), stopped after the test."""
    import functools
    import http.server
    import threading

    served: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            served.append(self.path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def pytest_collection_modifyitems(items):
    """A PostgreSQL test is a slow test too: the fast lane (``-m "not browser and not slow"``) runs without a
    database server."""
    for item in items:
        if item.get_closest_marker("postgres") is not None and item.get_closest_marker("slow") is None:
            item.add_marker(pytest.mark.slow)
