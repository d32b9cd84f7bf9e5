"""atlas.map_scripts: the dashboard map's script kept as a static file the component loads."""
from __future__ import annotations

import json
import os

import pytest

from atlas import map_scripts
from atlas.i18n import translator


def test_publish_writes_once_under_its_content_hash(tmp_path):
    script = "var map_div = L.map('map_div'); // معمل بردى"
    name = map_scripts.publish(script, directory=tmp_path)
    assert name == map_scripts.script_name(script) and name.endswith(".js")
    path = tmp_path / name
    assert path.read_text(encoding="utf-8") == script
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)
    os.utime(path, ns=(1, 1))
    assert map_scripts.publish(script, directory=tmp_path) == name          # already there: only marked as used
    assert path.stat().st_mtime_ns > 1 and path.read_text(encoding="utf-8") == script
    assert map_scripts.script_name(script + " ") != name
    assert [p.name for p in tmp_path.iterdir()] == [name]                    # no temporary file left


def test_prune_keeps_the_most_recently_used(tmp_path):
    names = []
    for n in range(6):
        names.append(map_scripts.publish(f"var n = {n};", directory=tmp_path))
        os.utime(tmp_path / names[-1], ns=(n * 10**9, n * 10**9))
    os.utime(tmp_path / names[0], ns=(99 * 10**9, 99 * 10**9))             # the oldest was used again
    removed = map_scripts.prune(tmp_path, keep=3)
    assert sorted(p.name for p in removed) == sorted(names[1:4])
    assert sorted(p.name for p in tmp_path.glob("*.js")) == sorted([names[0], *names[4:]])


def test_a_pruned_script_is_written_again_on_its_next_use(tmp_path):
    name = map_scripts.publish("var a = 1;", directory=tmp_path)
    (tmp_path / name).unlink()
    assert map_scripts.publish("var a = 1;", name, directory=tmp_path) == name
    assert (tmp_path / name).read_text(encoding="utf-8") == "var a = 1;"


def test_dashboard_map_is_published_with_the_basemap_data_apart(monkeypatch, tmp_path, project_root, sqlite_url):
    """Under AppTest the whole dashboard runs: its map script lands in static/maps (here tmp_path), and the
    basemap's data in files of its own, which the script points at instead of carrying."""
    from streamlit.testing.v1 import AppTest
    monkeypatch.chdir(project_root)
    monkeypatch.setattr(map_scripts, "MAPS_DIR", tmp_path / "maps")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EVENTS_DB_URL", sqlite_url)
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    shared = {path.stem: path.read_text(encoding="utf-8") for path in (tmp_path / "maps").glob("base-*.js")}
    (script,) = set((tmp_path / "maps").glob("*.js")) - set((tmp_path / "maps").glob("base-*.js"))
    text = script.read_text(encoding="utf-8")
    assert "map_div" in text and "atlas-route" in text and "atlasdata" not in text   # features filled in
    assert len(shared) >= 3 and all(f'atlasShared["{key}"]' in text for key in shared)
    assert any('"Cyprus"' in data for data in shared.values()) and '"Cyprus"' not in text   # the outlines apart


@pytest.mark.browser
def test_loader_and_runner_run_a_map_in_global_scope_after_its_shared_data(tmp_path, static_server):
    """In Chromium: the shared data is fetched once per page, a map's script runs in global scope (its ``var``s
    are the page's), a string carried by the runner arrives whole, and a missing file says so and runs nothing."""
    from tests.support.browser import offline_chromium

    base, served = static_server
    (tmp_path / "index.html").write_text("<!doctype html><body></body>", encoding="utf-8")
    (tmp_path / map_scripts.shared_name("base-k")).write_text(
        map_scripts.shared_script("base-k", '{"n": 7, "name": "\\u003c/script\\u003e معمل بردى"}'), encoding="utf-8")
    (tmp_path / "map.js").write_text("var atlasRuns = (window.atlasRuns || 0) + 1;"
                                     " var atlasGot = atlasShared['base-k'].n;", encoding="utf-8")
    shared = {"base-k": f"{base}/{map_scripts.shared_name('base-k')}"}
    tricky = "</script><b>'\"`${1}\u2028\\ معمل"
    carried = f"var atlasCarried = {json.dumps(tricky)}; var atlasName = atlasShared['base-k'].name;"
    with offline_chromium(tmp_path / "profile") as context:
        page = context.new_page()
        page.goto(f"{base}/index.html")
        run = "(text) => (0, eval)(text)"
        page.evaluate(run, map_scripts.loader(f"{base}/map.js", shared))
        page.evaluate(run, map_scripts.loader(f"{base}/map.js", shared))
        assert page.evaluate("() => [window.atlasRuns, window.atlasGot]") == [2, 7]
        assert served.count("/" + map_scripts.shared_name("base-k")) == 1 and served.count("/map.js") == 2
        page.evaluate(run, map_scripts.runner(carried, shared))
        assert page.evaluate("() => [window.atlasCarried, window.atlasName]") == [tricky, "</script> معمل بردى"]
        assert served.count("/" + map_scripts.shared_name("base-k")) == 1            # still once
        page.evaluate(run, map_scripts.loader(f"{base}/map.js", {"base-gone": f"{base}/base-gone.js"}))
        assert "The map could not be loaded (HTTP 404). Reload the page." in page.inner_text("body")
        arabic = translator("ar").gettext(map_scripts.LOAD_FAILED)
        page.evaluate(run, map_scripts.runner(carried, {"base-gone": f"{base}/base-gone.js"}, arabic))
        assert arabic != map_scripts.LOAD_FAILED and arabic.replace("{reason}", "HTTP 404") in page.inner_text("body")
        assert page.evaluate("() => window.atlasRuns") == 2          # the map needing it did not run
