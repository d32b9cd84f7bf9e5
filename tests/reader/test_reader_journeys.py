"""Journeys as real reports tell them (issue 15): across sentences, leg by leg, with names written in
every way, direction words, sources and hometowns that are not origins, shares of a total and
alternatives. Sentences invented for the tests, read with a small gazetteer (conftest.JOURNEY_NAMES)."""
import pytest

from reader import read_report
from reader.places import PlaceFinder, find_places
from reader.roles import roles
from reader.text import Span

YARMOUK, HAJAR, BARADA, QADAM = "geonames:166716", "geonames:8419677", "local:barada-factory", "local:al-qadam"
IDLIB, BABILA, SYRIA = "geonames:169387", "geonames:171998", "geonames:163843"
IDLIB_CITY = "geonames:169389"       # "Idlib" in English names the city
HARASTA, DOUMA, JARABLUS, AL_BAB = "geonames:169897", "geonames:170592", "geonames:169179", "geonames:174018"
HOMS, HAMA, AZAZ, RAQQA = "geonames:169575", "geonames:170015", "geonames:172082", "geonames:172957"
DARAYA, DEIR = "geonames:170892", "geonames:170794"
ZINDEEN = "local:abu-al-zindeen-crossing"      # a crossing whose name holds the word "معبر"


def _read(text, gazetteer, published="2017-11-09"):
    return read_report(text, gazetteer=gazetteer, publication_date=published, outlet="Test outlet", seed="t.txt")


def _routes(reading):
    return [(d["origin"], d["via"], d["destination"]) for d in reading.drafts]


@pytest.mark.parametrize("text, routes", [
    # one journey told in two sentences: one draft with origin, via and destination
    ("خرجت دفعة من مدينة داريا ليلاً عبر معمل بردى. ووصلوا صباحاً إلى إدلب.", [(DARAYA, BARADA, IDLIB)]),
    ("A convoy left Douma at night through the Barada factory checkpoint. It reached Idlib in the morning.",
     [(DOUMA, BARADA, IDLIB_CITY)]),
    # the same across paragraphs, when the later one has no place of its own
    ("خرجت دفعة من حرستا عبر معمل بردى.\n\nووصلت الحافلات إلى جرابلس مساءً.", [(HARASTA, BARADA, JARABLUS)]),
    # another group is another journey
    ("خرجت دفعة من حرستا إلى إدلب.\nووصلت حافلات أخرى إلى جرابلس.", [(HARASTA, "", IDLIB), ("", "", JARABLUS)]),
    # a checkpoint where the convoy was held is where it passed
    ("خرجت القافلة من داريا إلى إدلب. وأوقف الحاجز القافلة ساعات عند معمل بردى.", [(DARAYA, BARADA, IDLIB)]),
    # a crossing the convoy entered by is passed, even when its name carries the word "crossing" itself
    ("خرجت القافلة من حرستا إلى جرابلس. ودخلت من معبر أبو الزندين مساءً.", [(HARASTA, ZINDEEN, JARABLUS)]),
    ("Buses left Douma for Jarablus. They entered from the Abu Zindein crossing.", [(DOUMA, ZINDEEN, JARABLUS)]),
    # a checkpoint with no name of its own, located by a place: the journey passed that place
    ("خرجت القافلة من داريا إلى إدلب. وأوقف حاجز القافلة ساعات عند حاجز الفرقة الرابعة بمحيط بلدة حرستا.",
     [(DARAYA, HARASTA, IDLIB)]),
    ("Buses left Daraya for Jarablus. The convoy was held for hours at an army checkpoint near Harasta.",
     [(DARAYA, HARASTA, JARABLUS)]),
])
def test_discourse_state(text, routes, journey_gazetteer):
    assert _routes(_read(text, journey_gazetteer)) == routes


