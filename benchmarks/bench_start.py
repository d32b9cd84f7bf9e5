"""Cold start and memory: from launching the dashboard to the first map drawn in Chromium, and the server's
resident memory then, on the curated table alone and with N synthetic team events in a SQLite store.

Each size starts a fresh server (``streamlit run dashboard.py`` on 127.0.0.1, as deployed) and a fresh headless
Chromium (network refused). The clock runs from the server's launch until the map frame has drawn its event
layers and Streamlit is idle; filling the store beforehand is not counted. Memory is the server process's
VmRSS (``/proc/<pid>/status``) once the first map is drawn. For comparison the same run starts a bare
Streamlit app that only imports the same libraries (streamlit, folium, streamlit-folium, geopandas) and
draws an empty folium map: the floor any app on this stack pays.

    .venv/bin/python benchmarks/bench_start.py [--events 0 100000] [--repeats 1]

Targets (issue 18): first map < 3 s on the curated table, < 5 s at 100,000 events; memory < 400 MB at
100,000 events.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.bench_browser import IDLE_JS, team_store  # noqa: E402
from tests.support.browser import MAP_FRAME, offline_chromium, start_app  # noqa: E402

TIMEOUT_MS = 180_000
FLOOR_APP = '''
import folium, geopandas, streamlit as st
from streamlit_folium import st_folium
from atlas import assets
st.title("floor")
st_folium(assets.offline_map(location=[34.8, 38.5], zoom_start=7), key="map", height=500, returned_objects=[])
'''
"""The floor: the same stack and the same offline Leaflet assets (the network is refused), an empty map."""


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def first_map(script: str, env: dict, log_dir: Path, ready: str) -> tuple[float, float]:
    """(seconds from launch to the map drawn, server MB then)."""
    started = time.perf_counter()
    with start_app(script, env=env, log_dir=log_dir, timeout_s=TIMEOUT_MS / 1000) as app, \
            tempfile.TemporaryDirectory() as profile, offline_chromium(profile) as context:
        page = context.new_page()
        page.goto(app.url, wait_until="commit")
        page.frame_locator(MAP_FRAME).locator(ready).first.wait_for(state="attached", timeout=TIMEOUT_MS)
        page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS)
        seconds = time.perf_counter() - started
        return seconds, resident_mb(app.pid)


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[0, 100_000],
                        help="synthetic team events beside the curated table, one start each")
    parser.add_argument("--repeats", type=int, default=1, help="starts of each size (median kept)")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        floor_script = PROJECT_ROOT / f".bench_floor_{time.time_ns()}.py"   # beside .streamlit/ and static/
        floor_script.write_text(FLOOR_APP, encoding="utf-8")
        try:
            floor = [first_map(floor_script.name, {}, folder, ".leaflet-container") for _ in range(args.repeats)]
        finally:
            floor_script.unlink(missing_ok=True)
        floor_s, floor_mb = statistics.median(f[0] for f in floor), statistics.median(f[1] for f in floor)
        for events in args.events:
            env = {"ATLAS_DATA_DIR": directory, "EVENTS_DB_URL": "", "ATLAS_ONLINE_TILES": "false"}
            if events:
                store_dir = folder / f"store-{events}"
                store_dir.mkdir()
                env["EVENTS_DB_URL"] = team_store(events, store_dir)
            runs = [first_map("dashboard.py", env, folder, ".leaflet-container[data-atlas-ready]")
                    for _ in range(args.repeats)]
            rows.append({"events": events, "seconds": statistics.median(r[0] for r in runs),
                         "mb": statistics.median(r[1] for r in runs)})
    print(f"Cold start to the first map in Chromium (median of {args.repeats}); server memory (VmRSS) then")
    print(f"{'data':<34} {'first map s':>12} {'x floor':>8} {'server MB':>10} {'x floor':>8}")
    print(f"{'floor: empty folium app':<34} {floor_s:>12.2f} {1:>8.2f} {floor_mb:>10.0f} {1:>8.2f}")
    for row in rows:
        label = f"curated + {row['events']:,} team events" if row["events"] else "curated table"
        print(f"{label:<34} {row['seconds']:>12.2f} {row['seconds'] / floor_s:>8.2f} {row['mb']:>10.0f} "
              f"{row['mb'] / floor_mb:>8.2f}")
    return rows


if __name__ == "__main__":
    main()
