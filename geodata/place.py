"""The Place value type: one row of the gazetteer, validated on construction."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from geodata.coords import LatLon
from geodata.exc import GeodataValueError
from geodata.plaintext import uncarriable

KINDS = (
    "country", "governorate", "region", "city", "town", "neighbourhood",
    "camp", "checkpoint", "crossing", "site",
)
"""``crossing``: a crossing point between areas of control or a border crossing (معبر), as opposed
to a ``checkpoint`` (حاجز) on a road; ``camp``: a refugee or displacement camp."""

# How far the recorded point may be from the real place, in words.
# The number goes in ``uncertainty_m``.
PRECISIONS = (
    "exact",            # the point is the place itself (GeoNames settlement point, a surveyed site)
    "neighbourhood",    # approximate, somewhere within a neighbourhood
    "between",          # somewhere between two named places (e.g. a checkpoint on a boundary)
    "settlement",       # only the town/city is known; point is its centre
    "region",           # centroid of a region (e.g. "western Daraa countryside")
    "governorate",      # centroid of a governorate
    "country",          # centroid of a country
)

ID_PATTERN = re.compile(r"^(geonames:\d+|local:[a-z0-9][a-z0-9-]*)$")


@dataclass(frozen=True, slots=True)
class Place:
    """A named place with honest precision. ``variants`` hold every other spelling."""

    id: str
    name_en: str
    name_ar: str
    kind: str
    lat: float
    lon: float
    precision: str
    uncertainty_m: float
    coord_source: str
    parent_id: str = ""
    governorate_id: str = ""
    variants_en: tuple[str, ...] = field(default=())
    variants_ar: tuple[str, ...] = field(default=())
    notes: str = ""

    def __post_init__(self):
        if not ID_PATTERN.match(self.id or ""):
            raise GeodataValueError(f"place id {self.id!r} must look like geonames:<digits> or local:<slug>")
        if not (self.name_en or "").strip():
            raise GeodataValueError(f"{self.id}: name_en is empty")
        if self.kind not in KINDS:
            raise GeodataValueError(f"{self.id}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.precision not in PRECISIONS:
            raise GeodataValueError(f"{self.id}: precision {self.precision!r} is not one of {', '.join(PRECISIONS)}")
        LatLon.of(self.lat, self.lon)  # raises on bad coordinates
        if not (self.uncertainty_m >= 0):
            raise GeodataValueError(f"{self.id}: uncertainty_m must be >= 0, got {self.uncertainty_m}")
        if not (self.coord_source or "").strip():
            raise GeodataValueError(f"{self.id}: coord_source is empty; every coordinate needs a source")
        for name in ("name_en", "name_ar", "coord_source", "notes", "variants_en", "variants_ar"):
            value = getattr(self, name)
            for text in value if isinstance(value, tuple) else (value,):
                problem = uncarriable(text) if isinstance(text, str) else None
                if problem:
                    raise GeodataValueError(f"{self.id}: {name} {problem}")

    @property
    def position(self) -> LatLon:
        return LatLon(self.lat, self.lon)

    @property
    def is_approximate(self) -> bool:
        return self.precision != "exact"

    def label(self) -> str:
        """'English / عربي' label for maps and lists."""
        return f"{self.name_en} / {self.name_ar}" if self.name_ar else self.name_en
