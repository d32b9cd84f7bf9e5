"""The shipped table itself: ids, parents, Arabic names, and points inside their outlines."""
import csv
import re
from collections import Counter

import pytest

from geodata.basemap import (country_shape, countries_geojson, distance_to_governorate_m, governorate_at,
                             governorates_geojson)
from geodata.gazetteer import DEFAULT_PATH

GOVERNORATES = {
    "geonames:167541": "Damascus", "geonames:170652": "Rif Dimashq", "geonames:169387": "Idlib",
    "geonames:170903": "Daraa", "geonames:170062": "Aleppo", "geonames:170792": "Deir ez-Zor",
    "geonames:172957": "Raqqa", "geonames:170015": "Hama", "geonames:169575": "Homs",
    "geonames:172410": "Suwayda", "geonames:173336": "Quneitra", "geonames:173578": "Latakia",
    "geonames:163342": "Tartus", "geonames:173813": "Hasakah",
}
CONTRACT_IDS = [
    "geonames:163843", "geonames:357994", *GOVERNORATES,
    "geonames:170654", "geonames:169389", "geonames:170905", "geonames:170063", "geonames:170794",
    "geonames:172955", "geonames:8419677", "geonames:166716", "geonames:171998", "geonames:169375",
    "geonames:172082", "geonames:174036",
    "local:al-qadam", "local:al-qadam-police-station", "local:al-madaniya", "local:al-asali",
    "local:al-tadamon", "local:yalda", "local:beit-sahm", "local:sbeineh", "local:barada-factory",
    "local:yarmouk-rijeh-sector", "local:yarmouk-shuhada-sector", "local:yarmouk-basin", "local:al-quriya",
    "local:southern-damascus", "local:northern-syria", "local:northern-aleppo-countryside",
]
EGYPT = "geonames:357994"
BOUNDARY_NOTE = re.compile(r"lies (\d+) m outside (?:(\w+)'s outline|the (geonames:\d+) governorate polygon)")


def documented_outside_m(place, target: str) -> float:
    """The distance a place's notes admit for a boundary exception (0 when none)."""
    for metres, country, gov in BOUNDARY_NOTE.findall(place.notes):
        if country == target or (target == "syria" and country == "Syria") or gov == target:
            return float(metres)
    return 0.0


def test_ids_are_unique_in_the_file():
    with DEFAULT_PATH.open(encoding="utf-8") as fh:
        ids = [row["id"] for row in csv.DictReader(fh)]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


@pytest.mark.parametrize("place_id", CONTRACT_IDS)
def test_every_contract_id_is_present_with_an_arabic_name(gazetteer, place_id):
    place = gazetteer.get(place_id)
    assert place is not None
    assert re.search(r"[\u0621-\u064A]", place.name_ar), f"{place_id} needs an Arabic name"


def test_all_syrian_cities500_places_are_there(gazetteer):
    assert sum(1 for p in gazetteer if p.kind in ("city", "town", "camp") and p.id.startswith("geonames:")) >= 300


@pytest.mark.parametrize("gov_id", sorted(GOVERNORATES))
def test_governorates_are_governorates_of_themselves(gazetteer, gov_id):
    place = gazetteer.get(gov_id)
    assert place.kind == "governorate" and place.precision == "governorate"
    assert place.governorate_id == gov_id and place.parent_id == "geonames:163843"
    assert governorate_at(place.position) == gov_id


def test_parents_and_governorates_exist_and_are_the_right_kind(gazetteer):
    problems = []
    for place in gazetteer:
        if place.parent_id and place.parent_id not in gazetteer:
            problems.append(f"{place.id}: parent {place.parent_id} missing")
        if place.governorate_id and gazetteer.get(place.governorate_id).kind != "governorate":
            problems.append(f"{place.id}: {place.governorate_id} is not a governorate")
        if place.kind != "country" and not place.parent_id:
            problems.append(f"{place.id}: no parent")
    assert problems == []


def test_parent_chains_end_at_a_country_without_cycles(gazetteer):
    for place in gazetteer:
        seen = set()
        while place.parent_id:
            assert place.id not in seen, f"cycle through {place.id}"
            seen.add(place.id)
            place = gazetteer.get(place.parent_id)
        assert place.kind == "country"


def _country(gazetteer, place):
    while place is not None and place.kind != "country":
        place = gazetteer.get(place.parent_id)
    return place


