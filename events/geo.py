"""Events as geometry: a LineString origin -> via -> destination for routes, a Point otherwise.

Coordinates come from the gazetteer and pass through :class:`geodata.coords.LatLon`, the
only place where (lat, lon) becomes (x=lon, y=lat). A geometry is only as precise as its
weakest point, so every feature carries that point's precision and uncertainty.
"""
from __future__ import annotations

import geopandas as gpd
from shapely.geometry import LineString, Point, mapping

from events.schema import FIELDS
from events.vocabulary import ROUTE_ROLES
from geodata.coords import LatLon
from geodata.place import PRECISIONS

CRS = "EPSG:4326"
NO_PRECISION = ("", None)
"""Precision of an event none of whose places the gazetteer knows."""


def _places(place_ids, gazetteer) -> list:
    found = (gazetteer.get(place_id) for place_id in place_ids if place_id)
    return [place for place in found if place is not None]


def point_place_id(event) -> str:
    """The place a non-route event is drawn at: its location, else the furthest known point of its path."""
    if event.location:
        return event.location
    for name in reversed(ROUTE_ROLES):
        if getattr(event, name):
            return getattr(event, name)
    return ""


def geometry_places(event, gazetteer) -> list:
    """The gazetteer places an event's geometry is made of, in drawing order."""
    if event.is_route:
        return _places((getattr(event, name) for name in ROUTE_ROLES), gazetteer)
    return _places((point_place_id(event),), gazetteer)


def route_positions(event, gazetteer) -> list[LatLon]:
    """Origin, via and destination positions, in that order, leaving out any the gazetteer lacks."""
    places = _places((getattr(event, name) for name in ROUTE_ROLES), gazetteer)
    return [LatLon.of(place.lat, place.lon) for place in places]


def event_precision(event, gazetteer) -> tuple[str, float | None]:
    """(precision, uncertainty_m) of the weakest point of the event's geometry."""
    places = geometry_places(event, gazetteer)
    if not places:
        return NO_PRECISION
    weakest = max(places, key=lambda place: (PRECISIONS.index(place.precision), place.uncertainty_m))
    return weakest.precision, max(place.uncertainty_m for place in places)


def event_geometry(event, gazetteer):
    """Shapely geometry (lon/lat): LineString for a route with two or more known points, else Point, else None."""
    positions = [LatLon.of(place.lat, place.lon) for place in geometry_places(event, gazetteer)]
    if event.is_route and len(positions) >= 2:
        return LineString([position.lonlat for position in positions])
    if positions:
        return Point(positions[-1].lonlat)
    return None


def _properties(event, gazetteer) -> dict:
    precision, uncertainty_m = event_precision(event, gazetteer)
    return {**event.to_record(), "precision": precision, "uncertainty_m": uncertainty_m}


def to_feature_collection(events, gazetteer) -> dict:
    """GeoJSON FeatureCollection (RFC 7946), one feature an event; properties = the event's record."""
    features = []
    for event in events:
        geometry = event_geometry(event, gazetteer)
        features.append({
            "type": "Feature",
            "id": event.id,
            "geometry": mapping(geometry) if geometry is not None else None,
            "properties": _properties(event, gazetteer),
        })
    return {"type": "FeatureCollection", "features": features}


def to_geodataframes(events, gazetteer) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """(points, routes) GeoDataFrames in EPSG:4326; events with no known place are left out of both."""
    points, routes = [], []
    for event in events:
        geometry = event_geometry(event, gazetteer)
        if geometry is None:
            continue
        row = {**_properties(event, gazetteer), "geometry": geometry}
        (routes if isinstance(geometry, LineString) else points).append(row)
    return _frame(points), _frame(routes)


def places_to_geodataframe(place_ids, gazetteer) -> gpd.GeoDataFrame:
    """Points for the given places (e.g. every place the events name), with their precision."""
    rows = [{"id": place.id, "name_en": place.name_en, "name_ar": place.name_ar, "kind": place.kind,
             "precision": place.precision, "uncertainty_m": place.uncertainty_m,
             "geometry": Point(LatLon.of(place.lat, place.lon).lonlat)}
            for place in _places(dict.fromkeys(place_ids), gazetteer)]
    return _frame(rows, columns=["id", "name_en", "name_ar", "kind", "precision", "uncertainty_m"])


def _frame(rows: list[dict], columns=None) -> gpd.GeoDataFrame:
    if not rows:
        names = list(columns) if columns else [*FIELDS, "precision", "uncertainty_m"]
        return gpd.GeoDataFrame({name: [] for name in names}, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