@pytest.mark.parametrize("text, route, legs", [
    ("خرجت القافلة من حرستا مروراً بحمص ثم إلى حماة ومنها إلى إدلب.", (HARASTA, HOMS, IDLIB),
     (HARASTA, HOMS, HAMA, IDLIB)),
    ("They were smuggled out of Raqqa and on to Azaz, then to Jarablus.", (RAQQA, AZAZ, JARABLUS),
     (RAQQA, AZAZ, JARABLUS)),
    ("دخلت الحافلات إلى حمص قادمة من دوما، واتجهت نحو إدلب.", (DOUMA, HOMS, IDLIB), (DOUMA, HOMS, IDLIB)),
    ("وصلت الحافلات إلى الباب، وكانت وجهتها النهائية جرابلس.", ("", AL_BAB, JARABLUS), ()),
])
def test_multi_leg_journeys_are_one_draft(text, route, legs, journey_gazetteer):
    reading = _read(text, journey_gazetteer)
    assert _routes(reading) == [route]
    assert reading.details[0].legs == legs


@pytest.mark.parametrize("text, origin", [
    ("خرج عشرات المقاتلين من #مخيم_اليرموك إلى إدلب.", YARMOUK),
    ("خرج عشرات المقاتلين من حي \"القدم\" إلى إدلب.", QADAM),
    ("خرج عشرات المقاتلين من «حي القدم» إلى إدلب.", QADAM),
    ("خرج عناصر من الحجرالاسود إلى إدلب.", HAJAR),
    ("خرج عناصر من بلدة #الحجر_الأسود إلى إدلب.", HAJAR),
])
def test_names_as_written(text, origin, journey_gazetteer):
    assert _routes(_read(text, journey_gazetteer)) == [(origin, "", IDLIB)]


@pytest.mark.parametrize("text, routes", [
    ("خرج عشرون شخصاً من حرستا إلى جرابلس.", [(HARASTA, "", JARABLUS)]),
    ("خرج عشرون شخصاً من حرستا باتجاه جرابلس.", [(HARASTA, "", JARABLUS)]),
    ("خرج عشرون شخصاً من حرستا نحو الباب.", [(HARASTA, "", AL_BAB)]),
    ("غادر عشرون شخصاً حرستا ووصلوا إلى جرابلس.", [(HARASTA, "", JARABLUS)]),
    ("Twenty people left Harasta for Jarablus.", [(HARASTA, "", JARABLUS)]),
    ("They were smuggled out of Raqqa and on to Azaz.", [(RAQQA, "", AZAZ)]),
    ("They went from Harasta to Idlib through Homs.", [(HARASTA, HOMS, IDLIB_CITY)]),
    # the source's own place is not the destination, a hometown not the origin
    ("قال ناشط من أبناء دوما مقيم في إدلب إن عشرين شخصاً خرجوا من حرستا باتجاه جرابلس.",
     [(HARASTA, "", JARABLUS)]),
    ("خرج أبو محمد، الذي ينحدر من حمص، من دوما نحو الباب.", [(DOUMA, "", AL_BAB)]),
    ("Sources in Idlib said twenty people left Harasta for Jarablus.", [(HARASTA, "", JARABLUS)]),
    # a country alone is not an origin
    ("They were smuggled out of Syria and on to Azaz.", [("", "", AZAZ)]),
])
def test_direction_words(text, routes, journey_gazetteer):
    assert _routes(_read(text, journey_gazetteer)) == routes


def test_shares_of_a_total_are_one_draft_each(journey_gazetteer):
    reading = _read("خرج نحو 5000 شخص من حرستا، بينهم 1200 إلى إدلب و900 إلى الباب أو جرابلس.", journey_gazetteer)
    assert _routes(reading) == [(HARASTA, "", IDLIB), (HARASTA, "", AL_BAB)]
    assert [(d["count_min"], d["count_max"]) for d in reading.drafts] == [(1200, 1200), (900, 900)]
    assert [d.alternatives for d in reading.details] == [(), (JARABLUS,)]
    assert "Alternatives the text gives: Jarablus" in reading.drafts[1]["notes"]


