"""Exports at N events: each of our formats against writing the same features with geopandas/pyogrio, one run.

For ``--events`` synthetic events (bench_map's generator, on ``--routes`` distinct routes) it times, for CSV,
GeoJSON, GeoPackage and KML, our exporter (``atlas.exports.EXPORTERS[name].write``: geometry, records,
escaping and writing, everything a user waits for) against the peer a competent geopandas user would write:
the same records and geometries made into one GeoDataFrame and written by pyogrio
(``GeoDataFrame.to_file(engine="pyogrio")``; the CSV with ``DataFrame.to_csv``). The ratio is against the
peer's whole path (frame + write); the peer's write alone is printed too (it is handed its frame for free,
and writes one layer where our GeoPackage writes four and our CSV guards every cell against formulas). Each
side also reports its peak of Python-allocated memory (tracemalloc, in a separate call; pyogrio's C
allocations are not counted, ours are nearly all Python).

    .venv/bin/python benchmarks/bench_exports.py [--events 10000] [--repeats 3] [--routes 5000]

Target (issue 18): every format within 1.2x of the peer.
"""
from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

FORMATS = ("csv", "geojson", "gpkg", "kml")
TARGET_RATIO = 1.2
"""Issue 18: each export at most this many times the peer's time (printed, so a slip shows in any run)."""
PEER_DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG", "kml": "KML"}


def peer_frame(briefing):
    """One GeoDataFrame of every placed event (its record as columns, its geometry), as a peer would hold it."""
    import geopandas as gpd

    from events.geo import event_geometry, event_properties

    rows, shapes = [], []
    for event in briefing.events:
        geometry = event_geometry(event, briefing.gazetteer)
        shape = geometry.shape()
        if shape is None:
            continue
        rows.append(event_properties(event, geometry))
        shapes.append(shape)
    return gpd.GeoDataFrame(rows, geometry=shapes, crs="EPSG:4326")


def peer_writer(name: str, frame, folder: Path):
    """The peer's write of a ready frame."""
    if name == "csv":
        return lambda: frame.drop(columns="geometry").to_csv(folder / "peer.csv", index=False)
    path = folder / f"peer.{name}"

    def write():
        path.unlink(missing_ok=True)
        frame.to_file(path, driver=PEER_DRIVERS[name], engine="pyogrio")
    return write


def peer_whole(name: str, briefing, folder: Path):
    """The peer from the events: frame, then write."""
    return lambda: peer_writer(name, peer_frame(briefing), folder)()


def timed(function, repeats: int) -> tuple[float, float]:
    """(median seconds over ``repeats`` calls, peak MB of Python allocations in one more call). Memory is
    traced in its own call: tracing slows Python code several times, and would flatter the peer."""
    seconds = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    gc.collect()
    tracemalloc.start()
    try:
        function()
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    return statistics.median(seconds), peak


def main(argv=None) -> dict:
    from atlas.exports import EXPORTERS, Briefing
    from benchmarks.bench_map import synthetic_events
    from geodata.gazetteer import load_gazetteer

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--routes", type=int, default=5_000, help="distinct routes the events travel")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    briefing = Briefing(tuple(synthetic_events(args.events, gazetteer, routes=args.routes)), gazetteer)
    frame = peer_frame(briefing)
    results = {}
    print(f"Exports of {args.events:,} events on up to {args.routes:,} routes; median of {args.repeats}; "
          "time in s, peak Python memory in MB")
    print(f"{'format':<8} {'ours s':>8} {'peer s':>8} {'ratio':>6} {'peer write s':>13} {'ours MB':>8} {'peer MB':>8} "
          f"{'size MB':>8}")
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        for name in FORMATS:
            exporter = EXPORTERS[name]
            ours_s, ours_mb = timed(lambda: exporter.write(briefing, Path(folder) / f"ours.{name}"), args.repeats)
            peer_s, peer_mb = timed(peer_whole(name, briefing, Path(folder)), args.repeats)
            write_s, _ = timed(peer_writer(name, frame, Path(folder)), args.repeats)
            size = (Path(folder) / f"ours.{name}").stat().st_size / 1e6
            results[name] = {"ours_s": ours_s, "peer_s": peer_s, "ratio": ours_s / peer_s, "peer_write_s": write_s,
                             "ours_mb": ours_mb, "peer_mb": peer_mb}
            print(f"{name:<8} {ours_s:>8.3f} {peer_s:>8.3f} {ours_s / peer_s:>6.2f} {write_s:>13.3f} {ours_mb:>8.1f} "
                  f"{peer_mb:>8.1f} {size:>8.2f}")
    over = [name for name, row in results.items() if row["ratio"] > TARGET_RATIO]
    print(f"target: each format within {TARGET_RATIO}x the peer: "
          + (f"NOT MET by {', '.join(over)}" if over else "met by every format"))
    return results


if __name__ == "__main__":
    main()
