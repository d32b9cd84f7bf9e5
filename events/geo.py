"""Where an event is drawn: one function, :func:`event_geometry`, for the map, every export, the snapshot
and the report reader's preview, so a place never shows in one and goes missing in another.

An event's journey runs origin -> via -> destination; when the report gives no destination but says
where the event happened (``location``: arrested at a checkpoint after leaving a town), the journey
ends there. A journey of two or more known places is a *line*. A location apart from the line (the
capture at Inkhil of people heading for the Yarmouk basin) is a *point* of its own, and so is the one
place of an event that is not a journey. Coordinates come from the gazetteer and pass through
:class:`geodata.coords.LatLon`, the only place where (lat, lon) becomes (x=lon, y=lat). A geometry is
only as precise as its weakest place, so each carries that place's precision and uncertainty.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import GeometryCollection, LineString, MultiPoint, Point

from events.csv_format import COLUMNS
from events.sources import corroboration, sources_json
from geodata.coords import LatLon
from geodata.place import PRECISIONS, Place

if TYPE_CHECKING:   # imported where a GeoDataFrame is made (exports), not when the app starts
    import geopandas as gpd

CRS = "EPSG:4326"
NO_PRECISION = ("", None)
_PRECISION_RANK = {name: rank for rank, name in enumerate(PRECISIONS)}
"""Precision of an event none of whose places the gazetteer knows."""


@dataclass(frozen=True, slots=True)
class EventGeometry:
    """The known places of one event as drawn: a line (the journey) and points apart from it."""

    line: tuple[Place, ...]      # the journey's known places in travel order; empty unless two or more
    points: tuple[Place, ...]    # places drawn as points: where it happened, apart from any line

    @property
    def is_route(self) -> bool:
        return bool(self.line)

    @property
    def places(self) -> tuple[Place, ...]:
        """Every place drawn, each once: the line's, then the points'."""
        return (*self.line, *(p for p in self.points if p not in self.line))

    @property
    def precision(self) -> tuple[str, float | None]:
        """(precision, uncertainty_m) of the weakest place; ``("", None)`` when nothing is drawn."""
        places = self.places
        if not places:
            return NO_PRECISION
        weakest = max(places, key=lambda place: (_PRECISION_RANK[place.precision], place.uncertainty_m))
        return weakest.precision, max(place.uncertainty_m for place in places)

    def geojson(self) -> dict | None:
        """The same geometry as :meth:`shape`, as a GeoJSON geometry object (RFC 7946, lon/lat), built
        directly: an export of 10,000 events need not make and take apart 10,000 shapely objects."""
        line = [{"type": "LineString", "coordinates": [list(p.position.lonlat) for p in self.line]}] \
            if self.line else []
        points = [{"type": "Point", "coordinates": list(p.position.lonlat)} for p in self.points]
        parts = line + points
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        if not self.line:
            return {"type": "MultiPoint", "coordinates": [part["coordinates"] for part in parts]}
        return {"type": "GeometryCollection", "geometries": parts}

    def shape(self):
        """Shapely geometry (lon/lat): LineString, Point, or a collection of the line and its points;
        None when no place of the event is known."""
        parts = ([LineString([p.position.lonlat for p in self.line])] if self.line else []) + \
                [Point(p.position.lonlat) for p in self.points]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        if not self.line:
            return MultiPoint(parts)
        return GeometryCollection(parts)


def journey_ids(event) -> tuple[str, ...]:
    """The journey's place ids in travel order: origin, via, then the destination, or, when the report
    names none, the place the event happened at."""
    end = event.destination or event.location
    return tuple(pid for pid in (event.origin, event.via, end) if pid)


def event_geometry(event, gazetteer) -> EventGeometry:
    """The one definition of what an event looks like on a map (see the module docstring)."""
    journey = _distinct(gazetteer.get(pid) for pid in journey_ids(event))
    location = gazetteer.get(event.location) if event.location else None
    if len(journey) >= 2:
        apart = (location,) if location is not None and location.id not in {p.id for p in journey} else ()
        return EventGeometry(journey, apart)
    at = location if location is not None else (journey[-1] if journey else None)
    others = tuple(p for p in journey if at is None or p.id != at.id)
    return EventGeometry((), _distinct((at, *others)))


def _distinct(places) -> tuple[Place, ...]:
    seen, kept = set(), []
    for place in places:
        if place is not None and place.id not in seen:
            seen.add(place.id)
            kept.append(place)
    return tuple(kept)


def event_precision(event, gazetteer) -> tuple[str, float | None]:
    """(precision, uncertainty_m) of the weakest place of the event's geometry."""
    return event_geometry(event, gazetteer).precision


