"""Writes docs/img/dashboard.png for the README: the overview with a journey through a checkpoint selected,
so the map draws it out and the details show its sources' Arabic quotes right to left. Offline, loopback only.

    .venv/bin/python -m tests.e2e.readme_screenshot [--out docs/img/dashboard.png]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image

from tests.support.browser import PROJECT_ROOT
from tests.support.screenshots import dashboard_png, save_png

WIDTH, HEIGHT = 1600, 1250
MAX_BYTES = 400_000
EVENT = "s001-01"      # a journey through the Barada factory checkpoint, reported by two outlets


def capture(out: Path) -> Path:
    png = dashboard_png(f"/?event={EVENT}", ready='.atlas-src-quote[dir="rtl"]', locale="en-GB", width=WIDTH,
                        height=HEIGHT, mouse_at=(WIDTH - 20, 20))   # selected by its address; its quotes right to left
    return save_png(png, out, MAX_BYTES)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "img" / "dashboard.png")
    path = capture(parser.parse_args(argv).out)
    print(f"{path} {Image.open(path).size} {path.stat().st_size / 1000:.0f} KB")


if __name__ == "__main__":
    main()
