"""Halos are drawn solid by the map itself, so the snapshot needs no CSS to undo dashes on them."""
import pytest

from atlas.map.build import build_map
from atlas.snapshot import FRAME_CSS
from tests.support.map_features import map_features
from tests.support.sample_data import FakeGazetteer, sample_events, sample_places


def _halo_styles(folium_map):
    return [feature["properties"]["style"] for feature in map_features(folium_map, "atlas-halo")]


@pytest.mark.parametrize("view", ["overview", "southern-damascus"])
def test_halos_are_solid_and_the_snapshot_does_not_restyle_them(view):
    styles = list(_halo_styles(build_map(sample_events(), FakeGazetteer(sample_places()), view=view)))
    assert styles, "the sample has approximate places, so there are halos"
    assert all("dashArray" not in style for style in styles)
    assert "atlas-halo" not in FRAME_CSS
