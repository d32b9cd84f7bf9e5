"""Places that are not in the gazetteer, placed by a click on the map: where a click may land (Syria and its
borderlands, on land) and the honest local place it makes (its id from the English name, a precision that is
never "exact", who placed it and when)."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, Mapping, Protocol

from shapely.geometry import Point, shape
from shapely.ops import unary_union
from shapely.prepared import prep

from events import limits
from events.exc import EventValidationError
from events.schema import parse_number
from geodata.basemap import countries_geojson
from geodata.coords import LatLon
from geodata.exc import GeodataValueError
from geodata.place import Place

# Syria's extent (32.3-37.3 N, 35.7-42.4 E) padded to take in the bordering areas events reach
# (Lebanon, northern Jordan, southern Turkey, western Iraq). Clicks outside are refused.
REGION_SOUTH, REGION_WEST, REGION_NORTH, REGION_EAST = 29.0, 34.0, 38.5, 44.0


# Kinds and precisions offered for a place placed by hand: a click is never "exact" knowledge
# of a country or governorate.
CLICK_KINDS = ("checkpoint", "site", "neighbourhood", "town", "camp", "region")


CLICK_PRECISIONS = ("neighbourhood", "between", "settlement", "region")


# A hand-placed place's id is local:<slug of the English name>[-n]: room for "-999" is kept.
_SLUG_CHARS = limits.PLACE_ID_CHARS - len("local:") - 4


_SLUG = re.compile(r"[^a-z0-9]+")


class PlaceBook(Protocol):
    """What the form needs from the gazetteer (see atlas.catalog.CombinedPlaces)."""

    def get(self, place_id: str) -> Place | None: ...


def in_region(lat: float, lon: float) -> bool:
    """True when the point lies in the area the atlas covers (Syria and its borderlands)."""
    return REGION_SOUTH <= lat <= REGION_NORTH and REGION_WEST <= lon <= REGION_EAST


@lru_cache(maxsize=1)
def _land():
    """Syria and its neighbours' outlines (geodata.basemap, Natural Earth) as one prepared shape."""
    outlines = [shape(f["geometry"]) for f in countries_geojson()["features"]]
    return prep(unary_union(outlines))


def on_land(lat: float, lon: float) -> bool:
    """True when the point is inside one of the country outlines of the basemap (not at sea)."""
    return _land().covers(Point(LatLon.of(lat, lon).lonlat))


def slugify(text: str) -> str:
    return _SLUG.sub("-", (text or "").lower()).strip("-")


def place_from_click(values: Mapping[str, Any], places: PlaceBook, *, user: str,
                     today: dt.date | None = None) -> Place | dict[str, str]:
    """The hand-placed point (map click + names + honest precision) as a new local place, or errors."""
    errors: dict[str, str] = {}
    lat, lon = values.get("new_place_lat"), values.get("new_place_lon")
    position = None
    if lat in (None, "") or lon in (None, ""):
        errors["new_place_lat"] = "click the map to place the point first"
    else:
        try:
            position = LatLon.of(float(lat), float(lon))
        except (TypeError, ValueError) as exc:  # GeodataValueError is a ValueError
            errors["new_place_lat"] = f"not a valid coordinate: {exc}"
        else:
            if not in_region(*position.latlon):
                errors["new_place_lat"] = (
                    f"({position.lat:.4f}, {position.lon:.4f}) is outside the region the atlas covers "
                    f"(latitude {REGION_SOUTH}–{REGION_NORTH}, longitude {REGION_WEST}–{REGION_EAST})")
            elif not on_land(*position.latlon):
                errors["new_place_lat"] = (f"({position.lat:.4f}, {position.lon:.4f}) is not on land in the "
                                           "region (at sea?): click the place again")
    name_en = str(values.get("new_place_name_en") or "").strip()
    name_ar = str(values.get("new_place_name_ar") or "").strip()
    slug = slugify(name_en)[:_SLUG_CHARS].strip("-")
    if not name_en:
        errors["new_place_name_en"] = "is required (it also makes the place id)"
    elif not slug:
        errors["new_place_name_en"] = "needs Latin letters or digits to make the place id"
    for name, text in (("new_place_name_en", name_en), ("new_place_name_ar", name_ar)):
        if len(text) > limits.PLACE_NAME_CHARS:
            errors[name] = f"is {len(text):,} characters long; at most {limits.PLACE_NAME_CHARS:,} are accepted"
    kind = values.get("new_place_kind") or ""
    if kind not in CLICK_KINDS:
        errors["new_place_kind"] = f"{kind!r} is not one of {', '.join(CLICK_KINDS)}"
    precision = values.get("new_place_precision") or ""
    if precision not in CLICK_PRECISIONS:
        errors["new_place_precision"] = f"{precision!r} is not one of {', '.join(CLICK_PRECISIONS)}"
    try:
        uncertainty = parse_number(values.get("new_place_uncertainty_m"), "new_place_uncertainty_m")
    except EventValidationError as exc:
        errors["new_place_uncertainty_m"], uncertainty = exc.message, None
    if uncertainty is None and "new_place_uncertainty_m" not in errors:
        errors["new_place_uncertainty_m"] = "how far off may the point be? (metres)"
    if errors:
        return errors
    place_id, n = f"local:{slug}", 2
    while places.get(place_id) is not None:
        place_id, n = f"local:{slug}-{n}", n + 1
    day = (today or dt.date.today()).isoformat()
    try:
        return Place(id=place_id, name_en=name_en, name_ar=name_ar, kind=kind, lat=position.lat, lon=position.lon,
                     precision=precision, uncertainty_m=float(uncertainty),
                     coord_source=f"placed by hand on the map by {user} on {day}",
                     notes=f"added by {user}")
    except GeodataValueError as exc:
        return {"new_place_name_en": str(exc)}
