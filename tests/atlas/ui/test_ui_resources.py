"""atlas.ui's shared resources: Streamlit secrets reach the store URL and the auth settings."""
from __future__ import annotations

import pytest

import atlas.ui
from atlas.auth import can_edit


class FakeSecrets(dict):
    """Stands in for st.secrets (a mapping)."""


class MissingSecrets:
    """st.secrets with no secrets.toml: reading it raises."""

    def keys(self):
        raise FileNotFoundError("no secrets.toml")

    def __iter__(self):
        raise FileNotFoundError("no secrets.toml")


@pytest.mark.parametrize("secrets, expected", [
    (FakeSecrets(EVENTS_DB_URL="sqlite:///from-secrets.sqlite3"), {"EVENTS_DB_URL": "sqlite:///from-secrets.sqlite3"}),
    (FakeSecrets(), {}),
    (MissingSecrets(), {}),
])
def test_secrets_are_a_plain_dict(monkeypatch, secrets, expected):
    monkeypatch.setattr(atlas.ui.st, "secrets", secrets)
    assert atlas.ui.secrets() == expected


def test_store_url_kept_only_in_secrets_is_used(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'from-secrets.sqlite3'}"
    monkeypatch.delenv("EVENTS_DB_URL", raising=False)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "not-this-one"))
    monkeypatch.setattr(atlas.ui.st, "secrets", FakeSecrets(EVENTS_DB_URL=url))
    opened = []
    monkeypatch.setattr(atlas.ui, "_store_at", opened.append)
    atlas.ui.event_store()
    assert opened == [url]


AUTH_SECTION = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "c" * 32,
                "client_id": "atlas", "client_secret": "s", "server_metadata_url": "http://127.0.0.1:9/.well-known/x"}


@pytest.mark.parametrize("secrets, user_info, may_edit", [
    (FakeSecrets(ATLAS_AUTH="none"), None, True),
    (FakeSecrets(ATLAS_AUTH="oidc", ATLAS_EDITORS="ed@example.org", auth=AUTH_SECTION), {"is_logged_in": False},
     False),
    (FakeSecrets(ATLAS_AUTH="oidc", ATLAS_EDITORS="ed@example.org", auth=AUTH_SECTION),
     {"is_logged_in": True, "email": "ed@example.org"}, True),
    (FakeSecrets(ATLAS_AUTH="oidc", ATLAS_EDITORS="ed@example.org"),            # no [auth]: locked
     {"is_logged_in": True, "email": "ed@example.org"}, False),
    (FakeSecrets(ATLAS_AUTH=""), None, False),                                  # set but empty: locked
    (FakeSecrets(ATLAS_AUTH="OIDC-please"), None, False),                       # misspelt: locked
])
def test_visitor_reads_auth_from_secrets(monkeypatch, secrets, user_info, may_edit):
    monkeypatch.delenv("ATLAS_AUTH", raising=False)
    monkeypatch.delenv("ATLAS_EDITORS", raising=False)
    monkeypatch.setattr(atlas.ui.st, "secrets", secrets)
    info, auth = atlas.ui.visitor(user_info)
    assert auth["ATLAS_AUTH"] == secrets["ATLAS_AUTH"]
    assert can_edit(info, auth) is may_edit
    assert (atlas.ui.editor_name(user_info) is not None) is may_edit


class UnreadableSecrets:
    """st.secrets when secrets.toml exists but does not parse (Streamlit's own error)."""

    def keys(self):
        import tomllib

        from streamlit.errors import StreamlitSecretNotFoundError
        try:
            tomllib.loads('ATLAS_AUTH = "oidc\n')
        except tomllib.TOMLDecodeError as cause:
            raise StreamlitSecretNotFoundError("Error parsing secrets file at {path}: {error}",
                                               path="/srv/private/secrets.toml", error=str(cause),
                                               error_id="failed-parsing-secrets-file") from cause


def test_an_unreadable_secrets_file_locks_writing_and_says_so(monkeypatch):
    monkeypatch.delenv("ATLAS_AUTH", raising=False)
    monkeypatch.setattr(atlas.ui.st, "secrets", UnreadableSecrets())
    assert atlas.ui.secrets() == {}
    info, auth = atlas.ui.visitor()
    assert auth["ATLAS_AUTH"] == "none"            # the default, but the file may have said otherwise
    assert "secrets file could not be read" in auth["problem"] and "line 1" in auth["problem"]
    assert "/srv/private" not in auth["problem"]                 # shown to readers: no server paths
    assert not can_edit(info, auth) and atlas.ui.editor_name() is None


def test_every_setting_in_the_app_sees_the_secrets(monkeypatch):
    """settings.get() with no arguments (map scripts, tiles, geocoder, Chromium...) reads Streamlit's secrets."""
    from atlas import settings
    monkeypatch.delenv("ATLAS_MAP_SCRIPTS_URL", raising=False)
    monkeypatch.setattr(settings, "startup_environ", lambda: {})
    monkeypatch.setattr(atlas.ui.st, "secrets", FakeSecrets(ATLAS_MAP_SCRIPTS_URL="/from/secrets",
                                                            ATLAS_ONLINE_TILES=True))
    monkeypatch.setenv("ATLAS_ONLINE_TILES", "false")
    assert settings.get("ATLAS_MAP_SCRIPTS_URL") == "/from/secrets"
    assert settings.get("ATLAS_ONLINE_TILES") is False                          # the environment wins


def test_settle_memory_exempts_what_is_alive_from_the_collector_once():
    import gc
    atlas.ui._freeze_once.clear()
    alive = [[n] for n in range(1000)]           # long-lived objects, as the libraries and caches are
    frozen = atlas.ui.settle_memory()
    assert frozen >= len(alive) and gc.get_freeze_count() >= len(alive)
    assert atlas.ui.settle_memory() == frozen      # once per process: a second run freezes nothing more
