"""Fixtures of the browser tests: the dashboard on 127.0.0.1, headless Chromium with a fresh profile, and a
page whose every non-loopback request is refused and recorded. The harness itself is tests/support/browser.py.
On a failed test the log tail of every server it used is printed."""
from __future__ import annotations

import pytest

from tests.support.browser import RerunCounter, RunningApp, is_loopback, offline_chromium, start_app


@pytest.fixture(scope="module")
def dashboard_app(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("atlas-data")
    with start_app("dashboard.py", env={"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": "",
                                        "ATLAS_ONLINE_TILES": "false"},
                   log_dir=data_dir) as app:
        yield app


@pytest.fixture
def chromium(tmp_path):
    with offline_chromium(tmp_path / "chromium-profile", locale="en-GB") as context:
        yield context


@pytest.fixture
def offline_page(chromium):
    """A page that can reach only 127.0.0.1: every other request is aborted and recorded (``page.blocked``).
    ``page.reruns`` watches its Streamlit websocket (``tests.support.browser.RerunCounter``)."""
    page = chromium.new_page()
    page.blocked = []
    page.reruns = RerunCounter(page)

    def guard(route):
        if is_loopback(route.request.url):
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort("internetdisconnected")
    chromium.route("**/*", guard)
    yield page


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for name, value in item.funcargs.items():   # every server the test used (dashboard_app, ...)
            if isinstance(value, RunningApp):
                report.sections.append((f"{name} log (tail)", value.log()))
