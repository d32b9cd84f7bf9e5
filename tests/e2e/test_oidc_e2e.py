"""Sign-in end to end: the real dashboard, Streamlit's st.login (Authlib) and a real OpenID Connect provider
(``oidc-provider-mock``), all on 127.0.0.1, driven in headless Chromium with every other request refused.

- a viewer (signed in, e-mail not in ATLAS_EDITORS) sees the map and no form, review or import;
- an editor adds an event and the store's history records the signed-in e-mail, not a typed name;
- after signing out the session cannot write.

The auth configuration lives in a secrets file in a temp folder (``STREAMLIT_SECRETS_FILES``), never in the
project's ``.streamlit/``. That file also says ``ATLAS_AUTH = "none"`` and lists the viewer as editor, while
the environment says oidc and lists only the editor: the environment must win (were the file to win, the
viewer could write).
"""
from __future__ import annotations

import re
import sys

import pytest

from atlas.store import EventStore
from tests.support.browser import (
    ENTRY_FORM,
    awaiting_rerun,
    choose_option,
    fill_entry,
    open_entry_form,
    screenshot,
    start_app,
    start_server,
    wait_until_ready,
)

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
EDITOR, VIEWER = "editor@example.org", "viewer@example.org"
SUMMARY = "OIDC end-to-end: four people left al-Hajar al-Aswad."


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """oidc-provider-mock on a free loopback port, with the two users as one-click choices."""
    def command(port: int) -> list[str]:
        return [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port),
                "--user", EDITOR, "--user", VIEWER]
    with start_server("oidc-provider", command, "/.well-known/openid-configuration",
                      log_dir=tmp_path_factory.mktemp("oidc-provider")) as running:
        yield running


@pytest.fixture(scope="module")
def signed_app(provider, tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc-app")
    secrets = folder / "secrets.toml"
    secrets.write_text(f'''ATLAS_AUTH = "none"
ATLAS_EDITORS = "{VIEWER}"

[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "e2e-cookie-secret-that-is-long-enough"
client_id = "checkpoint-atlas"
client_secret = "e2e-client-secret"
server_metadata_url = "{provider.url}/.well-known/openid-configuration"
''', encoding="utf-8")
    env = {"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITOR, "STREAMLIT_SECRETS_FILES": str(secrets),
           "ATLAS_DATA_DIR": str(folder / "data"), "EVENTS_DB_URL": "", "ATLAS_ONLINE_TILES": "false"}
    with start_app("dashboard.py", env=env, log_dir=folder) as app:
        app.store_url = f"sqlite:///{folder / 'data' / 'atlas.sqlite3'}"
        yield app


def off_machine_requests(page) -> list[str]:
    """Requests refused because they left the machine, except the mock provider's own page stylesheet
    (its consent and end-session pages link Pico CSS from a CDN; refused, they still work)."""
    return [url for url in page.blocked if not url.startswith("https://cdn.jsdelivr.net/npm/@picocss/")]


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def sign_in(page, app, provider, email: str) -> None:
    page.goto(app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)
    sidebar(page).get_by_role("button", name="Editors: sign in").click()
    page.wait_for_url(f"{provider.url}/**", timeout=TIMEOUT_MS)           # at the provider's consent page
    page.get_by_role("button", name=email, exact=True).click()
    page.wait_for_url(f"{app.url}/**", timeout=TIMEOUT_MS)                 # back through /oauth2callback
    wait_until_ready(page, TIMEOUT_MS)


def sign_out(page, app, provider) -> None:
    sidebar(page).get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{provider.url}/**", timeout=TIMEOUT_MS)           # the provider's end-session page
    page.get_by_role("button", name="End session").click()
    page.goto(app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)


def assert_cannot_write(page) -> None:
    bar = sidebar(page)
    assert bar.get_by_role("button", name="Save as draft").count() == 0
    assert bar.locator(".st-key-entry_outlet").count() == 0 and bar.locator(ENTRY_FORM).count() == 0
    assert bar.get_by_text("Review team events").count() == 0
    assert page.get_by_role("tab", name="Import", exact=True).count() == 0
    assert page.get_by_role("tab", name="Export", exact=True).count() == 1     # (the tabs are drawn)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0


def test_a_viewer_signs_in_sees_the_map_and_cannot_write(signed_app, provider, offline_page):
    page = offline_page
    sign_in(page, signed_app, provider, VIEWER)
    sidebar(page).get_by_text(f"Signed in as {VIEWER}, a reader").wait_for(timeout=TIMEOUT_MS)
    assert page.frame_locator('iframe[title*="streamlit_folium"]').locator("path.atlas-route").count() > 0
    assert_cannot_write(page)
    screenshot(page, "oidc-viewer")
    sign_out(page, signed_app, provider)
    sidebar(page).get_by_role("button", name="Editors: sign in").wait_for(timeout=TIMEOUT_MS)
    assert off_machine_requests(page) == []


def test_an_editor_adds_an_event_recorded_under_the_signed_in_email_then_signs_out(signed_app, provider,
                                                                                  offline_page):
    page = offline_page
    sign_in(page, signed_app, provider, EDITOR)
    bar = sidebar(page)
    # the e-mail is isolated (FSI…PDI) from the sentence around it
    bar.get_by_text(re.compile(rf"Signed in as \W?{re.escape(EDITOR)}\W? \(editor\)")).wait_for(timeout=TIMEOUT_MS)
    assert bar.get_by_label("Your name or initials").count() == 0            # nothing to type: the identity is known
    open_entry_form(page, TIMEOUT_MS)
    fill_entry(page, "origin_query", "الحجر الأسود", TIMEOUT_MS)                      # picks the best suggestion
    fill_entry(page, "destination_query", "Azaz", TIMEOUT_MS)
    with awaiting_rerun(page, TIMEOUT_MS):
        choose_option(page, bar.locator(".st-key-entry_date_precision"), "unknown", TIMEOUT_MS)
    fill_entry(page, "outlet", "Test outlet", TIMEOUT_MS)
    fill_entry(page, "url", "https://example.org/oidc-e2e", TIMEOUT_MS)
    fill_entry(page, "quote_ar", "خرج أربعة عناصر من الحجر الأسود", TIMEOUT_MS)
    fill_entry(page, "summary_en", SUMMARY, TIMEOUT_MS)
    bar.get_by_text("Preview shown on the map.").wait_for(timeout=TIMEOUT_MS)
    bar.get_by_role("button", name="Save as draft").click()
    bar.get_by_text("as a draft").wait_for(timeout=TIMEOUT_MS)
    wait_until_ready(page, TIMEOUT_MS)                                         # the map draws again after the save
    screenshot(page, "oidc-editor-saved")

    store = EventStore(signed_app.store_url)
    try:
        (saved,) = [s for s in store.list_stored(include_drafts=True) if s.event.summary_en == SUMMARY]
        history = store.history(saved.event.id)
    finally:
        store.dispose()
    assert (saved.event.added_by, saved.created_by, saved.updated_by) == (EDITOR, EDITOR, EDITOR)
    assert [(h.action, h.changed_by) for h in history] == [("create", EDITOR)]

    sign_out(page, signed_app, provider)
    sidebar(page).get_by_role("button", name="Editors: sign in").wait_for(timeout=TIMEOUT_MS)
    assert_cannot_write(page)
    page.reload(wait_until="domcontentloaded")                                 # the sign-in cookie is gone too
    wait_until_ready(page, TIMEOUT_MS)
    sidebar(page).get_by_role("button", name="Editors: sign in").wait_for(timeout=TIMEOUT_MS)
    assert_cannot_write(page)
    assert off_machine_requests(page) == []
