"""The pure parts of scripts/build_basemap.py that trace the roads: the vector-tile line reader (against tiles
encoded here by the spec) and the one-line-per-road routing (the OSM tiles themselves are not in CI)."""
from __future__ import annotations

import importlib.util

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point


@pytest.fixture(scope="module")
def build(project_root):
    spec = importlib.util.spec_from_file_location("build_basemap", project_root / "scripts" / "build_basemap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- a Mapbox Vector Tile 2.1 encoder, just enough for line features with string values -------------------------
def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number: int, payload: bytes | int) -> bytes:
    if isinstance(payload, int):
        return varint(number << 3) + varint(payload)
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def zigzag(n: int) -> int:
    return (n << 1) ^ (n >> 63)


def encode_tile(layers: dict[str, list[tuple[dict, list[list[tuple[int, int]]]]]], extent: int = 4096) -> bytes:
    tile = b""
    for name, features in layers.items():
        keys, values, body = [], [], b""
        for props, lines in features:
            tags = []
            for key, value in props.items():
                keys.append(key) if key not in keys else None
                values.append(value) if value not in values else None
                tags += [keys.index(key), values.index(value)]
            geometry, cx, cy = [], 0, 0
            for line in lines:
                for index, (x, y) in enumerate(line):
                    if index == 0:
                        geometry.append(1 | 1 << 3)
                    elif index == 1:
                        geometry.append(2 | (len(line) - 1) << 3)
                    geometry += [zigzag(x - cx), zigzag(y - cy)]
                    cx, cy = x, y
            body += field(2, field(2, b"".join(map(varint, tags))) + field(3, 2)
                          + field(4, b"".join(map(varint, geometry))))
        layer = (field(15, 2) + field(1, name.encode()) + body + b"".join(field(3, k.encode()) for k in keys)
                 + b"".join(field(4, field(1, v.encode())) for v in values) + field(5, extent))
        tile += field(3, layer)
    return tile


def test_tile_corners_are_the_web_mercator_tile_bounds(build):
    assert build.tile_box(1, 1, 0).bounds == pytest.approx((0.0, 0.0, 180.0, 85.0511), abs=1e-4)
    frame = build.tile_box(12, 2460, 1642)                      # the zoom-12 tile over central Damascus
    assert frame.covers(Point(36.29, 33.51)) and not frame.covers(Point(36.29, 33.6))
    west, south, east, north = frame.bounds
    assert east - west == pytest.approx(360 / 4096) and 0 < north - south < 360 / 4096


def test_only_the_named_layer_and_only_lines_are_read(build):
    props = {"class": "motorway", "ref": "M5"}
    tile = encode_tile({"water": [({"class": "lake"}, [[(0, 0), (10, 10)]])],
                        "transportation_name": [(props, [[(0, 0), (4096, 4096)], [(100, 100), (200, 100)]])]})
    found = list(build.tile_lines(tile, "transportation_name", 1, 1, 0))
    assert [p for p, _ in found] == [props]
    (lines,) = [lines for _, lines in found]
    assert len(lines) == 2
    assert lines[0][0] == pytest.approx((0.0, 85.0511), abs=1e-4)          # tile 1/1/0: the north-east quarter
    assert lines[0][1] == pytest.approx((180.0, 0.0), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(-64, 4160), st.integers(-64, 4160)), min_size=2, max_size=8),
                min_size=1, max_size=4),
       st.text(alphabet="M0123456789", min_size=1, max_size=4))
def test_line_coordinates_round_trip(build, lines, ref):
    tile = encode_tile({"transportation_name": [({"ref": ref}, lines)]})
    ((props, decoded),) = build.tile_lines(tile, "transportation_name", 12, 2456, 1613)
    assert props == {"ref": ref} and len(decoded) == len(lines)
    for line, back in zip(lines, decoded):
        assert [build.tile_lonlat(12, 2456, 1613, x, y, 4096) for x, y in line] == pytest.approx(back)


class Town:
    def __init__(self, lon, lat):
        self.lon, self.lat = lon, lat


def test_the_route_keeps_to_the_ways_and_states_what_it_bridges(build):
    # Two carriageways 50 m apart from A to B, then a 10 km stretch with no way, then C to D.
    north = LineString([(36.0, 33.0005), (36.2, 33.0005)])
    south_parts = [LineString([(36.0, 33.0), (36.1, 33.0)]), LineString([(36.1, 33.0), (36.2, 33.0)])]
    east = LineString([(36.3, 33.0), (36.5, 33.0), (36.5, 33.2)])
    line, bridged = build.route([north, *south_parts, east], [Town(36.0, 33.0), Town(36.5, 33.2)])
    assert line.coords[0] == pytest.approx((36.0, 33.0)) and line.coords[-1] == pytest.approx((36.5, 33.2))
    assert bridged == pytest.approx(build.km_between((36.2, 33.0), (36.3, 33.0)), abs=0.2)
    assert (36.5, 33.0) in [tuple(c) for c in line.coords]                   # follows the bend, no shortcut
    with pytest.raises(SystemExit):                                            # farther than BRIDGE_KM: no road
        build.route([north, LineString([(37.0, 33.0), (37.1, 33.0)])], [Town(36.0, 33.0), Town(37.1, 33.0)])
