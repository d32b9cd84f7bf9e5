"""The whole dashboard with a sign-in configuration that cannot be trusted: read-only, one message, no traceback.

The map and the events still show; the entry form, the review panel and the import panel do not.
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas.store import EventStore
from tests.support.apptest import FORM_OPEN, open_tab, tab_labels

pytestmark = pytest.mark.slow   # runs panels of the dashboard under Streamlit's AppTest


def run_dashboard(monkeypatch, tmp_path, project_root, sqlite_url, environ: dict, secrets: dict) -> AppTest:
    monkeypatch.chdir(project_root)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EVENTS_DB_URL", sqlite_url)
    for name in ("ATLAS_AUTH", "ATLAS_EDITORS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120)
    at.session_state[FORM_OPEN] = True   # the entry form open, as a user opens it
    for name, value in secrets.items():
        at.secrets[name] = value
    return at.run()


def writing_widgets(at: AppTest) -> dict[str, bool]:
    keys = {w.key for kind in ("text_input", "text_area", "button") for w in at.get(kind)}
    return {"form": "entry_outlet" in keys or "entry__save" in keys,
            "review": any(h.value == "Review team events" for h in at.header),
            "import": "Import" in tab_labels(at) or bool(at.get("file_uploader"))}


@pytest.mark.parametrize("environ, secrets, message", [
    ({"ATLAS_AUTH": ""}, {}, "ATLAS_AUTH is set but empty"),
    ({"ATLAS_AUTH": "odic"}, {}, "not a sign-in mode"),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": "ed@example.org"}, {}, "no [auth] section"),
    ({}, {"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": "ed@example.org", "auth": {"redirect_uri": "http://x/oauth2callback"}},
     "lacks cookie_secret, client_id, client_secret, server_metadata_url"),
    ({}, {"ATLAS_AUTH": "None please"}, "not a sign-in mode"),
])
def test_untrusted_configuration_starts_read_only_with_one_message(monkeypatch, tmp_path, project_root,
                                                                   sqlite_url, make_event, environ, secrets, message):
    store = EventStore(sqlite_url)
    try:
        store.add_event(make_event(summary_en="A team event a reviewer would see."), "ana")
    finally:
        store.dispose()
    at = run_dashboard(monkeypatch, tmp_path, project_root, sqlite_url, environ, secrets)
    assert not at.exception, at.exception
    assert at.get("component_instance"), "the map is drawn"
    assert writing_widgets(at) == {"form": False, "review": False, "import": False}
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    shown = errors[0].replace("\\", "")           # the message is escaped for Markdown
    assert shown.startswith("Editing is switched off.") and message in shown and "read-only" in shown


@pytest.mark.parametrize("environ", [{}, {"ATLAS_AUTH": "none"}, {"ATLAS_AUTH": " None "}])
def test_unset_or_none_keeps_the_single_analyst_form(monkeypatch, tmp_path, project_root, sqlite_url, environ):
    at = run_dashboard(monkeypatch, tmp_path, project_root, sqlite_url, environ, {})
    assert not at.exception, at.exception
    assert writing_widgets(at)["form"] and writing_widgets(at)["import"]
    assert not at.error
    open_tab(at, "Import")
    assert [s.value for s in at.subheader].count("Import events") == 1 and len(at.get("file_uploader")) == 1
