"""User text in Streamlit Markdown: every construct escaped, so it shows exactly as typed."""
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.ui.text import isolated, plain

_SPECIAL = set("\\`*_{}[]()#+-.!|~<>&'\"=:$^%@")


@given(st.text())
def test_plain_escapes_every_markdown_character_and_undoes_exactly(text):
    escaped = plain(text)
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.S) == text            # CommonMark unescaping gives it back
    unescaped_special = re.sub(r"\\.", "", escaped, flags=re.S)
    assert not _SPECIAL & set(unescaped_special)                          # nothing Markdown could read is left


@pytest.mark.parametrize("text, forbidden", [
    ("![x](http://beacon.invalid/a.png)", "![x]("),
    ("<img src=http://beacon.invalid/b.png>", "<img"),
    ("[click](javascript:alert(1))", "[click]("),
    (":material/warning: :red[big]", ":red["),
    ("$x^2$", "$x"),
])
def test_constructs_that_fetch_link_or_style_are_inert(text, forbidden):
    for escaped in (plain(text), isolated(text)):
        readable = re.sub(r"\\.", "\x00", escaped, flags=re.S)       # what Markdown reads as syntax
        assert forbidden not in readable


def test_isolated_is_plain_between_isolation_marks():
    assert isolated("a*b") == "\u2068a\\*b\u2069"
