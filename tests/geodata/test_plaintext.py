"""Which characters user text may hold, direction controls flagged, and plain-text isolation."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geodata.plaintext import BIDI_CONTROLS, FSI, PDI, bidi_controls, bidi_warning, isolate, text_problem, uncarriable


@pytest.mark.parametrize("text, position", [
    ("a\x00b", 2), ("\x01", 1), ("tab\tok but \x0b not", 12), ("x\x1f", 2), ("lone \ud83d surrogate", 6),
    ("non-character \ufffe", 15), ("\uffff", 1),
])
def test_characters_no_format_can_carry_are_named_with_their_position(text, position):
    problem = uncarriable(text)
    assert problem is not None and f"position {position}" in problem and "U+" in problem


@pytest.mark.parametrize("text", ["", "plain", "سطر\nسطر ثان\r\n\tمع جدول", "emoji 🗺️", "\u202eoverride", "\u200f"])
def test_ordinary_text_and_direction_marks_can_be_carried(text):
    assert uncarriable(text) is None


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")))
def test_any_text_without_controls_is_carried(text):
    assert uncarriable(text) is None


@pytest.mark.parametrize("text, names", [
    ("\u202eevil", ["U+202E RIGHT-TO-LEFT OVERRIDE"]),
    ("a\u2066b\u2069\u2066", ["U+2066 LEFT-TO-RIGHT ISOLATE", "U+2069 POP DIRECTIONAL ISOLATE"]),
    ("عربي\u200f with RLM", []),             # marks are ordinary in Arabic text: not flagged
    ("", []),
])
def test_direction_controls_are_named_once_each(text, names):
    assert bidi_controls(text) == names
    assert (bidi_warning(text) is None) == (not names)


@given(st.text())
def test_isolate_wraps_text_in_one_balanced_isolate(text):
    wrapped = isolate(text)
    assert wrapped[0] == FSI and wrapped[-1] == PDI and wrapped[1:-1] == text


def test_every_bidi_control_is_flagged():
    assert all(bidi_controls(char) for char in BIDI_CONTROLS)


@pytest.mark.parametrize("text, limit, expected", [
    ("معمل بردى", 9, None),
    ("معمل بردى!", 9, "is 10 characters long; at most 9 are accepted"),
    ("a" * 1200, 1000, "is 1,200 characters long; at most 1,000 are accepted"),
])
def test_a_field_too_long_says_by_how_much(text, limit, expected):
    assert text_problem(text, limit) == expected


@given(st.text(max_size=40))
def test_a_field_within_its_limit_has_the_problem_of_its_characters_only(text):
    assert str(text_problem(text, 40)) == str(uncarriable(text))
