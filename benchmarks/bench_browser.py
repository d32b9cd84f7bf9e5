"""What a user waits for: a filter change in the running dashboard until the map is drawn again, in Chromium.

The app runs as deployed (``python -m atlas.serve dashboard.py`` on 127.0.0.1, as ``scripts/run.sh`` serves it)
with the curated table, plus N synthetic team events in a SQLite store when ``--events N`` is given. Headless
Chromium (network refused) opens it; for each kind of change the benchmark times, ``--repeats`` times, from the
widget change to the map frame showing the new selection with every layer drawn and painted ("map drawn", what
the issue's target is about), and on to Streamlit being idle with the panels below the map drawn too ("page
idle"), and counts the script reruns the change caused (rerun requests the browser sends over Streamlit's
websocket, plus reruns the server starts on its own):

* ``narrow``: one outcome chosen in the Outcome filter (a new, small selection);
* ``window``: the date window's start moved by a week (a new date window over most events);
* ``back``: the outcome filter cleared again (a view seen before).

    .venv/bin/python benchmarks/bench_browser.py [--events 10000] [--repeats 5]

"map drawn" is timed twice. "from input" is the page's own clock: from the change's input event (the press of the
pointer or key that makes it) to the map frame painting its new version; this is what the user waits for, and the
issue's target. The wall-clock column ("map drawn") adds what the harness spends around it: Playwright's checks
before its click (the element stable for two animation frames, hit-testing) and its polling after.

The peer, measured in the same run with the same changes: a plain Streamlit app over the same events (read the
same way), with an outcome filter and a date window in its sidebar, drawing them the way streamlit-folium documents
for a map kept across reruns: one folium GeoJson layer of every event handed as ``feature_group_to_add``, on the same
offline Leaflet assets (no basemap, names, arrowheads, details, timeline or table). "ours / peer" is the ratio of
the p50s from input. ``--no-peer`` skips it.

It prints p50 and p95 of each per kind and the reruns per change. Figures are browser-measured (server + network +
Leaflet drawing), unlike the AppTest rerun figures of bench_map.py, which are server-only. "page CPU" is the
page's main thread's own working time from the change to the page idle (Chrome's TaskDuration in thread time:
Streamlit's redraw, the charts, the map frame's update): on a shared machine it moves far less than the clocks,
which also count waiting for a core.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from tests.support.browser import IDLE_JS, MAP_FRAME, RerunCounter, offline_chromium, start_app  # noqa: E402

TIMEOUT_MS = 120_000
PEER_APP = '''
import folium, streamlit as st
from branca.element import MacroElement, Template
from streamlit_folium import st_folium
from atlas import assets, ui
from events.geo import to_feature_collection

class Drawn(MacroElement):     # the benchmark's marks, set as the feature group is drawn (as our live map sets them)
    _template = Template("{% macro script(this, kwargs) %}document.body.dataset.atlasMapVersion = "
                         "{{ this.version|tojson }}; document.querySelector(\'.leaflet-container\')"
                         ".dataset.atlasReady = \'1\';{% endmacro %}")
    def __init__(self, version):
        super().__init__()
        self.version = version

st.set_page_config(layout="wide")
events, places = ui.catalog(ui.app_settings())
days = sorted(e.date_start for e in events if e.date_start)
with st.sidebar:
    outcomes = st.multiselect("Outcome", sorted({e.outcome for e in events if e.outcome}), key="filters-outcomes")
    start, end = st.slider("Date window", min_value=days[0], max_value=days[-1], value=(days[0], days[-1]),
                           key="filters-dates")

@st.cache_data(max_entries=16, show_spinner=False)
def collection(outcomes, start, end):
    return to_feature_collection([e for e in events if (not outcomes or e.outcome in outcomes) and (
        e.date_start is None or (e.date_start <= end and (e.date_end or e.date_start) >= start))], places)

st.title("peer")
group = folium.FeatureGroup(name="events")
folium.GeoJson(collection(tuple(outcomes), start, end), tooltip=folium.GeoJsonTooltip(["id", "summary_en"])
               ).add_to(group)
Drawn(f"{outcomes}|{start}|{end}").add_to(group)
st_folium(assets.offline_map(location=[34.8, 38.5], zoom_start=7), feature_group_to_add=group, key="map",
          height=640, returned_objects=[])
'''
"""The peer app (see the module's docstring), written beside dashboard.py for its run."""
# The map is drawn again when the frame showing it (a new one, or the old one with new data) has its event layers.
# Before each change the current frame is marked with the map's state.
MARK_JS = """() => {
  const frame = document.querySelector('iframe[title*="streamlit_folium"]');
  if (!frame) return false;
  const doc = frame.contentDocument;
  frame.dataset.benchState = doc ? (doc.body.dataset.atlasMapVersion || 'old') : 'old';
  // In the page's own clock: the change's input event (the press of the pointer or key that makes it) ...
  window.benchInput = null;
  window.benchDrawn = null;
  if (!window.benchListening) {
    window.benchListening = true;
    const noteInput = e => { if (e.isTrusted && window.benchInput === null) window.benchInput = e.timeStamp; };
    document.addEventListener('pointerdown', noteInput, true);
    document.addEventListener('keydown', noteInput, true);
  }
  // ... to the frame showing a new map version, painted (two of its animation frames later).
  if (doc) {
    if (window.benchObserver) window.benchObserver.disconnect();
    const view = frame.contentWindow, started = frame.dataset.benchState;
    window.benchObserver = new view.MutationObserver(() => {
      if ((doc.body.dataset.atlasMapVersion || 'old') === started) return;
      window.benchObserver.disconnect();
      view.requestAnimationFrame(() => view.requestAnimationFrame(() => { window.benchDrawn = performance.now(); }));
    });
    window.benchObserver.observe(doc.body, {attributes: true, attributeFilter: ['data-atlas-map-version']});
  }
  return true;
}"""
# The same change in the page's clock: from its input event to the map painted (None if the frame was replaced).
IN_PAGE_MS_JS = """() => (window.benchInput === null || window.benchDrawn === null) ? null
  : window.benchDrawn - window.benchInput"""
REDRAWN_JS = """() => {
  const frame = document.querySelector('iframe[title*="streamlit_folium"]');
  const doc = frame && frame.contentDocument;
  if (!doc || !doc.querySelector('.leaflet-container[data-atlas-ready]')) return false;
  const version = doc.body.dataset.atlasMapVersion || 'old';
  return frame.dataset.benchState === undefined || frame.dataset.benchState !== version;
}"""
# ...and the frame has painted it (two animation frames: the canvas layers draw on the next one).
PAINTED_JS = """() => new Promise(done => {
  const view = document.querySelector('iframe[title*="streamlit_folium"]').contentWindow;
  view.requestAnimationFrame(() => view.requestAnimationFrame(() => done(true)));
})"""
# How long the frame's own update took (atlas/ui/live_map.js notes it): the rest is the server and Streamlit.
UPDATE_MS_JS = """() => Number(document.querySelector('iframe[title*="streamlit_folium"]')
  .contentDocument.body.dataset.atlasUpdateMs || 0)"""


def team_store(events: int, directory: Path, *, summary_suffix: str = "") -> str:
    """A SQLite team store holding ``events`` synthetic verified team events (bench_map's generator), each summary
    followed by ``summary_suffix`` (a test's longer summaries)."""
    from atlas.store import EventStore
    from benchmarks.bench_map import synthetic_events
    from geodata.gazetteer import load_gazetteer

    url = f"sqlite:///{directory / 'bench.sqlite3'}"
    store = EventStore(url)
    team = [e.replace(id=f"team-{e.id}", seed="", url="https://example.org/synthetic", status="verified",
                      summary_en=e.summary_en + summary_suffix)
            for e in synthetic_events(events, load_gazetteer())]
    store.add_events(team, "benchmark", allow_self_review=True)
    store.dispose()
    return url


def wait_map_drawn(page) -> None:
    """Until the map frame shows the new selection, every layer drawn and painted."""
    page.wait_for_function(REDRAWN_JS, timeout=TIMEOUT_MS, polling=10)
    page.evaluate(PAINTED_JS)


def wait_page_idle(page) -> None:
    """Until Streamlit has finished the rerun (the panels below the map are drawn too)."""
    page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS, polling=10)