def event_properties(event, geometry: EventGeometry, *, sources_as_list: bool = False) -> dict:
    """The event's record, its further sources (a JSON list as text, or as a list for GeoJSON), the precision
    of its weakest place and its corroboration (independent outlets)."""
    precision, uncertainty_m = geometry.precision
    sources = [source.to_record() for source in event.sources] if sources_as_list else sources_json(event.sources)
    return {**event.to_record(), "sources": sources, "precision": precision, "uncertainty_m": uncertainty_m,
            "corroboration": corroboration(event)}


def to_feature_collection(events, gazetteer) -> dict:
    """GeoJSON FeatureCollection (RFC 7946), one feature an event; properties = the event's record."""
    features = []
    for event in events:
        geometry = event_geometry(event, gazetteer)
        features.append({
            "type": "Feature",
            "id": event.id,
            "geometry": geometry.geojson(),
            "properties": event_properties(event, geometry, sources_as_list=True),
        })
    return {"type": "FeatureCollection", "features": features}


def to_geodataframes(events, gazetteer) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """(points, routes, locations) GeoDataFrames in EPSG:4326, one row an event in the first two: an event
    that is not a journey is a point (its one place; a second place it names is in ``locations``),
    a journey is a line. ``locations`` holds the points a journey names apart from its line (where it
    happened), with ``place_id``. Events with no known place are left out."""
    points, routes, locations = _Layer(), _Layer(), _Layer()
    for event in events:
        geometry = event_geometry(event, gazetteer)
        if geometry.line:
            routes.add(event_properties(event, geometry), geometry.line)
            apart = geometry.points
        elif geometry.points:
            points.add(event_properties(event, geometry), geometry.points[:1])
            apart = geometry.points[1:]
        else:
            continue
        for place in apart:
            locations.add({**event_properties(event, geometry), "place_id": place.id}, (place,))
    return points.frame(), routes.frame(), locations.frame([*COLUMNS, "place_id"])


class _Layer:
    """Rows and coordinates of one layer, made into shapely geometries in one vectorised call at the end."""

    def __init__(self):
        self.rows: list[dict] = []
        self.coordinates: list[tuple[float, float]] = []
        self.parts: list[int] = []          # which feature each coordinate belongs to

    def add(self, row: dict, places) -> None:
        feature = len(self.rows)
        self.rows.append(row)
        for place in places:
            self.coordinates.append(place.position.lonlat)
            self.parts.append(feature)

    def frame(self, columns=None) -> gpd.GeoDataFrame:
        if not self.rows:
            return _frame([], columns)
        coordinates = np.asarray(self.coordinates, dtype=float)
        if len(self.coordinates) == len(self.rows):
            shapes = shapely.points(coordinates)
        else:
            shapes = shapely.linestrings(coordinates, indices=np.asarray(self.parts))
        import geopandas as gpd
        return gpd.GeoDataFrame(pd.DataFrame.from_records(self.rows), geometry=gpd.GeoSeries(shapes, crs=CRS),
                                crs=CRS)


def places_to_geodataframe(place_ids, gazetteer) -> gpd.GeoDataFrame:
    """Points for the given places (e.g. every place the events name), with their precision."""
    rows = [{"id": place.id, "name_en": place.name_en, "name_ar": place.name_ar, "kind": place.kind,
             "precision": place.precision, "uncertainty_m": place.uncertainty_m,
             "geometry": Point(LatLon.of(place.lat, place.lon).lonlat)}
            for place in _distinct(gazetteer.get(pid) for pid in dict.fromkeys(place_ids))]
    return _frame(rows, columns=["id", "name_en", "name_ar", "kind", "precision", "uncertainty_m"])


def _frame(rows: list[dict], columns=None) -> gpd.GeoDataFrame:
    import geopandas as gpd
    if not rows:
        names = list(columns) if columns else list(COLUMNS)
        return gpd.GeoDataFrame({name: [] for name in names}, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
