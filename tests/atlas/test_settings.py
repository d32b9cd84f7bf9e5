"""Where each setting comes from: the environment, then the secrets file, then the default, for every setting.

Streamlit copies each top-level text/number secret into ``os.environ`` when it loads secrets.toml, which
silently made the secrets file win; the last tests load a real secrets file through Streamlit in a fresh
process, as the server does, and check the environment still wins.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import atlas.ui  # noqa: F401 - registers Streamlit's secrets with atlas.settings, as in the app
from atlas import settings
from atlas.exc import SettingValueError

SETTINGS = settings.SETTINGS
NAMES = [s.name for s in SETTINGS]


def raw(setting, source: str):
    """A value for ``setting`` as the environment (text) or the secrets file (TOML type) gives it,
    different from the default and from the other source."""
    if isinstance(setting.default, bool):
        return {"env": "true" if not setting.default else "false", "secrets": not setting.default,
                "env-both": "true" if setting.default else "false"}[source]
    if isinstance(setting.default, int):
        return {"env": str(setting.default + 7), "secrets": setting.default + 9,
                "env-both": str(setting.default + 11)}[source]
    return {"env": f"/env/{setting.name}", "secrets": f"/secrets/{setting.name}",
            "env-both": f"/env-both/{setting.name}"}[source]


def value(setting, given):
    """What ``settings.get`` should return for a raw value."""
    if isinstance(setting.default, bool):
        return given if isinstance(given, bool) else given.strip().lower() in ("1", "true", "yes", "on")
    return type(setting.default)(given)


# case -> (environ, secrets, startup environ, which raw value wins); built per setting below
CASES = {
    "default": lambda s: ({}, {}, {}, None),
    "environment": lambda s: ({s.name: raw(s, "env")}, {}, {}, raw(s, "env")),
    "secrets file": lambda s: ({}, {s.name: raw(s, "secrets")}, {}, raw(s, "secrets")),
    "environment over secrets": lambda s: ({s.name: raw(s, "env-both")}, {s.name: raw(s, "secrets")}, {},
                                           raw(s, "env-both")),
    # Streamlit wrote the secret into os.environ over the operator's value, which the process started with
    "environment over Streamlit's copy of the secret": lambda s: (
        {s.name: str(raw(s, "secrets"))}, {s.name: raw(s, "secrets")}, {s.name: raw(s, "env-both")},
        raw(s, "env-both") if type(raw(s, "secrets")) is not bool else str(raw(s, "secrets"))),
    "secret copied by Streamlit, nothing in the starting environment": lambda s: (
        {s.name: str(raw(s, "secrets"))}, {s.name: raw(s, "secrets")}, {}, str(raw(s, "secrets"))),
    # Streamlit removes its copy (and so the operator's equal value) when secrets.toml changes
    "environment the process started with, removed by Streamlit": lambda s: (
        {}, {}, {s.name: raw(s, "env")}, raw(s, "env")),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("setting", SETTINGS, ids=NAMES)
def test_every_setting_resolves_environment_then_secrets_then_default(monkeypatch, setting, case):
    environ, secrets, startup, wins = CASES[case](setting)
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, text in environ.items():
        monkeypatch.setenv(name, text)
    monkeypatch.setattr(settings, "startup_environ", lambda: dict(startup))
    monkeypatch.setattr(atlas.ui.st, "secrets", dict(secrets))      # what the app's secrets source reads
    expected = setting.default if wins is None else value(setting, wins)
    assert settings.get(setting.name) == expected
    assert settings.get(setting.name, secrets=secrets) == expected


@pytest.mark.parametrize("setting", SETTINGS, ids=NAMES)
def test_explicit_mappings_are_taken_as_they_are(setting):
    """CLI and tests pass their own environment and secrets: no copy-detection, same order."""
    env, secret = raw(setting, "env-both"), raw(setting, "secrets")
    assert settings.get(setting.name, environ={setting.name: env}, secrets={setting.name: secret}) == value(setting, env)
    assert settings.get(setting.name, environ={}, secrets={setting.name: secret}) == value(setting, secret)
    assert settings.get(setting.name, environ={}, secrets={}) == setting.default


def test_a_setting_set_but_empty_in_the_environment_is_empty_not_the_default():
    """So ATLAS_AUTH= is seen as set-but-empty (atlas.auth locks writing), not as the default 'none'."""
    assert settings.get("ATLAS_AUTH", environ={"ATLAS_AUTH": ""}, secrets={"ATLAS_AUTH": "oidc"}) == ""
    assert settings.get("ATLAS_AUTH", environ={}, secrets={}) == "none"


@pytest.mark.parametrize("environ, secrets, expected", [
    ({"EVENTS_DB_URL": "postgresql+psycopg://env/atlas"}, {"EVENTS_DB_URL": "sqlite:///secret.db"},
     "postgresql+psycopg://env/atlas"),
    ({}, {"EVENTS_DB_URL": "sqlite:///secret.db"}, "sqlite:///secret.db"),
    ({"ATLAS_DATA_DIR": "/env-data"}, {"ATLAS_DATA_DIR": "/secret-data"}, "sqlite:////env-data/atlas.sqlite3"),
    ({"EVENTS_DB_URL": ""}, {"ATLAS_DATA_DIR": "/secret-data"}, "sqlite:////secret-data/atlas.sqlite3"),
])
def test_database_url_follows_the_same_order(environ, secrets, expected):
    assert settings.database_url(environ=environ, secrets=secrets) == expected


@pytest.mark.slow   # a fresh process
def test_startup_environ_is_what_the_process_started_with():
    code = ("import os, json; from atlas import settings; os.environ['ATLAS_BIND'] = 'changed-later'; "
            "settings.startup_environ.cache_clear(); print(json.dumps(settings.startup_environ().get('ATLAS_BIND')))")
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "ATLAS_BIND": "10.1.2.3"},
                         cwd=settings.PROJECT_ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(out.stdout) == "10.1.2.3"


# -- the real thing: a secrets file loaded by Streamlit in a fresh process, as the server does at start --
PROBE = """
import json, os, sys
from streamlit import config
config.set_option("secrets.files", [sys.argv[1]])
from streamlit.runtime.secrets import secrets_singleton
assert secrets_singleton.load_if_toml_exists()      # the server does this when it starts (cookie/CSRF set-up)
copied = {name: os.environ.get(name) for name in json.loads(sys.argv[2])}
import atlas.ui                                      # the app's import registers Streamlit's secrets
from atlas import settings
print(json.dumps({"copied": copied, "resolved": {s.name: settings.get(s.name) for s in settings.SETTINGS},
                  "database_url": settings.database_url()}))
