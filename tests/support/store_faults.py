"""Store faults the store, dashboard and CLI tests share: a SQLite team store with events committed, then a
real fault (corrupt, truncated, read-only, full, newer schema, locked ...) that ``restore()`` removes.
The fixtures (``unprivileged``, ``sqlite_fault``) are in tests/conftest.py."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

DROP_OVERRIDES = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
_DENIED_PROBE = ("import sys\ntry:\n    open(sys.argv[1] + '/probe', 'w')\nexcept PermissionError:\n"
                 "    print('denied')\n")


FULL_DISK_HOOK = '''"""Test hook (sitecustomize): while the flag file exists, every new SQLite connection may not grow
the database (PRAGMA max_page_count = its page count), so writes meet SQLite's real SQLITE_FULL."""
import os
import shutil
import sqlite3

import sqlalchemy as sa

FLAG = os.environ["ATLAS_TEST_FULL_FLAG"]


@sa.event.listens_for(sa.engine.Engine, "connect")
def no_room_left(dbapi_connection, _record):
    if os.path.exists(FLAG) and isinstance(dbapi_connection, sqlite3.Connection):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")
'''

SQLITE_FAULTS = ("corrupt", "truncated", "read-only folder", "read-only file", "folder under a file",
                 "folder under a read-only parent", "full", "newer schema", "locked", "write-locked")
"""Every fault of a SQLite store the tests make (see the sqlite_fault fixture)."""


@dataclass
class SqliteFault:
    """A SQLite team store with events committed, then a fault. A process started with ``prefix`` and
    ``env`` (ATLAS_DATA_DIR set, EVENTS_DB_URL unset) meets the fault; ``restore()`` removes it."""

    kind: str
    data_dir: Path
    committed: list[str]
    prefix: list[str]
    env: dict[str, str]
    restore: Callable[[], None] = lambda: None
    cleanup: list[Callable[[], None]] = field(default_factory=list)

    @property
    def db(self) -> Path:
        return self.data_dir / "atlas.sqlite3"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.db}"

    def file_bytes(self) -> bytes | None:
        """The store file's bytes. Not while this process holds a lock on it: closing any descriptor of
        a file drops every POSIX lock the process holds on it."""
        return self.db.read_bytes() if self.db.is_file() else None


def _committed_store(data_dir: Path, count: int = 3) -> list[str]:
    """A store in ``data_dir`` holding ``count`` team drafts (curated events re-issued), closed cleanly."""
    from atlas.store import EventStore, new_team_id
    from events.curated import load_curated

    store = EventStore(f"sqlite:///{data_dir / 'atlas.sqlite3'}")
    try:
        return [store.add_event(e.replace(id=new_team_id(), status="draft"), "committer").id
                for e in load_curated()[:count]]
    finally:
        store.dispose()




def run_unprivileged_probe(prefix: list[str], folder: Path) -> subprocess.CompletedProcess:
    """Run a program under ``prefix`` that tries to write into the read-only ``folder``."""
    return subprocess.run([*prefix, sys.executable, "-c", _DENIED_PROBE, str(folder)], capture_output=True, text=True)


def make_fault(kind: str, tmp_path: Path, unprivileged: list[str], project_root: Path) -> SqliteFault:
    """A store in ``tmp_path`` with events committed, then the fault ``kind`` (a name in SQLITE_FAULTS)."""
    assert kind in SQLITE_FAULTS, kind
    root = tmp_path / kind.replace(" ", "-")
    data_dir = root / "data"
    data_dir.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k not in ("EVENTS_DB_URL", "ATLAS_DATA_DIR")}
    env.update(ATLAS_DATA_DIR=str(data_dir), PYTHONPATH=str(project_root), ATLAS_AUTH="none")
    fault = SqliteFault(kind, data_dir, [], [], env)
    if kind.startswith("folder under"):
        shutil.rmtree(data_dir)
    else:
        fault.committed = _committed_store(data_dir)
    db, backup = fault.db, root / "backup.sqlite3"
    if kind in ("corrupt", "truncated"):
        shutil.copy(db, backup)
        if kind == "corrupt":
            db.write_bytes(b"these bytes are not a SQLite database\n" * 200)
        else:
            with db.open("r+b") as handle:
                handle.truncate(db.stat().st_size // 2)
        fault.restore = lambda: shutil.copy(backup, db)
    elif kind == "read-only folder":
        data_dir.chmod(0o555)
        fault.prefix = unprivileged
        fault.restore = lambda: data_dir.chmod(0o755)
    elif kind == "read-only file":
        db.chmod(0o444)
        fault.prefix = unprivileged

        def restore():   # the journal files SQLite made beside it took the file's mode
            for path in data_dir.glob("atlas.sqlite3*"):
                path.chmod(0o644)
        fault.restore = restore
    elif kind == "folder under a file":
        blocker = root / "not-a-folder"
        blocker.write_text("a regular file where the data folder's parent should be\n")
        fault.data_dir = blocker / "data"
        fault.env["ATLAS_DATA_DIR"] = str(fault.data_dir)
        fault.restore = blocker.unlink
    elif kind == "folder under a read-only parent":
        parent = root / "read-only-parent"
        parent.mkdir(mode=0o555)
        fault.data_dir = parent / "data"
        fault.env["ATLAS_DATA_DIR"] = str(fault.data_dir)
        fault.prefix = unprivileged
        fault.restore = lambda: parent.chmod(0o755)
        fault.cleanup.append(fault.restore)
    elif kind == "full":
        hooks, flag = root / "hooks", root / "disk-is-full"
        hooks.mkdir()
        (hooks / "sitecustomize.py").write_text(FULL_DISK_HOOK)
        flag.touch()
        fault.env.update(ATLAS_TEST_FULL_FLAG=str(flag), PYTHONPATH=f"{hooks}{os.pathsep}{project_root}")
        fault.restore = flag.unlink
    elif kind == "newer schema":
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        conn.close()

        def restore():
            from alembic.script import ScriptDirectory

            from atlas.store import EventStore
            head = ScriptDirectory.from_config(EventStore.alembic_config()).get_current_head()
            with sqlite3.connect(db) as conn:
                conn.execute("UPDATE alembic_version SET version_num = ?", (head,))
            conn.close()
        fault.restore = restore
    elif kind in ("locked", "write-locked"):
        locker = sqlite3.connect(db, isolation_level=None)
        if kind == "locked":   # nobody else may even read: exclusive locking mode, write lock held
            locker.execute("PRAGMA locking_mode=EXCLUSIVE")
            locker.execute("BEGIN EXCLUSIVE")
        else:                  # someone is writing: readers go on (WAL), writers wait
            locker.execute("BEGIN IMMEDIATE")

        def release():
            if locker.in_transaction:
                locker.execute("ROLLBACK")
            locker.close()
        fault.restore = release
        fault.cleanup.append(release)
    return fault


def undo_fault(fault: SqliteFault) -> None:
    """Leave nothing locked or unreadable behind (teardown)."""
    for undo in fault.cleanup:
        try:
            undo()
        except (OSError, sqlite3.Error):
            pass
    for path in (fault.data_dir, fault.db):
        if path.exists() and not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
