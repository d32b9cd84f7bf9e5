"""How ``scripts/run.sh`` serves the dashboard: Streamlit's own ``streamlit run dashboard.py …``, plus a warm-up.

Streamlit runs the dashboard's script only when a visitor opens the page, so the first visitor after a start used to
wait for everything the first run does once per process: importing the libraries (pandas, pyarrow, altair,
SQLAlchemy, folium), reading the gazetteer, the curated table and the team store (at 100,000 team events, seconds),
the basemap and the map's script. While the server waits for that visitor, a thread does this work into the same
process-wide caches (``st.cache_resource``, ``functools.lru_cache``), and the first run finds it done; a visitor who
comes sooner waits on the caches' locks for the work under way instead of doing it again.

The warm-up calls only the app's core and the resources of :mod:`atlas.ui`, never a panel module: a Streamlit
component (the map's) is declared when its module is first imported, and declared outside a script run it is not
registered, so the page could not load it. A warm-up that fails changes nothing: it logs one line and the first run
does the work, showing any problem as it always does.

``python -m atlas.serve dashboard.py [streamlit options…]``; ``scripts/run.sh`` (``atlas.launch``) builds the
command. A plain ``streamlit run dashboard.py`` serves the same app without the warm-up.
"""
from __future__ import annotations

import ast
import contextlib
import importlib
import logging
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Sequence

from atlas.settings import PROJECT_ROOT

WARM_UP_THREAD = "atlas-warm-up"
LIBRARY_IMPORTS = ("folium.plugins", "streamlit.emojis")
"""Modules the first run imports beyond the panels' own imports: streamlit-folium's plugins (its own import declares
the map's component, so it is not warmed itself) and Streamlit's emoji table (the page icon is checked against it);
~0.23 s."""
WARM_UP_WAIT_S = 120.0
"""How long the warm-up waits for Streamlit's runtime to start (its options read, the secrets files known)."""


def _logger() -> logging.Logger:
    """The server log's logger, at Streamlit's log level and in its format (plain ``logging`` would drop info)."""
    from streamlit.logger import get_logger

    return get_logger("atlas.serve")


def _serving() -> bool:
    """Streamlit's runtime has started: its options (the secrets files among them) are read, the server listens."""
    from streamlit import runtime

    return runtime.exists() and runtime.get_instance().state != runtime.RuntimeState.INITIAL


def panel_imports(root: Path = PROJECT_ROOT) -> list[str]:
    """The modules ``dashboard.py`` and the panels (``atlas/ui``) import at their top, read from their source: the
    app's core and the libraries a first run loads. Not the panels themselves, nor Streamlit's packages
    (``streamlit_folium`` declares the map's component at import)."""
    names = set()
    for path in (root / "dashboard.py", *sorted((root / "atlas" / "ui").glob("*.py"))):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return sorted(name for name in names if not name.startswith(("atlas.ui", "streamlit", "__future__")))


def warm_up(ready: Callable[[], bool] = _serving, wait_s: float = WARM_UP_WAIT_S):
    """Do the first run's once-per-process work: the offline assets, the settings, the catalog (gazetteer, curated
    table, team store), the panels' imports (:func:`panel_imports`, :data:`LIBRARY_IMPORTS`), the map's fixed parts
    (basemap, reference layers, place names, script) and the charts' specs built without rows, in the configured
    language. Waits until ``ready()`` first; returns the catalog it read (None when the store could not be read or
    it gave up waiting)."""
    deadline = time.monotonic() + wait_s
    while not ready():
        if time.monotonic() > deadline:
            return None
        time.sleep(0.05)
    from atlas import ui
    from atlas.catalog import CombinedPlaces

    ui.offline_assets()
    config = ui.app_settings()
    # the catalog first: the longest part (seconds at 100,000 team events), largely in SQLite and Arrow, which let
    # a visitor's first run import its modules meanwhile
    found, _problem = ui.read_catalog(config)     # a problem is the first run's to show
    places = found[1] if found else CombinedPlaces(ui.gazetteer())
    for name in panel_imports():
        importlib.import_module(name)
    for name in LIBRARY_IMPORTS:
        with contextlib.suppress(ImportError):     # another library version may lay its modules out otherwise
            importlib.import_module(name)
    from atlas.i18n import translator
    from atlas.map.build import build_map
    from atlas.period_chart import CHART_HEIGHT, MEASURES, period_spec
    from atlas.timeline import spec_with_rows

    language, digits = config["ATLAS_LANGUAGE"], config["ATLAS_DIGITS"]
    t = translator(language, digits)
    build_map([], places, language=language, digits=digits)
    for aggregated in (False, True):
        spec_with_rows([], "warm-up", t=t, aggregated=aggregated)
    period_spec([], next(iter(MEASURES)), height=CHART_HEIGHT[t.direction], t=t)
    return found


def warm_up_quietly(warm: Callable[[], object] = warm_up) -> None:
    """:func:`warm_up`, a failure logged in one line (the first run then does the work and shows any problem)."""
    started = time.perf_counter()
    try:
        warm()
    except Exception as error:  # noqa: BLE001 - never stop the server: the first run does the work instead
        from atlas.store_faults import hide_passwords  # a database URL in the error keeps its password out

        _logger().warning("warm-up skipped (%s: %s); the first visitor's page does its work",
                          type(error).__name__, hide_passwords(" ".join(str(error).split()))[:200])
        return
    _logger().info("warm-up done in %.1f s", time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> int | None:
    """Start the warm-up thread, then Streamlit's command line: ``streamlit run <argv…>``."""
    threading.Thread(target=warm_up_quietly, name=WARM_UP_THREAD, daemon=True).start()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", "run", *(sys.argv[1:] if argv is None else argv)]
    return streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
