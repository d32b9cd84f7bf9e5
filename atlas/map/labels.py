"""Place names on the map: which names, in which language, how important, from which zoom on.

Python decides *what* may be labelled (candidates, ranked); the page's script (``atlas_map.js``) decides *where*:
at every zoom it tries a few positions around each candidate's point in rank order and keeps a name only where
its box overlaps no name already placed, no event marker and no map control, inside the map. So names never
overlap each other or hide a marker, and more of them fit as one zooms in. Every name is a DOM element
(``.atlas-place-label``) with its text set as text, never as HTML.

Ranks: 0 the reference cities (they orient a reader), 1 the places the shown events use (busiest first),
2 the southern Damascus neighbourhoods (from zoom 11; the overview shows them in its inset), 3 towns by
population, 4 governorates (as areas, up to zoom 9), 5 rivers, lakes and roads.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from atlas.i18n import DEFAULT_LANGUAGE, LANGUAGES  # noqa: F401 - one definition (atlas.i18n); map code imports them here
from geodata.place import Place

REFERENCE_CITY_IDS = ("geonames:170654", "geonames:170063", "geonames:169577", "geonames:169389",
                      "geonames:170794", "geonames:172955", "geonames:170905")
"""Damascus, Aleppo, Homs, Idlib, Deir ez-Zor, Raqqa, Daraa: named at every zoom."""
SAME_POINT_DEG = 0.003      # ~300 m: places closer than this share one label (one name per line)
TOWN_MIN_ZOOM = ((1_000_000, 6), (300_000, 7), (100_000, 8), (30_000, 9), (10_000, 10), (0, 11))
MAX_LABELS = 1500           # candidates kept (the busiest places first); the rest keep their tooltips


def label_text(place_or_names, language: str) -> tuple[str, str, str]:
    """(text, dir, lang) of a name in ``language``, falling back to the other language."""
    name_en = getattr(place_or_names, "name_en", None)
    name_ar = getattr(place_or_names, "name_ar", None)
    if name_en is None:
        name_en, name_ar = place_or_names.get("name_en") or "", place_or_names.get("name_ar") or ""
    if language == "ar" and name_ar:
        return name_ar, "rtl", "ar"
    if name_en:
        return name_en, "ltr", "en"
    return name_ar, "rtl", "ar"


def town_min_zoom(population: int) -> int:
    return next(zoom for floor, zoom in TOWN_MIN_ZOOM if population >= floor)


def _candidate(key: str, lat: float, lon: float, texts: Sequence[tuple[str, str, str]], *, rank: int, kind: str,
               min_zoom: int = 0, max_zoom: int = 30, gap: float = 6, dot: bool = False, weight: float = 0) -> dict:
    text = "\n".join(t for t, _, _ in texts)
    direction, lang = ("rtl", "ar") if all(d == "rtl" for _, d, _ in texts) else ("ltr", texts[0][2])
    return {"id": key, "lat": round(lat, 6), "lon": round(lon, 6), "text": text, "dir": direction, "lang": lang,
            "rank": rank, "kind": kind, "minZoom": min_zoom, "maxZoom": max_zoom, "gap": gap, "dot": dot,
            "weight": weight}


def _grouped(places: Sequence[Place]) -> list[list[Place]]:
    """Places grouped with the first group whose point is within SAME_POINT_DEG, in the given order."""
    groups: list[list[Place]] = []
    for place in places:
        for group in groups:
            if abs(group[0].lat - place.lat) <= SAME_POINT_DEG and abs(group[0].lon - place.lon) <= SAME_POINT_DEG:
                group.append(place)
                break
        else:
            groups.append([place])
    return groups


def place_candidates(places: Sequence[Place], language: str, *, rank: int, kind: str, gaps: Mapping[str, float],
                     min_zoom: int = 0, dot: bool = False, weights: Mapping[str, float] | None = None) -> list[dict]:
    """One candidate per point: places at (nearly) the same point share one label, a name per line."""
    found = []
    for group in _grouped(places):
        texts = [label_text(place, language) for place in group]
        first = group[0]
        found.append(_candidate("|".join(p.id for p in group), first.lat, first.lon, texts, rank=rank, kind=kind,
                                min_zoom=min_zoom, gap=max(gaps.get(p.id, 4) for p in group) + 3,
                                dot=dot and all(p.id not in gaps for p in group),
                                weight=sum((weights or {}).get(p.id, 0) for p in group)))
    return found


def label_candidates(used: Mapping[str, Place], gazetteer, *, language: str = DEFAULT_LANGUAGE,
                     marker_radius: Mapping[str, float], weight: Mapping[str, float],
                     detail_ids: Iterable[str] = (), reference: Mapping[str, dict] | None = None) -> list[dict]:
    """Every name the map may show, best first (see the module docstring for the ranks).

    ``used``: the places the shown events use; ``marker_radius``: px radius of the marker drawn at each of them
    (their names keep clear of it); ``weight``: events at or through each (the busiest are named first);
    ``detail_ids``: the southern Damascus neighbourhoods; ``reference``: the reference layers (towns, rivers,
    lakes, roads, governorates) as GeoJSON collections, by name.
    """
    if language not in LANGUAGES:
        raise ValueError(f"label language {language!r} is not one of {', '.join(LANGUAGES)}")
    reference = reference or {}
    labelled: set[str] = set()
    candidates: list[dict] = []

    def add(found: list[dict]) -> None:
        for candidate in found:
            ids = candidate["id"].split("|")
            if not labelled.intersection(ids):
                labelled.update(ids)
                candidates.append(candidate)

    cities = [p for p in (gazetteer.get(pid) for pid in REFERENCE_CITY_IDS) if p is not None]
    add(place_candidates(cities, language, rank=0, kind="city", gaps=marker_radius, dot=True))
    # Regions get no name: printed at a centroid, a region reads as a point (their halo and tooltip stay).
    busiest = sorted((p for p in used.values() if p.kind != "region"), key=lambda p: -weight.get(p.id, 0))
    add(place_candidates(busiest, language, rank=1, kind="event-place", gaps=marker_radius, weights=weight))
    detail = [p for p in (gazetteer.get(pid) for pid in detail_ids) if p is not None and p.kind != "region"]
    add(place_candidates(detail, language, rank=2, kind="neighbourhood", gaps=marker_radius, min_zoom=11, dot=True))
    towns = (reference.get("towns") or {}).get("features", [])
    for town in towns:
        props = town["properties"]
        if props.get("id") in labelled:
            continue
        lon, lat = town["geometry"]["coordinates"]
        add([_candidate(props["id"], lat, lon, [label_text(props, language)], rank=3, kind="town",
                        min_zoom=town_min_zoom(int(props.get("population") or 0)), gap=5, dot=True,
                        weight=int(props.get("population") or 0))])
    for feature in (reference.get("governorates") or {}).get("features", []):
        props, point = feature["properties"], feature.get("label_at")
        if point:
            add([_candidate(props.get("id") or f"area:{props.get('name_en')}", point[1], point[0],
                            [label_text(props, language)], rank=4, kind="governorate", min_zoom=6, max_zoom=9)])
    for layer, kind in (("rivers", "water"), ("lakes", "water")):
        for feature in (reference.get(layer) or {}).get("features", []):
            props = feature["properties"]
            if props.get("kind") == "label":
                lon, lat = feature["geometry"]["coordinates"]
                add([_candidate(f"{layer}:{props['name_en']}", lat, lon, [label_text(props, language)], rank=5,
                                kind=kind, min_zoom=7)])
    for feature in (reference.get("roads") or {}).get("features", []):
        props, coords = feature["properties"], feature["geometry"]["coordinates"]
        lon, lat = [(a + b) / 2 for a, b in zip(coords[len(coords) // 2 - 1], coords[len(coords) // 2])]
        add([_candidate(f"road:{props['ref']}", lat, lon, [(props["ref"], "ltr", "en")], rank=5, kind="road",
                        min_zoom=7)])
    return candidates[:MAX_LABELS]


def obstacles(used: Mapping[str, Place], marker_radius: Mapping[str, float]) -> list[list]:
    """[lat, lon, radius px, place id] of every event marker: names keep clear of them."""
    return [[round(p.lat, 6), round(p.lon, 6), marker_radius.get(pid, 4), pid] for pid, p in used.items()]
