"""A small gazetteer built in the test, so place tests do not hang on the shipped table."""
import pytest

from geodata.gazetteer import Gazetteer
from geodata.place import Place

# Coordinates of the test places are rounded GeoNames points (cities500) for the ones that have
# one; the local places reuse their parent's point, as the shipped gazetteer documents.
_ROWS = [
    ("geonames:166716", "Yarmouk camp", "مخيم اليرموك", "camp", 33.4697, 36.3042, ("al-Yarmouk", "Yarmouk"), ("اليرموك",)),
    ("local:yarmouk-basin", "Yarmouk basin", "حوض اليرموك", "region", 32.75, 35.95, ("Yarmouk valley",), ()),
    ("geonames:8419677", "al-Hajar al-Aswad", "الحجر الأسود", "city", 33.4542, 36.3019, ("Hajar al-Aswad",), ()),
    ("local:barada-factory", "Barada factory checkpoint", "معمل بردى", "checkpoint", 33.44, 36.30, (), ()),
    ("local:al-qadam", "al-Qadam", "القدم", "neighbourhood", 33.4667, 36.2833, ("Qadam",), ("حي القدم",)),
    ("geonames:169389", "Idlib", "إدلب", "city", 35.9306, 36.6339, (), ()),
    ("geonames:169387", "Idlib Governorate", "إدلب", "governorate", 35.8, 36.6, (), ("محافظة إدلب",)),
    ("geonames:171998", "Babila", "ببيلا", "town", 33.4667, 36.3167, ("Babbila",), ()),
    ("local:southern-damascus", "southern Damascus", "جنوب دمشق", "region", 33.46, 36.30, (), ("جنوب العاصمة",)),
    ("geonames:163843", "Syria", "سورية", "country", 35.0, 38.0, (), ("سوريا",)),
]


@pytest.fixture(scope="session")
def small_gazetteer():
    return Gazetteer(Place(id=pid, name_en=en, name_ar=ar, kind=kind, lat=lat, lon=lon, precision="settlement",
                           uncertainty_m=1000, coord_source="test fixture", variants_en=ven, variants_ar=var)
                     for pid, en, ar, kind, lat, lon, ven, var in _ROWS)
