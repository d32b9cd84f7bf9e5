"""Map benchmark: our aggregated offline map vs a naive one-folium.Marker-per-event map, in one run.

For 1k / 10k / 100k synthetic events built from gazetteer places it prints, for both maps: build
time, HTML size, and the time headless Chromium (network cut off) takes from navigation until the
markers / routes are drawn, then the ratios naive / ours. It then times dashboard reruns after filter
changes (Streamlit AppTest, in a fresh process like an app server's): the app as deployed, the curated
table plus 10k synthetic events in a SQLite team store; a narrow and a broad outcome filter, a new date
window, and a filter seen before.

Synthetic events reuse a pool of routes and places, as real reports do (many people, few
corridors); each event still has its own date, count and outcome, so route groups differ by outcome.

    .venv/bin/python benchmarks/bench_map.py [--sizes 1000 10000 100000] [--load-timeout 300]
                                             [--rerun-size 10000] [--repeats 5]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

import folium  # noqa: E402

from atlas import assets  # noqa: E402
from atlas.map.build import build_map  # noqa: E402
from atlas.map.groups import split_events  # noqa: E402
from events.geo import event_geometry  # noqa: E402
from events.schema import Event  # noqa: E402
from events.vocabulary import OUTCOMES  # noqa: E402
from geodata.gazetteer import load_gazetteer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DAMASCUS_GOVERNORATES = {"geonames:167541", "geonames:170652"}
ROUTE_POOL = 300
# Our map is drawn when its script has run to the end and every route line and place marker is on it (a big map draws
# its lines on a canvas, so they are counted as Leaflet layers, not SVG paths).
OURS_DRAWN = """() => {
  const map = window.atlasMainMap;
  if (!map || !map.getContainer().dataset.atlasReady) return false;
  let routes = 0, points = 0;
  map.eachLayer(layer => {
    if (layer.feature && /\\batlas-route\\b/.test(layer.options.className || '')) routes += 1;
    if (layer.options.icon && layer.options.icon.options.className === 'atlas-point-icon') points += 1;
  });
  return routes >= ROUTES && points >= POINTS;
}"""
POINT_TYPES = ("arrest", "defection", "agreement", "security_campaign")


def synthetic_events(count: int, gazetteer, seed: int = 7, routes: int = ROUTE_POOL) -> list[Event]:
    """``count`` events, 70% journeys drawn from ``routes`` distinct (origin, checkpoint, destination) routes."""
    rng = random.Random(seed)
    settlements = [p for p in gazetteer if p.kind in ("city", "town", "camp", "neighbourhood")]
    origins = [p for p in settlements if p.governorate_id in DAMASCUS_GOVERNORATES] or settlements
    checkpoints = [p for p in gazetteer if p.kind == "checkpoint"] + [None]
    destinations = [p for p in settlements if p.governorate_id not in DAMASCUS_GOVERNORATES]
    wanted = min(routes, len(origins) * len(checkpoints) * len(destinations))
    pool: dict = {}
    while len(pool) < wanted:
        route = (rng.choice(origins), rng.choice(checkpoints), rng.choice(destinations))
        pool[tuple(p.id if p else "" for p in route)] = route
    routes = list(pool.values())
    start = dt.date(2017, 1, 1)
    events = []
    for index in range(count):
        day = start + dt.timedelta(days=rng.randrange(365))
        common = dict(id=f"B{index}", seed="synthetic.txt", outlet=f"Outlet {index % 7}", quote_ar="نص تجريبي",
                      date_start=day, date_end=day, date_precision="day")
        if rng.random() < 0.7:
            origin, via, destination = rng.choice(routes)
            people = rng.randint(1, 40)
            events.append(Event(event_type="exit", summary_en=f"Synthetic exit {index}", origin=origin.id,
                                via=via.id if via else "", destination=destination.id,
                                outcome=rng.choice(OUTCOMES[:4]), count_min=people, count_max=people,
                                count_unit="people", **common))
        else:
            events.append(Event(event_type=rng.choice(POINT_TYPES), summary_en=f"Synthetic event {index}",
                                location=rng.choice(settlements).id, outcome="not_applicable", **common))
    return events


def naive_map(events, gazetteer) -> folium.Map:
    """What one would write first: a default marker (with a popup) per event."""
    m = assets.offline_map(location=[34.8, 38.5], zoom_start=7)
    for event in events:
        place = event_geometry(event, gazetteer).places[0]
        folium.Marker(place.position.latlon, popup=event.summary_en).add_to(m)
    return m


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def load_time(context, path: Path, ready_js: str, timeout_s: float, settle_js: str | None = None) -> float | None:
    """Seconds from navigation until ``ready_js`` is true in the page, then ``settle_js`` (a promise, e.g. two
    animation frames) has resolved (None on timeout)."""
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(ready_js, timeout=timeout_s * 1000, polling=50)
        if settle_js:
            page.evaluate(settle_js)
        return time.perf_counter() - started
    except Exception as error:  # playwright TimeoutError or a crashed tab: report, keep going
        print(f"    (load of {path.name} did not finish: {type(error).__name__})")
        return None
    finally:
        page.close()


def fmt_ratio(naive, ours) -> str:
    if naive is None:
        return "naive did not finish"
    return f"{naive / ours:6.1f}x" if ours else "n/a"


def bench_sizes(sizes, gazetteer, load_timeout: float):
    from playwright.sync_api import sync_playwright
    out = Path(tempfile.mkdtemp(prefix="bench-map-"))
    vendor = assets.install_assets()
    rows = []
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(out / "profile"), executable_path=CHROMIUM, args=FLAGS, headless=True,
            viewport={"width": 1280, "height": 800})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                      else route.abort())
        try:
            for size in sizes:
                events = synthetic_events(size, gazetteer)
                routes, points, _ = split_events(events, gazetteer)
                ours, ours_build = timed(build_map, events, gazetteer)
                ours_html, ours_render = timed(assets.standalone_html, ours, vendor_dir=vendor)
                naive, naive_build = timed(naive_map, events, gazetteer)
                naive_html, naive_render = timed(assets.standalone_html, naive, vendor_dir=vendor)
                ours_path, naive_path = out / f"ours-{size}.html", out / f"naive-{size}.html"
                ours_path.write_text(ours_html, encoding="utf-8")
                naive_path.write_text(naive_html, encoding="utf-8")
                ours_ready = OURS_DRAWN.replace("ROUTES", str(len(routes))).replace("POINTS", str(len(points)))
                naive_ready = f"() => document.querySelectorAll('.leaflet-marker-icon').length >= {size}"
                ours_load = load_time(context, ours_path, ours_ready, load_timeout)
                naive_load = load_time(context, naive_path, naive_ready, load_timeout)
                rows.append((size, len(routes), len(points), ours_build + ours_render, naive_build + naive_render,
                             len(ours_html), len(naive_html), ours_load, naive_load))
                print(f"  {size:>7} events done ({len(routes)} route lines, {len(points)} place markers)", flush=True)
        finally:
            context.close()
    return rows


def team_store_with(events, directory: Path) -> str:
    """A SQLite team store in ``directory`` holding ``events`` as team events (added through the store's
    API, as the entry form and imports do); returns its URL."""
    from atlas.store import EventStore
    url = f"sqlite:///{directory / 'bench.sqlite3'}"
    store = EventStore(url)
    for event in events:
        store.add_event(event.replace(id=f"team-{event.id}", seed="", url="https://example.org/synthetic",
                                      status="verified"), "benchmark", allow_self_review=True)
    store.dispose()
    return url


def bench_rerun(events, repeats: int = 3) -> dict[str, list[float]]:
    """Dashboard rerun times (seconds) after outcome-filter changes, ``repeats`` each, three kinds:
    a narrow new filter (one outcome), a broad new filter (all outcomes but one: most events, a new
    map) and a return to a filter seen before (its map from the cache).

    The app runs as deployed: the curated table plus ``events`` in a SQLite team store.
    """
    import os

    from streamlit.testing.v1 import AppTest
    with tempfile.TemporaryDirectory() as directory:
        os.environ["EVENTS_DB_URL"] = team_store_with(events, Path(directory))
        try:
            at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=600).run()
            return _filter_changes(at, repeats)
        finally:
            del os.environ["EVENTS_DB_URL"]


def _filter_changes(at, repeats: int) -> dict[str, list[float]]:
    outcomes = [o for o in OUTCOMES if o in at.multiselect(key="filters-outcomes").options]
    first, last = at.slider(key="filters-dates").value
    times: dict[str, list[float]] = {"narrow": [], "broad": [], "window": [], "seen": []}

    def change(kind, widget, value):
        _, seconds = timed(lambda: widget.set_value(value).run())
        times[kind].append(seconds)
        if at.exception:
            raise RuntimeError(at.exception[0].message)

    def outcome(kind, value):
        change(kind, at.multiselect(key="filters-outcomes"), value)
    for index in range(min(repeats, len(outcomes))):      # each narrow and broad filter new to the cache
        outcome("narrow", [outcomes[index % len(outcomes)]])
        outcome("seen", [])                                   # everything: built on the first run
        outcome("broad", [o for o in outcomes if o != outcomes[(index + 1) % len(outcomes)]])
        outcome("seen", [])
    span = (last - first).days
    for index in range(repeats):                            # a new window over most of the span, as in playback
        start = first + dt.timedelta(days=(index + 1) * span // (4 * repeats))
        change("window", at.slider(key="filters-dates"), (start, start + dt.timedelta(days=span * 3 // 4)))
    return times


def print_reruns(rerun_size: int, repeats: int, gazetteer) -> None:
    print(f"\nDashboard rerun after a filter change (AppTest in a fresh process, as an app server is; target "
          f"< 300 ms). narrow: one outcome; broad: all outcomes but one (most events, a new map); window: a new "
          f"date window over 3/4 of the span; seen before: back to all events (map from the cache). "
          f"min / median / max of {repeats}:", flush=True)
    from events.curated import load_curated
    curated = len(load_curated())
    samples = [("curated table", [])]
    if rerun_size:
        samples.append((f"+{rerun_size} in team store", synthetic_events(rerun_size, gazetteer)))
    for label, events in samples:
        times = bench_rerun(events, repeats)
        cells = "  ".join(f"{kind} {1000 * min(t):4.0f} / {1000 * statistics.median(t):4.0f} / {1000 * max(t):4.0f} ms"
                          for kind, t in (("narrow", times["narrow"]), ("broad", times["broad"]),
                                          ("window", times["window"]), ("seen before", times["seen"])) if t)
        worst = max(max(t) for t in times.values())
        print(f"  {label:>22} ({curated + len(events):>5} events): {cells}  | slowest {worst * 1000:.0f} ms"
              f" {'<' if worst < 0.3 else '>='} 300 ms", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000],
                        help="event counts of the map build/size/load comparison (0: skip it)")
    parser.add_argument("--load-timeout", type=float, default=300.0, help="seconds per page load")
    parser.add_argument("--rerun-size", type=int, default=10000, help="events in the dashboard rerun test (-1: skip)")
    parser.add_argument("--repeats", type=int, default=5, help="filter changes of each kind in the rerun test")
    parser.add_argument("--only-reruns", action="store_true", help=argparse.SUPPRESS)   # the child process
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    if args.only_reruns:
        print_reruns(args.rerun_size, args.repeats, gazetteer)
        return
    sizes = [n for n in args.sizes if n > 0]
    if sizes:
        print_sizes(sizes, gazetteer, args.load_timeout)
    if args.rerun_size >= 0:
        # A fresh process: the naive 100k map above leaves this one with a heap no app server has.
        subprocess.run([sys.executable, __file__, "--only-reruns", "--rerun-size", str(args.rerun_size),
                        "--repeats", str(args.repeats)], check=True)


def print_sizes(sizes: list[int], gazetteer, load_timeout: float) -> None:
    print(f"Map benchmark: sizes {sizes}, route pool {ROUTE_POOL}, gazetteer {len(gazetteer)} places")
    rows = bench_sizes(sizes, gazetteer, load_timeout)
    print()
    print(f"{'events':>8} | {'lines':>5} {'dots':>5} | {'build ours':>10} {'naive':>8} {'ratio':>7} | "
          f"{'HTML ours':>10} {'naive':>10} {'ratio':>7} | {'load ours':>9} {'naive':>9} {'ratio':>8}")
    for size, lines, dots, b_ours, b_naive, h_ours, h_naive, l_ours, l_naive in rows:
        load_naive = f"{l_naive:8.2f}s" if l_naive is not None else f">{load_timeout:.0f}s"
        load_ours = f"{l_ours:8.2f}s" if l_ours is not None else "   failed"
        print(f"{size:>8} | {lines:>5} {dots:>5} | {b_ours:9.2f}s {b_naive:7.2f}s {fmt_ratio(b_naive, b_ours):>7} | "
              f"{h_ours / 1e6:8.2f}MB {h_naive / 1e6:8.2f}MB {fmt_ratio(h_naive, h_ours):>7} | "
              f"{load_ours} {load_naive} {fmt_ratio(l_naive, l_ours) if l_ours else 'n/a':>8}")
    print("build = folium objects + standalone HTML render; load = Chromium navigation until every route/marker "
          "is in the DOM (network refused). Target: 10k loads >= 5x faster than naive.", flush=True)

if __name__ == "__main__":
    main()
