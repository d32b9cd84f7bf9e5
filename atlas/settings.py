"""Every setting in one table, with its default and help (after datasette's Setting).

Where a value comes from, first match wins: the environment (``ATLAS_*`` / ``EVENTS_DB_URL``), then the
Streamlit secrets file (``.streamlit/secrets.toml``, same names, when the app runs under Streamlit), then
the default below. Streamlit copies every top-level text or number secret into ``os.environ`` when it
loads the file, which would make the secrets file win over the operator's environment; so the
environment read here is :func:`operator_environ`: ``os.environ`` minus those copies, with the value the
process was started with where a copy replaced it.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS = (
    Setting("ATLAS_DATA_DIR", str(PROJECT_ROOT / "data"),
            "Folder for the embedded SQLite store and other local state (created if missing)."),
    Setting("EVENTS_DB_URL", "",
            "SQLAlchemy URL of the team event store. Empty: SQLite file in ATLAS_DATA_DIR. "
            "Team deployment: postgresql+psycopg://user:pass@host/dbname."),
    Setting("ATLAS_EDITORS", "",
            "Comma-separated e-mails allowed to add/edit events when auth is configured. Empty with auth: nobody."),
    Setting("ATLAS_AUTH", "none",
            "'none' (single analyst: the form is open, changes are recorded under a typed, unverified name) or "
            "'oidc' (Streamlit st.login; configure [auth] in the secrets file). Set but empty, misspelt, or oidc "
            "without a usable [auth] section: the app is read-only and says what to fix."),
    Setting("ATLAS_ONLINE_TILES", False,
            "Offer online basemap tiles (OpenStreetMap) as an extra layer. The offline basemap is always there."),
    Setting("ATLAS_CHROMIUM", "/usr/bin/chromium",
            "Path of the Chromium binary used for PNG snapshots."),
    Setting("ATLAS_STATIC_URL", "/app/static/vendor",
            "URL prefix under which the app serves the offline Leaflet assets."),
    Setting("ATLAS_MAP_SCRIPTS_URL", "/app/static/maps",
            "URL prefix under which the app serves the dashboard's map scripts (written to static/maps/)."),
    Setting("ATLAS_BIND", "127.0.0.1",
            "Address scripts/run.sh binds the app to. 127.0.0.1: this machine only. Serving a network "
            "(0.0.0.0, or run.sh --network) needs ATLAS_AUTH=oidc, or ATLAS_ALLOW_OPEN_NETWORK=true."),
    Setting("ATLAS_ALLOW_OPEN_NETWORK", False,
            "true: allow serving a network with ATLAS_AUTH=none, i.e. anyone who reaches the app can write."),
    Setting("ATLAS_IMPORT_MAX_BYTES", 256 * 1024 * 1024,
            "Largest file (bytes) that import accepts (CLI and dashboard); larger files are refused before "
            "reading. Import streams, so memory stays bounded whatever the size; the dashboard's uploads are "
            "also capped by Streamlit's server.maxUploadSize (200 MB by default)."),
    Setting("ATLAS_IMPORT_MAX_DEPTH", 32,
            "Deepest nesting of JSON arrays/objects that a GeoJSON import accepts (our exports use 5); deeper "
            "files are refused with a clear error instead of exhausting the parser."),
    Setting("ATLAS_ALLOW_SELF_REVIEW", False,
            "Four eyes: false (default) means an editor cannot verify an event they created or last changed, "
            "nor create or import one as verified. true: allow it, for a one-person team."),
    Setting("ATLAS_DECK_REFUSE_STALE", True,
            "true (default): a narrative whose steps cite events retracted or changed since it was written is not "
            "exported as a slide deck (the error names them). false: export it, with a warning on the title slide "
            "and on each step concerned."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, raw: Any) -> Any:
    if isinstance(setting.default, bool):
        if isinstance(raw, bool):
            return raw
        return str(raw).strip().lower() in ("1", "true", "yes", "on")
    if isinstance(setting.default, int):
        return _whole_number(setting, raw)
    if isinstance(raw, (list, tuple)):       # a TOML list in secrets.toml, e.g. ATLAS_EDITORS = ["a@x", "b@x"]
        return ",".join(str(item) for item in raw)
    return str(raw)


def _whole_number(setting: Setting, raw: Any) -> int:
    """A positive whole-number setting ("268435456" or "268_435_456"); anything else is a clear error."""
    from atlas.exc import SettingValueError

    try:
        value = raw if isinstance(raw, int) and not isinstance(raw, bool) else int(str(raw).strip())
    except ValueError:
        value = None
    if value is None or value <= 0:
        raise SettingValueError(f"setting {setting.name} is {raw!r}; it must be a positive whole number "
                                f"(default {setting.default})")
    return value


_secrets_source: Callable[[], Mapping[str, Any]] | None = None


def use_secrets(source: Callable[[], Mapping[str, Any]] | None) -> None:
    """Where :func:`get` finds secrets when none are passed (``atlas.ui`` registers Streamlit's)."""
    global _secrets_source
    _secrets_source = source


def current_secrets() -> Mapping[str, Any]:
    """The registered secrets (empty outside the app)."""
    return _secrets_source() if _secrets_source is not None else {}


@functools.cache
def startup_environ() -> dict[str, str]:
    """The environment this process was started with, before anything in it changed ``os.environ``.

    Linux keeps it in ``/proc/self/environ``; elsewhere it is ``os.environ`` when first asked (this
    module primes it when imported).
    """
    try:
        raw = Path("/proc/self/environ").read_bytes()
    except OSError:
        return dict(os.environ)
    pairs = (item.partition(b"=") for item in raw.split(b"\0"))
    return {os.fsdecode(name): os.fsdecode(value) for name, sep, value in pairs if sep and name}


def _copied_by_streamlit(value: Any) -> str | None:
    """What Streamlit writes into os.environ for a top-level secret (str, int and float only)."""
    return str(value) if type(value) in (str, int, float) else None


def operator_environ(secrets: Mapping[str, Any], *, environ: Mapping[str, str] | None = None,
                     startup: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings the operator put in the environment, free of Streamlit's copies of ``secrets``.

    For each setting: ``environ`` (default ``os.environ``) unless its value is the copy of a secret
    of that name, else the value the process started with (``startup``), else absent. A setting
    missing from ``environ`` also falls back to ``startup``: Streamlit deletes a copied variable
    when the secrets file changes, even when the operator had set the same value.
    """
    environ = os.environ if environ is None else environ
    startup = startup_environ() if startup is None else startup
    found = {}
    for name in _BY_NAME:
        copy = _copied_by_streamlit(secrets[name]) if name in secrets else None
        if name in environ and (copy is None or environ[name] != copy):
            found[name] = environ[name]
        elif name in startup:
            found[name] = startup[name]
    return found


def get(name: str, *, environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None) -> Any:
    """The value of one setting: environment, then secrets, then the default.

    ``environ`` / ``secrets`` given: exactly those (tests, CLI). Not given: the operator's environment
    (:func:`operator_environ`) and the registered secrets (:func:`use_secrets`).
    """
    setting = _BY_NAME[name]
    secrets = current_secrets() if secrets is None else secrets
    environ = operator_environ(secrets) if environ is None else environ
    if name in environ:
        return _coerce(setting, environ[name])
    if secrets is not None and name in secrets:
        return _coerce(setting, secrets[name])
    return setting.default


def database_url(*, environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None) -> str:
    """The store URL: EVENTS_DB_URL, else a SQLite file under ATLAS_DATA_DIR."""
    secrets = current_secrets() if secrets is None else secrets
    environ = operator_environ(secrets) if environ is None else environ
    url = get("EVENTS_DB_URL", environ=environ, secrets=secrets)
    if url:
        return url
    data_dir = Path(get("ATLAS_DATA_DIR", environ=environ, secrets=secrets))
    return f"sqlite:///{data_dir / 'atlas.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    """Every setting's value, resolved once (environment, then secrets file, then default) by :func:`resolve`
    at the top, in the dashboard's run or the command line's ``main``, and passed down: nothing below reads
    the environment or the secrets file itself. ``config["ATLAS_CHROMIUM"]``; an unknown name is a KeyError."""

    values: Mapping[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    @property
    def database_url(self) -> str:
        """The store URL: EVENTS_DB_URL, else a SQLite file under ATLAS_DATA_DIR."""
        return self["EVENTS_DB_URL"] or f"sqlite:///{Path(self['ATLAS_DATA_DIR']) / 'atlas.sqlite3'}"

    def replace(self, **values) -> "Settings":
        """The same settings with some values changed (tests, and a --db given on the command line)."""
        unknown = set(values) - set(_BY_NAME)
        if unknown:
            raise KeyError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return Settings(MappingProxyType({**self.values, **values}))


def resolve(*, environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None) -> Settings:
    """Every setting at once, in the order :func:`get` applies (see the module docstring)."""
    secrets = current_secrets() if secrets is None else secrets
    environ = operator_environ(secrets) if environ is None else environ
    return Settings(MappingProxyType({s.name: get(s.name, environ=environ, secrets=secrets) for s in SETTINGS}))


SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"


def secrets_file(path: Path = SECRETS_FILE) -> dict[str, Any]:
    """The secrets file as the command line reads it (the app reads it through Streamlit): {} when there is
    none; a file that is not TOML is a SettingValueError saying so."""
    import tomllib

    from atlas.exc import SettingValueError

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingValueError(f"the secrets file {path} could not be read ({error})") from None


DEFAULTS = Settings(MappingProxyType({s.name: s.default for s in SETTINGS}))
"""Every setting at its declared default: what code below the top uses when it is handed nothing."""


def describe() -> str:
    """Human-readable table of settings (for --help and the README)."""
    return "\n".join(f"{s.name} (default {s.default!r}): {s.help}" for s in SETTINGS)


startup_environ()   # off Linux, the best record of the starting environment is the earliest
