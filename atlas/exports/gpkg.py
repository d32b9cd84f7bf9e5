"""GeoPackage for QGIS (EPSG:4326): ``events_points`` and ``events_routes`` (one row an event),
``event_locations`` (where a journey's event happened, apart from its line: a capture on the way) and
``places``. Geometry from ``events.geo.event_geometry``, as on the map. The event dates are DATE columns (QGIS
filters and sorts them as dates), the layers named as above."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import datetime as dt

import pandas as pd
import pyarrow as pa
from shapely.geometry import Point

if TYPE_CHECKING:   # geopandas is imported when a GeoPackage is written, not when the app starts
    import geopandas as gpd

LAYERS = ("events_points", "events_routes", "event_locations", "places")
DATE_COLUMNS = ("date_start", "date_end")
PLACE_COLUMNS = ("id", "name_en", "name_ar", "kind", "precision", "uncertainty_m", "coord_source",
                 "governorate_id", "notes")


def places_frame(briefing) -> gpd.GeoDataFrame:
    places = briefing.places()
    rows = [{name: getattr(place, name) for name in PLACE_COLUMNS} for place in places]
    geometry = [Point(place.position.lonlat) for place in places]
    import geopandas as gpd
    return gpd.GeoDataFrame(rows, columns=list(PLACE_COLUMNS), geometry=geometry, crs="EPSG:4326")


def frames(briefing) -> dict[str, gpd.GeoDataFrame]:
    from events.geo import to_geodataframes

    points, routes, locations = to_geodataframes(list(briefing.events), briefing.gazetteer)
    return dict(zip(LAYERS, (points, routes, locations, places_frame(briefing))))


def _as_date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def with_date_columns(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``frame`` with its ISO date texts as dates (an Arrow date32 column: a DATE column in the GeoPackage)."""
    frame = frame.copy()
    for column in DATE_COLUMNS:
        if column in frame.columns:
            frame[column] = pd.Series([_as_date(v) for v in frame[column]], index=frame.index,
                                      dtype=pd.ArrowDtype(pa.date32()))
    return frame


def write(briefing, path: Path) -> None:
    path = Path(path)
    path.unlink(missing_ok=True)  # a GeoPackage is a database: start clean, never append to an old one
    stamp = {"layer_options": {"DESCRIPTION": f"Checkpoint Atlas: {briefing.draft_stamp}"}} if briefing.draft_stamp \
        else {}
    for layer, frame in frames(briefing).items():
        with_date_columns(frame).to_file(path, layer=layer, driver="GPKG", engine="pyogrio", use_arrow=True,
                                         **(stamp if layer != "places" else {}))


def render(briefing) -> bytes:
    with tempfile.TemporaryDirectory(prefix="atlas-gpkg-") as folder:
        path = Path(folder) / "export.gpkg"
        write(briefing, path)
        return path.read_bytes()
