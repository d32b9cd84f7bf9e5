"""The reader's small place map: a team place's name is text in its tooltip, whatever it holds.

folium's Tooltip would put the name between JavaScript backticks, and branca would compile the
result as a template: "${...}" would run in the browser and "{{ 7*7 }}" would print 49. The name
must come back, as typed, from the tooltip data of the rendered page.
"""
import html
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from atlas.map.page import inline_layers
from atlas.map.reader import places_map
from geodata.place import Place

HOSTILE = ("`", "${window.__pwned=1}", "\\", "\\`", "</script>", "<img src=x onerror=alert(1)>", "{{ 7*7 }}",
           "{% raw %}", "\u202e", "معمل بردى", "'", '"')
names = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=5)), min_size=1, max_size=5
                 ).map("".join).filter(lambda s: s.strip() == s and s and not any(
                     0xD800 <= ord(c) <= 0xDFFF or ord(c) < 32 or c in "\ufffe\uffff" for c in s))


class _OnePlace:
    def __init__(self, place):
        self.place = place

    def get(self, place_id):
        return self.place if place_id == self.place.id else None


@settings(max_examples=40, deadline=None)
@given(name=names)
def test_tooltip_holds_the_name_as_typed_and_nothing_runs(name):
    place = Place(id="local:test-post", name_en=name, name_ar=name, kind="checkpoint", lat=33.47, lon=36.30,
                  precision="neighbourhood", uncertainty_m=800.0, coord_source="test")
    folium_map = places_map([place.id], _OnePlace(place), basemap=False)
    page = folium_map.get_root().render()
    assert "bindTooltip(`" not in page                     # no folium Tooltip: nothing between backticks
    (layer,) = inline_layers(folium_map)
    (feature,) = json.loads(layer.data_json())["features"]
    shown = html.unescape(re.sub(r"<[^>]+>", " ", feature["properties"]["tip"]))
    assert shown.count(name) >= 2                          # English and Arabic name, as typed
    assert layer.data_json() in page                       # the page carries exactly that data
