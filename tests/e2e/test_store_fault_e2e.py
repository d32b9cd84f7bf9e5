"""The dashboard in headless Chromium with a corrupt team store: the map of the curated events draws,
one warning says what is wrong and what to do, the sidebar says why the form is off, and no
traceback reaches the screen."""
import pytest

from tests.support.browser import ENTRY_FORM, MAP_FRAME, screenshot, start_app, wait_until_ready

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def corrupt_store_app(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("corrupt-store")
    (data_dir / "atlas.sqlite3").write_bytes(b"these bytes are not a SQLite database\n" * 200)
    with start_app("dashboard.py", env={"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": "", "ATLAS_AUTH": "none",
                                        "ATLAS_ONLINE_TILES": "false"}, log_dir=data_dir) as app:
        yield app, data_dir


def test_corrupt_store_shows_one_warning_and_the_curated_map(corrupt_store_app, offline_page):
    app, data_dir = corrupt_store_app
    offline_page.goto(app.url, wait_until="domcontentloaded")
    offline_page.wait_for_selector(MAP_FRAME, timeout=TIMEOUT_MS)
    wait_until_ready(offline_page, TIMEOUT_MS)

    warnings = offline_page.locator('[data-testid="stAlertContentWarning"]')
    assert warnings.count() == 1
    text = warnings.inner_text()
    assert "is not a readable SQLite database" in text and "restore it from a backup" in text
    assert str(data_dir / "atlas.sqlite3") in text
    sidebar = offline_page.locator('[data-testid="stSidebar"]')
    assert "Adding, reviewing and importing events is off" in sidebar.inner_text()
    assert sidebar.get_by_role("button", name="Save as draft").count() == 0   # no form
    assert sidebar.locator(ENTRY_FORM).count() == 0
    assert offline_page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in offline_page.locator("body").inner_text()
    assert offline_page.frame_locator(MAP_FRAME).locator("path.atlas-route").count() >= 5
    screenshot(offline_page, "dashboard-corrupt-store")
