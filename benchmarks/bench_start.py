"""Cold start and memory: from launching the dashboard to the first map drawn in Chromium, and the server's
resident memory then, on the curated table alone and with N synthetic team events in a SQLite store.

Each size starts a fresh server on 127.0.0.1 as ``scripts/run.sh`` deploys it (``python -m atlas.serve
dashboard.py``: ``streamlit run`` with the warm-up of :mod:`atlas.serve`) and a fresh headless Chromium (network
refused); the same run also starts it by a plain ``streamlit run dashboard.py`` ("no warm-up"), which shows what
the warm-up saves. The clock runs from the server's launch until the map frame has drawn its event layers and
Streamlit is idle ("first map"), and from opening the page to then ("from open"; ``--visit-after S`` opens it S
seconds after the launch: a first visitor some time after a restart); filling the store beforehand is not
counted. Memory is the server process's VmRSS (``/proc/<pid>/status``) once the first map is drawn and again once
the server is quiet ("settled": its CPU under 5% of a core for a second, what it holds once nothing is being
sent), and CPU the server's user + system seconds until then (``/proc/<pid>/stat``): on a shared machine the wall
clock also counts waiting for a core, CPU does not, so the load average is printed beside them. For comparison
the same run starts a bare Streamlit app that only imports the same libraries (streamlit, folium,
streamlit-folium, geopandas) and draws an empty folium map: the floor any app on this stack pays. ``--baseline
DIR`` also starts ``DIR/dashboard.py`` (another checkout, e.g. ``git archive main | tar -x -C DIR``; by a plain
``streamlit run``) on the same data and prints this checkout's figures as ratios of its. Each size first makes
one start that is not counted (the first start on a newly written store was 1.6-1.8x slower, whichever version
made it), then the versions take turns going first.

    .venv/bin/python benchmarks/bench_start.py [--events 0 100000] [--repeats 1] [--baseline DIR] [--visit-after S]

Targets (issue 18): first map < 3 s on the curated table, < 5 s at 100,000 events; memory < 400 MB at
100,000 events.
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


def resident_mb(pid: int, field: str = "VmRSS") -> float:
    """The process's resident memory now (VmRSS) or at its highest so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the process has used (its own, not its children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_map(script: str, env: dict, log_dir: Path, ready: str, as_deployed: bool = True,
              visit_after: float = 0.0) -> dict:
    """Seconds from launch to the map drawn and from opening the page to it, the server's MB and CPU seconds then,
    the load average. ``as_deployed``: served through ``atlas.serve`` as ``scripts/run.sh`` does (with its warm-up),
    else a plain ``streamlit run``. ``visit_after``: the page is opened no sooner than this many seconds after the
    launch (0: as soon as the server answers and Chromium is up)."""
    started = time.perf_counter()
    with start_app(script, env=env, log_dir=log_dir, timeout_s=TIMEOUT_MS / 1000, as_deployed=as_deployed) as app, \
            tempfile.TemporaryDirectory() as profile, offline_chromium(profile) as context:
        page = context.new_page()
        time.sleep(max(0.0, visit_after - (time.perf_counter() - started)))
        opened = time.perf_counter()
        page.goto(app.url, wait_until="commit")
        page.frame_locator(MAP_FRAME).locator(ready).first.wait_for(state="attached", timeout=TIMEOUT_MS)
        page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS)
        seconds = time.perf_counter() - started
        found = {"seconds": seconds, "opened": time.perf_counter() - opened, "mb": resident_mb(app.pid),
                 "peak": resident_mb(app.pid, "VmHWM"),
                 "cpu": cpu_seconds(app.pid), "load": os.getloadavg()[0]}
        wait_quiet(app.pid)
        return {**found, "settled": resident_mb(app.pid)}


def wait_quiet(pid: int, busy: float = 0.05, span: float = 1.0, timeout: float = 30.0) -> None:
    """Until the process used less than ``busy`` of a core over ``span`` seconds (its last messages sent, its
    memory handed back), at most ``timeout`` seconds."""
    end = time.monotonic() + timeout
    before = cpu_seconds(pid)
    while time.monotonic() < end:
        time.sleep(span)
        now = cpu_seconds(pid)
        if now - before < busy * span:
            return
        before = now


