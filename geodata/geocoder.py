"""A geopy geocoder backed by the local gazetteer: no network unless explicitly allowed.

``AtlasGeocoder`` speaks geopy's interface so code written for any geopy geocoder (and geopy's
``RateLimiter`` and friends) works with it; the answers come from ``places.csv``. The optional
Nominatim fallback is used only when the caller passes ``online=True``, and only for names the
gazetteer does not know.
"""
from __future__ import annotations

from typing import Any

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from geodata.coords import LatLon
from geodata.exc import GeodataValueError
from geodata.gazetteer import Gazetteer, Match, load_gazetteer
from geodata.place import Place

USER_AGENT = "checkpoint-atlas"


def place_raw(place: Place, match: Match | None = None, distance_m: float | None = None) -> dict[str, Any]:
    """The ``Location.raw`` dict: everything a caller needs to judge the answer."""
    raw: dict[str, Any] = {
        "id": place.id, "name": place.name_en, "name_ar": place.name_ar, "kind": place.kind,
        "lat": place.lat, "lon": place.lon, "precision": place.precision,
        "uncertainty_m": place.uncertainty_m, "governorate_id": place.governorate_id,
        "parent_id": place.parent_id, "coord_source": place.coord_source, "source": "gazetteer",
    }
    if match is not None:
        raw.update(score=match.score, matched=match.matched, method=match.method)
    if distance_m is not None:
        raw["distance_m"] = round(distance_m, 1)
    return raw


def place_location(place: Place, match: Match | None = None, distance_m: float | None = None) -> Location:
    return Location(place.label(), place.position.latlon, place_raw(place, match, distance_m))


class AtlasGeocoder(Geocoder):
    """Offline geopy geocoder over the Checkpoint Atlas gazetteer."""

    def __init__(self, gazetteer: Gazetteer | None = None, *, online: bool = False,
                 fallback: Geocoder | None = None, **kwargs):
        """``online``: fall back to Nominatim for names the gazetteer lacks (needs network). Off by default:
        the atlas works offline, and the ``geodata`` CLI never goes online."""
        super().__init__(**kwargs)
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
        self.online = bool(online)
        self._fallback = fallback

    def _governorate_id(self, governorate: str | None) -> str | None:
        """Accept a governorate id or any of its names."""
        if not governorate:
            return None
        place = self.gazetteer.get(governorate)
        if place is None:
            candidates = [m.place for m in self.gazetteer.search(governorate, fuzzy=False, limit=20)
                          if m.place.kind == "governorate"]
            place = candidates[0] if len(candidates) == 1 else None
        if place is None or place.kind != "governorate":
            raise GeodataValueError(f"governorate {governorate!r} is not a governorate in the gazetteer")
        return place.id

    def _online(self) -> Geocoder | None:
        if not self.online:
            return None
        if self._fallback is None:
            from geopy.geocoders import Nominatim
            self._fallback = Nominatim(user_agent=USER_AGENT)
        return self._fallback

    def geocode(self, query: str, exactly_one: bool = True, governorate: str | None = None,
                timeout=DEFAULT_SENTINEL, limit: int = 5):
        """Location(s) for a place name, or None when unknown.

        ``exactly_one=True``: the single best place; raises :class:`geodata.AmbiguousPlaceError`
        (with ``candidates``) when several places match equally well. ``exactly_one=False``: up
        to ``limit`` candidates, best first. ``governorate`` (id or name) restricts matches.
        """
        gov = self._governorate_id(governorate)
        if exactly_one:
            place = self.gazetteer.resolve(query, governorate_id=gov)
            if place is not None:
                match = next(m for m in self.gazetteer.search(query, governorate_id=gov, limit=50)
                             if m.place.id == place.id)
                return place_location(place, match)
        else:
            matches = self.gazetteer.search(query, governorate_id=gov, limit=limit)
            if matches:
                return [place_location(m.place, m) for m in matches]
        online = self._online()
        if online is None:
            return None
        return self._online_geocode(online, query, exactly_one, timeout)

    @staticmethod
    def _online_geocode(online: Geocoder, query: str, exactly_one: bool, timeout):
        result = online.geocode(query, exactly_one=exactly_one, timeout=timeout)
        if result is None:
            return None
        results = [result] if exactly_one else list(result)
        marked = [Location(r.address, r.point, {"source": "online", "precision": "exact",
                                                "online_raw": r.raw}) for r in results]
        return marked[0] if exactly_one else marked

    def reverse(self, query, exactly_one: bool = True, timeout=DEFAULT_SENTINEL,
                kinds: tuple[str, ...] | None = None, limit: int = 5):
        """The nearest place to a point (``LatLon``, ``(lat, lon)``, ``"lat, lon"`` or geopy Point).

        ``raw['distance_m']`` says how far the place's point is. ``kinds`` restricts the answer
        (e.g. ``("city", "town")``). ``exactly_one=False`` gives up to ``limit`` nearest places.
        """
        point = Point(query)
        position = LatLon.of(point.latitude, point.longitude)
        found = self.gazetteer.nearby(position, limit=1 if exactly_one else limit, kinds=kinds)
        if not found:
            return None
        locations = [place_location(place, distance_m=dist) for place, dist in found]
        return locations[0] if exactly_one else locations
