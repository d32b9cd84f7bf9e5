"""Writes the map screenshots the README links (docs/img/): the overview, the Southern Damascus view, a selected
route (opened from its address) and a PNG snapshot. Offline, loopback only.

    .venv/bin/python -m tests.e2e.map_screenshots [--out docs/img]
"""
from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path

from PIL import Image

from atlas.exports import Briefing
from atlas.snapshot import render_png
from tests.support.browser import MAP_FRAME, PROJECT_ROOT, offline_chromium, start_app, wait_idle, wait_until_ready

WIDTH, HEIGHT = 1500, 1000
MAX_BYTES = 400_000
CHART_HEADING = "People moved and events per period"    # the period chart under the map: the pictures stop above it


def save(png: bytes, out: Path) -> Path:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, optimize=True)
    if out.stat().st_size > MAX_BYTES:     # map colours survive a 256-colour palette
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)
    return out


def map_row(page) -> bytes:
    """The map (with its legend) and the details beside it, down to the period chart (left out)."""
    wait_idle(page)
    page.frame_locator(MAP_FRAME).locator(".atlas-place-label.atlas-shown .atlas-label-text").first.wait_for()
    page.mouse.move(WIDTH - 5, 5)
    row = page.locator(".st-key-atlas-map-row")
    png = row.screenshot()
    height = page.get_by_role("heading", name=CHART_HEADING).bounding_box()["y"] - 8 - row.bounding_box()["y"]
    image = Image.open(io.BytesIO(png))
    scale = image.height / row.bounding_box()["height"]
    cropped = io.BytesIO()
    image.crop((0, 0, image.width, round(height * scale))).save(cropped, format="PNG")
    return cropped.getvalue()


def capture(out_dir: Path) -> list[Path]:
    from events.curated import load_curated
    from geodata.gazetteer import load_gazetteer
    gazetteer = load_gazetteer()
    events = load_curated(gazetteer=gazetteer)
    from events.geo import event_geometry

    def reach(event) -> float:          # the longest journey shows its highlight best at the overview's zoom
        line = event_geometry(event, gazetteer).line
        return abs(line[0].lat - line[-1].lat) + abs(line[0].lon - line[-1].lon) if len(line) > 1 else 0.0
    route = max((e for e in events if e.is_route and e.via), key=reach)
    written = [save(render_png(Briefing(events, gazetteer)), out_dir / "map-snapshot.png")]
    data_dir = Path(tempfile.mkdtemp(prefix="atlas-shots-"))
    env = {"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": "", "ATLAS_ONLINE_TILES": "false"}
    with start_app("dashboard.py", env=env, log_dir=data_dir) as app, \
            offline_chromium(data_dir / "profile", width=WIDTH, height=HEIGHT, locale="en-GB") as context:
        page = context.new_page()
        page.set_default_timeout(90_000)
        for name, address in (("map-overview.png", ""), ("map-southern-damascus.png", "?view=southern-damascus"),
                              ("map-selected-route.png", f"?event={route.id}")):
            page.goto(app.url + address, wait_until="domcontentloaded")
            wait_until_ready(page)
            if "event=" in address:
                page.frame_locator(MAP_FRAME).locator("path.atlas-highlight").first.wait_for(state="attached")
            written.append(save(map_row(page), out_dir / name))
    return written


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "img")
    for path in capture(parser.parse_args(argv).out):
        print(path, path.stat().st_size)


if __name__ == "__main__":
    main()
