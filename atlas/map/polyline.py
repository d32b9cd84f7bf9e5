"""The basemap's lines and outlines as encoded polylines in the page (Google's Encoded Polyline Algorithm Format).

Every map page carries the shipped outlines and reference layers: ~14,000 positions written as ``[33.780938,
34.976058]`` took ~390 kB, more than half of a curated map's HTML export. An encoded ring is the same positions as
differences from the one before, five bits to an ASCII character: about a third of the size. Five decimals (~1 m)
are far finer than the outlines' own source grid (~400 m). The map's script decodes them
(``atlasColumns.lines`` in ``atlas_map.js``) before Leaflet reads the GeoJSON; points stay plain.

The characters are ``?`` (63) to ``~`` (126): no quote, ``<`` or ``>``, so the text is page-safe as JSON; its
backslashes are escaped by JSON like any other.
"""
from __future__ import annotations

from typing import Iterable, Sequence

PRECISION = 5
"""Decimals kept: the encoding's standard precision (~1 m)."""
DECODER = "atlasColumns.lines"
"""The map script's function that turns an encoded collection back into GeoJSON (``atlas_map.js``)."""
_ENCODED_TYPES = {"LineString": 0, "MultiLineString": 1, "Polygon": 1, "MultiPolygon": 2}
"""Geometry types whose coordinates are lines, and how many levels of lists hold the lines."""


def _number(value: int) -> str:
    value = ~(value << 1) if value < 0 else value << 1
    chunks = []
    while value >= 0x20:
        chunks.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    chunks.append(chr(value + 63))
    return "".join(chunks)


def encode(positions: Iterable[Sequence[float]], precision: int = PRECISION) -> str:
    """GeoJSON positions ``[lon, lat]`` as one encoded polyline (the format's own order: latitude first)."""
    scale, last_lat, last_lon, text = 10 ** precision, 0, 0, []
    for lon, lat, *_ in positions:
        lat_units, lon_units = round(lat * scale), round(lon * scale)
        text.append(_number(lat_units - last_lat) + _number(lon_units - last_lon))
        last_lat, last_lon = lat_units, lon_units
    return "".join(text)


def _encoded_lines(coordinates, depth: int):
    if depth == 0:
        return encode(coordinates)
    return [_encoded_lines(part, depth - 1) for part in coordinates]


def encoded_collection(collection: dict) -> dict:
    """A copy of the GeoJSON FeatureCollection ``collection`` whose lines and rings are encoded polylines (points and
    everything else as they are); ``atlasColumns.lines`` makes it GeoJSON again in the page."""
    features = []
    for feature in collection.get("features", ()):
        geometry = feature.get("geometry") or {}
        depth = _ENCODED_TYPES.get(geometry.get("type"))
        if depth is not None:
            feature = {**feature, "geometry": {**geometry,
                                               "coordinates": _encoded_lines(geometry["coordinates"], depth)}}
        features.append(feature)
    return {**collection, "features": features}
