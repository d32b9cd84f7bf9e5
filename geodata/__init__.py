"""Offline gazetteer and geocoder for the places in our reports (Arabic or Latin spellings)."""
from geodata.coords import LatLon
from geodata.exc import AmbiguousPlaceError, GazetteerDataError, GeodataError, GeodataValueError
from geodata.gazetteer import Gazetteer, Match, load_gazetteer
from geodata.normalize import arabic_stems, normalize_name
from geodata.place import KINDS, PRECISIONS, Place

__all__ = [
    "LatLon", "Place", "KINDS", "PRECISIONS",
    "GeodataError", "GeodataValueError", "GazetteerDataError", "AmbiguousPlaceError",
    "Gazetteer", "Match", "load_gazetteer", "normalize_name", "arabic_stems",
]
