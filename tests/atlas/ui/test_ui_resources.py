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


@pytest.mark.parametrize("secrets, user_info, may_edit", [
    (FakeSecrets(ATLAS_AUTH="none"), None, True),
    (FakeSecrets(ATLAS_AUTH="oidc", ATLAS_EDITORS="ed@example.org"), {"is_logged_in": False}, False),
    (FakeSecrets(ATLAS_AUTH="oidc", ATLAS_EDITORS="ed@example.org"),
     {"is_logged_in": True, "email": "ed@example.org"}, True),
])
def test_visitor_reads_auth_from_secrets(monkeypatch, secrets, user_info, may_edit):
    monkeypatch.delenv("ATLAS_AUTH", raising=False)
    monkeypatch.delenv("ATLAS_EDITORS", raising=False)
    monkeypatch.setattr(atlas.ui.st, "secrets", secrets)
    info, auth = atlas.ui.visitor(user_info)
    assert auth["ATLAS_AUTH"] == secrets["ATLAS_AUTH"]
    assert can_edit(info, auth) is may_edit
    assert (atlas.ui.editor_name(user_info) is not None) is may_edit


def test_settle_memory_exempts_what_is_alive_from_the_collector_once():
    import gc
    atlas.ui.settle_memory.clear()
    alive = [[n] for n in range(1000)]           # long-lived objects, as the libraries and caches are
    frozen = atlas.ui.settle_memory()
    assert frozen >= len(alive) and gc.get_freeze_count() >= len(alive)
    assert atlas.ui.settle_memory() == frozen      # once per process: a second run freezes nothing more
