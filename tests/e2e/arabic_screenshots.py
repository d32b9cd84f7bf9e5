"""Writes the Arabic screenshots for the README: the dashboard in Arabic (right to left, a checkpoint's events
in Details) and the Arabic PNG snapshot. Offline, loopback only.

    .venv/bin/python -m tests.e2e.arabic_screenshots [--out-dir docs/img]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.support.browser import PROJECT_ROOT
from tests.support.screenshots import dashboard_png, save_png

WIDTH, HEIGHT = 1600, 1250
EVENT = "s001-01"      # a journey through a checkpoint, reported by two outlets: its details show both
MAX_BYTES = 450_000


def dashboard(out: Path) -> Path:
    png = dashboard_png(f"/?lang=ar&event={EVENT}", ready='.atlas-quote[dir="rtl"]', locale="ar-SY", width=WIDTH,
                        height=HEIGHT, mouse_at=(20, 20))   # a shared link
    return save_png(png, out, MAX_BYTES)


def snapshot(out: Path) -> Path:
    """The Arabic PNG snapshot, made by the command line as an analyst would."""
    subprocess.run([sys.executable, "-m", "atlas", "snapshot", "--lang", "ar", "--out", str(out)], cwd=PROJECT_ROOT,
                   check=True)
    return save_png(out.read_bytes(), out, MAX_BYTES)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", type=Path, default=PROJECT_ROOT / "docs" / "img")
    out_dir = parser.parse_args(argv).out_dir
    for path in (dashboard(out_dir / "dashboard-ar.png"), snapshot(out_dir / "snapshot-ar.png")):
        print(f"{path} {Image.open(path).size} {path.stat().st_size / 1000:.0f} KB")


if __name__ == "__main__":
    main()
