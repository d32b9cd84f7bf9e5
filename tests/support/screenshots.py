"""The README's dashboard screenshots, made one way: the running app opened offline at an address, then saved as
a PNG small enough for the repository."""
from __future__ import annotations

import io
import tempfile
from pathlib import Path

from PIL import Image

from tests.support.browser import offline_chromium, start_app, wait_idle, wait_until_ready


def save_png(png: bytes, out: Path, max_bytes: int) -> Path:
    """``png`` written to ``out``; above ``max_bytes`` as 256 colours (flat UI colours survive a palette)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, optimize=True)
    if out.stat().st_size > max_bytes:
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)
    return out


def dashboard_png(address: str, *, ready: str, locale: str, width: int, height: int, mouse_at: tuple[int, int]) -> bytes:
    """The dashboard (curated data, no store, offline) opened at ``address`` (e.g. ``/?event=s001-01``), once
    ``ready`` (a selector) is drawn and Streamlit is idle, the mouse moved to ``mouse_at`` (the map tooltip
    closes)."""
    data_dir = Path(tempfile.mkdtemp(prefix="atlas-screenshot-"))
    env = {"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": "", "ATLAS_ONLINE_TILES": "false"}
    with start_app("dashboard.py", env=env, log_dir=data_dir) as app, \
            offline_chromium(data_dir / "profile", width=width, height=height, locale=locale) as context:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(app.url + address, wait_until="domcontentloaded")
        wait_until_ready(page)
        page.locator(ready).first.wait_for()
        wait_idle(page)
        page.mouse.move(*mouse_at)
        return page.screenshot()
