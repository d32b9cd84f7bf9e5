"""The gazetteer: every place we can put on the map, looked up by id or by any spelling.

Lookups are exact on the normalised key first (:mod:`geodata.normalize`), then on the first word
with its Arabic clitics removed, and only then fuzzy, above a strict score and, when the caller
names a governorate, only inside it. An unknown name gives nothing rather than a wrong place;
an equally good match on several places raises :class:`AmbiguousPlaceError` listing them.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from rapidfuzz import fuzz, process

from geodata.coords import LatLon
from geodata.exc import AmbiguousPlaceError, GazetteerDataError, GeodataError
from geodata.normalize import arabic_stems, is_arabic, normalize_name
from geodata.place import Place

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "places.csv"
COLUMNS = ("id", "name_en", "name_ar", "kind", "parent_id", "governorate_id", "lat", "lon", "precision",
           "uncertainty_m", "coord_source", "variants_en", "variants_ar", "notes")

EXACT_SCORE = 100.0
CLITIC_SCORE = 97.0
# Fuzzy matches below this ratio (0..100) are never returned: a miss beats a wrong place.
# 91 rejects one dropped letter in a six-letter name (ratio 90.9), the commonest wrong hit
# measured on misspelled gazetteer names (benchmarks/bench_geocoder.py prints the error rate).
FUZZY_MIN_SCORE = 91.0
# A fuzzy winner this close to another place is not a winner: resolve() reports the tie.
FUZZY_TIE_MARGIN = 3.0
FUZZY_MIN_LENGTH = 4
EARTH_RADIUS_M = 6_371_008.8

# When several places share a name, the more specific kind wins a tie only in the namesake
# case (a city and the governorate it is the seat of); otherwise the tie is reported.
_SETTLEMENT_KINDS = frozenset({"city", "town", "camp"})


@dataclass(frozen=True, slots=True)
class Match:
    """One search hit: the place, a 0..100 score, the spelling that matched, and how."""

    place: Place
    score: float
    matched: str
    method: str  # "exact" | "clitic" | "fuzzy"


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split("|") if v)


def _place_from_row(row: dict[str, str], line: int) -> Place:
    missing = [c for c in COLUMNS if c not in row]
    if missing:
        raise GazetteerDataError(f"line {line}: missing column(s) {', '.join(missing)}")
    try:
        lat, lon, unc = float(row["lat"]), float(row["lon"]), float(row["uncertainty_m"])
    except ValueError as exc:
        field = next(f for f in ("lat", "lon", "uncertainty_m") if not _is_float(row[f]))
        raise GazetteerDataError(f"line {line} ({row.get('id')}): field {field} is not a number: "
                                 f"{row[field]!r}") from exc
    try:
        return Place(
            id=row["id"], name_en=row["name_en"], name_ar=row["name_ar"], kind=row["kind"],
            lat=lat, lon=lon, precision=row["precision"], uncertainty_m=unc,
            coord_source=row["coord_source"], parent_id=row["parent_id"], governorate_id=row["governorate_id"],
            variants_en=_split(row["variants_en"]), variants_ar=_split(row["variants_ar"]), notes=row["notes"],
        )
    except GeodataError as exc:
        raise GazetteerDataError(f"line {line}: {exc}") from exc


def _is_float(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


class Gazetteer:
    """An immutable set of places with name indexes. Build with :func:`load_gazetteer`."""

    def __init__(self, places: Iterable[Place]):
        self._places: dict[str, Place] = {}
        for place in places:
            if place.id in self._places:
                raise GazetteerDataError(f"duplicate place id {place.id}")
            self._places[place.id] = place
        self._children: dict[str, list[Place]] = {}
        for place in self._places.values():
            if place.parent_id:
                self._children.setdefault(place.parent_id, []).append(place)
        # normalised key -> {place_id: spelling that produced the key}
        index: dict[str, dict[str, str]] = {}
        for place in self._places.values():
            for spelling in (place.name_en, place.name_ar, *place.variants_en, *place.variants_ar):
                key = normalize_name(spelling)
                if key:
                    index.setdefault(key, {}).setdefault(place.id, spelling)
        self._index = index
        # Fuzzy candidates bucketed by scope (None = everywhere, else a governorate id) and key
        # length: a ratio >= FUZZY_MIN_SCORE is impossible between keys of very different lengths.
        self._fuzzy_keys: dict[str | None, dict[int, list[str]]] = {}
        for key, hits in index.items():
            for scope in {None, *(self._places[pid].governorate_id for pid in hits)}:
                self._fuzzy_keys.setdefault(scope, {}).setdefault(len(key), []).append(key)
        self._lats = [math.radians(p.lat) for p in self._places.values()]
        self._lons = [math.radians(p.lon) for p in self._places.values()]
        self._order = list(self._places.values())
        # Content hash: caches keyed on places (the dashboard's tables and maps) tell gazetteers apart by it.
        self.fingerprint = hash(tuple(self._order))

    # --- container -------------------------------------------------------------------------

    def get(self, place_id: str) -> Place | None:
        return self._places.get(place_id)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places.values())

    def __len__(self) -> int:
        return len(self._places)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._places

    def children(self, place_id: str) -> list[Place]:
        """Places whose parent is place_id (not recursive)."""
        return list(self._children.get(place_id, ()))

    def name_index(self) -> dict[str, tuple[str, ...]]:
        """Normalised name -> ids of the places that carry it (for scanning free text)."""
        return {key: tuple(hits) for key, hits in self._index.items()}

    # --- lookup ----------------------------------------------------------------------------

    def _allowed(self, place: Place, governorate_id: str | None) -> bool:
        return governorate_id is None or place.governorate_id == governorate_id or place.id == governorate_id

    def _exact(self, query: str) -> list[tuple[str, dict[str, str], str]]:
        """(key, hits, method) for the exact key, else the clitic-stripped readings."""
        key = normalize_name(query)
        found = []
        if key in self._index:
            found.append((key, self._index[key], "exact"))
        if not found and is_arabic(query):
            words = query.split()
            if words:
                for stem in arabic_stems(words[0])[1:]:
                    stem_key = normalize_name(" ".join([stem, *words[1:]]))
                    if stem_key != key and stem_key in self._index:
                        found.append((stem_key, self._index[stem_key], "clitic"))
        return found

    def _fuzzy_candidates(self, key: str, governorate_id: str | None) -> list[str]:
        """Keys whose length allows a ratio of FUZZY_MIN_SCORE: 2*min/(a+b) >= s/100."""
        by_length = self._fuzzy_keys.get(governorate_id, {})
        share = FUZZY_MIN_SCORE / 100
        lo = math.ceil(len(key) * share / (2 - share))
        hi = math.floor(len(key) * (2 - share) / share)
        return [k for n in range(lo, hi + 1) for k in by_length.get(n, ())]

    def search(self, query: str, governorate_id: str | None = None, fuzzy: bool = True,
               limit: int = 5) -> list[Match]:
        """Best matches for a name, best first; empty when nothing is close enough."""
        best: dict[str, Match] = {}

        def offer(place: Place, score: float, matched: str, method: str) -> None:
            if self._allowed(place, governorate_id) and (place.id not in best or best[place.id].score < score):
                best[place.id] = Match(place, score, matched, method)

        for _key, hits, method in self._exact(query or ""):
            score = EXACT_SCORE if method == "exact" else CLITIC_SCORE
            for pid, spelling in hits.items():
                offer(self._places[pid], score, spelling, method)
        if not best and fuzzy:
            key = normalize_name(query or "")
            if len(key.replace(" ", "")) >= FUZZY_MIN_LENGTH:
                keys = self._fuzzy_candidates(key, governorate_id)
                for other, score, _ in process.extract(key, keys, scorer=fuzz.ratio,
                                                       score_cutoff=FUZZY_MIN_SCORE, limit=limit * 3):
                    for pid, spelling in self._index[other].items():
                        offer(self._places[pid], float(score), spelling, "fuzzy")
        ranked = sorted(best.values(), key=lambda m: (-m.score, _kind_rank(m.place), m.place.id))
        return ranked[:limit]

    def resolve(self, query: str, governorate_id: str | None = None) -> Place | None:
        """The one place a name means, None when unknown; AmbiguousPlaceError on a tie."""
        matches = self.search(query, governorate_id=governorate_id, limit=50)
        if not matches:
            return None
        margin = FUZZY_TIE_MARGIN if matches[0].method == "fuzzy" else 0.0
        top = [m.place for m in matches if m.score >= matches[0].score - margin]
        top = _prefer_namesake_settlement(top)
        if len(top) > 1:
            raise AmbiguousPlaceError(query, top)
        return top[0]

    # --- geometry --------------------------------------------------------------------------

    def nearby(self, position: LatLon, limit: int = 5, kinds: Iterable[str] | None = None) -> list[tuple[Place, float]]:
        """The places closest to a position (optionally only some kinds), nearest first, with metres."""
        wanted = frozenset(kinds) if kinds else None
        lat0, lon0 = math.radians(position.lat), math.radians(position.lon)
        cos0 = math.cos(lat0)
        scored = []
        for place, lat, lon in zip(self._order, self._lats, self._lons):
            if wanted is not None and place.kind not in wanted:
                continue
            h = math.sin((lat - lat0) / 2) ** 2 + cos0 * math.cos(lat) * math.sin((lon - lon0) / 2) ** 2
            scored.append((h, place.uncertainty_m, place.id, place))
        # Places sharing a point (a neighbourhood placed at its parent's point): the more precise first.
        scored.sort(key=lambda t: t[:3])
        return [(t[3], 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, t[0])))) for t in scored[:limit]]

    def nearest(self, position: LatLon, kinds: Iterable[str] | None = None) -> tuple[Place, float] | None:
        """The closest place and its distance in metres; None when no place qualifies."""
        found = self.nearby(position, limit=1, kinds=kinds)
        return found[0] if found else None


def _kind_rank(place: Place) -> int:
    """Settlements first, then smaller units, then large areas (for display order only)."""
    order = ("city", "town", "camp", "neighbourhood", "checkpoint", "site", "region", "governorate", "country")
    return order.index(place.kind)


def _prefer_namesake_settlement(places: list[Place]) -> list[Place]:
    """'Idlib' names both the city and its governorate: the city is meant, drop the governorate."""
    if len(places) < 2:
        return places
    settlement_govs = {p.governorate_id for p in places if p.kind in _SETTLEMENT_KINDS}
    return [p for p in places if not (p.kind == "governorate" and p.id in settlement_govs)]


def read_places(path: str | Path) -> list[Place]:
    """Parse places.csv; GazetteerDataError names the line and the field of a bad row."""
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return [_place_from_row(row, line) for line, row in enumerate(reader, start=2)]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def place_record(place: Place) -> dict[str, str]:
    """One places.csv row (variants joined with ``|``); read back by :func:`read_places`."""
    return {
        "id": place.id, "name_en": place.name_en, "name_ar": place.name_ar, "kind": place.kind,
        "parent_id": place.parent_id, "governorate_id": place.governorate_id,
        "lat": repr(float(place.lat)), "lon": repr(float(place.lon)), "precision": place.precision,
        "uncertainty_m": _number(place.uncertainty_m), "coord_source": place.coord_source,
        "variants_en": "|".join(place.variants_en), "variants_ar": "|".join(place.variants_ar),
        "notes": place.notes,
    }


def write_places(places: Iterable[Place], path: str | Path) -> None:
    """Write places.csv (UTF-8, one row a place, columns = COLUMNS)."""
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(place_record(p) for p in places)


@lru_cache(maxsize=8)
def _load(path: str) -> Gazetteer:
    return Gazetteer(read_places(path))


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer from places.csv (the shipped one by default); cached per path."""
    return _load(str(Path(path or DEFAULT_PATH).resolve()))
