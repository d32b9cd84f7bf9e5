"""The map's own frame in the interface language: layer-control names, the inset's title, tooltip words.

An Arabic map carries the Arabic words (from the catalog) and none of the English interface words; the English map
keeps its English words; a feature cache shared by both never hands one language's tooltip to the other.
"""
from __future__ import annotations

import html
import json
import re

import folium
import pytest
from folium.features import GeoJson

from atlas.i18n import translator
from atlas.map.build import build_map
from tests.support.map_features import map_tips
from tests.support.sample_data import FakeGazetteer, sample_events, sample_places

LAYER_NAMES = ("Countries", "Governorates", "Rivers and lakes", "Main roads", "OpenStreetMap (online)",
               "Uncertainty halos", "Routes", "Places", "Events at a place", "Place names", "Checkpoints")
ENGLISH_TIP_WORDS = ("at least", "more", "event(s)", "people:", "outcome:", "approximate", "exact point",
                     "Checkpoint:", "DRAFT", "unreviewed", "disputed", "no figure", "date unknown",
                     "camp", "neighbourhood", "checkpoint", "arrived", "captured", "arrest", "defection", "fighters")
"""English interface words a tooltip may hold (words, place kinds, outcomes, types, units)."""
ARABIC = translator("ar")


def _gazetteer_with_inset() -> FakeGazetteer:
    """The sample places, and a copy of the test quarter as al-Yalda: the overview then has its inset."""
    quarter = sample_places()[1]
    yalda = quarter.__class__(**{**{f: getattr(quarter, f) for f in quarter.__slots__}, "id": "local:yalda"})
    return FakeGazetteer([*sample_places(), yalda])


def _events():
    """The sample events, one a draft, and enough exits on one route for "… and N more"."""
    events = sample_events()
    extra = [events[0].replace(id=f"T1{n}", count_max=None) for n in range(5)]
    return [*events[:2], events[2].replace(status="draft"), *events[3:], *extra]


def _map(language: str, cache: dict | None = None) -> folium.Map:
    return build_map(_events(), _gazetteer_with_inset(), language=language, online_tiles=True,
                     feature_cache=cache)


def _layer_names(folium_map: folium.Map) -> set[str]:
    return {child.layer_name for child in folium_map._children.values()
            if isinstance(child, (folium.FeatureGroup, GeoJson, folium.TileLayer)) and child.control
            and child.overlay}


def _tips(folium_map: folium.Map) -> list[str]:
    return map_tips(folium_map)


def _interface_text(tip: str) -> str:
    """A tooltip's text without the user's and the gazetteer's text (summaries, place names: data, not words)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", tip))
    for event in _events():
        text = text.replace(event.summary_en, " ")
    for place in sample_places():
        text = text.replace(place.name_en, " ").replace(place.name_ar, " ")
    return re.sub(r"local:[\w-]+|geonames:\d+|(route|events|place):[^\s]+", " ", text)   # selection keys


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


@pytest.fixture(scope="module")
def maps():
    return {language: _map(language) for language in ("en", "ar")}


@pytest.mark.parametrize("english", LAYER_NAMES)
def test_layer_names_follow_the_language(maps, english):
    assert english in _layer_names(maps["en"])
    arabic = ARABIC.gettext(english)
    assert arabic != english and re.search(r"[\u0600-\u06ff]", arabic)
    assert arabic in _layer_names(maps["ar"]) and english not in _layer_names(maps["ar"])
    page = maps["ar"].get_root().render()
    assert json.dumps(arabic) in page                       # the layer control's names (folium writes them \u-escaped)


@pytest.mark.parametrize("language, title", [("en", "Southern Damascus"), ("ar", "جنوب دمشق")])
def test_inset_title_follows_the_language(maps, language, title):
    assert maps[language].atlas_config["inset"]["title"] == title
    page = maps[language].get_root().render()
    assert f'"title":"{title}"' in page                    # data for the script, which sets it as text


@pytest.mark.parametrize("english, arabic", [
    ("event(s); people:", "الأحداث:"),
    ("outcome: arrived", "النتيجة: " + ARABIC.gettext("arrived")),
    ("at least", "على الأقل"),
    ("… and 2 more", "… و2 غيرها"),
    ("approximate (", "تقريبي ("),
    ("Checkpoint:", "حاجز:"),
    ("DRAFT: unreviewed", "مسودة: لم تُراجَع"),
    ("(disputed)", "(متنازع عليه)"),
    ("arrest (1)", ARABIC.gettext("arrest") + " (1)"),
    ("checkpoint; approximate", "حاجز؛ تقريبي"),
])
def test_tooltip_words_follow_the_language(maps, english, arabic):
    english_tips, arabic_tips = (" ".join(_tips(maps[language])) for language in ("en", "ar"))
    assert english in html.unescape(english_tips) and arabic not in html.unescape(english_tips)
    assert arabic in html.unescape(arabic_tips)


@pytest.mark.parametrize("word", ENGLISH_TIP_WORDS)
def test_arabic_tooltips_have_no_english_interface_word(maps, word):
    english = [tip for tip in _tips(maps["en"]) if _has_word(_interface_text(tip), word)]
    arabic = [tip for tip in _tips(maps["ar"]) if _has_word(_interface_text(tip), word)]
    assert english, f"{word!r} never in an English tooltip: the check would pass for nothing"
    assert not arabic, arabic[:1]


@pytest.mark.parametrize("first, second", [("en", "ar"), ("ar", "en")])
def test_a_shared_feature_cache_keeps_each_language_apart(first, second):
    cache: dict = {}
    _map(first, cache)
    reused = _tips(_map(second, cache))
    assert sorted(reused) == sorted(_tips(_map(second)))
    assert {key[-1][0] for key in cache if key[0] == "event-line"} == {first, second}


def test_arabic_indic_digits_reach_the_tooltips():
    """With ATLAS_DIGITS=arabic-indic an Arabic map's tooltip counts are Arabic-Indic (a cache shared with the
    Latin-digit map keeps them apart)."""
    cache: dict = {}
    latin = " ".join(_tips(build_map(_events(), _gazetteer_with_inset(), language="ar", feature_cache=cache)))
    indic = " ".join(_tips(build_map(_events(), _gazetteer_with_inset(), language="ar", digits="arabic-indic",
                                     feature_cache=cache)))
    assert "الأحداث: 6" in latin and "الأحداث: ٦" in indic and "… و٢ غيرها" in indic


@pytest.mark.parametrize("key, english, arabic", [
    ("zoomIn", "Zoom in", "تكبير"), ("zoomOut", "Zoom out", "تصغير"), ("layers", "Layers", "الطبقات"),
    ("m", "m", "م"), ("km", "km", "كم"), ("direction", "ltr", "rtl"),
])
def test_leaflet_words_go_to_the_script_in_the_language(maps, key, english, arabic):
    """The zoom and layers buttons' titles and the scale's units travel as data; the script sets them."""
    assert maps["en"].atlas_config["words"][key] == english
    assert maps["ar"].atlas_config["words"][key] == arabic
    assert json.dumps(arabic, ensure_ascii=False) in maps["ar"].get_root().render()


@pytest.mark.parametrize("language, opening", [("en", '<div class="atlas-tip">'),
                                               ("ar", '<div class="atlas-tip" dir="rtl" lang="ar">')])
def test_tooltips_read_in_the_language_direction(maps, language, opening):
    tips = _tips(maps[language])
    assert tips and all(tip.startswith(opening) for tip in tips)
