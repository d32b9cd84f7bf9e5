"""The gazetteer: every place we can put on the map, looked up by id or by any spelling.

Names are matched by :mod:`geodata.matching` (exact, without descriptors, without clitics, without
spaces, then one-edit typos); an unknown name gives nothing rather than a wrong place, and an
equally good match on several places raises :class:`AmbiguousPlaceError` listing them with their
governorates. A governorate (an argument, or named in the query: "al-Qusayr, Homs",
"الحميدية بريف حمص") or the places mentioned nearby (``context``) settle such ties.
"""
from __future__ import annotations

import csv
import math
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from geodata.coords import LatLon
from geodata.exc import AmbiguousPlaceError, GazetteerDataError, GeodataError
from geodata.matching import TIER_SCORES, Match, NameIndex, not_places
from geodata.normalize import clean_query, normalize_name
from geodata.place import Place

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "places.csv"
COLUMNS = ("id", "name_en", "name_ar", "kind", "parent_id", "governorate_id", "lat", "lon", "precision",
           "uncertainty_m", "coord_source", "variants_en", "variants_ar", "notes")

EXACT_SCORE = TIER_SCORES["exact"]
CLITIC_SCORE = TIER_SCORES["clitic"]
# Two fuzzy candidates with as few edits are told apart only when one is this much closer as written.
FUZZY_CLOSENESS_MARGIN = 6.0
# ... and by twice that when the query is short (a slip in five letters or fewer leaves many names close).
SHORT_QUERY_LETTERS = 5
EARTH_RADIUS_M = 6_371_008.8
# Context places this close (metres) to one candidate and not another settle a tie.
CONTEXT_RADIUS_M = 60_000

# When several places share a name, the more specific kind wins a tie only in the namesake
# case (a city and the governorate it is the seat of); otherwise the tie is reported.
_SETTLEMENT_KINDS = frozenset({"city", "town", "camp"})
# "X, Homs" / "X (حمص)" / "X - Homs" / "X in Homs" / "X بريف حمص" / "X في حمص": a governorate after the name.
_GOVERNORATE_TAIL = re.compile(
    r"^(?P<name>.+?)(?:\s*[,،(]\s*|\s+[-–]\s+|\s+(?:in|near)\s+|\s+في\s+|\s+(?=(?:ب|و|في)?(?:ريف|محافظة)\s))"
    r"(?P<gov>[^,،()]+?)\)?\s*$", re.IGNORECASE)
