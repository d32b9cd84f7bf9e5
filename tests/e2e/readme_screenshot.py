"""Writes docs/img/dashboard.png for the README: the overview with a journey through a checkpoint selected,
so the map draws it out and the details show its sources' Arabic quotes right to left. Offline, loopback only.

    .venv/bin/python -m tests.e2e.readme_screenshot [--out docs/img/dashboard.png]
"""
from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path

from PIL import Image

from tests.support.browser import PROJECT_ROOT, offline_chromium, start_app, wait_until_ready

WIDTH, HEIGHT = 1600, 1250
MAX_BYTES = 400_000
EVENT = "s001-01"      # a journey through the Barada factory checkpoint, reported by two outlets


def capture(out: Path) -> Path:
    data_dir = Path(tempfile.mkdtemp(prefix="atlas-readme-"))
    env = {"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": "", "ATLAS_ONLINE_TILES": "false"}
    with start_app("dashboard.py", env=env, log_dir=data_dir) as app, \
            offline_chromium(data_dir / "profile", width=WIDTH, height=HEIGHT, locale="en-GB") as context:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(f"{app.url}/?event={EVENT}", wait_until="domcontentloaded")   # selected by its address
        wait_until_ready(page)
        page.locator('.atlas-src-quote[dir="rtl"]').first.wait_for()   # its sources' Arabic quotes, right to left
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
        png = page.screenshot()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, optimize=True)
    if out.stat().st_size > MAX_BYTES:     # flat UI colours survive a 256-colour palette
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "img" / "dashboard.png")
    path = capture(parser.parse_args(argv).out)
    print(f"{path} {Image.open(path).size} {path.stat().st_size / 1000:.0f} KB")


if __name__ == "__main__":
    main()