"""


def _toml(values: dict) -> str:
    return "".join(f"{name} = {json.dumps(v)}\n" for name, v in values.items())


@pytest.mark.slow   # a fresh process loads a real secrets file, as the server does
@pytest.mark.parametrize("in_environment, in_secrets", [(True, True), (False, True), (True, False)],
                         ids=["both: environment wins", "secrets file only", "environment only"])
def test_order_holds_when_streamlit_loads_a_real_secrets_file(tmp_path, in_environment, in_secrets):
    secrets_file = tmp_path / "secrets.toml"
    secret_values = {s.name: raw(s, "secrets") for s in SETTINGS} if in_secrets else {}
    secrets_file.write_text(_toml(secret_values) + '[auth]\nredirect_uri = "http://127.0.0.1/oauth2callback"\n',
                            encoding="utf-8")
    env_values = {s.name: raw(s, "env-both") for s in SETTINGS} if in_environment else {}
    environ = {k: v for k, v in os.environ.items() if k not in NAMES} | env_values
    environ["PYTHONPATH"] = str(settings.PROJECT_ROOT)
    out = subprocess.run([sys.executable, "-c", PROBE, str(secrets_file), json.dumps(NAMES)], env=environ,
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    if in_secrets:   # the trap is real: Streamlit overwrote the environment with the secrets' text values
        assert report["copied"]["ATLAS_BIND"] == secret_values["ATLAS_BIND"]
    for setting in SETTINGS:
        if in_environment:
            expected = value(setting, env_values[setting.name])
        elif in_secrets:
            expected = value(setting, secret_values[setting.name])
        else:
            expected = setting.default
        assert report["resolved"][setting.name] == expected, setting.name
    data_dir = (env_values or secret_values)["ATLAS_DATA_DIR"]
    expected_url = (env_values or secret_values)["EVENTS_DB_URL"] or f"sqlite:///{data_dir}/atlas.sqlite3"
    assert report["database_url"] == expected_url


def test_the_worked_example_secrets_file_names_every_setting_and_resolves(project_root):
    """docs/examples/secrets.toml (the README's example) is valid TOML, names every setting and nothing else,
    and resolves below the environment: what it says wins over the defaults, the environment over it."""
    example = project_root / "docs" / "examples" / "secrets.toml"
    secrets = settings.secrets_file(example)
    assert set(secrets) - {"auth"} == {s.name for s in SETTINGS}
    config = settings.resolve(environ={}, secrets=secrets)
    assert config["ATLAS_AUTH"] == "oidc" and config["ATLAS_EDITORS"] == "ana@example.org,bob@example.org"
    assert config.database_url == secrets["EVENTS_DB_URL"]
    assert settings.resolve(environ={"ATLAS_AUTH": "none"}, secrets=secrets)["ATLAS_AUTH"] == "none"
    assert set(secrets["auth"]) == {"redirect_uri", "cookie_secret", "client_id", "client_secret",
                                    "server_metadata_url"}


def test_a_secrets_file_that_is_not_toml_is_a_clear_error(tmp_path):
    broken = tmp_path / "secrets.toml"
    broken.write_text('ATLAS_AUTH = "oidc\n', encoding="utf-8")
    with pytest.raises(SettingValueError, match="could not be read"):
        settings.secrets_file(broken)
    assert settings.secrets_file(tmp_path / "missing.toml") == {}
