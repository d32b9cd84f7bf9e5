"""Places named in text: clitics, the article, longest match first, spans in the original."""
import pytest

from reader.places import find_places


def _found(text, gazetteer):
    mentions = find_places(text, gazetteer)
    for m in mentions:
        assert text[m.start:m.end] == m.text
    return [(m.text, m.place_id) for m in mentions]


@pytest.mark.parametrize("text, expected", [
    ("خرجوا من مخيم اليرموك", [("مخيم اليرموك", "geonames:166716")]),
    ("في حوض اليرموك", [("حوض اليرموك", "local:yarmouk-basin")]),
    ("عاد إلى اليرموك", [("اليرموك", "geonames:166716")]),
    ("مخيم اليرموك وحوض اليرموك", [("مخيم اليرموك", "geonames:166716"), ("حوض اليرموك", "local:yarmouk-basin")]),
    ("وبالحجر الأسود", [("الحجر الأسود", "geonames:8419677")]),
    ("والحجر الأسود", [("الحجر الأسود", "geonames:8419677")]),
    ("فالحجر الأسود", [("الحجر الأسود", "geonames:8419677")]),
    ("لمخيم اليرموك", [("مخيم اليرموك", "geonames:166716")]),
    ("للقدم", [("لقدم", "local:al-qadam")]),
    ("حي القدم", [("حي القدم", "local:al-qadam")]),
    ("عبر حاجز معمل “بردى” الفاصل", [("معمل “بردى", "local:barada-factory")]),
    ("مُخَيَّمِ اليَرْمُوك", [("مُخَيَّمِ اليَرْمُوك", "geonames:166716")]),
    ("إلى ببيلا", [("ببيلا", "geonames:171998")]),
    ("من جنوب العاصمة", [("جنوب العاصمة", "local:southern-damascus")]),
])
def test_arabic_names(text, expected, small_gazetteer):
    assert _found(text, small_gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    ("They left al-Hajar al-Aswad for Idlib.", [("al-Hajar al-Aswad", "geonames:8419677"),
                                                 ("Idlib", "geonames:169389")]),
    ("Fighters reached Yarmouk camp", [("Yarmouk camp", "geonames:166716")]),
    ("the yarmouk is a river", []),
])
def test_latin_names(text, expected, small_gazetteer):
    assert _found(text, small_gazetteer) == expected


@pytest.mark.parametrize("text, expected_id", [
    ("إلى إدلب", "geonames:169387"),            # namesakes: the weaker claim, the governorate
    ("إلى محافظة إدلب", "geonames:169387"),
    ("إلى مدينة إدلب", "geonames:169389"),        # the hint word picks the city
])
def test_namesakes(text, expected_id, small_gazetteer):
    mentions = find_places(text, small_gazetteer)
    assert mentions[-1].place_id == expected_id
    assert mentions[-1].place_id in mentions[-1].candidates


@pytest.mark.parametrize("text", ["المقاومة السورية", "الجنسية السورية"])
def test_an_adjective_with_the_article_is_not_the_country(text, small_gazetteer):
    assert find_places(text, small_gazetteer) == []


def test_the_shipped_gazetteer_reads_the_seed_names():
    from geodata.gazetteer import load_gazetteer
    text = "خرجوا عبر حاجز معمل بردى الفاصل بين حي الحجر الأسود وبلدة سبينة إلى حوض اليرموك"
    ids = [m.place_id for m in find_places(text, load_gazetteer())]
    assert ids == ["local:barada-factory", "geonames:8419677", "local:sbeineh", "local:yarmouk-basin"]


class _TeamBook:
    """A place book like atlas.catalog.CombinedPlaces: a gazetteer plus places it does not hold."""

    def __init__(self, gazetteer, extra):
        self.gazetteer, self.extra = gazetteer, {p.id: p for p in extra}

    def get(self, place_id):
        return self.gazetteer.get(place_id) or self.extra.get(place_id)

    def __iter__(self):
        yield from self.gazetteer
        yield from self.extra.values()


def test_team_places_are_found_too(small_gazetteer):
    from geodata.place import Place
    team = Place(id="local:team-checkpoint", name_en="Ali checkpoint", name_ar="حاجز علي الوحش", kind="checkpoint",
                 lat=33.45, lon=36.30, precision="between", uncertainty_m=500, coord_source="map click by tester")
    book = _TeamBook(small_gazetteer, [team])
    found = [(m.text, m.place_id) for m in find_places("عبروا حاجز علي الوحش نحو مخيم اليرموك", book)]
    assert found == [("حاجز علي الوحش", "local:team-checkpoint"), ("مخيم اليرموك", "geonames:166716")]


@pytest.mark.parametrize("text, expected", [
    # a place name ending a person's name (kunya + nisba) is no place, also in a list of people joined by و
    ("خرج أبو علي ببيلا مع شخص آخر", []),
    ("خرج صلاح قطيش وأبو علي ببيلا مع شخص آخر", []),
    ("خرج صلاح وابن عمر ببيلا", []),
    # the place before the person is still a place
    ("خرجوا من ببيلا وأبو علي معهم", [("ببيلا", "geonames:171998")]),
    ("وصلوا إلى ببيلا وعلي معهم", [("ببيلا", "geonames:171998")]),
])
def test_a_place_ending_a_persons_name_is_no_place(text, expected, small_gazetteer):
    assert _found(text, small_gazetteer) == expected
