"""Playing a narrative in the real app: a link names the narrative and step, the arrow keys step through it, and at
each step the address and the map (view, zoom, centre) are the step's."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from atlas.narratives import load
from atlas.store import EventStore
from tests.support.browser import IDLE_JS, MAP_FRAME, screenshot, start_app

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
# The map as the page sees it, once Streamlit is idle and one map is drawn (a step with other filters draws a new
# map, and the old frame lingers a moment): [zoom, lat, lon] of its Leaflet map, or null while not ready.
MAP_VIEW_JS = f"""() => {{
  if (!({IDLE_JS})()) return null;
  const frames = document.querySelectorAll('{MAP_FRAME}');
  if (frames.length !== 1) return null;
  const win = frames[0].contentWindow, doc = frames[0].contentDocument;
  if (!win || !win.atlasMainMap || !doc.querySelector('path.atlas-route, path.atlas-point-event')) return null;
  const centre = win.atlasMainMap.getCenter();
  return [win.atlasMainMap.getZoom(), centre.lat, centre.lng];
}}"""


@pytest.fixture(scope="module")
def narrative(project_root):
    return load(project_root / "docs/examples/narrative.json")


@pytest.fixture(scope="module")
def app_with_narrative(tmp_path_factory, narrative):
    data_dir = tmp_path_factory.mktemp("atlas-data")
    store = EventStore(f"sqlite:///{data_dir / 'atlas.sqlite3'}")
    try:
        store.save_narrative(narrative, "ana")
    finally:
        store.dispose()
    with start_app("dashboard.py", env={"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": "",
                                        "ATLAS_ONLINE_TILES": "false"}, log_dir=data_dir) as app:
        yield app


def address(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def wait_for_step(page, step, number: int) -> tuple[float, float, float]:
    """The address names step ``number`` with its view, and the map has drawn there: (zoom, lat, lon)."""
    wanted = {**step.params, "step": str(number)}
    page.wait_for_function("wanted => { const got = new URLSearchParams(location.search); "
                           "return Object.entries(wanted).every(([k, v]) => got.get(k) === v); }",
                           arg=wanted, timeout=TIMEOUT_MS)
    shown = address(page)
    assert shown == {**step.params, "narrative": "southern-damascus-exits", "step": str(number)}   # nothing else
    if {"lat", "lon", "zoom"} <= set(step.params):     # the step's own centre and zoom
        lat, lon, zoom = (float(step.params[k]) for k in ("lat", "lon", "zoom"))
        condition = f"Math.abs(v[0] - {zoom}) < 0.01 && Math.abs(v[1] - {lat}) < 0.05 && Math.abs(v[2] - {lon}) < 0.05"
    elif step.params.get("view") == "southern-damascus":
        condition = "v[0] >= 11"                        # the neighbourhoods a few km apart
    else:
        condition = "v[0] <= 9"                         # the overview of Syria
    drawn = page.wait_for_function(f"() => {{ const v = ({MAP_VIEW_JS})(); return v && ({condition}) ? v : null; }}",
                                   timeout=TIMEOUT_MS, polling=250)
    return tuple(drawn.json_value())


def test_a_narrative_plays_step_by_step_with_the_arrow_keys(app_with_narrative, offline_page, narrative):
    page = offline_page
    page.goto(f"{app_with_narrative.url}/?narrative={narrative.id}&step=1", timeout=TIMEOUT_MS)
    for number, step in enumerate(narrative.steps, start=1):
        zoom, lat, lon = wait_for_step(page, step, number)
        player = page.locator(".st-key-narrative-player")
        player.get_by_text(step.title_in("en")[1]).wait_for(timeout=TIMEOUT_MS)
        assert f"step {number} of {len(narrative.steps)}" in player.inner_text()
        assert 1 <= zoom <= 19 and 30 < lat < 38 and 34 < lon < 43, (number, zoom, lat, lon)   # over Syria
        screenshot(page, f"narrative-step-{number}")
        if number < len(narrative.steps):
            page.locator("h1").first.click()          # the keys go to the page, not to a text box or the map
            page.keyboard.press("ArrowRight")
    page.locator("h1").first.click()
    page.keyboard.press("ArrowLeft")
    wait_for_step(page, narrative.steps[-2], len(narrative.steps) - 1)
    assert not page.blocked, page.blocked
    assert re.search(r"[?&]narrative=southern-damascus-exits", page.url)
