"""Who may write, under which name, and which configurations lock writing for everyone (fail closed)."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from atlas import auth as atlas_auth
from atlas.auth import (auth_mode, auth_problem, auth_settings, can_edit, editor_emails, is_loopback, user_label)
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
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}, {"is_logged_in": True, "name": "ana@example.org"}, False),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": ""}, SIGNED_IN, False),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": "ana@example.org.evil.com"}, SIGNED_IN, False),
    # a configuration problem locks everyone out, whatever the mode says
    ({"ATLAS_AUTH": "none", "ATLAS_EDITORS": "", "problem": "secrets file unreadable"}, None, False),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS, "problem": "no [auth]"}, SIGNED_IN, False),
])
def test_can_edit(auth, user_info, expected):
    assert can_edit(user_info, auth) is expected


@pytest.mark.parametrize("mode", ["", "  ", "ldap", "basic", "true", "odic", "oidc2", "nonе"])   # last: Cyrillic е
def test_an_empty_or_unknown_mode_locks_writing_with_a_clear_message(mode):
    auth = {"ATLAS_AUTH": mode, "ATLAS_EDITORS": EDITORS}
    assert can_edit(SIGNED_IN, auth) is False and can_edit(None, auth) is False
    with pytest.raises(AuthConfigError, match="ATLAS_AUTH") as raised:
        auth_mode(auth)
    assert isinstance(raised.value, AtlasError)
    problem = auth_problem(auth)
    assert "ATLAS_AUTH" in problem and "'oidc'" in problem and "'none'" in problem
    assert ("empty" in problem) is (not mode.strip())


def test_editor_list_is_case_and_separator_insensitive():
    assert editor_emails({"ATLAS_EDITORS": EDITORS}) == {"ana@example.org", "bob@example.org", "carol@example.org"}


def _without(section: dict, key: str) -> dict:
    return {k: v for k, v in section.items() if k != key}


@pytest.mark.parametrize("change, expected", [
    (lambda s: s, ""),
    (lambda s: None, "no [auth] section"),
    (lambda s: "oops", "no [auth] section"),
    *[(lambda s, key=key: _without(s, key), f"lacks {key}") for key in atlas_auth.AUTH_SECTION_KEYS],
    (lambda s: {**s, "client_secret": "  "}, "lacks client_secret"),
    (lambda s: {**s, "client_id": 42}, "lacks client_id"),
    (lambda s: {**s, "redirect_uri": "http://127.0.0.1:8501/"}, "does not end with /oauth2callback"),
    # a named default provider ([auth.default]) holds the client settings instead of [auth] itself
    (lambda s: {"redirect_uri": s["redirect_uri"], "cookie_secret": s["cookie_secret"],
                "default": {k: s[k] for k in ("client_id", "client_secret", "server_metadata_url")}}, ""),
    (lambda s: {"redirect_uri": s["redirect_uri"], "cookie_secret": s["cookie_secret"],
                "default": {"client_id": "x"}}, "lacks client_secret, server_metadata_url"),
])
def test_oidc_needs_a_usable_auth_section(oidc_auth_section, change, expected):
    auth = {"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}
    problem = auth_problem(auth, change(dict(oidc_auth_section)), authlib=True)
    assert (expected in problem) if expected else problem == ""


def test_oidc_without_authlib_says_how_to_install_it(oidc_auth_section):
    problem = auth_problem({"ATLAS_AUTH": "oidc"}, oidc_auth_section, authlib=False)
    assert "Authlib" in problem and "requirements.txt" in problem


def test_authlib_is_installed_so_sign_in_can_work(oidc_auth_section):
    assert atlas_auth.authlib_installed()
    assert auth_problem({"ATLAS_AUTH": "oidc"}, oidc_auth_section) == ""


@pytest.mark.parametrize("address, allow, locked", [
    ("127.0.0.1", False, False), ("127.0.1.1", False, False), ("localhost", False, False), ("::1", False, False),
    ("[::1]", False, False), (None, False, False),            # None: not known (no server, e.g. AppTest)
    ("0.0.0.0", False, True), ("", False, True), ("::", False, True), ("192.168.1.20", False, True),
    ("atlas.example.org", False, True),
    ("0.0.0.0", True, False),
])
def test_no_sign_in_on_a_network_address_locks_writing_unless_allowed(address, allow, locked):
    auth = {"ATLAS_AUTH": "none", "ATLAS_EDITORS": "", "ATLAS_ALLOW_OPEN_NETWORK": allow}
    problem = auth_problem(auth, bind_address=address)
    assert bool(problem) is locked
    if locked:
        assert "ATLAS_AUTH=oidc" in problem and "ATLAS_ALLOW_OPEN_NETWORK=true" in problem


@pytest.mark.parametrize("address, expected", [
    ("127.0.0.1", True), ("127.255.0.9", True), ("::1", True), ("LOCALHOST", True), ("0.0.0.0", False),
    ("", False), ("10.0.0.1", False), ("localhost.evil.com", False), ("not an address", False)])
def test_is_loopback(address, expected):
    assert is_loopback(address) is expected


@pytest.mark.parametrize("environ, expected", [
    ({}, {"ATLAS_AUTH": "none", "ATLAS_EDITORS": "", "ATLAS_ALLOW_OPEN_NETWORK": False, "problem": ""}),
    ({"ATLAS_AUTH": "none", "ATLAS_EDITORS": "a@b.c"},
     {"ATLAS_AUTH": "none", "ATLAS_EDITORS": "a@b.c", "ATLAS_ALLOW_OPEN_NETWORK": False, "problem": ""}),
])
def test_settings_come_from_atlas_settings(environ, expected):
    assert auth_settings(environ=environ, secrets={}) == expected


def test_settings_may_come_from_streamlit_secrets(oidc_auth_section):
    auth = auth_settings(environ={}, secrets={"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": "ana@example.org",
                                             "auth": oidc_auth_section})
    assert auth["problem"] == ""
    assert can_edit(SIGNED_IN, auth) and not can_edit(None, auth)


def test_oidc_from_the_environment_without_auth_section_locks_writing():
    auth = auth_settings(environ={"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": "ana@example.org"}, secrets={})
    assert "no [auth] section" in auth["problem"] and not can_edit(SIGNED_IN, auth)


def test_an_unreadable_secrets_file_locks_writing_even_in_none_mode():
    auth = auth_settings(environ={}, secrets={}, secrets_problem="The secrets file could not be read")
    assert auth["ATLAS_AUTH"] == "none" and not can_edit(None, auth)


@pytest.mark.parametrize("auth, user_info, typed, expected", [
    ({"ATLAS_AUTH": "none"}, None, "", "analyst (typed, no sign-in)"),
    ({"ATLAS_AUTH": "none"}, None, "  Rana  ", "Rana (typed, no sign-in)"),
    ({"ATLAS_AUTH": "none"}, None, "Rana\n  K.\t", "Rana K. (typed, no sign-in)"),
    ({"ATLAS_AUTH": "none"}, None, "ana@example.org", "ana@example.org (typed, no sign-in)"),
    ({"ATLAS_AUTH": "none"}, SIGNED_IN, "", "analyst (typed, no sign-in)"),     # no sign-in: nothing verified
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}, SIGNED_IN, "someone else", "ana@example.org"),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}, {"is_logged_in": True, "email": " Bob@Example.ORG "}, "",
     "bob@example.org"),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}, {"is_logged_in": True, "name": "Ana"}, "Ana", ""),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": EDITORS}, None, "ana@example.org", ""),
])
def test_user_label(auth, user_info, typed, expected):
    assert user_label(user_info, auth, typed) == expected


def test_editors_may_be_a_toml_list_in_the_secrets_file(oidc_auth_section):
    auth = auth_settings(environ={}, secrets={"ATLAS_AUTH": "oidc", "auth": oidc_auth_section,
                                             "ATLAS_EDITORS": ["ana@example.org", "Bob@example.org"]})
    assert editor_emails(auth) == {"ana@example.org", "bob@example.org"}
    assert can_edit({"is_logged_in": True, "email": "bob@example.org"}, auth)


# -- properties -------------------------------------------------------------------------------------------
emails = st.emails().map(str.lower)   # ASCII addresses


@given(typed=st.text(max_size=200))
def test_a_typed_name_is_always_marked_unverified_and_on_one_line(typed):
    label = user_label(None, {"ATLAS_AUTH": "none"}, typed)
    assert label.endswith(" (typed, no sign-in)")
    assert not any(c in label for c in "\n\r\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
    assert label.strip() == label and label != " (typed, no sign-in)"


@given(email=emails, typed=st.text(max_size=80), editors=st.lists(emails, max_size=5))
def test_with_sign_in_only_the_signed_in_email_counts(email, typed, editors):
    auth = {"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": ", ".join(editors)}
    user = {"is_logged_in": True, "email": email.upper()}
    assert user_label(user, auth, typed) == email                       # whatever was typed
    assert can_edit(user, auth) is (email in editors)
    assert not can_edit({"is_logged_in": False, "email": email}, auth)
