"""Who may write: can_edit and the name recorded for changes."""
from __future__ import annotations

import pytest

from atlas.auth import auth_settings, can_edit, editor_emails, user_label
from atlas.exc import AtlasError, AuthConfigError

EDITORS = "ana@example.org, Bob@Example.org  carol@example.org"
SIGNED_IN = {"is_logged_in": True, "email": "ana@example.org", "name": "Ana"}


@pytest.mark.parametrize("auth, user_info, expected", [
    ({"ATLAS_AUTH": "none", "ATLAS_EDITORS": ""}, None, True),
    ({"ATLAS_AUTH": "none", "ATLAS_EDITORS": ""}, {"is_logged_in": False}, True),
    ({"ATLAS_AUTH": "NONE ", "ATLAS_EDITORS": "x@example.org"}, None, True),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}, SIGNED_IN, True),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}, {"is_logged_in": True, "email": "BOB@example.ORG"}, True),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}, {"is_logged_in": True, "email": "eve@example.org"}, False),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}, {"is_logged_in": False, "email": "ana@example.org"}, False),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}, None, False),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}, {"is_logged_in": True}, False),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": ""}, SIGNED_IN, False),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": "ana@example.org.evil.com"}, SIGNED_IN, False),
])
def test_can_edit(auth, user_info, expected):
    assert can_edit(user_info, auth) is expected


@pytest.mark.parametrize("mode", ["ldap", "basic", "true"])
def test_unknown_auth_mode_is_a_clear_error(mode):
    with pytest.raises(AuthConfigError, match="ATLAS_AUTH") as raised:
        can_edit(SIGNED_IN, {"ATLAS_AUTH": mode, "ATLAS_EDITORS": EDITORS})
    assert isinstance(raised.value, AtlasError)


def test_editor_list_is_case_and_separator_insensitive():
    assert editor_emails({"ATLAS_EDITORS": EDITORS}) == {"ana@example.org", "bob@example.org", "carol@example.org"}


@pytest.mark.parametrize("environ, expected", [
    ({}, {"ATLAS_AUTH": "none", "ATLAS_EDITORS": ""}),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": "a@b.c"}, {"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": "a@b.c"}),
])
def test_settings_come_from_atlas_settings(environ, expected):
    assert auth_settings(environ=environ) == expected


def test_settings_may_come_from_streamlit_secrets():
    auth = auth_settings(environ={}, secrets={"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": "ana@example.org"})
    assert can_edit(SIGNED_IN, auth) and not can_edit(None, auth)


@pytest.mark.parametrize("auth, user_info, typed, expected", [
    ({"ATLAS_AUTH": "none"}, None, "", "analyst"),
    ({"ATLAS_AUTH": "none"}, None, "  Rana  ", "Rana"),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}, SIGNED_IN, "someone else", "ana@example.org"),
])
def test_user_label(auth, user_info, typed, expected):
    assert user_label(user_info, auth, typed) == expected
