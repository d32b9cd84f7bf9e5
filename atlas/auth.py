"""Who may write, and under which name: the entry form is open (ATLAS_AUTH=none) or limited to listed
editors signed in through OIDC (oidc). A configuration that cannot be trusted locks writing for everyone.

``user_info`` is what Streamlit's ``st.user`` holds (``is_logged_in``, ``email``, ...), as a
mapping; ``auth`` is the mapping :func:`auth_settings` returns (the settings plus ``problem``). Both
are plain values so the rules are tested without Streamlit.
"""
from __future__ import annotations

import ipaddress
from importlib.util import find_spec
from typing import Any, Mapping

from atlas import settings as atlas_settings
from atlas.exc import AuthConfigError
from atlas.i18n import N_
from geodata.message import Message

AUTH_MODES = ("none", "oidc")
AUTH_SETTING_NAMES = ("ATLAS_AUTH", "ATLAS_EDITORS", "ATLAS_ALLOW_OPEN_NETWORK")
LOCAL_USER = "analyst"          # who "none" mode records when the analyst types no name
UNVERIFIED = "typed, no sign-in"
"""Marks every name recorded in "none" mode: nobody checked who typed it."""
AUTH_SECTION_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
"""What Streamlit's ``st.login()`` (its default provider) needs in the secrets file's ``[auth]``."""
READ_ONLY = N_("Until then the app is read-only: the map shows, nobody can add, review or import events.")


def authlib_installed() -> bool:
    """Streamlit's sign-in needs Authlib (and httpx for its web client)."""
    return find_spec("authlib") is not None and find_spec("httpx") is not None