@pytest.mark.parametrize("text, alternatives", [
    ("خرجت الحافلات من حرستا إلى الباب أو جرابلس.", (JARABLUS,)),
    ("The buses left Harasta for al-Bab or Jarablus.", (JARABLUS,)),
    ("خرجت الحافلات من حرستا إلى الباب.", ()),
])
def test_alternative_destinations_are_kept(text, alternatives, journey_gazetteer):
    reading = _read(text, journey_gazetteer)
    assert _routes(reading) == [(HARASTA, "", AL_BAB)]
    assert reading.details[0].alternatives == alternatives


def test_a_range_and_a_price_per_person_reach_the_draft(journey_gazetteer):
    reading = _read("خرج بين 300 و400 عنصر من دوما إلى جرابلس مقابل 500 دولار عن كل شخص.", journey_gazetteer)
    (draft,), (detail,) = reading.drafts, reading.details
    assert (draft["count_min"], draft["count_max"], draft["count_unit"]) == (300, 400, "fighters")
    assert (draft["paid_usd_min"], draft["paid_usd_max"], detail.per_person) == (500.0, 500.0, True)
    assert "per person" in draft["summary_en"] and "a range" in draft["notes"]


def test_dollars_are_never_heads(journey_gazetteer):
    reading = _read("Smugglers charged $5,000 to take a family from Raqqa to Azaz.", journey_gazetteer)
    assert [c.minimum for c in reading.counts] == []
    assert [(a.minimum, a.per_person) for a in reading.amounts] == [(5000.0, False)]
    assert reading.drafts[0]["paid_usd_min"] == 5000.0


@pytest.mark.parametrize("text, places", [
    ("قالت الدولة إن المقاتلين خرجوا من دوما، حسب مكتب دير الزور الإعلامي.", [DOUMA]),
    ("وأفادت شبكة دير الزور 24 بخروج عناصر من دوما.", [DOUMA]),
    ("فتح الباب أمام المقاتلين للخروج من دوما.", [DOUMA]),
    ("وصل المقاتلون إلى الباب.", [AL_BAB]),
])
def test_false_friends(text, places, journey_gazetteer):
    assert list(_read(text, journey_gazetteer).place_ids()) == places


@pytest.mark.parametrize("text, place_id", [
    # "ثوار X" may name a brigade, but the rebels of the town of X are X's ("بلدة خان الشيح" is one of its names)
    ("خرج ثوار بلدة خان الشيح إلى إدلب.", "local:khan-al-shih"),
    ("وصل أهالي وثوار بلدة خان الشيح إلى إدلب.", "local:khan-al-shih"),
])
def test_the_rebels_of_a_town_name_the_town(text, place_id, gazetteer):
    assert place_id in _read(text, gazetteer).place_ids()


@pytest.mark.parametrize("text", [
    # a noun with its own adjective describes another place: "the border area with Turkey" is not al-Bab
    "وصلت القافلة من حرستا إلى الباب. وبدأ خروج المقاتلين من المنطقة الحدودية مع تركيا إلى جرابلس.",
    "وصلت القافلة من حرستا إلى الباب. وفر آخرون من المدينة القديمة إلى جرابلس.",
])
def test_a_described_noun_does_not_point_back(text, journey_gazetteer):
    assert (AL_BAB, "", JARABLUS) not in _routes(_read(text, journey_gazetteer))


@pytest.mark.parametrize("text, place_ids", [
    # "مدينة التل" is a name of al-Tall, but "مدينة تل أبيض" is the town of Tal Abyad
    ("ألقي القبض على مهرب في مدينة “تل أبيض” شمال الرقة.", ["geonames:163750", "geonames:172957"]),
    ("وصلوا إلى مدينة تل أبيض.", ["geonames:163750"]),
    ("خرجوا من مدينة التل إلى إدلب.", ["geonames:172349", "geonames:169387"]),
])
def test_a_longer_name_after_a_descriptor_wins(text, place_ids, gazetteer):
    assert list(_read(text, gazetteer).place_ids()) == place_ids


