"""Writes docs/img/dashboard.png for the README: the overview with a checkpoint's events selected,
so the details show the Arabic quote right-to-left. Offline, loopback only.

    .venv/bin/python -m tests.e2e.readme_screenshot [--out docs/img/dashboard.png]
"""
from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path

from PIL import Image

from tests.support.browser import MAP_FRAME, PROJECT_ROOT, offline_chromium, start_app, wait_until_ready

WIDTH, HEIGHT = 1600, 1250
MAX_BYTES = 400_000


def capture(out: Path) -> Path:
    data_dir = Path(tempfile.mkdtemp(prefix="atlas-readme-"))
    env = {"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": "", "ATLAS_ONLINE_TILES": "false"}
    with start_app("dashboard.py", env=env, log_dir=data_dir) as app, \
            offline_chromium(data_dir / "profile", width=WIDTH, height=HEIGHT, locale="en-GB") as context:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(app.url, wait_until="domcontentloaded")
        wait_until_ready(page)
        page.frame_locator(MAP_FRAME).locator(".atlas-checkpoint").first.dispatch_event("click")   # the inset may cover it: the marker takes the click itself
        quote = page.locator('.atlas-quote[dir="rtl"]').first
        quote.wait_for()
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
        page.mouse.move(WIDTH - 20, 20)                     # the map tooltip closes
        bottom = quote.evaluate("q => q.getBoundingClientRect().bottom")
        if bottom > HEIGHT - 20:                             # scroll just enough to show the whole quote
            page.evaluate("dy => document.querySelector('[data-testid=\"stMain\"]')?.scrollBy(0, dy) "
                          "|| window.scrollBy(0, dy)", bottom - HEIGHT + 40)
            page.wait_for_function("() => document.querySelector('.atlas-quote').getBoundingClientRect()"
                                   f".bottom < {HEIGHT}")
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