def is_loopback(address: str | None) -> bool:
    """True for addresses only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    host = str(address or "").strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _auth_section_problem(auth_section: Any) -> str:
    if not isinstance(auth_section, Mapping):
        return Message("ATLAS_AUTH is 'oidc' but the secrets file has no [auth] section. Add one with {keys} (see "
                       "README, Security).", keys=", ".join(AUTH_SECTION_KEYS))
    provider = auth_section.get("default")
    provider = provider if isinstance(provider, Mapping) else auth_section
    values = {key: (auth_section if key in ("redirect_uri", "cookie_secret") else provider).get(key)
              for key in AUTH_SECTION_KEYS}
    missing = [key for key, value in values.items() if not isinstance(value, str) or not value.strip()]
    if missing:
        return Message("ATLAS_AUTH is 'oidc' but the [auth] section of the secrets file lacks {keys}.",
                       keys=", ".join(missing))
    if not values["redirect_uri"].rstrip().endswith("/oauth2callback"):
        return Message("ATLAS_AUTH is 'oidc' but [auth] redirect_uri does not end with /oauth2callback "
                       "(e.g. https://atlas.example.org/oauth2callback).")
    return ""


def auth_problem(auth: Mapping[str, Any], auth_section: Any = None, *, bind_address: str | None = None,
                 authlib: bool | None = None) -> str:
    """What makes this configuration unsafe to write under, in one sentence with the fix; '' if none.

    ``auth_section``: the secrets file's ``[auth]`` table (oidc needs it). ``bind_address``: where the
    server listens, when known; with no sign-in, anything but loopback needs ATLAS_ALLOW_OPEN_NETWORK.
    """
    raw = auth.get("ATLAS_AUTH", "none")
    mode = str(raw if raw is not None else "").strip().lower()
    if not mode:
        return Message("ATLAS_AUTH is set but empty. Set it to 'oidc' (editors sign in) or 'none' (one analyst, "
                       "no sign-in), or remove it for the default 'none'.")
    if mode not in AUTH_MODES:
        return Message("ATLAS_AUTH is {value!r}, which is not a sign-in mode: use 'oidc' or 'none'.",
                       value=str(raw).strip()[:40])
    if mode == "oidc":
        problem = _auth_section_problem(auth_section)
        if not problem and not (authlib_installed() if authlib is None else authlib):
            problem = Message("ATLAS_AUTH is 'oidc' but Authlib is not installed: run "
                              "`.venv/bin/python -m pip install -r requirements.txt`.")
        return problem
    if bind_address is not None and not is_loopback(bind_address) and not auth.get("ATLAS_ALLOW_OPEN_NETWORK"):
        return Message("The app listens on {address} with ATLAS_AUTH=none, so anyone on the network could write. "
                       "Set ATLAS_AUTH=oidc (see README, Security), serve 127.0.0.1 only, or set "
                       "ATLAS_ALLOW_OPEN_NETWORK=true if that is what you want.",
                       address=bind_address or Message("every interface"))
    return ""


def auth_settings(*, environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None,
                  secrets_problem: str = "", bind_address: str | None = None) -> dict:
    """The settings this module reads (from atlas.settings) and ``problem``: why nobody may write, or ''.

    ``secrets_problem``: the secrets file exists but could not be read, so a setting kept there
    (ATLAS_AUTH among them) is unknown; that locks writing too.
    """
    secrets = atlas_settings.current_secrets() if secrets is None else secrets
    auth = {name: atlas_settings.get(name, environ=environ, secrets=secrets) for name in AUTH_SETTING_NAMES}
    auth["problem"] = secrets_problem or auth_problem(auth, secrets.get("auth"), bind_address=bind_address)
    return auth


def auth_mode(auth: Mapping[str, Any]) -> str:
    """'none' or 'oidc'; an empty or unknown ATLAS_AUTH raises AuthConfigError."""
    raw = auth.get("ATLAS_AUTH", "none")
    mode = str(raw if raw is not None else "").strip().lower()
    if mode not in AUTH_MODES:
        raise AuthConfigError(auth_problem({"ATLAS_AUTH": raw}))
    return mode


def editor_emails(auth: Mapping[str, Any]) -> frozenset[str]:
    """ATLAS_EDITORS as a set of lower-case e-mails (comma- or whitespace-separated)."""
    raw = str(auth.get("ATLAS_EDITORS") or "").replace(",", " ")
    return frozenset(e.strip().lower() for e in raw.split() if e.strip())


def is_logged_in(user_info: Mapping[str, Any] | None) -> bool:
    return bool(user_info and user_info.get("is_logged_in"))


def signed_in_email(user_info: Mapping[str, Any] | None) -> str:
    """The signed-in user's e-mail (lower case), or '' when not signed in or the provider gave none."""
    if not is_logged_in(user_info):
        return ""
    return str(user_info.get("email") or "").strip().lower()


def can_edit(user_info: Mapping[str, Any] | None, auth: Mapping[str, Any] | None = None) -> bool:
    """True when this user may add, edit, verify, retract and import events.

    none: everyone (one analyst on a laptop). oidc: signed-in users whose e-mail is in ATLAS_EDITORS;
    an empty list means nobody. A configuration problem (``auth["problem"]``, an empty or unknown
    mode) means nobody: it fails closed.
    """
    auth = auth_settings() if auth is None else auth
    if auth.get("problem"):
        return False
    try:
        mode = auth_mode(auth)
    except AuthConfigError:
        return False
    if mode == "none":
        return True
    email = signed_in_email(user_info)
    return bool(email) and email in editor_emails(auth)


def user_label(user_info: Mapping[str, Any] | None, auth: Mapping[str, Any] | None = None,
               typed_name: str = "") -> str:
    """The name recorded as added_by / changed_by / reviewer.

    oidc: the signed-in e-mail, never anything typed ('' when not signed in). none: the typed name
    (else ``analyst``) marked ``(typed, no sign-in)``, since nobody checked it.
    """
    auth = auth_settings() if auth is None else auth
    if auth_mode(auth) == "oidc":
        return signed_in_email(user_info)
    return f"{' '.join(str(typed_name or '').split()) or LOCAL_USER} ({UNVERIFIED})"
