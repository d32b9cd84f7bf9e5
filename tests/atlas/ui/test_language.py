"""The session's language outside a run: the address keeps the language when it is not the deployment's, the CSS
that replaces Streamlit's own words cannot be broken out of, and a message from below survives a pickle."""
from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.ui.language import _css_string
from atlas.ui.view_state import DEFAULT_LANGUAGE_STATE, Choices, address_of, parse_address
from geodata.message import Message


@pytest.mark.parametrize("default, chosen, written", [
    ("en", "en", None), ("en", "ar", "ar"), ("ar", "ar", None), ("ar", "en", "en")])
def test_the_address_names_the_language_only_when_it_is_not_the_deployments(default, chosen, written):
    params = address_of({DEFAULT_LANGUAGE_STATE: default, "map-lang": chosen}, span=None, map_view=None)
    assert params.get("lang") == written
    reading = parse_address(params, Choices(), default_language=default)     # and reads back to the same
    assert reading.state["map-lang"] == chosen and reading.problems == []


@given(st.text(max_size=40))
def test_a_css_string_holds_any_text_and_cannot_end_its_rule(text):
    literal = _css_string(text)
    inner = literal[1:-1]
    assert literal[0] == literal[-1] == '"'
    assert '"' not in inner and "<" not in inner and "\n" not in inner
    assert "\\" not in inner.replace("\\5c ", "").replace("\\22 ", "").replace("\\3c ", "")


def test_a_message_keeps_its_template_through_a_pickle():
    message = Message("{value!r} is not a number", value="x1")
    copy = pickle.loads(pickle.dumps(message))
    assert copy == message and copy.template == message.template and copy.values == {"value": "x1"}
