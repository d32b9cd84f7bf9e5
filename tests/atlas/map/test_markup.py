"""Captions name places, not ids (atlas.map.markup.with_place_names)."""
import pytest

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
