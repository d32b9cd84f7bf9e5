"""Browser-test harness: the real app on 127.0.0.1 and headless Chromium with the network cut off.

- ``start_app(script, env=...)``: context manager that runs ``streamlit run <script>`` on a free
  loopback port, polls ``/_stcore/health``, yields a ``RunningApp`` (``url``, ``log_path``,
  ``log()``) and stops the process by its PID in ``finally``.
- ``start_server(name, command, health_path, ...)``: the same for any other local server the tests
  need (e.g. an OIDC provider); ``command`` is built from the free port it is given.
- ``wait_until_ready(page)``: the map has drawn and the script is idle (call before clicking).
- ``screenshot(page, name)`` into artifacts/screenshots; ``is_loopback(url)``.
- ``offline_chromium(profile)``: headless Debian Chromium, fresh profile, every non-loopback request refused
  (tests, benchmarks and the screenshot scripts all open it this way).
The fixtures that use them (``dashboard_app``, ``chromium``, ``offline_page``) are in tests/e2e/conftest.py.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from atlas.ui.form_state import FORM_OPEN

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
STARTUP_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningApp:
    url: str
    log_path: Path
    pid: int

    def log(self, tail: int = 200) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-tail:])


def _wait_healthy(url: str, process: subprocess.Popen, log_path: Path, timeout_s: float) -> None:
    """Poll ``url`` until it answers 200 (or the process exits, or the time is up)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}:\n"
                               f"{log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)   # polling interval while the server starts, not a wait for a result
    raise TimeoutError(f"{url} not healthy after {timeout_s}s:\n{log_path.read_text(errors='replace')}")


@contextlib.contextmanager
def start_server(name: str, command, health_path: str, *, env: dict | None = None, log_dir: Path | None = None,
                 timeout_s: float = STARTUP_TIMEOUT_S):
    """Run a local server on a free 127.0.0.1 port until ``health_path`` answers; stopped by PID on exit.

    ``command(port)`` gives the argument list; it must make the server listen on 127.0.0.1:port.
    """
    port = free_port()
    log_dir = Path(log_dir or PROJECT_ROOT / "artifacts" / "logs")
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command(port), cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})}, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url + health_path, process, log_path, timeout_s)
        yield RunningApp(url, log_path, process.pid)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)   # the session started for this process only
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)


@contextlib.contextmanager
def start_app(script: str = "dashboard.py", *, env: dict | None = None, log_dir: Path | None = None,
              timeout_s: float = STARTUP_TIMEOUT_S):
    """Run a Streamlit script on a free loopback port; always stopped (by PID) on exit."""
    def command(port: int) -> list[str]:
        return [sys.executable, "-m", "streamlit", "run", script, "--server.address", "127.0.0.1",
                "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none"]
    with start_server(Path(script).stem, command, "/_stcore/health", env=env, log_dir=log_dir,
                      timeout_s=timeout_s) as app:
        yield app


def is_loopback(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about", "file"):
        return True
    return parsed.hostname in LOOPBACK_HOSTS


MAP_FRAME = 'iframe[title*="streamlit_folium"]'


@contextlib.contextmanager
def offline_chromium(profile, *, width: int = 1500, height: int = 1000, **options):
    """A headless Chromium context with a fresh profile in ``profile``, the project's flags, and every request
    that is not loopback (or a file/data URL) refused; closed on exit. ``options`` go to Playwright
    (e.g. ``locale``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True,
            viewport={"width": width, "height": height}, **options)
        try:
            context.route("**/*", lambda route: route.continue_() if is_loopback(route.request.url)
                          else route.abort())
            yield context
        finally:
            context.close()


def open_local_file(browser, path: Path):
    """``path`` in a new page of ``browser`` that may load only local files (file, data, blob, about URLs);
    anything else it asks for is refused and recorded in ``page.blocked``."""
    page = browser.new_page()
    page.blocked = []

    def guard(route):
        if route.request.url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort("internetdisconnected")
    page.route("**/*", guard)
    page.goto(path.as_uri(), wait_until="load")
    return page


ENTRY_FORM = f".st-key-{FORM_OPEN}"
"""The sidebar's entry form expander: closed when a page opens."""


def open_entry_form(page, timeout_ms: float) -> None:
    """Open the sidebar's entry form, as a user does before typing, and wait for its fields."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator(f"{ENTRY_FORM} summary").click()
    sidebar.locator(".st-key-entry_outlet").wait_for(timeout=timeout_ms)


def wait_until_ready(page, timeout_ms: int = 90_000) -> None:
    """Wait until the map has drawn and Streamlit is idle.

    The map component reports its first value (bounds, clicks) once Leaflet has drawn, which
    reruns the script; a click on a button during that rerun can be lost. Call this after
    ``page.goto`` and before clicking anything.
    """
    page.frame_locator(MAP_FRAME).locator("path.atlas-route, path.atlas-point-event").first.wait_for(
        state="attached", timeout=timeout_ms)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                           timeout=timeout_ms)


def screenshot(page, name: str, *, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


class RerunCounter:
    """Counts the reruns the page asks for: BackMsg frames it sends on Streamlit's websocket (a rerun request
    carries the widget states; heartbeats are a few bytes). Attach before ``page.goto``."""

    def __init__(self, page):
        self.sent = 0
        page.on("websocket", lambda socket: socket.on("framesent", self._frame))

    def _frame(self, payload):
        if isinstance(payload, (bytes, bytearray)) and len(payload) > 8:
            self.sent += 1
