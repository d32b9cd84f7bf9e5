"""Captions name places, not ids (atlas.map.markup.with_place_names)."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.map.markup import with_place_names
from tests.support.sample_data import FakeGazetteer, sample_places


@pytest.mark.parametrize("text, expected", [
    ("Place local:test-camp as origin", "Place Test Camp as origin"),
    ("local:test-camp, local:test-camp", "Test Camp, Test Camp"),
    ("Place local:nowhere as via", "Place local:nowhere as via"),       # an id no place has stays
    ("geonames:1 and local:test-camp.", "geonames:1 and Test Camp."),
    ("no ids here", "no ids here"),
])
def test_ids_become_names(text, expected):
    assert with_place_names(text, FakeGazetteer(sample_places())) == expected


def test_without_places_the_text_stays():
    assert with_place_names("local:test-camp", None) == "local:test-camp"


@pytest.mark.parametrize("text, direction", [
    ("'فجر الخميس' (Thursday dawn): the report was published 14-20 December 2017", "ltr"),
    ("published on 14 December, 'last night'", "ltr"),
    ("نشر التقرير يوم 14 كانون الأول عن 'Thursday'", "rtl"),
    ("2017-12-14", "ltr"),
])
def test_a_mixed_text_reads_in_the_direction_of_most_of_its_letters(text, direction):
    from atlas.map.markup import bdi_by_majority

    html = bdi_by_majority(text)
    assert html.startswith(f'<bdi dir="{direction}">')


@given(st.text(max_size=60))
def test_a_text_isolated_by_majority_is_escaped(text):
    from markupsafe import escape

    from atlas.map.markup import bdi_by_majority

    html = str(bdi_by_majority(text))
    assert html.endswith(f">{escape(text)}</bdi>") and html.count("<") == 2
