"""atlas.map.polyline: the basemap's lines as encoded polylines (decoded in the browser:
tests/e2e/test_basemap_e2e.py)."""
import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.map.basemap import reference_drawing, shipped_basemap, shipped_basemap_json
from atlas.map.page import page_json
from atlas.map.polyline import PRECISION, encode, encoded_collection


def decode(text: str) -> list[list[float]]:
    """A reference decoder written from the format's description (latitude first, five bits a character)."""
    numbers, value, shift = [], 0, 0
    for char in text:
        chunk = ord(char) - 63
        value |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            numbers.append(~(value >> 1) if value & 1 else value >> 1)
            value, shift = 0, 0
    positions, lat, lon = [], 0, 0
    for d_lat, d_lon in zip(numbers[::2], numbers[1::2]):
        lat, lon = lat + d_lat, lon + d_lon
        positions.append([lon / 10 ** PRECISION, lat / 10 ** PRECISION])
    return positions


def test_the_formats_own_example():
    # Google's documentation of the format: (38.5, -120.2), (40.7, -120.95), (43.252, -126.453)
    assert encode([[-120.2, 38.5], [-120.95, 40.7], [-126.453, 43.252]]) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


positions = st.lists(st.tuples(st.floats(-180, 180), st.floats(-90, 90)), max_size=40)


@given(positions)
def test_encoded_positions_decode_to_the_same_at_five_decimals(points):
    decoded = decode(encode(points))
    assert len(decoded) == len(points)
    for (lon, lat), (back_lon, back_lat) in zip(points, decoded):
        assert abs(back_lon - lon) <= 0.5e-5 + 1e-9 and abs(back_lat - lat) <= 0.5e-5 + 1e-9


@given(positions)
def test_the_text_is_printable_ascii_that_needs_no_escaping_in_a_page(points):
    text = encode(points)
    assert all(63 <= ord(char) <= 126 for char in text)
    assert json.loads(page_json(text)) == text and not set("<>&'\"") & set(page_json(text)[1:-1])


LINE = [[36.25, 33.47], [36.3, 33.5]]
RING = [[36.0, 33.0], [36.1, 33.0], [36.1, 33.1], [36.0, 33.0]]


@pytest.mark.parametrize(("geometry", "encoded"), [
    ({"type": "LineString", "coordinates": LINE}, encode(LINE)),
    ({"type": "MultiLineString", "coordinates": [LINE, RING]}, [encode(LINE), encode(RING)]),
    ({"type": "Polygon", "coordinates": [RING, RING]}, [encode(RING), encode(RING)]),
    ({"type": "MultiPolygon", "coordinates": [[RING], [RING, RING]]}, [[encode(RING)], [encode(RING), encode(RING)]]),
    ({"type": "Point", "coordinates": [36.25, 33.47]}, [36.25, 33.47]),
    ({"type": "MultiPoint", "coordinates": LINE}, LINE),
])
def test_lines_and_rings_are_encoded_where_they_stand_and_points_stay_plain(geometry, encoded):
    feature = {"type": "Feature", "id": 7, "properties": {"name_en": "Barada factory"}, "geometry": geometry}
    collection = {"type": "FeatureCollection", "features": [feature]}
    before = copy.deepcopy(collection)
    assert encoded_collection(collection)["features"][0] == {**feature, "geometry": {"type": geometry["type"],
                                                                                     "coordinates": encoded}}
    assert collection == before                   # the shared, read-only collection is left as it was


def test_the_shipped_layers_go_into_the_page_encoded_and_decode_to_their_positions():
    texts = shipped_basemap_json() + tuple(text for _, _, text in reference_drawing())
    collections = [c for _, c in shipped_basemap()] + [c for _, c, _ in reference_drawing()]
    for text, collection in zip(texts, collections, strict=True):
        page = json.loads(text)
        for written, original in zip(page["features"], collection["features"], strict=True):
            assert written["properties"] == original["properties"]
            assert written["geometry"]["coordinates"] == encoded_collection(
                {"features": [original]})["features"][0]["geometry"]["coordinates"]
        plain, compact = len(page_json(collection)), len(text)
        assert compact < 0.6 * plain, (plain, compact)
