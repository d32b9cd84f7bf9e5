"""Writes the Arabic screenshots for the README: the dashboard in Arabic (right to left, a checkpoint's events
in Details) and the Arabic PNG snapshot. Offline, loopback only.

    .venv/bin/python -m tests.e2e.arabic_screenshots [--out-dir docs/img]
"""
from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from tests.support.browser import PROJECT_ROOT, offline_chromium, start_app, wait_until_ready

WIDTH, HEIGHT = 1600, 1250
EVENT = "s001-01"      # a journey through a checkpoint, reported by two outlets: its details show both
MAX_BYTES = 450_000


def _save(png: bytes, out: Path) -> Path:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, optimize=True)
    if out.stat().st_size > MAX_BYTES:     # flat UI colours survive a 256-colour palette
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)
    return out


def dashboard(out: Path) -> Path:
    data_dir = Path(tempfile.mkdtemp(prefix="atlas-readme-ar-"))
    env = {"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": "", "ATLAS_ONLINE_TILES": "false"}
    with start_app("dashboard.py", env=env, log_dir=data_dir) as app, \
            offline_chromium(data_dir / "profile", width=WIDTH, height=HEIGHT, locale="ar-SY") as context:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(app.url + f"/?lang=ar&event={EVENT}", wait_until="domcontentloaded")   # a shared link
        wait_until_ready(page)
        page.locator('.atlas-quote[dir="rtl"]').first.wait_for()
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
        page.mouse.move(20, 20)                     # the map tooltip closes
        return _save(page.screenshot(), out)


def snapshot(out: Path) -> Path:
    """The Arabic PNG snapshot, made by the command line as an analyst would."""
    subprocess.run([sys.executable, "-m", "atlas", "snapshot", "--lang", "ar", "--out", str(out)], cwd=PROJECT_ROOT,
                   check=True)
    return _save(out.read_bytes(), out)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", type=Path, default=PROJECT_ROOT / "docs" / "img")
    out_dir = parser.parse_args(argv).out_dir
    for path in (dashboard(out_dir / "dashboard-ar.png"), snapshot(out_dir / "snapshot-ar.png")):
        print(f"{path} {Image.open(path).size} {path.stat().st_size / 1000:.0f} KB")


if __name__ == "__main__":
    main()
