"""atlas.serve: the server's warm-up reads what the first run needs into the process-wide caches, never imports a
module that declares a Streamlit component (it would not be registered outside a script run: the map's frame would
not load), and never stops the server when it fails."""
from __future__ import annotations

import importlib.util
import json
import logging
import subprocess
import sys
import time

import pytest

from atlas import serve

COMPONENT_MODULES = ("streamlit_folium", "atlas.ui.folium_component", "atlas.ui.map_panel", "atlas.ui.reader_panel")
"""Modules whose import declares a Streamlit component (directly or through their imports)."""

WARM_UP_IN_A_FRESH_PROCESS = """
import json, sys
from atlas import serve, ui
found = serve.warm_up(ready=lambda: True)
again, problem = ui.read_catalog(ui.app_settings())
print(json.dumps({"events": len(found[0]), "same_catalog": again is found, "problem": str(problem or ""),
                  "imported": sorted(name for name in sys.modules if name in COMPONENT_MODULES),
                  "panel_imports_loaded": all(name in sys.modules for name in serve.panel_imports())}))
"""


def run_warm_up(tmp_path, project_root) -> dict:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(project_root),
           "ATLAS_DATA_DIR": str(tmp_path / "data"), "EVENTS_DB_URL": "", "ATLAS_ONLINE_TILES": "false"}
    code = f"COMPONENT_MODULES = {COMPONENT_MODULES!r}\n{WARM_UP_IN_A_FRESH_PROCESS}"
    done = subprocess.run([sys.executable, "-c", code], cwd=project_root, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_the_warm_up_fills_the_caches_the_first_run_reads_without_importing_a_component(tmp_path, project_root):
    found = run_warm_up(tmp_path, project_root)
    assert found["events"] > 0 and found["problem"] == ""
    assert found["same_catalog"], "the first run would read the catalog again"
    assert found["panel_imports_loaded"]
    assert found["imported"] == [], "a component declared outside a script run is never registered"


def test_the_panels_imports_are_the_core_and_libraries_never_a_panel_or_streamlit():
    names = serve.panel_imports()
    assert {"atlas.catalog", "atlas.map.build", "atlas.timeline", "pandas"} <= set(names)   # dashboard's, panels'
    assert not [name for name in names if name.startswith(("atlas.ui", "streamlit"))]
    assert not set(names) & set(COMPONENT_MODULES)


@pytest.mark.parametrize("name", serve.LIBRARY_IMPORTS)
def test_the_libraries_the_warm_up_imports_exist(name):
    """The warm-up skips a library module it cannot import (an upgrade may move it): this says when one moved."""
    assert importlib.util.find_spec(name) is not None


def test_the_warm_up_gives_up_when_the_server_never_starts():
    started = time.monotonic()
    assert serve.warm_up(ready=lambda: False, wait_s=0.2) is None
    assert time.monotonic() - started < 5


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def server_log():
    handler = Lines()
    logger = logging.getLogger("atlas.serve")
    logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize("error", [RuntimeError("disk on fire\nsecond line"), OSError("no such file"),
                                   ImportError("no module named x"),
                                   ConnectionError("postgresql+psycopg://atlas:s3cr3t@db.example/atlas refused")])
def test_a_failing_warm_up_is_one_log_line_and_never_stops_the_server(error, server_log):
    def failing():
        raise error
    serve.warm_up_quietly(failing)            # returns: the server goes on
    assert len(server_log) == 1
    line = server_log[0]
    assert line.startswith(f"warm-up skipped ({type(error).__name__}: ") and "\n" not in line
    assert "s3cr3t" not in line


def test_a_finished_warm_up_says_how_long_it_took(server_log):
    serve.warm_up_quietly(lambda: None)
    assert len(server_log) == 1 and server_log[0].startswith("warm-up done in ")
