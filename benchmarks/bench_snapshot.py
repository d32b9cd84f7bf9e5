"""How long a briefing snapshot takes (target: under 5 s for a 1600x900 PNG).

Renders the curated table (every event, overview) several times and prints, for each size,
the median and worst wall time and their ratio to the target, measured in this run only.
The split (building the HTML vs. Chromium drawing it) shows where the time goes, and the ratio
to a basemap-only snapshot taken in the same run (interleaved) shows what the events themselves
cost, whatever the machine's load.

    .venv/bin/python benchmarks/bench_snapshot.py [--runs N] [--view overview|southern-damascus]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from atlas.snapshot import html_to_png, snapshot_html  # noqa: E402
from events.curated import load_curated  # noqa: E402
from atlas.exports import Briefing  # noqa: E402
from geodata.gazetteer import load_gazetteer  # noqa: E402

TARGET_S = 5.0
SIZES = ((1600, 900, 1), (1600, 900, 2))


def time_once(briefing: Briefing) -> tuple[float, float]:
    start = time.perf_counter()
    page = snapshot_html(briefing)
    built = time.perf_counter()
    png = html_to_png(page, width=briefing.width, height=briefing.height, scale=briefing.scale)
    drawn = time.perf_counter()
    assert png.startswith(b"\x89PNG")
    return built - start, drawn - built


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--view", default="overview")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    events = load_curated(gazetteer=gazetteer)
    print(f"{len(events)} events, view {args.view}, {args.runs} run(s) per size, target {TARGET_S:g} s")
    for width, height, scale in SIZES:
        briefing = Briefing(events, gazetteer, view=args.view, width=width, height=height, scale=scale)
        basemap_only = Briefing([], gazetteer, view=args.view, width=width, height=height, scale=scale)
        runs, references = [], []
        for _ in range(args.runs):  # interleaved: a busy machine slows the full map and the reference alike
            runs.append(time_once(briefing))
            references.append(time_once(basemap_only))
        totals = [build + draw for build, draw in runs]
        median = statistics.median(totals)
        reference = statistics.median(build + draw for build, draw in references)
        print(f"{width * scale}x{height * scale}: median {median:.2f} s (build {statistics.median(r[0] for r in runs):.2f}"
              f" + draw {statistics.median(r[1] for r in runs):.2f}), worst {max(totals):.2f} s; "
              f"median/target = {median / TARGET_S:.2f}; "
              f"= {median / reference:.2f} x the basemap-only snapshot ({reference:.2f} s) of this run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
