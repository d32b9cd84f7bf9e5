"""The one place where (lat, lon) and (lon, lat) meet.

geopy and folium speak (latitude, longitude); shapely and GeoJSON speak
(x=longitude, y=latitude). Every conversion in the project goes through
:class:`LatLon` so the order is never guessed.
"""
from __future__ import annotations

import math
from typing import NamedTuple

from geodata.exc import GeodataValueError


class LatLon(NamedTuple):
    """A WGS84 position in (latitude, longitude) order, validated on construction."""

    lat: float
    lon: float

    @classmethod
    def of(cls, lat: float, lon: float) -> "LatLon":
        lat, lon = float(lat), float(lon)
        if not (math.isfinite(lat) and math.isfinite(lon)):
            raise GeodataValueError(f"coordinates must be finite numbers, got ({lat}, {lon})")
        if not -90.0 <= lat <= 90.0:
            raise GeodataValueError(f"latitude {lat} is outside -90..90")
        if not -180.0 <= lon <= 180.0:
            raise GeodataValueError(f"longitude {lon} is outside -180..180")
        return cls(lat, lon)

    @classmethod
    def from_lonlat(cls, lonlat: tuple[float, float]) -> "LatLon":
        """From shapely/GeoJSON (x, y) order."""
        return cls.of(lonlat[1], lonlat[0])

    @property
    def lonlat(self) -> tuple[float, float]:
        """For shapely/GeoJSON: (x=lon, y=lat)."""
        return (self.lon, self.lat)

    @property
    def latlon(self) -> tuple[float, float]:
        """For geopy/folium: (lat, lon)."""
        return (self.lat, self.lon)
