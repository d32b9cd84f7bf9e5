"""What the dashboard's first run loads: the libraries only other panels and actions use stay out of a start
(migrations when the store is current, pyproj's geodesics), so the first map waits for less.
Run in a fresh process (AppTest, the real catalog: curated table + a current SQLite store)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from atlas.store import EventStore

pytestmark = pytest.mark.slow   # a fresh interpreter runs the whole dashboard

LEFT_OUT = ("alembic", "mako", "pyproj")
"""Imported only by a migration (Alembic and its templates) or a distance (pyproj)."""

FIRST_RUN = f"LEFT_OUT = {LEFT_OUT!r}\n" + """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("dashboard.py", default_timeout=180).run()
print(json.dumps({"exceptions": [str(e.value) for e in at.exception], "warnings": [w.value for w in at.warning],
                  "caption": at.caption[0].value if at.caption else "",
                  "loaded": sorted(name for name in LEFT_OUT if name in sys.modules)}))
"""


def first_run(project_root, env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", FIRST_RUN], cwd=project_root, capture_output=True, text=True,
                          timeout=300, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def start_env(tmp_path):
    import os
    url = f"sqlite:///{tmp_path / 'events.db'}"
    EventStore(url).migrate()   # the store as the last start left it
    return {**os.environ, "ATLAS_DATA_DIR": str(tmp_path), "EVENTS_DB_URL": url, "ATLAS_ONLINE_TILES": "false"}


def test_the_first_run_draws_everything_without_what_only_other_panels_use(project_root, start_env):
    found = first_run(project_root, start_env)
    assert found["exceptions"] == [] and found["warnings"] == []
    assert " of " in found["caption"]                 # the events were read and counted
    assert found["loaded"] == []


def test_a_store_that_fails_still_says_so_on_a_lazy_start(project_root, start_env, tmp_path):
    (tmp_path / "bad.db").write_bytes(b"this is not a database" * 100)
    found = first_run(project_root, {**start_env, "EVENTS_DB_URL": f"sqlite:///{tmp_path / 'bad.db'}"})
    assert found["exceptions"] == []
    assert len(found["warnings"]) == 1 and "Showing the curated events only" in found["warnings"][0]
