"""The map's ticked layers come back from streamlit-folium and reach the exports under their LAYERS names."""
from __future__ import annotations

import folium
import pytest
from folium.features import GeoJson

from atlas.map.build import build_map
from atlas.map.layers import LAYERS
from atlas.ui.map_panel import LAYER_TITLES, _rendered_map, layer_titles, shown_layers
from tests.support.sample_data import FakeGazetteer, sample_events, sample_places


def _overlay_titles(folium_map: folium.Map) -> set[str]:
    return {child.layer_name for child in folium_map._children.values()
            if isinstance(child, (folium.FeatureGroup, GeoJson)) and child.control}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("view", ["overview", "southern-damascus"])
def test_every_overlay_title_maps_to_a_layer_and_back(view, language):
    gazetteer = FakeGazetteer(sample_places())
    titles = _overlay_titles(build_map(sample_events(), gazetteer, view=view, language=language))
    assert titles <= set(layer_titles())                   # a renamed overlay fails here
    assert (titles <= set(LAYER_TITLES)) is (language == "en")   # the Arabic map shows Arabic titles
    assert {layer_titles()[t] for t in titles} == set(LAYERS)
    for layer in LAYERS:                                    # round trip: drop one layer, its titles go
        kept = tuple(name for name in LAYERS if name != layer)
        kept_titles = _overlay_titles(build_map(sample_events(), gazetteer, view=view, layers=kept,
                                                language=language))
        assert shown_layers({"selected_layers": [{"name": t, "url": None} for t in kept_titles]}) == kept


@pytest.mark.parametrize("result, expected", [
    (None, None),
    ({}, None),
    ({"selected_layers": None}, None),
    ({"selected_layers": []}, ()),
    ({"selected_layers": [{"name": "Routes", "url": None}, {"name": "Countries", "url": None}]},
     ("basemap", "routes")),
    ({"selected_layers": [{"name": "OpenStreetMap (online)", "url": None}, {"name": "Checkpoints"}]},
     ("checkpoints",)),
    ({"selected_layers": [{"name": "المسارات", "url": None}, {"name": "المحافظات", "url": None},
                          {"name": "OpenStreetMap (عبر الإنترنت)", "url": None}]}, ("basemap", "routes")),
])
def test_shown_layers_from_st_folium(result, expected):
    assert shown_layers(result) == expected


def test_rendered_map_reports_its_overlays_to_streamlit_folium():
    shown = tuple(sample_events())
    rendered, _name = _rendered_map(("layers-test",), shown, FakeGazetteer(sample_places()), "overview",
                                    (False, "/app/static/vendor"))
    script = rendered.script
    assert "__GLOBAL_DATA__" in script and "selected_layers" in script
    assert "overlayadd overlayremove" in script and "atlas-overlay:" in script


@pytest.mark.parametrize("language", ["en", "ar"])
def test_layer_titles_stay_apart_in_every_language(language):
    """Two layers sharing a translated title would be read back as one."""
    from atlas.i18n import translator
    shown = {translator(language).gettext(title): name for title, name in LAYER_TITLES.items()}
    assert len(shown) == len(LAYER_TITLES)
    assert all(layer_titles()[title] == name for title, name in shown.items())
