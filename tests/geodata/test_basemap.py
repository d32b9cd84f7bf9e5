"""The shipped reference layers: the main roads are schematic (no registry package ships a road network for
Syria), so they join the gazetteer towns each road is documented to pass, and say so (the legend and the snapshot
footer say it too: tests/atlas/test_snapshot_frame.py)."""
from __future__ import annotations

import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point, shape
from shapely.ops import nearest_points

from geodata.basemap import reference_geojson

GEOD = Geod(ellps="WGS84")
HOMS, HAMA, DAMASCUS, ALEPPO = "geonames:169577", "geonames:170017", "geonames:170654", "geonames:170063"
LATAKIA, SARAQIB = "geonames:173576", "geonames:172994"


def km_from(line: LineString, lat: float, lon: float) -> float:
    nearest = nearest_points(line, Point(lon, lat))[0]
    return GEOD.inv(lon, lat, nearest.x, nearest.y)[2] / 1000


@pytest.fixture(scope="module")
def roads():
    return {f["properties"]["ref"]: f for f in reference_geojson("roads")["features"]}


@pytest.mark.parametrize("ref,towns", [
    ("M5", (DAMASCUS, HOMS, HAMA, ALEPPO)),
    ("M4", (LATAKIA, SARAQIB, ALEPPO)),
])
def test_each_main_road_passes_the_towns_it_links(roads, gazetteer, ref, towns):
    line = shape(roads[ref]["geometry"])
    for town_id in towns:
        town = gazetteer.get(town_id)
        assert town_id in roads[ref]["properties"]["via"]
        assert km_from(line, town.lat, town.lon) < 0.05, (ref, town.name_en)   # drawn through the town's point


def test_the_roads_layer_says_it_is_schematic_and_cites_its_sources(roads):
    layer = reference_geojson("roads")
    assert layer["source"].startswith("schematic")
    for feature in roads.values():
        props = feature["properties"]
        assert props["schematic"] is True and props["source"].startswith("https://")
        assert len(feature["geometry"]["coordinates"]) == len(props["via"])   # a vertex per town, no traced road

