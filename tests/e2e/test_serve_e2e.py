"""The dashboard served as scripts/run.sh serves it (``python -m atlas.serve``): the warm-up finishes before anyone
visits, and the first visitor then gets a working page: the map (whose Streamlit component the warm-up must not
have declared outside a script run) with its routes, the charts, no error. The server's log says the warm-up is done
and carries no warning from it (Streamlit warns of a "missing ScriptRunContext" when a thread outside a script run
uses what needs one)."""
import time

import pytest

from tests.support.browser import MAP_FRAME, start_app, wait_until_ready

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000


def wait_for_log(app, text: str, timeout_s: float = 120) -> str:
    deadline = time.monotonic() + timeout_s
    while text not in app.log(tail=400):
        assert time.monotonic() < deadline, f"no {text!r} in the server log:\n{app.log()}"
        time.sleep(0.1)   # polling the log file
    return app.log(tail=400)


def test_a_first_visitor_after_the_warm_up_gets_the_whole_page(tmp_path, offline_page):
    with start_app("dashboard.py", env={"ATLAS_DATA_DIR": str(tmp_path), "EVENTS_DB_URL": "",
                                        "ATLAS_ONLINE_TILES": "false"}, log_dir=tmp_path) as app:
        log = wait_for_log(app, "warm-up done in ")
        assert "missing ScriptRunContext" not in log and "warm-up skipped" not in log
        try:
            offline_page.goto(app.url, wait_until="domcontentloaded")
            wait_until_ready(offline_page, TIMEOUT_MS)
            assert offline_page.frame_locator(MAP_FRAME).locator("path.atlas-route").count() >= 5
            assert offline_page.locator('[data-testid="stVegaLiteChart"]').count() >= 1
            assert offline_page.locator('[data-testid="stException"]').count() == 0
            assert "Traceback" not in offline_page.locator("body").inner_text()
        except Exception:
            print(app.log())
            raise


def test_a_store_problem_met_by_the_warm_up_is_shown_by_the_first_run(tmp_path, offline_page):
    """A corrupt store: the warm-up reads no team events and says nothing; the first run shows the one warning."""
    (tmp_path / "atlas.sqlite3").write_bytes(b"these bytes are not a SQLite database\n" * 200)
    with start_app("dashboard.py", env={"ATLAS_DATA_DIR": str(tmp_path), "EVENTS_DB_URL": "", "ATLAS_AUTH": "none",
                                        "ATLAS_ONLINE_TILES": "false"}, log_dir=tmp_path) as app:
        wait_for_log(app, "warm-up done in ")
        try:
            offline_page.goto(app.url, wait_until="domcontentloaded")
            wait_until_ready(offline_page, TIMEOUT_MS)
            warning = offline_page.locator('[data-testid="stAlertContentWarning"]')
            assert warning.count() == 1 and "is not a readable SQLite database" in warning.inner_text()
            assert offline_page.frame_locator(MAP_FRAME).locator("path.atlas-route").count() >= 5
        except Exception:
            print(app.log())
            raise
