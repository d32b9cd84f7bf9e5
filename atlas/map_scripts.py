"""The dashboard map's script as a static file, so a rerun hands the browser a URL, not megabytes.

streamlit-folium takes the whole map script as a component argument, which Streamlit serialises and
hashes on every rerun, even when the map came from the cache: about 20 ms at 10k events. Here the
script is written once to ``static/maps/<content hash>.js`` (served by Streamlit's static serving,
offline like the Leaflet assets) and the component gets a few lines that load and run it (:func:`loader`), or, for a
small map, the script itself as a string to run (:func:`runner`): a synchronous fetch waits on a server still busy
with the rerun that asked for it.

The basemap's data (outlines, rivers, roads: 385 kB, the same on every map) goes to files of its own, named by their
content (:func:`shared_script`): a frame loads them once, and each map's script only points at them.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Mapping

from atlas import settings
from atlas.i18n import N_
from atlas.map.page import SHARED_DATA, page_json

MAPS_DIR = settings.PROJECT_ROOT / "static" / "maps"
KEEP_FILES = 64
"""Scripts kept on disk; older ones are removed (a script still in use is written again on its next use)."""
LOAD_FAILED = N_("The map could not be loaded ({reason}). Reload the page.")
"""What the map's frame says when a map's script or its shared data cannot be fetched; the caller hands it over
translated (``{reason}``: the HTTP status, or the browser's own words), as does ``atlasLive.updateFrom``."""


def script_name(script: str) -> str:
    return hashlib.sha256(script.encode("utf-8")).hexdigest()[:32] + ".js"


def publish(script: str, name: str | None = None, directory: Path | None = None) -> str:
    """Make sure ``script`` is on disk (written atomically, safe with several app processes) and
    return its file name. Marks it as recently used, so pruning keeps it."""
    directory = Path(directory or MAPS_DIR)
    name = name or script_name(script)
    path = directory / name
    try:
        os.utime(path)
        return name
    except FileNotFoundError:
        pass
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(script)
        os.chmod(temporary, 0o644)          # readable like the other static files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    prune(directory)
    return name


def prune(directory: Path | None = None, keep: int = KEEP_FILES) -> list[Path]:
    """Remove all but the ``keep`` most recently used scripts; returns what was removed."""
    directory = Path(directory or MAPS_DIR)
    scripts = []
    for path in directory.glob("*.js"):
        try:
            scripts.append((path.stat().st_mtime_ns, path))
        except FileNotFoundError:        # removed meanwhile by another process
            continue
    removed = [path for _, path in sorted(scripts, reverse=True)[keep:]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


_FETCH_AND_RUN = """function fetchAndRun(url) {
    var request = new XMLHttpRequest();
    request.open("GET", url, false);
    request.send(null);
    if (request.status !== 200) {
      document.body.insertAdjacentText("beforeend", failed.replace("{reason}", "HTTP " + request.status));
      return false;
    }
    (0, eval)(request.responseText);
    return true;
  }"""


def shared_name(key: str) -> str:
    """The file name of the shared data ``key`` (``atlas.map.page.shared_key``: named by its content)."""
    return f"{key}.js"


def shared_script(key: str, data_json: str) -> str:
    """The script that puts shared data (page JSON) into the page's ``atlasShared`` under ``key``."""
    return f"(window.{SHARED_DATA} = window.{SHARED_DATA} || {{}})[{page_json(key)}] = {data_json};\n"


def _with_shared(run: str, shared_urls: Mapping[str, str], failed: str) -> str:
    """``run`` (script text) after the shared data it points at is in the page: each file fetched once per frame.
    ``failed``: :data:`LOAD_FAILED` in the page's language."""
    return f"""(function () {{
  var failed = {page_json(failed)};
  {_FETCH_AND_RUN}
  var shared = window.{SHARED_DATA} = window.{SHARED_DATA} || {{}}, needed = {page_json(dict(shared_urls))};
  for (var key in needed) {{
    if (!(key in shared) && !fetchAndRun(needed[key])) {{ return; }}
  }}
  {run}
}})();
"""


def loader(url: str, shared_urls: Mapping[str, str] | None = None, failed: str = LOAD_FAILED) -> str:
    """Script that fetches and runs the script at ``url`` before the next statement runs (after the shared data
    it points at, ``shared_urls``: key -> URL, see :func:`shared_script`). ``failed``: what the frame says if a
    fetch fails (:data:`LOAD_FAILED`, translated).

    streamlit-folium appends code that uses the map's variables right after the script it is given,
    so the fetch is synchronous, and the script runs in global scope as if it were inline.
    """
    return _with_shared(f"fetchAndRun({page_json(url)});", shared_urls or {}, failed)


def runner(script: str, shared_urls: Mapping[str, str] | None = None, failed: str = LOAD_FAILED) -> str:
    """Script that runs ``script`` (carried along as a string) in global scope, as :func:`loader` does with a
    fetched one: for a small map, whose few hundred kB cost less in the rerun's message than a round trip to a
    server still busy with that rerun."""
    return _with_shared(f"(0, eval)({page_json(script)});", shared_urls or {}, failed)
