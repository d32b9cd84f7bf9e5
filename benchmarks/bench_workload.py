"""A harder map workload against competent peers, one run: many events on thousands of distinct routes.

For each size (``--sizes``, default 10,000 and 50,000 events on ``--routes`` 5,000 distinct routes) three maps of
the same events are built as standalone offline pages and loaded in headless Chromium (network refused):

* **ours**: ``atlas.map.build.build_map`` (aggregated legs, the columnar page of ``atlas.map.columns``, the
  dashboard's map);
* **peer GeoJson**: what a competent folium user writes: one ``folium.GeoJson`` layer holding every journey as
  a line, coloured by outcome through a ``style_function``, and a ``FastMarkerCluster`` for the events at a place;
* **peer per-style**: the same with one ``GeoJson`` layer per outcome (a constant style each, no per-feature style).

It prints build time (folium objects + standalone HTML), HTML size, its size gzipped (what a server that
compresses would send: our page is already compact, the peers' GeoJSON compresses several times over), load-to-idle
(navigation until every layer's features are in the page and two animation frames have passed; the median of
``--loads`` loads), and the ratios best peer / ours. Two floors are loaded the same way: an empty folium map (the
peers' page with no data) and ours with no events (the basemap, place names and the page's scripts): what any
page pays before its first event, beside the load time the 2x target leaves ours.

    .venv/bin/python benchmarks/bench_workload.py [--sizes 10000 50000] [--routes 5000] [--loads 3]
        [--load-timeout 300]

Target (issue 18): ours at least 2x faster to load and 2x smaller than the best peer.
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

import folium  # noqa: E402
from folium.plugins import FastMarkerCluster  # noqa: E402

from atlas import assets  # noqa: E402
from atlas.map.build import build_map  # noqa: E402
from atlas.map.style import OUTCOME_COLOURS  # noqa: E402
from benchmarks.bench_map import load_time, synthetic_events  # noqa: E402
from events.geo import event_geometry  # noqa: E402
from geodata.gazetteer import load_gazetteer  # noqa: E402
from tests.support.browser import offline_chromium  # noqa: E402

# The peers' point callback: a circle marker (folium's default callback needs Font Awesome markers, which an
# offline page does not carry).
CIRCLE = "function (row) { return L.circleMarker(new L.LatLng(row[0], row[1]), {radius: 5, weight: 1}); }"
PEER_VIEW = {"location": [34.8, 38.5], "zoom_start": 7}   # the peers' map (Syria), as a folium user frames it
IDLE = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def journeys_and_points(events, gazetteer):
    """(line features for the journeys, [lat, lon] of the events at one place), as the peers draw them."""
    lines, points = [], []
    for event in events:
        geometry = event_geometry(event, gazetteer)
        if geometry.line:
            lines.append({"type": "Feature", "properties": {"outcome": event.outcome, "id": event.id},
                          "geometry": {"type": "LineString",
                                       "coordinates": [list(p.position.lonlat) for p in geometry.line]}})
        points.extend(list(p.position.latlon) for p in geometry.points)
    return lines, points


def peer_geojson(events, gazetteer) -> folium.Map:
    lines, points = journeys_and_points(events, gazetteer)
    m = assets.offline_map(**PEER_VIEW)
    m.options["maxZoom"] = 18   # markercluster needs one; with no tile layer the map has none
    folium.GeoJson({"type": "FeatureCollection", "features": lines}, name="Journeys",
                   style_function=lambda f: {"color": OUTCOME_COLOURS.get(f["properties"]["outcome"], "#777777"),
                                             "weight": 3}).add_to(m)
    FastMarkerCluster(points, name="Events", callback=CIRCLE).add_to(m)
    return m


def peer_per_style(events, gazetteer) -> folium.Map:
    lines, points = journeys_and_points(events, gazetteer)
    m = assets.offline_map(**PEER_VIEW)
    m.options["maxZoom"] = 18   # markercluster needs one; with no tile layer the map has none
    for outcome in sorted({f["properties"]["outcome"] for f in lines}):
        colour = OUTCOME_COLOURS.get(outcome, "#777777")
        features = [f for f in lines if f["properties"]["outcome"] == outcome]
        folium.GeoJson({"type": "FeatureCollection", "features": features}, name=outcome,
                       style={"color": colour, "weight": 3}).add_to(m)
    FastMarkerCluster(points, name="Events", callback=CIRCLE).add_to(m)
    return m


def built(make, events, gazetteer, vendor) -> tuple[str, float]:
    started = time.perf_counter()
    page = assets.standalone_html(make(events, gazetteer), vendor_dir=vendor)
    return page, time.perf_counter() - started


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--routes", type=int, default=5_000)
    parser.add_argument("--load-timeout", type=float, default=300.0)
    parser.add_argument("--loads", type=int, default=3,
                        help="loads of each page, the median reported (one load varies a lot on a busy machine)")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    vendor = assets.install_assets()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-workload-") as folder, \
            offline_chromium(Path(folder) / "profile", width=1280, height=800) as context:
        out = Path(folder)
        floors = {}
        for name, make, ready in (
                ("empty folium map", lambda events, places: assets.offline_map(**PEER_VIEW),
                 "() => document.querySelector('.leaflet-container')"),
                ("ours, no events", build_map, "() => document.querySelector('.leaflet-container[data-atlas-ready]')")):
            page, _ = built(make, [], gazetteer, vendor)
            path = out / f"floor-{len(floors)}.html"
            path.write_text(page, encoding="utf-8")
            loads = [load_time(context, path, ready, args.load_timeout, settle_js=IDLE)
                     for _ in range(max(1, args.loads))]
            floors[name] = (None if None in loads else statistics.median(loads), len(page.encode("utf-8")) / 1e6)
        for size in args.sizes:
            events = synthetic_events(size, gazetteer, routes=args.routes)
            lines, _ = journeys_and_points(events, gazetteer)
            distinct = len({tuple(map(tuple, f["geometry"]["coordinates"])) for f in lines})
            ready = {
                "ours": "() => document.querySelector('.leaflet-container[data-atlas-ready]')",
                "peer GeoJson": f"() => document.querySelectorAll('path.leaflet-interactive').length >= "
                                f"{min(len(lines), 1)} && document.querySelector('.marker-cluster')",
                "peer per-style": "() => document.querySelector('path.leaflet-interactive') && "
                                  "document.querySelector('.marker-cluster')",
            }
            makers = {"ours": build_map, "peer GeoJson": peer_geojson, "peer per-style": peer_per_style}
            for name, make in makers.items():
                page, build_s = built(make, events, gazetteer, vendor)
                path = out / f"{name.replace(' ', '-')}-{size}.html"
                path.write_text(page, encoding="utf-8")
                loads = [load_time(context, path, ready[name], args.load_timeout, settle_js=IDLE)
                         for _ in range(max(1, args.loads))]
                load_s = None if None in loads else statistics.median(loads)
                data = page.encode("utf-8")
                rows.append({"events": size, "routes": distinct, "map": name, "build_s": build_s,
                             "html_mb": len(data) / 1e6, "gzip_mb": len(gzip.compress(data, 6)) / 1e6,
                             "load_s": load_s})
                print(f"  {size:,} events, {name}: built", flush=True)
    print(f"\nMap workload: events on up to {args.routes:,} distinct routes; offline standalone pages in Chromium")
    print(f"{'events':>7} {'routes':>7} {'map':<15} {'build s':>8} {'HTML MB':>8} {'gzip MB':>8} {'load s':>8}")
    for row in rows:
        load = f"{row['load_s']:8.2f}" if row["load_s"] is not None else "  failed"
        print(f"{row['events']:>7,} {row['routes']:>7,} {row['map']:<15} {row['build_s']:>8.2f} "
              f"{row['html_mb']:>8.2f} {row['gzip_mb']:>8.2f} {load}")
    print("Floors, no events: " + "; ".join(
        f"{name} {mb:.2f} MB, load " + (f"{load:.2f} s" if load is not None else "failed")
        for name, (load, mb) in floors.items()))
    for size in args.sizes:
        ours = next(r for r in rows if r["events"] == size and r["map"] == "ours")
        peers = [r for r in rows if r["events"] == size and r["map"] != "ours"]
        best_load = min((r["load_s"] for r in peers if r["load_s"] is not None), default=None)
        best_size = min(r["html_mb"] for r in peers)
        best_gzip = min(r["gzip_mb"] for r in peers)
        load_ratio = f"{best_load / ours['load_s']:.2f}x" if best_load and ours["load_s"] else "n/a"
        print(f"{size:,} events: best peer / ours: load {load_ratio}, HTML {best_size / ours['html_mb']:.2f}x "
              f"(target >= 2x each); gzipped HTML {best_gzip / ours['gzip_mb']:.2f}x")
        empty = floors["ours, no events"][0]
        if best_load and empty:
            print(f"  2x the best peer's load leaves ours {best_load / 2:.2f} s, {best_load / 2 - empty:+.2f} s beyond "
                  f"our page with no events ({empty:.2f} s)")
    return rows


if __name__ == "__main__":
    main()