def test_points_are_inside_their_country(gazetteer):
    """Syrian places inside Syria's outline; places in Lebanon, Turkey, Jordan, Iraq inside theirs."""
    from geodata.basemap import _geod  # same geodesic as the build
    from shapely.geometry import Point
    from shapely.ops import nearest_points
    syria = country_shape("Syria")
    outside, foreign = [], 0
    for place in gazetteer:
        point = Point(place.position.lonlat)
        if place.id == EGYPT:
            assert not syria.covers(point)
            continue
        country = _country(gazetteer, place)
        name = country.name_en if country is not None and place.kind != "country" else "Syria"
        outline = country_shape(name)
        foreign += name != "Syria"
        if outline.covers(point):
            continue
        edge = nearest_points(outline, point)[0]
        metres = _geod().inv(place.lon, place.lat, edge.x, edge.y)[2]
        if metres > max(place.uncertainty_m, documented_outside_m(place, name)):
            outside.append((place.id, name, round(metres)))
    assert outside == [] and foreign >= 10


def test_points_are_inside_their_stated_governorate(gazetteer):
    wrong = []
    for place in gazetteer:
        if not place.governorate_id:
            continue
        metres = distance_to_governorate_m(place.position, place.governorate_id)
        tolerance = max(place.uncertainty_m, documented_outside_m(place, place.governorate_id))
        if metres > tolerance:
            wrong.append((place.id, place.governorate_id, round(metres), governorate_at(place.position)))
    assert wrong == []


def test_boundary_exceptions_are_rare_and_explained(gazetteer):
    documented = [p for p in gazetteer if BOUNDARY_NOTE.search(p.notes)]
    assert len(documented) <= 10
    for place in documented:
        assert place.notes.split("Boundary check")[0].strip(), f"{place.id}: no reason given"


def test_derived_and_approximate_local_places_say_how(gazetteer):
    for place in gazetteer:
        if place.id.startswith("local:"):
            assert place.coord_source
            if place.precision != "exact":
                assert place.notes, f"{place.id}: approximate point without an explanation"


@pytest.mark.parametrize("place_id,anchors", [
    ("local:barada-factory", ["geonames:8419677", "local:sbeineh"]),
])
def test_between_places_lie_between_their_anchors(gazetteer, place_id, anchors):
    place = gazetteer.get(place_id)
    assert place.precision == "between" and place.kind == "checkpoint"
    a, b = (gazetteer.get(i) for i in anchors)
    assert min(a.lat, b.lat) <= place.lat <= max(a.lat, b.lat)
    assert min(a.lon, b.lon) <= place.lon <= max(a.lon, b.lon)


@pytest.mark.parametrize("region_id,members", [
    ("local:southern-damascus", ["geonames:8419677", "geonames:166716", "local:al-qadam", "local:yalda"]),
    ("local:northern-aleppo-countryside", ["geonames:172082"]),
    ("local:northern-syria", ["geonames:172082", "geonames:169389"]),  # the opposition-held north of the seeds
])
def test_regions_cover_the_places_they_contain(gazetteer, region_id, members):
    from geodata.basemap import _geod
    region = gazetteer.get(region_id)
    assert region.kind == "region" and region.precision == "region"
    for member in members:
        place = gazetteer.get(member)
        assert _geod().inv(region.lon, region.lat, place.lon, place.lat)[2] <= region.uncertainty_m


def test_quriya_is_on_the_euphrates_side_not_in_suwayda(gazetteer):
    quriya = gazetteer.get("local:al-quriya")
    assert governorate_at(quriya.position) == "geonames:170792"
    ashara = gazetteer.get("geonames:174036")
    from geodata.basemap import _geod
    assert _geod().inv(quriya.lon, quriya.lat, ashara.lon, ashara.lat)[2] < 20_000


def test_basemap_layers():
    govs = governorates_geojson()
    assert govs["type"] == "FeatureCollection"
    assert {f["properties"]["id"] for f in govs["features"]} == set(GOVERNORATES)
    for feature in govs["features"]:
        assert feature["properties"]["name_en"] and re.search(r"[\u0621-\u064A]", feature["properties"]["name_ar"])
    names = {f["properties"]["name_en"] for f in countries_geojson()["features"]}
    assert {"Syria", "Egypt", "Lebanon", "Turkey", "Iraq", "Jordan"} <= names
    govs["features"].clear()  # callers get copies: the shared layer is untouched
    assert len(governorates_geojson()["features"]) == 14


@pytest.mark.parametrize("lat,lon,expected", [
    (33.51, 36.29, "geonames:167541"),
    (36.2, 37.16, "geonames:170062"),
    (35.33, 40.14, "geonames:170792"),
    (30.0, 31.2, None),     # Cairo
    (33.89, 35.5, None),    # Beirut
])
def test_governorate_at(lat, lon, expected):
    from geodata.coords import LatLon
    assert governorate_at(LatLon.of(lat, lon)) == expected


@pytest.mark.parametrize("place_id", ["local:barada-factory", "local:al-qadam-police-station"])
def test_the_checkpoints_of_the_seeds_are_checkpoints(gazetteer, place_id):
    # Seeds 000/001 (Barada factory) and 004 (al-Qadam police station, where the buses waited).
    assert gazetteer.get(place_id).kind == "checkpoint"
