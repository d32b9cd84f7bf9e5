"""Briefing exports: a plain registry, name -> :class:`Exporter`, one module per format.

    from atlas.exports import EXPORTERS, Briefing
    EXPORTERS["kml"].write(Briefing(events, gazetteer), "out.kml")
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from atlas.exports import csv, geojson, gpkg, html, kml, places, png
from atlas.exports.briefing import Briefing, ExportError
from atlas.i18n import N_


@dataclass(frozen=True)
class Exporter:
    """One file format: how to name it, how to serve it, how to make its bytes."""

    name: str
    suffix: str
    media_type: str
    label: str
    render: Callable[[Briefing], bytes]
    tag: str = ""   # added to the file name when another format shares the suffix (places.csv beside events)
    stream: Callable[[Briefing, Path], None] | None = None   # writes the file itself, without the bytes in memory

    def write(self, briefing: Briefing, path) -> Path:
        path = Path(path)
        if self.stream is not None:
            self.stream(briefing, path)
        else:
            path.write_bytes(self.render(briefing))
        return path

    def file_name(self, stem: str = "checkpoint-atlas") -> str:
        return f"{stem}-{self.tag}{self.suffix}" if self.tag else f"{stem}{self.suffix}"


EXPORTERS: dict[str, Exporter] = {
    "csv": Exporter("csv", ".csv", "text/csv", N_("CSV (Excel)"), csv.render),
    "geojson": Exporter("geojson", ".geojson", "application/geo+json", "GeoJSON", geojson.render),
    "kml": Exporter("kml", ".kml", "application/vnd.google-earth.kml+xml", N_("KML (Google Earth)"), kml.render,
                    stream=kml.write),
    "kmz": Exporter("kmz", ".kmz", "application/vnd.google-earth.kmz", N_("KMZ (Google Earth, with icons)"),
                    kml.render_kmz),
    "gpkg": Exporter("gpkg", ".gpkg", "application/geopackage+sqlite3", N_("GeoPackage (QGIS)"), gpkg.render,
                     stream=gpkg.write),
    "html": Exporter("html", ".html", "text/html", N_("Interactive HTML (offline)"), html.render),
    "png": Exporter("png", ".png", "image/png", N_("PNG snapshot"), png.render),
    "places_csv": Exporter("places_csv", ".csv", "text/csv", N_("Places table (spreadsheet)"), places.render_csv,
                           tag="places"),
    "places_geojson": Exporter("places_geojson", ".geojson", "application/geo+json", N_("Places as points"),
                               places.render_geojson, tag="places"),
}
DATA_FORMATS = ("csv", "geojson", "kml", "kmz", "gpkg")
PLACE_FORMATS = ("places_csv", "places_geojson")
"""The places the selected events name (GeoPackage and KML hold them as a layer too)."""
SNAPSHOT_FORMATS = ("png", "html")


def exporter_for(name: str) -> Exporter:
    """The exporter called ``name``; an unknown name is an error that lists the known ones."""
    try:
        return EXPORTERS[name]
    except KeyError:
        raise ExportError(f"format: {name!r} is not one of {', '.join(EXPORTERS)}") from None


def exporter_for_path(path) -> Exporter:
    """The first exporter whose suffix matches a file name (snapshot --out FILE.png|FILE.html); events
    formats come before the places formats that share their suffix."""
    suffix = Path(path).suffix.lower()
    for exporter in EXPORTERS.values():
        if exporter.suffix == suffix:
            return exporter
    raise ExportError(f"out: {str(path)!r} must end in one of {', '.join(dict.fromkeys(e.suffix for e in EXPORTERS.values()))}")


__all__ = ["EXPORTERS", "DATA_FORMATS", "PLACE_FORMATS", "SNAPSHOT_FORMATS", "Briefing", "Exporter", "ExportError",
           "exporter_for", "exporter_for_path"]
