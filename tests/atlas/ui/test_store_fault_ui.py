"""The dashboard when the team store fails: one warning saying what is wrong and what to do, the
curated events still shown, the entry form, review and import off with that reason, no traceback;
and the same running app recovers once the fault is removed.

Each fault is met by the real dashboard under Streamlit's AppTest in a fresh process (bound by file
permissions for the read-only ones, see the ``unprivileged`` fixture), which reports the page as JSON,
waits for the test to remove the fault, reruns and reports again.
"""
from __future__ import annotations

import json
import re
import selectors
import socket
import subprocess
import sys
from dataclasses import dataclass

import pytest

from events.curated import load_curated

pytestmark = pytest.mark.slow   # runs the dashboard under AppTest against real store faults

PAGE = r"""
import json, sys
from streamlit.testing.v1 import AppTest
from atlas.ui import MAIN_TABS
from atlas.ui.form_state import FORM_OPEN


def page(at):
    return {"exceptions": [str(e.value) for e in at.exception],
            "warnings": [w.value for w in at.warning],
            "caption": at.caption[0].value if len(at.caption) else "",
            "sidebar_infos": [i.value for i in at.sidebar.info],
            "infos": [i.value for i in at.info],
            "errors": [e.value for e in at.error],
            "inputs": [w.key for w in at.text_input],
            "uploads": len(at.get("file_uploader"))}

at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.session_state[FORM_OPEN] = True   # the entry form open
at.session_state[MAIN_TABS] = "Import"   # and the Import tab (only the open tab's panel is drawn)
at.run()
print(json.dumps(page(at)), flush=True)
if sys.stdin.readline().strip() == "fixed":
    import atlas.ui
    atlas.ui.event_store().dispose()   # connections made during the fault (a simulated full disk) go
    at.run()
    print(json.dumps(page(at)), flush=True)
"""
TIMEOUT_S = 240


def unescaped(text: str) -> str:
    """Markdown-escaped text (backslash before punctuation) as the reader sees it."""
    return re.sub(r"\\(.)", r"\1", text)


def _read_page(process: subprocess.Popen, log) -> dict:
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(TIMEOUT_S)
    line = process.stdout.readline() if ready else ""
    assert line, f"the app process gave no page (exit {process.poll()}):\n{log.read_text()[-4000:]}"
    return json.loads(line)


class Dashboard:
    """The dashboard running under AppTest in a child process, one page report per run."""

    def __init__(self, command: list[str], env: dict, cwd, log):
        self.log = log
        with open(log, "w") as err:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                            text=True, env=env, cwd=cwd)

    def page(self) -> dict:
        return _read_page(self.process, self.log)

    def rerun_after_fix(self) -> dict:
        self.process.stdin.write("fixed\n")
        self.process.stdin.flush()
        return self.page()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def dashboard(project_root, tmp_path):
    started = []

    def start(prefix: list[str], env: dict) -> Dashboard:
        app = Dashboard([*prefix, sys.executable, "-c", PAGE, str(project_root / "dashboard.py")], env,
                        project_root, tmp_path / f"app-{len(started)}.log")
        started.append(app)
        return app
    yield start
    for app in started:
        app.stop()


@dataclass(frozen=True)
class Expected:
    says: tuple[str, ...]       # in the warning: what is wrong, what to do
    team_shown: bool = False    # the team events can still be read (read-only file, full disk)


EXPECTED = {
    "corrupt": Expected(("is not a readable SQLite database", "restore it from a backup")),
    "truncated": Expected(("is not a readable SQLite database", "corrupt or truncated", "move it aside")),
    "read-only folder": Expected(("is read-only", "make the folder writable")),
    "read-only file": Expected(("the file is read-only", "chmod u+w"), team_shown=True),
    "folder under a file": Expected(("does not exist and cannot be created", "ATLAS_DATA_DIR")),
    "folder under a read-only parent": Expected(("does not exist and cannot be created", "Permission denied")),
    "full": Expected(("is full", "free some disk space"), team_shown=True),
    "newer schema": Expected(("newer version", "update Checkpoint Atlas")),
    "locked": Expected(("busy", "try again in a moment")),
}


