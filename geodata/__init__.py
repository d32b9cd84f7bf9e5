"""Offline gazetteer and geocoder for the places in our reports (Arabic or Latin spellings)."""
from geodata.coords import LatLon
from geodata.exc import AmbiguousPlaceError, GazetteerDataError, GeodataError, GeodataValueError
from geodata.place import KINDS, PRECISIONS, Place

__all__ = [
    "LatLon", "Place", "KINDS", "PRECISIONS",
    "GeodataError", "GeodataValueError", "GazetteerDataError", "AmbiguousPlaceError",
]
