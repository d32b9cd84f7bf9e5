"""The places the exported events name, as a spreadsheet (CSV) or as GeoJSON points.

Columns are the gazetteer's own (``geodata.gazetteer.COLUMNS``), so an analyst sees the
precision, uncertainty and coordinate source of every point, and a places CSV reads back
with ``geodata.gazetteer.read_places`` (after the formula guard is undone by ``restore_cell``).
GeoPackage and KML carry the same places as a layer of their own.
"""
from __future__ import annotations

import csv
import io
import json

from events.csv_format import neutralise_cell
from geodata.gazetteer import COLUMNS, place_record


def render_csv(briefing) -> bytes:
    """UTF-8 with BOM, CRLF rows, formulas neutralised: the events CSV's conventions."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for place in briefing.places():
        writer.writerow({name: neutralise_cell(value) for name, value in place_record(place).items()})
    return buffer.getvalue().encode("utf-8-sig")


def feature_collection(briefing) -> dict:
    """One Point feature a place (RFC 7946 order: lon, lat); properties = the CSV's columns."""
    features = [{"type": "Feature", "id": place.id,
                 "geometry": {"type": "Point", "coordinates": list(place.position.lonlat)},
                 "properties": place_record(place)}
                for place in briefing.places()]
    return {"type": "FeatureCollection", "features": features}


def render_geojson(briefing) -> bytes:
    return json.dumps(feature_collection(briefing), ensure_ascii=False, indent=1).encode("utf-8")
