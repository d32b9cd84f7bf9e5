"""Offline outlines: Syria's 14 governorates and the surrounding countries (Natural Earth), and the reference
layers of Syria and its borderlands (rivers, lakes, main roads, towns) in ``data/basemap/``.

The map draws them when no tile server is reachable, and the gazetteer checks points against
them ("is this place really in the governorate it claims?"). The reference layers are built by
``scripts/build_basemap.py`` from registry packages; each file names its ``source`` and ``licence``.
"""
from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

from shapely import STRtree
from shapely.geometry import Point, shape
from shapely.ops import nearest_points
from shapely.prepared import prep

from geodata.coords import LatLon

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def _geod():
    """The WGS84 ellipsoid for distances; pyproj imported on the first distance (a map needs none)."""
    from pyproj import Geod
    return Geod(ellps="WGS84")


@lru_cache(maxsize=None)
def _read(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _collection(name: str, shared: bool) -> dict:
    """A fresh copy of a shipped file's FeatureCollection, or with ``shared`` the one read once per process (for
    callers that only read it and keep it, like the map's basemap: a copy costs ~50 ms)."""
    return _read(name) if shared else copy.deepcopy(_read(name))


def governorates_geojson(*, shared: bool = False) -> dict:
    """FeatureCollection of the 14 governorates; properties ``id`` (geonames:<n>), ``name_en``, ``name_ar``."""
    return _collection("governorates.geojson", shared)


def countries_geojson(*, shared: bool = False) -> dict:
    """FeatureCollection of Syria, its neighbours and Egypt; property ``name_en``."""
    return _collection("countries.geojson", shared)


REFERENCE_LAYERS = ("rivers", "lakes", "roads", "towns")


def reference_geojson(name: str, *, shared: bool = False) -> dict:
    """One reference layer (``REFERENCE_LAYERS``) as a FeatureCollection with ``source`` and ``licence``:
    rivers and lakes (with ``kind: "label"`` points naming the main ones), the M5 and M4 traced from
    OpenStreetMap (one line each), towns with
    population."""
    if name not in REFERENCE_LAYERS:
        raise ValueError(f"reference layer {name!r} is not one of {', '.join(REFERENCE_LAYERS)}")
    return _collection(f"basemap/{name}.geojson", shared)


@lru_cache(maxsize=None)
def governorate_shapes() -> dict[str, object]:
    """Governorate id -> shapely polygon (shared, do not mutate)."""
    return {f["properties"]["id"]: shape(f["geometry"]) for f in _read("governorates.geojson")["features"]}


@lru_cache(maxsize=None)
def country_shape(name_en: str):
    """Shapely outline of a country by English name, None when not in countries.geojson."""
    for feature in _read("countries.geojson")["features"]:
        if feature["properties"]["name_en"] == name_en:
            return shape(feature["geometry"])
    return None


@lru_cache(maxsize=None)
def _tree():
    ids = list(governorate_shapes())
    geoms = [governorate_shapes()[i] for i in ids]
    return ids, STRtree(geoms), [prep(g) for g in geoms]


def governorate_at(position: LatLon) -> str | None:
    """Id of the governorate polygon containing the position; None outside all of them."""
    ids, tree, prepared = _tree()
    point = Point(position.lonlat)
    for i in tree.query(point):
        if prepared[i].covers(point):
            return ids[i]
    return None


def distance_to_governorate_m(position: LatLon, governorate_id: str) -> float | None:
    """Metres from the position to the governorate polygon (0 inside); None for an unknown id."""
    geom = governorate_shapes().get(governorate_id)
    if geom is None:
        return None
    point = Point(position.lonlat)
    if geom.covers(point):
        return 0.0
    nearest = nearest_points(geom, point)[0]
    return _geod().inv(position.lon, position.lat, nearest.x, nearest.y)[2]
