"""Checks an analyst's edit of ``places.csv`` before anyone maps from it: one message per row and problem.

* every row reads as a place (numbers, kinds, precisions: :class:`geodata.place.Place` rules);
* ids are unique, parents and governorates exist;
* every coordinate names its source: a URL, a GeoNames id, a Natural Earth polygon, or the derivation
  from other places ("point of <id>", "midpoint of", "centroid of", "<n> km at bearing <b> from <id>");
* no duplicates: the same name twice in one governorate within a few km;
* no stacked points: two places on the very same point unless one row's ``coord_source`` says the point
  is the other's (and that row does not claim an ``exact`` point);
* each point lies inside its governorate's polygon (``data/governorates.geojson``), or its country's
  outline for places outside Syria, within its uncertainty radius or the distance its notes document.
"""
from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from geodata.basemap import country_shape, distance_to_governorate_m
from geodata.exc import GazetteerDataError
from geodata.gazetteer import COLUMNS, _place_from_row
from geodata.normalize import normalize_name
from geodata.place import Place

SOURCE_PATTERN = re.compile(r"https?://|geonameid \d+|GeoNames|Natural Earth|point of (geonames:\d+|local:)|midpoint of|"
                            r"centroid of|km at bearing|approximate", re.IGNORECASE)
BOUNDARY_NOTE = re.compile(r"lies (\d+) m outside")
DUPLICATE_RADIUS_M = 3_000
EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True, slots=True)
class Problem:
    line: int          # line in the CSV file (header = line 1)
    place_id: str
    check: str         # "row" | "id" | "source" | "duplicate" | "stacked" | "governorate" | "country" | "parent"
    message: str

    def __str__(self) -> str:
        return f"line {self.line} ({self.place_id}): {self.check}: {self.message}"


def validate_file(path: str | Path) -> tuple[list[Place], list[Problem]]:
    """All places that read, and every problem found in the file."""
    places: list[tuple[int, Place]] = []
    problems: list[Problem] = []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            return [], [Problem(1, "", "row", f"missing column(s) {', '.join(missing)}")]
        for row in reader:
            line = reader.line_num
            try:
                places.append((line, _place_from_row(row, line)))
            except GazetteerDataError as exc:
                problems.append(Problem(line, row.get("id") or "", "row", str(exc).split(": ", 1)[-1]))
    problems += validate_places(places)
    return [p for _, p in places], sorted(problems, key=lambda p: (p.line, p.check))


def validate_places(numbered: list[tuple[int, Place]]) -> list[Problem]:
    """The checks that need the whole table (ids, duplicates, stacked points, outlines)."""
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line, place in numbered:
        if place.id in first_line:
            problems.append(Problem(line, place.id, "id", f"duplicate id (first on line {first_line[place.id]})"))
        else:
            first_line[place.id] = line
    by_id = {p.id: p for _, p in numbered}
    for line, place in numbered:
        problems += _row_checks(line, place, by_id)
    problems += _stacked(numbered)
    problems += _duplicates(numbered)
    return problems


def _row_checks(line: int, place: Place, by_id: dict[str, Place]) -> list[Problem]:
    out = []
    if not SOURCE_PATTERN.search(place.coord_source):
        out.append(Problem(line, place.id, "source", f"coord_source {place.coord_source!r} names no URL, GeoNames id, "
                                                      "Natural Earth polygon or derivation"))
    for field in ("parent_id", "governorate_id"):
        ref = getattr(place, field)
        if ref and ref not in by_id:
            out.append(Problem(line, place.id, "parent", f"{field} {ref} is not in the gazetteer"))
        elif field == "governorate_id" and ref and by_id[ref].kind != "governorate":
            out.append(Problem(line, place.id, "parent", f"governorate_id {ref} is a {by_id[ref].kind}, not a governorate"))
    if place.kind == "country":
        return out
    documented = max((float(m) for m in BOUNDARY_NOTE.findall(place.notes)), default=0.0)
    tolerance = max(place.uncertainty_m, documented)
    if place.governorate_id:
        outside = distance_to_governorate_m(place.position, place.governorate_id)
        if outside is not None and outside > tolerance:
            out.append(Problem(line, place.id, "governorate",
                               f"the point lies {outside / 1000:.1f} km outside its governorate {place.governorate_id} "
                               f"(uncertainty {place.uncertainty_m / 1000:.1f} km)"))
    else:
        country = _country_of(place, by_id)
        shape = country_shape(country.name_en) if country is not None else None
        if shape is not None:
            from shapely.geometry import Point
            from shapely.ops import nearest_points
            point = Point(place.lon, place.lat)
            if not shape.covers(point):
                edge = nearest_points(shape, point)[0]
                metres = _metres(place.lat, place.lon, edge.y, edge.x)
                if metres > tolerance:
                    out.append(Problem(line, place.id, "country", f"the point lies {metres / 1000:.1f} km outside "
                                                                   f"{country.name_en}'s outline"))
    return out


def _country_of(place: Place, by_id: dict[str, Place]) -> Place | None:
    seen = set()
    while place is not None and place.kind != "country" and place.id not in seen:
        seen.add(place.id)
        place = by_id.get(place.parent_id)
    return place


_ID = re.compile(r"(?:geonames:\d+|local:[a-z0-9][a-z0-9-]*)")


def borrowed_from(place: Place) -> set[str]:
    """Ids whose point this row says it is derived from: named in its ``coord_source`` ("point of <id>",
    "midpoint of", "centroid of", "km at bearing ... from <id>"), and only when the row does not claim an
    ``exact`` point of its own. Notes are not a source for a point."""
    return set() if place.precision == "exact" else set(_ID.findall(place.coord_source))


def may_share_point(a: Place, b: Place) -> bool:
    """Two places may sit on one point only when a row's source says the point is the other's (a sub-place
    recorded at its parent with a radius), or both are derived from the same third place's point."""
    return b.id in borrowed_from(a) or a.id in borrowed_from(b) or bool(borrowed_from(a) & borrowed_from(b))


def _stacked(numbered: list[tuple[int, Place]]) -> list[Problem]:
    at: dict[tuple[float, float], list[tuple[int, Place]]] = defaultdict(list)
    for line, place in numbered:
        if place.kind != "country":
            at[(round(place.lat, 5), round(place.lon, 5))].append((line, place))
    out = []
    for group in at.values():
        for i, (line, place) in enumerate(group):
            for _, other in group[:i]:
                if not may_share_point(place, other):
                    out.append(Problem(line, place.id, "stacked", f"same point as {other.id} ({other.name_en}) and "
                                                                  "neither row says it borrows the other's point"))
    return out


def _duplicates(numbered: list[tuple[int, Place]]) -> list[Problem]:
    by_name: dict[tuple[str, str], list[tuple[int, Place]]] = defaultdict(list)
    for line, place in numbered:
        by_name[(normalize_name(place.name_en), place.governorate_id)].append((line, place))
    out = []
    for group in by_name.values():
        for i, (line, place) in enumerate(group):
            for _, other in group[:i]:
                if place.kind == other.kind and _metres(place.lat, place.lon, other.lat, other.lon) < DUPLICATE_RADIUS_M:
                    out.append(Problem(line, place.id, "duplicate", f"looks like {other.id}: same name, kind and "
                                                                    "governorate, less than 3 km apart"))
    return out


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))