@pytest.mark.parametrize("text, roles_read", [
    # "X التابعة لمحافظة Y": Y is where X lies, not a second destination
    ("خرجت الحافلات من حرستا متجهة إلى مدينة جرابلس التابعة لمحافظة حلب.",
     [("geonames:169897", "origin"), ("geonames:169179", "destination"), ("geonames:170062", "container")]),
    # "X المجاورة لـ Y": Y says where X is
    ("وصلت الحافلات إلى بلدة دروشا المجاورة لخان الشيح.", [("local:drousha", "destination"),
                                                            ("local:khan-al-shih", "container")]),
])
def test_the_place_a_town_belongs_to_is_no_destination(text, roles_read, gazetteer):
    places = PlaceFinder(gazetteer).find(text)
    assert [(r.place_id, r.role) for r in roles(Span(text, 0, len(text)), places, text)] == roles_read


@pytest.mark.parametrize("text, routes", [
    # a place named as a crossing, or entered through, is passed
    ("وصلت القافلة من حرستا إلى إدلب ودخلت من معبر الباب.", [(HARASTA, AL_BAB, IDLIB)]),
    ("خرجت القافلة من حرستا باتجاه حماة على أن تدخل إدلب من معبر الباب.", [(HARASTA, AL_BAB, IDLIB)]),
    ("The buses were transferred from Harasta to the Azaz crossing into Idlib.", [(HARASTA, AZAZ, IDLIB_CITY)]),
    ("تتحرك الحافلات من حرستا لتعبر حمص باتجاه إدلب.", [(HARASTA, HOMS, IDLIB)]),
    # where a waiting convoy stands, on its way, is a transit point
    ("تنتظر قافلة المهجرين من حرستا عند اعزاز استعداداً للانطلاق باتجاه إدلب.", [(HARASTA, AZAZ, IDLIB)]),
    # a quoted speaker's words are the report, not where the source is
    ("وقال مصدر أمني: \"خرج من حرستا 300 شخص باتجاه إدلب\".", [(HARASTA, "", IDLIB)]),
    # who they are is not where they left from
    ("وصلت القافلة إلى الباب. وجميع المهجرين هم من حرستا ودوما.", [("", "", AL_BAB)]),
])
def test_transit_points(text, routes, journey_gazetteer):
    assert _routes(_read(text, journey_gazetteer)) == routes


@pytest.mark.parametrize("text, routes", [
    # "من الحي" points back to the place entered before, even glued to a name without its space
    ("دخلت الحافلات إلى حي القدم، مقابل خروج حافلات تقل أهالي دومامن الحي باتجاه إدلب.",
     [("", "", QADAM), (DOUMA, QADAM, IDLIB)]),
    ("دخلت الحافلات إلى حي القدم، مقابل خروج حافلات تقل أهالي دوما من الحي باتجاه إدلب.",
     [("", "", QADAM), (DOUMA, QADAM, IDLIB)]),
])
def test_pointing_back_after_a_glued_name(text, routes, journey_gazetteer):
    assert _routes(_read(text, journey_gazetteer)) == routes


@pytest.mark.parametrize("text, routes", [
    # a finer place inside one of several destinations is part of the group, its own journey
    ("Fighters fled from Harasta to Idlib Governorate and Raqqa. Some of them reached Idlib city at night.",
     [(HARASTA, "", IDLIB), (HARASTA, "", RAQQA), (HARASTA, "", IDLIB_CITY)]),
    # ... and inside one of several origins, with its own destination
    ("Fighters fled from Idlib Governorate and Homs to Azaz. Four of them fled from Idlib city to Azaz.",
     [(IDLIB, "", AZAZ), (HOMS, "", AZAZ), (IDLIB_CITY, "", AZAZ)]),
    # a single destination is still narrowed by a finer one
    ("Fighters fled from Harasta to Idlib Governorate. They reached Idlib city at night.",
     [(HARASTA, "", IDLIB_CITY)]),
])
def test_a_part_of_a_listed_group_is_its_own_journey(text, routes, journey_gazetteer):
    assert _routes(_read(text, journey_gazetteer)) == routes


