"""Hostile text in a team event shows as text in the running dashboard: in map tooltips and details.

A team event whose summary, outlet and notes carry a <script> tag and an <img onerror> is stored
before the app starts; nothing in it may run (``window.__pwned`` stays undefined in the page and in
the map frame) and the details panel shows the tags literally.
"""
import pytest

from atlas.store import EventStore, new_team_id
from events.schema import Event
from tests.e2e.conftest import screenshot, start_app, wait_until_ready
from tests.e2e.sample_data import HOSTILE_NOTE, QUOTE_AR

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
DAMASCUS_CITY = "geonames:170654"


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("atlas-hostile")
    event = Event(id=new_team_id(), event_type="arrest", seed="", url="https://example.org/report",
                  outlet=f"Outlet {HOSTILE_NOTE}", quote_ar=QUOTE_AR, summary_en=f"Hostile text test {HOSTILE_NOTE}",
                  location=DAMASCUS_CITY, outcome="not_applicable", notes=HOSTILE_NOTE, status="draft")
    store = EventStore(f"sqlite:///{data_dir / 'atlas.sqlite3'}")
    try:
        store.add_event(event, "e2e-test")
    finally:
        store.dispose()
    with start_app("dashboard.py", env={"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": ""},
                   log_dir=data_dir) as app:
        yield app, event


def test_hostile_text_never_runs(hostile_app, offline_page):
    app, event = hostile_app
    page = offline_page
    page.goto(app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)

    # Open every tooltip on the map (Leaflet renders each into the DOM) and find the hostile event's.
    map_frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    tooltips = map_frame.evaluate("""() => {
        const texts = [];
        map_div.eachLayer(layer => {
            if (layer.getTooltip && layer.getTooltip() && layer.getLatLng) {
                layer.openTooltip(layer.getLatLng());
                const element = layer.getTooltip().getElement();
                if (element) texts.push(element.innerText);
            }
        });
        return texts;
    }""")
    hostile = [t for t in tooltips if "Hostile text test" in t]
    assert hostile and "<script>window.__pwned=1</script>" in hostile[0], tooltips
    assert map_frame.locator(".leaflet-tooltip-pane img, .leaflet-tooltip-pane script").count() == 0

    picker = page.locator(".st-key-map-pick")
    picker.locator("input").click()
    page.keyboard.type(event.id)
    page.keyboard.press("Enter")
    details = page.locator(f'.atlas-details[data-event="{event.id}"]')
    details.wait_for(timeout=TIMEOUT_MS)
    text = details.inner_text()
    assert HOSTILE_NOTE in text                     # shown literally, as text
    assert details.locator("script, img").count() == 0
    assert all(f.evaluate("() => window.__pwned === undefined") for f in page.frames)
    details.scroll_into_view_if_needed()
    screenshot(page, "dashboard-hostile-text-escaped")
