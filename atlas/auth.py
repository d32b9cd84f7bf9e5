"""Who may write: the entry form is open (ATLAS_AUTH=none) or limited to listed editors (oidc).

``user_info`` is what Streamlit's ``st.user`` holds (``is_logged_in``, ``email``, ...), as a
mapping; ``auth_settings`` is a mapping of the two settings. Both are plain values so the rule
is tested without Streamlit.
"""
from __future__ import annotations

from typing import Any, Mapping

from atlas import settings as atlas_settings
from atlas.exc import AuthConfigError

AUTH_MODES = ("none", "oidc")
LOCAL_USER = "analyst"   # who "none" mode records when the analyst gives no name


def auth_settings(*, environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None) -> dict:
    """The settings this module reads, from atlas.settings."""
    return {name: atlas_settings.get(name, environ=environ, secrets=secrets) for name in ("ATLAS_AUTH", "ATLAS_EDITORS")}


def auth_mode(auth: Mapping[str, Any]) -> str:
    mode = str(auth.get("ATLAS_AUTH") or "none").strip().lower()
    if mode not in AUTH_MODES:
        raise AuthConfigError(f"ATLAS_AUTH is {mode!r}; use one of {', '.join(AUTH_MODES)}")
    return mode


def editor_emails(auth: Mapping[str, Any]) -> frozenset[str]:
    """ATLAS_EDITORS as a set of lower-case e-mails (comma- or whitespace-separated)."""
    raw = str(auth.get("ATLAS_EDITORS") or "").replace(",", " ")
    return frozenset(e.strip().lower() for e in raw.split() if e.strip())


def is_logged_in(user_info: Mapping[str, Any] | None) -> bool:
    return bool(user_info and user_info.get("is_logged_in"))


def can_edit(user_info: Mapping[str, Any] | None, auth: Mapping[str, Any] | None = None) -> bool:
    """True when this user may add, edit, verify and retract events.

    none: everyone (one analyst on a laptop). oidc: signed-in users whose e-mail is in ATLAS_EDITORS;
    an empty list means nobody (fail closed).
    """
    auth = auth_settings() if auth is None else auth
    if auth_mode(auth) == "none":
        return True
    if not is_logged_in(user_info):
        return False
    email = str(user_info.get("email") or "").strip().lower()
    return bool(email) and email in editor_emails(auth)


def user_label(user_info: Mapping[str, Any] | None, auth: Mapping[str, Any] | None = None,
               typed_name: str = "") -> str:
    """The name recorded as added_by / changed_by: the signed-in e-mail, else the typed name."""
    auth = auth_settings() if auth is None else auth
    if auth_mode(auth) == "oidc" and is_logged_in(user_info):
        return str(user_info.get("email") or user_info.get("name") or "").strip()
    return (typed_name or "").strip() or LOCAL_USER
