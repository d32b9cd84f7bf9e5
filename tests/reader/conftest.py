"""A small gazetteer for the reader tests: the places every part may rely on (their ids are in geodata/data/places.csv), with only the
names the tests need, so a change of spellings in the shipped table does not move these tests.
Positions and their sources are the shipped gazetteer's (no coordinate is typed here)."""
import dataclasses

import pytest

from geodata.gazetteer import Gazetteer, load_gazetteer

# id -> (name_en, name_ar, variants_en, variants_ar)
NAMES = {
    "geonames:166716": ("Yarmouk camp", "مخيم اليرموك", ("al-Yarmouk", "Yarmouk"), ("اليرموك",)),
    "local:yarmouk-basin": ("Yarmouk basin", "حوض اليرموك", ("Yarmouk valley",), ()),
    "geonames:8419677": ("al-Hajar al-Aswad", "الحجر الأسود", ("Hajar al-Aswad",), ()),
    "local:barada-factory": ("Barada factory checkpoint", "معمل بردى", (), ()),
    "local:al-qadam": ("al-Qadam", "القدم", ("Qadam",), ("حي القدم",)),
    "geonames:169389": ("Idlib", "إدلب", (), ()),
    "geonames:169387": ("Idlib Governorate", "إدلب", (), ("محافظة إدلب",)),
    "geonames:171998": ("Babila", "ببيلا", ("Babbila",), ()),
    "local:southern-damascus": ("southern Damascus", "جنوب دمشق", (), ("جنوب العاصمة", "جنوبي دمشق")),
    "geonames:163843": ("Syria", "سورية", (), ("سوريا",)),
}


@pytest.fixture(scope="session")
def small_gazetteer():
    shipped = load_gazetteer()
    return Gazetteer(dataclasses.replace(shipped.get(pid), name_en=en, name_ar=ar, variants_en=ven, variants_ar=var,
                                         parent_id="")
                     for pid, (en, ar, ven, var) in NAMES.items())


# More places for the journey tests (ids in geodata/data/places.csv): towns a route may pass.
JOURNEY_NAMES = {
    **NAMES,
    "geonames:169897": ("Harasta", "حرستا", (), ()),
    "geonames:170592": ("Douma", "دوما", (), ()),
    "geonames:169179": ("Jarablus", "جرابلس", (), ()),
    "geonames:174018": ("al-Bab", "الباب", ("Al Bab",), ()),
    "geonames:169575": ("Homs Governorate", "حمص", ("Homs",), ()),
    "geonames:170015": ("Hama Governorate", "حماة", ("Hama",), ()),
    "geonames:172082": ("Azaz", "اعزاز", (), ("أعزاز",)),
    "geonames:172957": ("Raqqa Governorate", "الرقة", ("Raqqa",), ()),
    "geonames:170892": ("Daraya", "داريا", (), ()),
    "geonames:170794": ("Deir ez-Zor", "دير الزور", (), ()),
    "local:abu-al-zindeen-crossing": ("Abu al-Zindeen crossing", "معبر أبو الزندين", ("Abu Zindein crossing",), ()),
}


@pytest.fixture(scope="session")
def journey_gazetteer():
    shipped = load_gazetteer()
    return Gazetteer(dataclasses.replace(shipped.get(pid), name_en=en, name_ar=ar, variants_en=ven, variants_ar=var,
                                         parent_id="")
                     for pid, (en, ar, ven, var) in JOURNEY_NAMES.items())
