"""atlas.map_scripts: the dashboard map's script kept as a static file the component loads."""
from __future__ import annotations

import json
import os

import pytest

from atlas import map_scripts


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


@pytest.mark.parametrize("url", ["/app/static/maps/abc.js", "/x/\"quoted\"</script>.js"])
def test_loader_fetches_synchronously_and_runs_in_global_scope(url):
    text = map_scripts.loader(url)
    assert f"request.open(\"GET\", {json.dumps(url)}, false)" in text
    assert "(0, eval)(request.responseText)" in text
    assert "could not be loaded" in text


def test_dashboard_map_is_handed_over_as_a_loader(monkeypatch, tmp_path, project_root, sqlite_url):
    """Under AppTest the whole dashboard runs: its map script lands in static/maps (here tmp_path)."""
    from streamlit.testing.v1 import AppTest
    monkeypatch.chdir(project_root)
    monkeypatch.setattr(map_scripts, "MAPS_DIR", tmp_path / "maps")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EVENTS_DB_URL", sqlite_url)
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    (script,) = (tmp_path / "maps").glob("*.js")
    text = script.read_text(encoding="utf-8")
    assert "map_div" in text and "atlas-route" in text and "atlasdata" not in text   # features filled in
