"""The store's part of a start: a store already at the newest schema is opened and read without Alembic (its
import is ~0.2 s of every start); Alembic comes in only to migrate. The revisions the code knows without it must be
Alembic's own."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.store import EventStore
from atlas.store_engine import REVISIONS, head_revision, known_revisions

PROJECT_ROOT = Path(__file__).resolve().parents[2]

OPEN_AND_READ = """
import json, sys
from atlas.store import EventStore
store = EventStore(sys.argv[1])
problem = store.problem()
store.revision()
rows = store.read_table()
print(json.dumps({"problem": str(problem) if problem else None, "loaded": sorted(
    name for name in ("alembic", "mako") if name in sys.modules)}))
"""


def test_revisions_are_alembics_own_oldest_first():
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(EventStore.alembic_config())
    assert REVISIONS == tuple(reversed([script.revision for script in scripts.walk_revisions()]))
    assert head_revision() == scripts.get_current_head()
    assert known_revisions() == {script.revision for script in scripts.walk_revisions()}


def _open_and_read(url: str) -> dict:
    done = subprocess.run([sys.executable, "-c", OPEN_AND_READ, url], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_current_store_is_opened_and_read_without_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'events.db'}"
    EventStore(url).migrate()                      # a store as the last start left it
    found = _open_and_read(url)
    assert found == {"problem": None, "loaded": []}


@pytest.mark.slow
def test_a_new_store_is_migrated_with_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    found = _open_and_read(url)                    # nothing there yet: the schema is made by Alembic
    assert found["problem"] is None and "alembic" in found["loaded"]
    assert EventStore(url).current_revision() == REVISIONS[-1]


@pytest.mark.slow
def test_an_old_store_is_still_migrated_on_opening(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    EventStore(url).migrate(REVISIONS[0])
    found = _open_and_read(url)
    assert found["problem"] is None and "alembic" in found["loaded"]
    assert EventStore(url).current_revision() == REVISIONS[-1]