def assert_store_off(page: dict, says: tuple[str, ...], shown: int, team_shown: bool = False) -> None:
    """One warning with what is wrong and what to do; the events shown; form, review and import off."""
    assert page["exceptions"] == []
    assert len(page["warnings"]) == 1, page["warnings"]
    warning = unescaped(page["warnings"][0])
    for words in says:
        assert words in warning, warning
    assert warning[0].isupper() and warning.endswith("; adding, reviewing and importing events is off until "
                                                     "this is fixed.")
    assert ("Team events are shown as last read" if team_shown else "Showing the curated events only") in warning
    assert page["caption"].startswith(f"{shown} of {shown} events"), page["caption"]
    assert "entry_outlet" not in page["inputs"] and "entry_user" not in page["inputs"]   # no form
    assert page["uploads"] == 0                                                             # no import
    sidebar = [unescaped(text) for text in page["sidebar_infos"]]
    assert any(text.startswith("Adding, reviewing and importing events is off: ") and says[0] in text
               for text in sidebar), sidebar
    assert any(unescaped(text).startswith("Import is off: ") for text in page["infos"]), page["infos"]


def assert_store_works(page: dict, shown: int) -> None:
    assert page["exceptions"] == [] and page["warnings"] == [] and page["errors"] == []
    assert page["caption"].startswith(f"{shown} of {shown} events"), page["caption"]
    assert "entry_outlet" in page["inputs"] and page["uploads"] == 1


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_dashboard_shows_one_warning_and_the_curated_events_when_the_store_fails(sqlite_fault, dashboard, kind):
    fault = sqlite_fault(kind)
    curated = len(load_curated())
    expected = EXPECTED[kind]
    app = dashboard(fault.prefix, fault.env)

    page = app.page()
    assert_store_off(page, expected.says, curated + (len(fault.committed) if expected.team_shown else 0),
                     expected.team_shown)
    if kind not in ("locked",):
        assert str(fault.data_dir) in unescaped(page["warnings"][0])

    fault.restore()
    assert_store_works(app.rerun_after_fix(), curated + len(fault.committed))   # committed events all back


@pytest.mark.postgres
def test_dashboard_with_the_database_server_down_shows_the_curated_events(dashboard, project_root):
    import os

    with socket.socket() as sock:   # bound, never listening: connections are refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k != "ATLAS_DATA_DIR"}
        env.update(EVENTS_DB_URL=f"postgresql+psycopg://atlas:pa55-w0rd-secret@127.0.0.1:{port}/atlas",
                   ATLAS_AUTH="none", PYTHONPATH=str(project_root))
        app = dashboard([], env)
        page = app.page()
    assert_store_off(page, ("reach the database server", "Connection refused",
                            "check that the server is running"), len(load_curated()))
    assert "pa55-w0rd-secret" not in json.dumps(page)
    assert "atlas:***@127.0.0.1" in unescaped(page["warnings"][0])


def test_an_unexpected_store_error_still_shows_the_curated_events(monkeypatch, tmp_path, project_root):
    """A bug in reading the store (here: a RuntimeError) costs the team events, never the page."""
    from streamlit.testing.v1 import AppTest

    from atlas.store import EventStore

    def broken(self, *args, **kwargs):
        raise RuntimeError("a bug while reading")
    monkeypatch.chdir(project_root)
    monkeypatch.delenv("EVENTS_DB_URL", raising=False)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ATLAS_AUTH", "none")
    monkeypatch.setattr(EventStore, "read_table", broken)
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120).run()
    assert not at.exception
    assert [unescaped(w.value) for w in at.warning] == [
        "Reading the team store failed unexpectedly (RuntimeError); the app's log has the details. Showing the "
        "curated events only; adding, reviewing and importing events is off until this is fixed."]
    curated = len(load_curated())
    assert at.caption[0].value.startswith(f"{curated} of {curated} events")
    assert "entry_outlet" not in [w.key for w in at.text_input]