@pytest.mark.parametrize("text, routes", [
    # from a paragraph that names no place before it, "the area" is the latest region named, not a town
    ("يسيطر التنظيم على جنوب دمشق. وخرج عناصر من مخيم اليرموك إلى ببيلا.\n\nثم خرج آخرون من المنطقة إلى إدلب.",
     [(YARMOUK, "", BABILA), ("local:southern-damascus", "", IDLIB)]),
    ("ISIS holds southern Damascus and Babila.\nThen three of them went from the area to Idlib.",
     [("local:southern-damascus", "", IDLIB_CITY)]),
    # a place its own paragraph named before it comes first
    ("يسيطر التنظيم على جنوب دمشق.\n\nوتجمع عناصر في ببيلا، ثم خرجوا من المنطقة إلى إدلب.",
     [(BABILA, "", IDLIB)]),
    # with no region named, the latest place
    ("تجمع المقاتلون في ببيلا. ثم خرجوا من المنطقة إلى إدلب.", [(BABILA, "", IDLIB)]),
    # ... and not a region an earlier paragraph named as where people go
    ("يسيطر التنظيم على جنوب دمشق.\nوجرى اتفاق يقضي بإخراج المقاتلين إلى حوض اليرموك.\nوخرجت عائلات من المنطقة إلى إدلب.",
     [("", "", "local:yarmouk-basin"), ("local:southern-damascus", "", IDLIB)]),
])
def test_the_area_points_back_to_a_region(text, routes, journey_gazetteer):
    assert _routes(_read(text, journey_gazetteer)) == routes


@pytest.mark.parametrize("text, routes", [
    # one clause listing several origins and several destinations pairs them only as a whole: each with each
    ("فرّ عناصر من حرستا ودوما ووصلوا إلى الرقة واعزاز.",
     [(HARASTA, "", RAQQA), (HARASTA, "", AZAZ), (DOUMA, "", RAQQA), (DOUMA, "", AZAZ)]),
    ("Fighters fled from Harasta and Douma and reached Raqqa and Azaz.",
     [(HARASTA, "", RAQQA), (HARASTA, "", AZAZ), (DOUMA, "", RAQQA), (DOUMA, "", AZAZ)]),
    # one origin, several destinations: one draft each
    ("فرّ عناصر من حرستا إلى الرقة واعزاز.", [(HARASTA, "", RAQQA), (HARASTA, "", AZAZ)]),
    # origins told in another sentence than the destinations are not paired as a whole
    ("خرج عناصر من حرستا ودوما. ثم وصلوا إلى الرقة واعزاز.", [(HARASTA, "", RAQQA), (HARASTA, "", AZAZ)]),
])
def test_ends_listed_together_pair_each_with_each(text, routes, journey_gazetteer):
    assert _routes(_read(text, journey_gazetteer)) == routes


@pytest.mark.parametrize("text, role", [
    ("ستتوجه الحافلات مرورا بحرستا، ومن ثم دوما، وصولا إلى إدلب.", "mentioned"),     # "and then", not "from"
    ("ستتوجه الحافلات ومن دوما إلى إدلب.", "origin"),
])
def test_then_is_not_from(text, role, journey_gazetteer):
    sentence = Span(text, 0, len(text))
    read = {r.place_id: r.role for r in roles(sentence, find_places(text, journey_gazetteer), text)}
    assert read[DOUMA] == role