def median_run(runs: list[dict]) -> dict:
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[0, 100_000],
                        help="synthetic team events beside the curated table, one start each")
    parser.add_argument("--repeats", type=int, default=1, help="starts of each size (median kept)")
    parser.add_argument("--baseline", type=Path, help="another checkout whose dashboard.py to start too")
    parser.add_argument("--visit-after", type=float, default=0.0, metavar="S",
                        help="open the page S seconds after the launch (a first visitor some time after a restart; "
                             "default: as soon as the server answers)")
    args = parser.parse_args(argv)
    from atlas import assets
    assets.install_assets()            # the floor app serves the same offline Leaflet files
    # (script, served as deployed): this checkout as scripts/run.sh serves it, and by a plain `streamlit run` (what
    # the warm-up of atlas.serve saves); a baseline checkout by a plain `streamlit run` (atlas.serve would import
    # this checkout's modules into its process)
    versions = {"this": ("dashboard.py", True), "no warm-up": ("dashboard.py", False)}
    if args.baseline:
        versions["baseline"] = (str(args.baseline.resolve() / "dashboard.py"), False)
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        floor_script = PROJECT_ROOT / f".bench_floor_{time.time_ns()}.py"   # beside .streamlit/ and static/
        floor_script.write_text(FLOOR_APP, encoding="utf-8")
        try:
            floor = median_run([first_map(floor_script.name, {}, folder, ".leaflet-container", as_deployed=False,
                                          visit_after=args.visit_after)
                                for _ in range(args.repeats)])
        finally:
            floor_script.unlink(missing_ok=True)
        for events in args.events:
            env = {"ATLAS_DATA_DIR": directory, "EVENTS_DB_URL": "", "ATLAS_ONLINE_TILES": "false"}
            if events:
                store_dir = folder / f"store-{events}"
                store_dir.mkdir()
                env["EVENTS_DB_URL"] = team_store(events, store_dir)
            # The first start on a new store was 1.6-1.8x slower whichever version made it (a cold file cache): one
            # start is made and not counted, and the versions take turns going first.
            first_map(versions["this"][0], env, folder, ".leaflet-container[data-atlas-ready]")
            runs: dict[str, list] = {version: [] for version in versions}
            for repeat in range(args.repeats):
                for version in (list(versions) if repeat % 2 == 0 else list(versions)[::-1]):
                    script, as_deployed = versions[version]
                    runs[version].append(first_map(script, env, folder, ".leaflet-container[data-atlas-ready]",
                                                   as_deployed=as_deployed, visit_after=args.visit_after))
            rows.extend({"events": events, "version": version, **median_run(runs[version])} for version in versions)
    print(f"Cold start to the first map in Chromium (median of {args.repeats}), from the launch and from opening the "
          f"page ({f'{args.visit_after:g} s after the launch' if args.visit_after else 'once the server answers'}); "
          "the server's memory then (VmRSS) "
          "and at its peak (VmHWM), its CPU seconds; load average (1 min) at the end of each start; the memory "
          "again once the server is quiet (settled)")
    print(f"{'data':<34} {'version':<10} {'first map s':>11} {'from open s':>11} {'server MB':>9} {'peak MB':>7} "
          f"{'CPU s':>6} {'load':>5} {'settled MB':>10}"
          + (f" {'x baseline: s':>13} {'MB':>5} {'peak':>5} {'CPU':>5} {'settled':>7}" if args.baseline else ""))
    print(f"{'floor: empty folium app':<34} {'':<10} {floor['seconds']:>11.2f} {floor['opened']:>11.2f} "
          f"{floor['mb']:>9.0f} {floor['peak']:>7.0f} {floor['cpu']:>6.2f} {floor['load']:>5.1f} "
          f"{floor['settled']:>10.0f}")
    for row in rows:
        label = f"curated + {row['events']:,} team events" if row["events"] else "curated table"
        line = (f"{label:<34} {row['version']:<10} {row['seconds']:>11.2f} {row['opened']:>11.2f} {row['mb']:>9.0f} "
                f"{row['peak']:>7.0f} "
                f"{row['cpu']:>6.2f} {row['load']:>5.1f} {row['settled']:>10.0f}")
        base = next((r for r in rows if r["events"] == row["events"] and r["version"] == "baseline"), None)
        if base is not None and row["version"] == "this":
            line += (f" {row['seconds'] / base['seconds']:>13.2f} {row['mb'] / base['mb']:>5.2f} "
                     f"{row['peak'] / base['peak']:>5.2f} {row['cpu'] / base['cpu']:>5.2f} "
                     f"{row['settled'] / base['settled']:>7.2f}")
        print(line)
    for events in args.events:
        this, plain = (next(r for r in rows if r["events"] == events and r["version"] == version)
                       for version in ("this", "no warm-up"))
        print(f"{events:,} team events: first map as deployed / by a plain streamlit run (no warm-up): from launch "
              f"{this['seconds'] / plain['seconds']:.2f}x ({this['seconds']:.2f} s against {plain['seconds']:.2f} s), "
              f"from opening the page {this['opened'] / plain['opened']:.2f}x")
    return rows


if __name__ == "__main__":
    main()