# Words around a governorate's name that only say "province of" / "countryside of".
_REGION_WORDS = frozenset(normalize_name(w) for w in (
    "ريف", "بريف", "وريف", "محافظة", "بمحافظة", "countryside", "rural", "province", "governorate", "of",
    "northern", "southern", "eastern", "western", "الشمالي", "الجنوبي", "الشرقي", "الغربي"))


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
        self._lats = [math.radians(p.lat) for p in self._places.values()]
        self._lons = [math.radians(p.lon) for p in self._places.values()]
        self._order = list(self._places.values())
        # Content hash: caches keyed on places (the dashboard's tables and maps) tell gazetteers apart by it.
        self.fingerprint = hash(tuple(self._order))

    @cached_property
    def _names(self) -> NameIndex:
        """The name indexes, built on the first lookup by name: a map only needs places by id (~0.2 s of a start)."""
        return NameIndex(self._places.values(), not_places())

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
        """Normalised name -> ids of the places that carry it (for scanning free text); words
        that are never places (``data/not_places.csv``) are left out."""
        return {key: tuple(hits) for key, hits in self._names.exact.items()}

    # --- lookup ----------------------------------------------------------------------------

    def _allowed(self, place: Place, governorate_id: str | None) -> bool:
        return governorate_id is None or place.governorate_id == governorate_id or place.id == governorate_id

    def governorate_named(self, text: str) -> str | None:
        """The governorate a phrase names ("Homs", "ريف حمص", "محافظة إدلب", "Homs countryside"),
        None when it names none. A governorate's seat city stands for its governorate."""
        words = [w for w in normalize_name(clean_query(text)).split() if w not in _REGION_WORDS]
        key = " ".join(words)
        for pid in self._names.exact.get(normalize_name(clean_query(text)), {}) or self._names.exact.get(key, {}):
            place = self._places[pid]
            if place.kind == "governorate":
                return place.id
        for pid in self._names.exact.get(key, {}):
            place = self._places[pid]
            gov = self._places.get(place.governorate_id)
            if place.kind in _SETTLEMENT_KINDS and gov is not None and \
                    normalize_name(gov.name_en).split()[0] == normalize_name(place.name_en).split()[0]:
                return gov.id
        return None

    def _split_governorate(self, query: str) -> tuple[str, str | None]:
        """("al-Qusayr", Homs id) from "al-Qusayr, Homs"; the query itself when no governorate follows."""
        found = _GOVERNORATE_TAIL.match(clean_query(query) if "(" not in query else query.strip())
        if found:
            gov = self.governorate_named(found.group("gov"))
            if gov is not None:
                return found.group("name"), gov
        return query, None

    def search(self, query: str, governorate_id: str | None = None, fuzzy: bool = True,
               limit: int = 5, context: Iterable[str] = (), strict: bool = False) -> list[Match]:
        """Best matches for a name, best first; empty when nothing is close enough.

        Candidates for a list (a picker, ``geocode(exactly_one=False)``): typos of short names are
        offered too; ``strict=True`` keeps only what :meth:`resolve` would answer from.
        ``governorate_id`` keeps only places in that governorate (a governorate named after the
        name in the query does the same). ``context``: ids of places mentioned nearby; they only
        order candidates (those near the context first), never exclude one."""
        matches = self._search(query or "", governorate_id, fuzzy, strict)
        if not matches and governorate_id is None:
            name, gov = self._split_governorate(query or "")
            if gov is not None:
                matches = self._search(name, gov, fuzzy, strict)
        near = self._context_places(context)
        ranked = sorted(matches, key=lambda m: (-TIER_SCORES.get(m.method, 0), m.edits, -m.closeness,
                                                -m.score, not self._near_context(m.place, near),
                                                _kind_rank(m.place), m.place.id))
        return ranked[:limit]

    def _search(self, query: str, governorate_id: str | None, fuzzy: bool, strict: bool) -> list[Match]:
        best: dict[str, Match] = {}
        found = self._names.lookup(query)
        for place, spelling, method in found:
            if self._allowed(place, governorate_id) and place.id not in best:
                best[place.id] = Match(place, TIER_SCORES[method], spelling, method)
        if best or found or not fuzzy:   # the name of a place elsewhere is not a typo of one here
            return list(best.values())
        hits = [h for h in self._names.fuzzy(query, lenient=not strict) if self._allowed(h[0], governorate_id)]
        fewest = min((h[2] for h in hits), default=0)
        return [Match(place, score, spelling, "fuzzy", edits, closeness)
                for place, spelling, edits, closeness, score in hits if edits <= fewest + 1]

    def resolve(self, query: str, governorate_id: str | None = None, context: Iterable[str] = ()) -> Place | None:
        """The one place a name means, None when unknown; AmbiguousPlaceError on a tie.

        A tie is settled by the namesake rule (a city over the governorate it is the seat of)
        and then by ``context`` (the one candidate in a context place's governorate or within
        60 km of a context place); otherwise the candidates are reported."""
        matches = self.search(query, governorate_id=governorate_id, limit=50, context=context, strict=True)
        if not matches:
            return None
        first = matches[0]
        if first.method == "fuzzy":
            tied = [m for m in matches if m.edits == first.edits]
            letters = sum(ch.isalpha() for ch in query)
            margin = FUZZY_CLOSENESS_MARGIN * (2 if letters <= SHORT_QUERY_LETTERS else 1)
            top = [m.place for m in tied if m.closeness > first.closeness - margin]
        else:
            top = [m.place for m in matches if m.score == first.score]
        top = _prefer_namesake_settlement(top)
        if len(top) > 1:
            near = self._context_places(context)
            if near:
                chosen = [p for p in top if self._near_context(p, near)]
                if len(chosen) == 1:
                    return chosen[0]
            raise AmbiguousPlaceError(query, top)
        return top[0]

    def _context_places(self, context: Iterable[str]) -> list[Place]:
        return [p for p in (self._places.get(pid) for pid in context or ()) if p is not None]

    def _near_context(self, place: Place, near: list[Place]) -> bool:
        for other in near:
            if other.kind == "governorate":
                if place.governorate_id == other.id:
                    return True
            elif other.kind != "country" and (place.governorate_id == other.governorate_id
                                             or distance_m(place, other) <= CONTEXT_RADIUS_M):
                return True
        return False

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
    order = ("city", "town", "camp", "neighbourhood", "crossing", "checkpoint", "site", "region", "governorate",
             "country")
    return order.index(place.kind)


def distance_m(a: Place, b: Place) -> float:
    """Great-circle metres between two places' points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))


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
