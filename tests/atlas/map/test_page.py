"""atlas.map.page: a shared layer's data (the basemap) left out of a map's script and put back in."""
import json

import pytest

from atlas.map.page import InlineGeoJson, fill_layer_data, fill_shared_data, page_json, shared_key, shared_reference

OUTLINE = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name_en": "</script> معمل بردى"},
     "geometry": {"type": "Point", "coordinates": [36.25, 33.47]}}]}
EVENTS = {"type": "FeatureCollection", "features": []}


@pytest.fixture
def layers():
    return [InlineGeoJson(OUTLINE, shared=True), InlineGeoJson(EVENTS)]


def script_with_tokens(layers) -> str:
    return "\n".join(f"layer_{n}.addData({json.dumps(layer.data_token)});" for n, layer in enumerate(layers))


def test_a_shared_layer_is_pointed_at_and_its_data_handed_over(layers):
    shared: dict[str, str] = {}
    text = fill_layer_data(script_with_tokens(layers), layers, shared)
    key = shared_key(page_json(OUTLINE))
    assert shared == {key: page_json(OUTLINE)}
    assert f"layer_0.addData({shared_reference(key)});" in text and "معمل" not in text
    assert f"layer_1.addData({page_json(EVENTS)});" in text            # a layer not shared keeps its data
    assert "atlasdata" not in text


def test_putting_the_shared_data_back_gives_the_page_on_its_own(layers):
    shared: dict[str, str] = {}
    pointed = fill_layer_data(script_with_tokens(layers), layers, shared)
    assert fill_shared_data(pointed, shared) == fill_layer_data(script_with_tokens(layers), layers)
    assert fill_layer_data(script_with_tokens(layers), layers, None) == fill_shared_data(
        fill_layer_data(script_with_tokens(layers), layers), {})     # without sharing nothing is left out


def test_the_same_data_has_the_same_key_on_every_map():
    first, second = InlineGeoJson(OUTLINE, shared=True), InlineGeoJson(OUTLINE, shared=True)
    assert first.data_token != second.data_token
    assert shared_key(first.data_json()) == shared_key(second.data_json()) != shared_key(page_json(EVENTS))


def test_a_layer_with_a_decoder_hands_its_data_through_it_shared_or_not():
    layers = [InlineGeoJson(OUTLINE, shared=True, decoder="atlasColumns.lines"),
              InlineGeoJson(OUTLINE, decoder="atlasColumns.lines")]
    shared: dict[str, str] = {}
    pointed = fill_layer_data(script_with_tokens(layers), layers, shared)
    key = shared_key(page_json(OUTLINE))
    assert shared == {key: page_json(OUTLINE)}                         # the shared data is stored as written
    assert f"layer_0.addData(atlasColumns.lines({shared_reference(key)}));" in pointed
    assert f"layer_1.addData(atlasColumns.lines({page_json(OUTLINE)}));" in pointed
    assert fill_shared_data(pointed, shared) == fill_layer_data(script_with_tokens(layers), layers)