def open_outcomes(page) -> None:
    page.locator(".st-key-filters-outcomes").locator("input").click()


def choose_outcome(page, outcome: str) -> None:
    page.get_by_role("option", name=outcome, exact=True).click()


def clear_outcomes(page) -> None:
    page.locator(".st-key-filters-outcomes").locator('[aria-label="Clear all"], svg[title="Clear all"]').first.click()


def move_window(page) -> None:
    """The window's start one page (a tenth of the span) later: one change, one new window."""
    page.locator(".st-key-filters-dates input[type=range]").first.focus()
    page.keyboard.press("PageUp")


def measure(app_url: str, repeats: int) -> dict[str, dict[str, list[float]]]:
    figures = {kind: {"ms": [], "input_ms": [], "idle_ms": [], "reruns": [], "frame_ms": [], "cpu_ms": []}
               for kind in ("narrow", "window", "back")}
    with tempfile.TemporaryDirectory() as profile, offline_chromium(profile) as context:
        page = context.new_page()
        reruns = RerunCounter(page)
        devtools = context.new_cdp_session(page)
        devtools.send("Performance.enable", {"timeDomain": "threadTicks"})   # the page's CPU, not its waiting

        def page_cpu_s() -> float:
            """Seconds the page's main thread has worked (its tasks, the map frame's included: one process)."""
            return next(m["value"] for m in devtools.send("Performance.getMetrics")["metrics"]
                        if m["name"] == "TaskDuration")
        page.goto(app_url, wait_until="domcontentloaded")
        page.frame_locator(MAP_FRAME).locator(".leaflet-container[data-atlas-ready]").first.wait_for(
            state="attached", timeout=TIMEOUT_MS)
        page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS)
        for _ in range(repeats):
            changes = (("narrow", lambda: open_outcomes(page), lambda: choose_outcome(page, "captured")),
                       ("back", lambda: page.keyboard.press("Escape"), lambda: clear_outcomes(page)),
                       ("window", lambda: None, lambda: move_window(page)))
            for kind, prepare, act in changes:
                prepare()            # opening a list is not the change: the clock starts at the change
                page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS)
                page.evaluate(MARK_JS)
                sent = reruns.sent
                cpu_before = page_cpu_s()
                started = time.perf_counter()
                act()
                wait_map_drawn(page)
                figures[kind]["ms"].append((time.perf_counter() - started) * 1000)
                in_page = page.evaluate(IN_PAGE_MS_JS)
                figures[kind]["input_ms"].append(in_page if in_page is not None else figures[kind]["ms"][-1])   # (a new frame)
                wait_page_idle(page)
                figures[kind]["idle_ms"].append((time.perf_counter() - started) * 1000)
                figures[kind]["cpu_ms"].append((page_cpu_s() - cpu_before) * 1000)
                figures[kind]["reruns"].append(reruns.sent - sent)
                figures[kind]["frame_ms"].append(page.evaluate(UPDATE_MS_JS))
    return figures


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def print_table(figures: dict, label: str) -> None:
    print(label)
    print(f"{'change':<8} {'from input p50 / p95 ms':>24} {'map drawn p50 / p95 ms':>23} "
          f"{'page idle p50 / p95 ms':>23} {'reruns (median, max)':>22} {'in-frame update p50 ms':>24} "
          f"{'page CPU p50 ms':>16}")
    for kind, values in figures.items():
        print(f"{kind:<8} {statistics.median(values['input_ms']):>15.0f} / {p95(values['input_ms']):>5.0f} "
              f"{statistics.median(values['ms']):>14.0f} / {p95(values['ms']):>5.0f} "
              f"{statistics.median(values['idle_ms']):>14.0f} / {p95(values['idle_ms']):>5.0f} "
              f"{statistics.median(values['reruns']):>14.0f}, {max(values['reruns'])} "
              f"{statistics.median(values['frame_ms']):>24.0f} {statistics.median(values['cpu_ms']):>16.0f}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=0, help="synthetic team events beside the curated table")
    parser.add_argument("--repeats", type=int, default=5, help="changes of each kind")
    parser.add_argument("--no-peer", action="store_true", help="skip the streamlit-folium peer app")
    args = parser.parse_args(argv)
    peer = None
    with tempfile.TemporaryDirectory() as directory:
        env = {"ATLAS_DATA_DIR": directory, "EVENTS_DB_URL": "", "ATLAS_ONLINE_TILES": "false"}
        if args.events:
            env["EVENTS_DB_URL"] = team_store(args.events, Path(directory))
        with start_app("dashboard.py", env=env, log_dir=Path(directory)) as app:
            figures = measure(app.url, args.repeats)
        if not args.no_peer:
            peer_script = PROJECT_ROOT / f".bench_peer_{time.time_ns()}.py"   # beside .streamlit/ and static/
            peer_script.write_text(PEER_APP, encoding="utf-8")
            try:
                with start_app(peer_script.name, env=env, log_dir=Path(directory), as_deployed=False) as app:
                    peer = measure(app.url, args.repeats)
            finally:
                peer_script.unlink(missing_ok=True)
    label = f"curated table + {args.events:,} team events" if args.events else "curated table"
    print_table(figures, f"Filter change -> map drawn, in Chromium ({label}; {args.repeats} changes of each kind)")
    if peer is not None:
        print_table(peer, "The peer: one GeoJson layer as streamlit-folium's feature_group_to_add, same changes")
        for kind in figures:
            ours, theirs = (statistics.median(f[kind]["input_ms"]) for f in (figures, peer))
            print(f"{kind:<8} from input p50 ours / peer: {ours / theirs:.2f}x")
    target = 500 if args.events >= 10_000 else 200
    for column, name in (("input_ms", "from input"), ("ms", "map drawn")):
        worst = max(p95(values[column]) for values in figures.values())
        print(f"worst {name} p95 {worst:.0f} ms: {worst / target:.2f}x the target ({target} ms)")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
