"""Contract test of the streamlit-folium internals the dashboard uses (atlas.ui.folium_component).

An upgrade of streamlit-folium that renames or reshapes them fails here, with the name of what changed,
instead of breaking the running app.
"""
import inspect
import json
import re
from pathlib import Path

import folium
import streamlit_folium as sf
from hypothesis import given
from hypothesis import strategies as st

from atlas.ui import folium_component

USED = {   # function -> the parameters we pass it
    "_get_html": {"fig"}, "_get_header": {"fig"}, "_get_map_string": {"fig"}, "get_full_id": {"m"},
    "generate_js_hash": {"js_string", "key", "return_on_hover"},
}
COMPONENT_ARGUMENTS = {"script", "header", "html", "id", "key", "height", "width", "returned_objects", "default",
                       "zoom", "center", "feature_group", "return_on_hover", "layer_control", "pixelated",
                       "css_links", "js_links", "on_change", "wrap_longitude"}


def test_the_private_functions_we_call_are_there_with_our_parameters():
    for name, parameters in USED.items():
        function = getattr(sf, name, None)
        assert callable(function), f"streamlit_folium.{name} is gone"
        assert parameters <= set(inspect.signature(function).parameters), f"streamlit_folium.{name} changed"
    assert callable(getattr(sf, "_component_func", None)), "streamlit_folium._component_func is gone"


def test_st_folium_still_hands_the_component_the_arguments_we_hand_it():
    """st_folium's own call of _component_func names exactly the keyword arguments folium_component.show passes."""
    source = inspect.getsource(sf.st_folium)
    call = source[source.index("_component_func("):]
    called = set(re.findall(r"(\w+)=", call[:call.index(")\n")]))
    assert called == COMPONENT_ARGUMENTS, called ^ COMPONENT_ARGUMENTS
    shown = inspect.getsource(folium_component.show)
    assert all(f"{argument}=" in shown for argument in COMPONENT_ARGUMENTS)


def test_a_map_renders_to_what_the_component_needs():
    folium_map = folium.Map(location=(33.5, 36.3), zoom_start=8, tiles=None)
    folium.CircleMarker((33.5, 36.3), radius=5).add_to(folium_map)
    rendered = folium_component.render(folium_map)
    assert rendered.id and re.search(rf'L\.map\(\s*"{rendered.id}"', rendered.script)
    assert "L.map" in rendered.script and "circleMarker" in rendered.script
    assert any("leaflet" in link for link in rendered.js_links)
    key = folium_component.hash_key(rendered, rendered.script, "map")
    assert key == sf.generate_js_hash(rendered.script, "map", False)
    assert folium_component.hash_key(rendered, rendered.script, "map") is key    # hashed once


def test_the_component_gets_the_maps_own_script_and_its_start():
    """streamlit-folium keeps only the map's scripts: the labels/inset/highlight script, its data and the call
    that starts it must be among them, or the dashboard map stops at the first call (and stays 0 px high)."""
    from atlas.map.build import build_map
    from tests.support.sample_data import FakeGazetteer, sample_events, sample_places
    places = FakeGazetteer(sample_places())
    rendered = folium_component.render(build_map(sample_events(), places))
    script = rendered.script
    assert "window.atlasMap = function" in script
    start = re.search(r"atlasMap\((\w+), config, (\w+), (\w+)\); \}\)\(\);", script)
    assert start and start.group(1) == "map_div"
    assert script.index("window.atlasMap = function") < start.start()
    for group in start.group(2, 3):                                       # the labels and routes groups it is handed
        assert re.search(rf"var {group} = L\.featureGroup", script)


FRONTEND = Path(sf.__file__).parent / "frontend" / "build" / "static" / "js"


def test_the_frontend_still_runs_a_changed_feature_group_on_the_live_map():
    """The live map (live_map.js) relies on streamlit-folium's frontend setting ``window.map`` after the first
    script and running the feature-group script again, in the same frame, whenever it changes."""
    code = "".join(path.read_text(encoding="utf-8") for path in FRONTEND.glob("main.*.js"))
    assert "window.map = map_div" in code
    assert "eval(feature_group+layer_control)" in code
    assert "feature_group!==window.__GLOBAL_DATA__.last_feature_group" in code.replace(" ", "")
    # ...and, right after, putting its click handler on every layer of the map, which a fetched map's layers (drawn
    # later, see live_map.js ``updateFrom``) get from the old ones
    assert 'e.off("click",onLayerClick),e.on("click",onLayerClick)' in code


def test_a_live_map_keeps_its_component_key_whatever_its_script():
    folium_map = folium.Map(location=(33.5, 36.3), zoom_start=8, tiles=None)
    rendered = folium_component.render(folium_map)
    shown = []
    original = sf._component_func
    try:
        sf._component_func = lambda **arguments: shown.append(arguments) or None
        for name in ("a.js", "b.js"):
            folium_component.show(rendered, folium_component.live_first("void 0;", name), "map", height=100,
                                  returned_objects=[], on_change=lambda key: None,
                                  extra_script=folium_component.live_update("void 0;", name), live_key="overview@en")
        folium_component.show(rendered, "other script", "map", height=100, returned_objects=[],
                              on_change=lambda key: None)
    finally:
        sf._component_func = original
    assert shown[0]["key"] == shown[1]["key"] != shown[2]["key"]
    assert shown[0]["feature_group"] != shown[1]["feature_group"]        # the frontend runs the new map's update
    assert 'atlasLive.update(function () {\nvoid 0;\n}, "b.js");' in shown[1]["feature_group"]
    assert 'atlasLive.first(function () {\nvoid 0;\n}, "a.js");' in shown[0]["script"]


@given(st.text())
def test_a_live_maps_name_is_script_data(name):
    """Whatever the name, it is one JSON string in the script (never code), safe inside a script element."""
    script = folium_component.live_update("void 0;", name)
    tail = script[script.rindex("}, ") + 3:]
    assert tail.endswith(");\n") and json.loads(tail[:-3]) == name
    assert "<" not in tail


@given(st.text(), st.dictionaries(st.text(), st.text(), max_size=3), st.text(), st.text())
def test_a_fetched_live_maps_addresses_name_and_message_are_script_data(url, shared, name, failed):
    """Whatever the addresses, the name and the failure message (a translation), they are JSON values in the script
    (never code), safe in a script."""
    script = folium_component.live_update_from(url, shared, name, failed)
    call = script[script.rindex("atlasLive.updateFrom(") + len("atlasLive.updateFrom("):]
    assert call.endswith(");\n") and json.loads(f"[{call[:-3]}]") == [url, shared, name, failed]
    assert "<" not in call
