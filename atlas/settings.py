"""Every setting in one table, with its default and help (after datasette's Setting).

Values come from the environment (``ATLAS_*`` / ``EVENTS_DB_URL``) or, when the app runs under
Streamlit, from ``st.secrets`` (same names); the environment wins.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

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
            "'none' (single analyst: the form is open) or 'oidc' (Streamlit st.login; configure [auth] in secrets)."),
    Setting("ATLAS_ONLINE_TILES", False,
            "Offer online basemap tiles (OpenStreetMap) as an extra layer. The offline basemap is always there."),
    Setting("ATLAS_ONLINE_GEOCODER", False,
            "Allow the geocoder to fall back to Nominatim for names not in the gazetteer (needs network)."),
    Setting("ATLAS_CHROMIUM", "/usr/bin/chromium",
            "Path of the Chromium binary used for PNG snapshots."),
    Setting("ATLAS_STATIC_URL", "/app/static/vendor",
            "URL prefix under which the app serves the offline Leaflet assets."),
    Setting("ATLAS_MAP_SCRIPTS_URL", "/app/static/maps",
            "URL prefix under which the app serves the dashboard's map scripts (written to static/maps/)."),
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
)
_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, raw: Any) -> Any:
    if isinstance(setting.default, bool):
        if isinstance(raw, bool):
            return raw
        return str(raw).strip().lower() in ("1", "true", "yes", "on")
    if isinstance(setting.default, int):
        return _whole_number(setting, raw)
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


def get(name: str, *, environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None) -> Any:
    """The value of one setting: environment, then Streamlit secrets, then the default."""
    setting = _BY_NAME[name]
    environ = os.environ if environ is None else environ
    if name in environ:
        return _coerce(setting, environ[name])
    if secrets is not None and name in secrets:
        return _coerce(setting, secrets[name])
    return setting.default


def database_url(*, environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None) -> str:
    """The store URL: EVENTS_DB_URL, else a SQLite file under ATLAS_DATA_DIR."""
    url = get("EVENTS_DB_URL", environ=environ, secrets=secrets)
    if url:
        return url
    data_dir = Path(get("ATLAS_DATA_DIR", environ=environ, secrets=secrets))
    return f"sqlite:///{data_dir / 'atlas.sqlite3'}"


def describe() -> str:
    """Human-readable table of settings (for --help and the README)."""
    return "\n".join(f"{s.name} (default {s.default!r}): {s.help}" for s in SETTINGS)
