"""The shipped reference layers: the M5 and M4 are traced from OpenStreetMap (scripts/build_basemap.py), one line
each, through the towns they are documented to pass; the layer says where the trace comes from."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point, shape
from shapely.ops import nearest_points

from geodata.basemap import REFERENCE_LAYERS, countries_geojson, governorates_geojson, reference_geojson

GEOD = Geod(ellps="WGS84")
HOMS, HAMA, DAMASCUS, ALEPPO = "geonames:169577", "geonames:170017", "geonames:170654", "geonames:170063"
LATAKIA, SARAQIB, ARIHA, JISR = "geonames:173576", "geonames:164816", "geonames:172994", "geonames:169023"
RASTAN, NABK, MANBIJ, QAMISHLI, YARUBIYAH = ("geonames:172946", "geonames:173193", "geonames:167357",
                                             "geonames:173377", "geonames:383661")
HASAKAH = "geonames:173811"

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def km_from(line: LineString, lat: float, lon: float) -> float:
    nearest = nearest_points(line, Point(lon, lat))[0]
    return GEOD.inv(lon, lat, nearest.x, nearest.y)[2] / 1000


@pytest.fixture(scope="module")
def roads():
    return {f["properties"]["ref"]: f for f in reference_geojson("roads")["features"]}


@pytest.mark.parametrize("ref,town_id,within_km", [
    ("M5", DAMASCUS, 2), ("M5", NABK, 2), ("M5", HOMS, 2), ("M5", RASTAN, 2), ("M5", HAMA, 4),
    ("M5", SARAQIB, 2), ("M5", ALEPPO, 7),
    ("M4", LATAKIA, 7), ("M4", JISR, 3), ("M4", ARIHA, 2), ("M4", SARAQIB, 2), ("M4", MANBIJ, 3),
    ("M4", QAMISHLI, 3), ("M4", YARUBIYAH, 2),
])
def test_each_main_road_passes_near_the_towns_it_links(roads, gazetteer, ref, town_id, within_km):
    town = gazetteer.get(town_id)
    assert km_from(shape(roads[ref]["geometry"]), town.lat, town.lon) < within_km, (ref, town.name_en)


@pytest.mark.parametrize("ref,min_km,max_km", [("M5", 400, 500), ("M4", 600, 750)])
def test_each_road_is_a_traced_line_not_straight_pieces_between_towns(roads, gazetteer, ref, min_km, max_km):
    feature = roads[ref]
    line = shape(feature["geometry"])
    assert line.geom_type == "LineString"
    coords = list(line.coords)
    assert len(coords) > 10 * len(feature["properties"]["via"])          # a schematic line has a vertex per town
    assert min_km < GEOD.geometry_length(line) / 1000 < max_km
    towns = [gazetteer.get(t) for t in feature["properties"]["via"]]
    straight = GEOD.geometry_length(LineString([(t.lon, t.lat) for t in towns])) / 1000
    assert GEOD.geometry_length(line) / 1000 > 1.03 * straight             # it bends with the terrain
    steps = [GEOD.inv(*a, *b)[2] / 1000 for a, b in zip(coords, coords[1:])]
    long_steps = [s for s in steps if s > 10]
    assert sum(long_steps) <= feature["properties"]["bridged_km"] + 0.5     # only the stated bridges are long
    assert feature["properties"]["bridged_km"] < 20


def test_the_m4_keeps_to_the_road_not_to_hasakah_city(roads, gazetteer):
    """OSM's M4 runs north of al-Hasakah (Tall Tamr - al-Qamishli): the trace must not bend to the city."""
    town = gazetteer.get(HASAKAH)
    assert km_from(shape(roads["M4"]["geometry"]), town.lat, town.lon) > 15


def test_the_roads_layer_names_its_source_and_licence(roads):
    layer = reference_geojson("roads")
    assert "OpenStreetMap" in layer["source"] and "tokenless-tiles/syria" in layer["source"]
    assert "0377d314d52fc3d0832638637389d72bf36562ab" in layer["source"]
    assert layer["licence"].startswith("ODbL")
    for ref, feature in roads.items():
        props = feature["properties"]
        assert "schematic" not in props and ref in props["osm_refs"]
        assert props["source"].startswith("OpenStreetMap ways tagged ref=")


@pytest.mark.parametrize("read", [countries_geojson, governorates_geojson,
                                  *[lambda shared=False, name=name: reference_geojson(name, shared=shared)
                                    for name in REFERENCE_LAYERS]])
def test_a_shared_collection_is_read_once_and_a_plain_one_is_a_fresh_copy(read):
    shared = read(shared=True)
    assert read(shared=True) is shared                       # the map's basemap: no copy on a start
    fresh = read()
    assert fresh == shared and fresh is not shared
    fresh["features"].clear()                                # a caller that changes its copy changes nothing else
    assert read(shared=True)["features"] and read()["features"]


@pytest.mark.slow
def test_pyproj_is_imported_on_the_first_distance_not_with_the_outlines():
    probe = ("import sys\n"
             "from geodata.basemap import countries_geojson, distance_to_governorate_m\n"
             "from geodata.coords import LatLon\n"
             "countries_geojson(shared=True)\n"
             "before = 'pyproj' in sys.modules\n"
             "metres = distance_to_governorate_m(LatLon(36.2, 37.15), 'geonames:163342')\n"
             "print(before, 'pyproj' in sys.modules, metres > 0)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.split() == ["False", "True", "True"]
