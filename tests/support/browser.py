"""Browser-test harness: the real app on 127.0.0.1 and headless Chromium with the network cut off.

- ``start_app(script, env=...)``: context manager that serves ``<script>`` as deployed (``python -m atlas.serve``,
  ``streamlit run`` with its warm-up) on a free loopback port, polls ``/_stcore/health``, yields a ``RunningApp``
  (``url``, ``log_path``, ``log()``) and stops the process by its PID in ``finally``.
- ``start_server(name, command, health_path, ...)``: the same for any other local server the tests
  need (e.g. an OIDC provider); ``command`` is built from the free port it is given.
- ``wait_until_ready(page)``: the map has drawn and the script is idle (call before clicking); ``wait_idle(page)``:
  no script runs; ``fill_entry(page, name, text)``: type into the entry form and wait for its rerun;
  ``choose_option(page, box, option)``: pick from a select box.
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
              timeout_s: float = STARTUP_TIMEOUT_S, as_deployed: bool = True):
    """Run a Streamlit script on a free loopback port; always stopped (by PID) on exit. ``as_deployed``: through
    ``atlas.serve``, as ``scripts/run.sh`` serves the dashboard (with its warm-up); False: a plain ``streamlit run``
    (the benchmarks' peer and floor apps, which are not ours to warm)."""
    def command(port: int) -> list[str]:
        runner = ["atlas.serve"] if as_deployed else ["streamlit", "run"]
        return [sys.executable, "-m", *runner, script, "--server.address", "127.0.0.1",
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


# Streamlit is idle: its app element says no script runs (the state the server last reported; its "Running" status
# is drawn only 0.5 s into a run, so its absence alone says little) and that status is gone. A widget's change
# reaches the state a round trip later: to wait for the rerun it causes, see ``awaiting_rerun``.
IDLE_JS = """() => !!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
                 && !document.querySelector('[data-testid="stStatusWidget"]')"""


def wait_idle(page, timeout_ms: float = 90_000) -> None:
    """Wait until no script runs (see ``IDLE_JS``)."""
    page.wait_for_function(IDLE_JS, timeout=timeout_ms)


def wait_until_ready(page, timeout_ms: float = 90_000) -> None:
    """Wait until the map has drawn and Streamlit is idle.

    The map component reports its first value (bounds, clicks) once Leaflet has drawn, which
    reruns the script; a click on a button during that rerun can be lost. Call this after
    ``page.goto`` and before clicking anything. The first wait lets a rerun in progress end, which removes a
    frame it has replaced (the entry form's preview map gives way to the live map after a save).
    """
    wait_idle(page, timeout_ms)
    page.frame_locator(MAP_FRAME).first.locator("path.atlas-route, path.atlas-point-event").first.wait_for(
        state="attached", timeout=timeout_ms)
    wait_idle(page, timeout_ms)


@contextlib.contextmanager
def awaiting_rerun(page, timeout_ms: float = 90_000):
    """After the block (which changes a widget), wait for the rerun it causes to end and be drawn. ``page.reruns``
    is the page's :class:`RerunCounter` (the ``offline_page`` fixture attaches one). Waiting only for idleness can
    return before the rerun starts (the script state changes a round trip after the widget sends its value), and
    the next click then lands on a widget the rerun redraws (a select box's list closes under the pointer)."""
    with page.reruns.socket.expect_event("framereceived", predicate=finishes_a_run, timeout=timeout_ms):
        yield
    wait_idle(page, timeout_ms)


def open_tab(page, name: str, timeout_ms: float = 90_000) -> None:
    """Click the dashboard's tab ``name`` and wait for the rerun that draws its panel: only the open tab's panel is
    drawn (lazy tabs), so its buttons and fields appear a rerun after the click."""
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=name, exact=True)
    wait_idle(page, timeout_ms)
    if tab.get_attribute("aria-selected", timeout=timeout_ms) == "true":
        return                                   # open already: a click would start no rerun to wait for
    with awaiting_rerun(page, timeout_ms):
        tab.click()
    expect(tab).to_have_attribute("aria-selected", "true", timeout=timeout_ms)


def fill_entry(page, name: str, text: str, timeout_ms: float = 90_000) -> None:
    """Type ``text`` (not the field's present value) into the sidebar's form field ``entry_<name>``, have Streamlit
    take the value, and wait for the rerun that causes."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    box = sidebar.locator(f".st-key-entry_{name} input, .st-key-entry_{name} textarea")
    with awaiting_rerun(page, timeout_ms):
        box.first.fill(text)
        # a date box takes its value when its calendar closes (Escape), a text box when it is left (Tab)
        box.first.press("Escape" if box.first.evaluate("e => !!e.closest('[data-testid=\"stDateInput\"]')") else "Tab")


def choose_option(page, select_box, option: str, timeout_ms: float = 90_000) -> None:
    """Open ``select_box`` (a locator) and pick ``option``, as a user does who opens the list again when it
    closes: a rerun that redraws the box (e.g. a new map frame reporting its first value) closes an open list."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        select_box.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            return
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise


def download(page, button_name: str, directory: Path, timeout_ms: float = 90_000) -> Path:
    """Click the download button ``button_name`` and save the file it gives into ``directory`` (under a numbered
    name, so one directory can hold the same download twice). A rerun that lands just then replaces the button:
    the click is lost or the button is detached under it, so a click that starts no download within a while is
    made once more, on the button drawn since."""
    from playwright.sync_api import Error as PlaywrightError

    button = page.get_by_role("button", name=button_name, exact=True)
    for attempt in (1, 2):
        wait_idle(page, timeout_ms)
        patience = timeout_ms // 3 if attempt == 1 else timeout_ms
        try:
            with page.expect_download(timeout=patience) as info:
                button.click(timeout=patience)   # (scrolls it into view)
            break
        except PlaywrightError:   # a timeout, or the button detached by a rerun
            if attempt == 2:
                raise
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{len(list(directory.iterdir()))}-{info.value.suggested_filename}"
    info.value.save_as(path)
    return path


def screenshot(page, name: str, *, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


class RerunCounter:
    """Watches a page's Streamlit websocket. ``sent``: the reruns the page asks for (BackMsg frames it sends: a
    rerun request carries the widget states; heartbeats are a few bytes). ``socket``: the latest websocket, for
    :func:`awaiting_rerun`. Attach before ``page.goto``."""

    def __init__(self, page):
        self.sent = 0
        self.socket = None
        page.on("websocket", self._opened)

    def _opened(self, socket):
        self.socket = socket
        socket.on("framesent", self._frame)

    def _frame(self, payload):
        if isinstance(payload, (bytes, bytearray)) and len(payload) > 8:
            self.sent += 1


def finishes_a_run(payload) -> bool:
    """Whether a frame the server sent says a script run has ended (not cut short by a newer rerun)."""
    from google.protobuf.message import DecodeError
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if not isinstance(payload, (bytes, bytearray)):
        return False
    try:
        message = ForwardMsg.FromString(bytes(payload))
    except DecodeError:
        return False
    return (message.WhichOneof("type") == "script_finished"
            and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN)
