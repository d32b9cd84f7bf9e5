"""AtlasGeocoder behaves like any geopy geocoder and never touches the network by default."""
import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geodata.coords import LatLon
from geodata.exc import AmbiguousPlaceError, GeodataValueError
from geodata.geocoder import AtlasGeocoder

RAW_KEYS = {"id", "kind", "precision", "uncertainty_m", "score", "matched", "method", "governorate_id"}


def test_is_a_geopy_geocoder(geocoder):
    assert isinstance(geocoder, Geocoder)


@pytest.mark.parametrize("query,place_id,method", [
    ("بالحجر الأسود", "geonames:8419677", "clitic"),
    ("Sbeina", "local:sbeineh", "exact"),
    ("Hajar al Aswd", "geonames:8419677", "fuzzy"),
])
def test_geocode_returns_a_location_with_honest_raw(geocoder, gazetteer, query, place_id, method):
    location = geocoder.geocode(query)
    place = gazetteer.get(place_id)
    assert isinstance(location, Location)
    assert (location.latitude, location.longitude) == place.position.latlon
    assert RAW_KEYS <= set(location.raw)
    assert location.raw["id"] == place_id and location.raw["method"] == method
    assert location.raw["precision"] == place.precision
    assert location.raw["uncertainty_m"] == place.uncertainty_m
    assert place.name_en in location.address


def test_unknown_name_is_none(geocoder):
    assert geocoder.geocode("Paris") is None
    assert geocoder.geocode("Paris", exactly_one=False) is None


def test_ambiguous_name_raises_with_candidates_or_lists_them(geocoder):
    with pytest.raises(AmbiguousPlaceError) as info:
        geocoder.geocode("Suran")
    assert len(info.value.candidates) >= 2
    listed = geocoder.geocode("Suran", exactly_one=False)
    assert {loc.raw["id"] for loc in listed} >= {c.id for c in info.value.candidates}


@pytest.mark.parametrize("governorate", ["geonames:170792", "Deir ez-Zor Governorate", "محافظة دير الزور"])
def test_governorate_by_id_or_name_restricts_matches(geocoder, governorate):
    assert geocoder.geocode("al-Quriya", governorate=governorate).raw["id"] == "local:al-quriya"
    assert geocoder.geocode("al-Qurayya", governorate=governorate) is None


@pytest.mark.parametrize("governorate", ["Paris", "local:al-qadam", "geonames:170654"])
def test_a_governorate_that_is_not_one_is_an_error(geocoder, governorate):
    with pytest.raises(GeodataValueError, match="not a governorate"):
        geocoder.geocode("al-Quriya", governorate=governorate)


@pytest.mark.parametrize("query", [
    LatLon.of(33.4699, 36.3018), (33.4699, 36.3018), "33.4699, 36.3018", Point(33.4699, 36.3018),
])
def test_reverse_accepts_the_usual_point_forms(geocoder, query):
    location = geocoder.reverse(query)
    assert location.raw["id"] == "geonames:166716"
    assert location.raw["distance_m"] < 1


def test_reverse_gives_the_nearest_place_of_a_kind_and_its_distance(geocoder, gazetteer):
    azaz = gazetteer.get("geonames:172082")
    near_azaz = LatLon.of(azaz.lat + 0.01, azaz.lon)
    assert geocoder.reverse(near_azaz, kinds=("city",)).raw["id"] == azaz.id
    several = geocoder.reverse(near_azaz, exactly_one=False, limit=4)
    distances = [loc.raw["distance_m"] for loc in several]
    assert distances == sorted(distances) and len(several) == 4
    assert 1000 < geocoder.reverse(near_azaz, kinds=("city",)).raw["distance_m"] < 1200


def test_reverse_prefers_the_place_itself_when_points_coincide(geocoder, gazetteer):
    # Yarmouk camp's sectors have no point of their own and are recorded at the camp's point.
    camp = gazetteer.get("geonames:166716")
    assert geocoder.reverse(camp.position.latlon).raw["id"] == camp.id


def test_geocode_round_trips_through_reverse(geocoder, gazetteer):
    for place in gazetteer:
        if place.precision == "exact" and place.name_ar and place.kind == "city":
            location = geocoder.geocode(place.name_en, governorate=place.governorate_id)
            back = geocoder.reverse(location.point, kinds=(place.kind,))
            assert back.raw["id"] == place.id


class FakeOnline(Geocoder):
    """Stands in for Nominatim: records the calls, answers one fixed place."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def geocode(self, query, exactly_one=True, timeout=None):
        self.calls.append(query)
        return Location("Somewhere", (1.0, 2.0), {"place_id": 1})


def test_online_fallback_is_off_by_default(gazetteer, no_network):
    fake = FakeOnline()
    geocoder = AtlasGeocoder(gazetteer, fallback=fake)
    assert geocoder.online is False
    assert geocoder.geocode("Paris") is None and fake.calls == []


def test_online_fallback_only_for_unknown_names_when_enabled(gazetteer, no_network):
    fake = FakeOnline()
    geocoder = AtlasGeocoder(gazetteer, online=True, fallback=fake)
    assert geocoder.geocode("Yalda").raw["source"] == "gazetteer"
    online = geocoder.geocode("Paris")
    assert fake.calls == ["Paris"]
    assert online.raw["source"] == "online" and online.raw["online_raw"] == {"place_id": 1}
