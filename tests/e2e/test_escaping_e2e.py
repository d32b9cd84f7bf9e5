"""Hostile text in a team event shows as text in the running dashboard: in map tooltips and details.

A team event whose summary, outlet and notes carry a <script> tag and an <img onerror> is stored
before the app starts; nothing in it may run (``window.__pwned`` stays undefined in the page and in
the map frame) and the details panel shows the tags literally. A second event carries Markdown and
HTML images pointing at a beacon host, and direction overrides: with every non-loopback request
recorded, no view of it (details, caption, filters, report reader) may ask for the beacon, and its
text must be isolated (``<bdi>``) from the interface around it.
"""
import pytest

from atlas.store import EventStore, new_team_id
from events.schema import Event
from tests.support.browser import open_tab, screenshot, start_app, wait_idle, wait_until_ready
from tests.support.sample_data import HOSTILE_NOTE, QUOTE_AR

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
DAMASCUS_CITY = "geonames:170654"
BEACON = "beacon.invalid"
BEACON_NOTE = (f"first line\n\n![tracker](http://{BEACON}/note.png)\n\n<img src=\"http://{BEACON}/img.png\">"
               f" \u202eoverride\u202c end")
BEACON_SUMMARY = f"Beacon test ![x](http://{BEACON}/summary.png) \u202eReversed"


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("atlas-hostile")
    event = Event(id=new_team_id(), event_type="arrest", seed="", url="https://example.org/report",
                  outlet=f"Outlet {HOSTILE_NOTE}", quote_ar=QUOTE_AR, summary_en=f"Hostile text test {HOSTILE_NOTE}",
                  location=DAMASCUS_CITY, outcome="not_applicable", notes=HOSTILE_NOTE, status="draft")
    beacon = Event(id=new_team_id(), event_type="arrest", seed="", url="https://example.org/beacon",
                   outlet=f"Outlet ![o](http://{BEACON}/outlet.png)", quote_ar=QUOTE_AR, summary_en=BEACON_SUMMARY,
                   location=DAMASCUS_CITY, outcome="not_applicable", notes=BEACON_NOTE, status="draft",
                   names=(f"Abu ![n](http://{BEACON}/name.png)",))
    store = EventStore(f"sqlite:///{data_dir / 'atlas.sqlite3'}")
    try:
        store.add_event(event, "e2e-test")
        store.add_event(beacon, "e2e-test")
    finally:
        store.dispose()
    with start_app("dashboard.py", env={"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": ""},
                   log_dir=data_dir) as app:
        yield app, event, beacon


def test_hostile_text_never_runs(hostile_app, offline_page):
    app, event, _beacon = hostile_app
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


def _open_details(page, event_id: str):
    picker = page.locator(".st-key-map-pick")
    picker.locator("input").click()
    page.keyboard.type(event_id)
    page.keyboard.press("Enter")
    details = page.locator(f'.atlas-details[data-event="{event_id}"]')
    details.wait_for(timeout=TIMEOUT_MS)
    return details


def test_user_text_never_fetches_and_stays_isolated(hostile_app, offline_page):
    app, _event, beacon = hostile_app
    page = offline_page
    page.goto(app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)

    details = _open_details(page, beacon.id)
    text = details.inner_text()
    assert f"![tracker](http://{BEACON}/note.png)" in text and "<img src=" in text     # shown as typed
    assert details.locator("img").count() == 0
    # Each piece of user text sits in its own <bdi>, which the browser isolates: the override in the note
    # cannot reorder the labels and values around it.
    note = details.locator("bdi", has_text="override")
    assert note.count() >= 1 and note.first.evaluate("b => getComputedStyle(b).unicodeBidi") == "isolate"

    # A filter value typed by the analyst shows in the caption as text, never as an image.
    person = page.locator(".st-key-filters-person input")
    person.fill(f"![p](http://{BEACON}/person.png)")
    person.press("Enter")
    page.get_by_text(f"http://{BEACON}/person.png", exact=False).first.wait_for(timeout=TIMEOUT_MS)

    # A pasted report with a Markdown image after a blank line is shown as text in the reader.
    open_tab(page, "Read a report", TIMEOUT_MS)
    page.get_by_label("Report text").fill(f"خرج أربعة من الحجر الأسود إلى إدلب\n\n![r](http://{BEACON}/report.png)")
    page.get_by_role("button", name="Read", exact=True).click()
    reader = page.locator(".reader-text").first
    reader.wait_for(timeout=TIMEOUT_MS)
    assert f"http://{BEACON}/report.png" in reader.inner_text() and reader.locator("img").count() == 0
    wait_idle(page, TIMEOUT_MS)
    screenshot(page, "dashboard-beacon-text-inert")
    assert not [url for url in page.blocked if BEACON in url], page.blocked
    assert page.locator(f'img[src*="{BEACON}"]').count() == 0
