"""Map builder: what is drawn for which events, escaping, selections round-trip, two scales."""
import html
import json
import re

import folium
import pytest

from atlas.map.basemap import VIEWS, shipped_basemap
from atlas.map.build import build_map
from atlas.map.details import event_details_html
from atlas.map.groups import split_events
from atlas.map.interactive import map_script
from atlas.map.layers import LAYERS
from atlas.map.page import (collection_json, deferred_elements, discard_map, fill_layer_data, inline_layers,
                            page_json)
from atlas.map.selection import Selection, events_for_selection, parse_selection, selection_title
from atlas.map.style import OUTCOME_COLOURS, OUTCOME_MARKS, route_weight
from tests.support.map_features import map_features, map_tips
from tests.support.sample_data import HOSTILE_NOTE, FakeGazetteer, sample_events, sample_places

SQUARE = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name_en": "Box"},
          "geometry": {"type": "Polygon", "coordinates": [[[35, 32], [42, 32], [42, 37], [35, 37], [35, 32]]]}}]}
BASEMAP = (("Countries", SQUARE),)


@pytest.fixture
def gazetteer():
    return FakeGazetteer(sample_places())


def features(folium_map, class_name=None):
    """The features the map's event layers draw (optionally one layer class), with their tooltips."""
    return map_features(folium_map, class_name)


def tips(folium_map):
    return map_tips(folium_map)


def render(events, gazetteer, **kwargs):
    kwargs.setdefault("basemap", BASEMAP)
    kwargs.setdefault("online_tiles", False)
    return build_map(events, gazetteer, **kwargs).get_root().render()


def test_routes_group_by_path_and_outcome(gazetteer):
    routes, points, unmapped = split_events(sample_events(), gazetteer)
    keys = sorted(g.key for g in routes)
    assert keys == [
        "local:test-camp>local:test-gate>local:test-north>arrived",
        "local:test-camp>local:test-gate>local:test-north>unknown",
        "local:test-quarter>local:test-gate>local:test-border>captured",
    ]
    assert sorted(points) == ["local:test-quarter", "local:test-region"]
    assert unmapped == []


def test_identical_routes_aggregate_into_one_line(gazetteer):
    """100k events on one route draw one line (with summed people), not 100k."""
    base = sample_events()[0]
    many = [base.replace(id=f"C{i}") for i in range(300)]
    (group,), _, _ = split_events(many, gazetteer)
    assert len(group.events) == 300 and group.people == (1200, 1200)
    folium_map = build_map(many, gazetteer, basemap=BASEMAP, online_tiles=False)
    (line,) = features(folium_map, "atlas-route")
    assert line["geometry"]["type"] == "LineString" and len(line["geometry"]["coordinates"]) == 3
    assert "300 event(s)" in line["properties"]["tip"] and "people: 1200" in line["properties"]["tip"]
    assert folium_map.atlas_config["arrows"] == OUTCOME_MARKS   # the map's script draws its arrowheads


@pytest.mark.parametrize("layers, arrows", [(LAYERS, OUTCOME_MARKS), (("places", "labels"), None)])
def test_arrowheads_are_drawn_by_the_script_from_the_route_lines(gazetteer, layers, arrows):
    """No arrow shapes travel in the page: the script draws them from the route lines (with each outcome's end
    mark), as shapes only, so hover and click reach the line, which alone carries the tooltip (tests/e2e)."""
    folium_map = build_map(sample_events(), gazetteer, basemap=BASEMAP, online_tiles=False, layers=layers)
    assert folium_map.atlas_config["arrows"] == arrows
    assert not [layer for layer in inline_layers(folium_map) if "atlas-arrow" in layer.options.get("className", "")]
    assert all(line["properties"]["tip"] for line in features(folium_map, "atlas-route"))


@pytest.mark.parametrize("layers, present, absent", [
    (LAYERS, ["atlas-route", "atlas-checkpoint", "atlas-halo", "atlas-point-event", "atlas-place"], []),
    (("routes",), ["atlas-route"], ["atlas-checkpoint", "atlas-halo", "atlas-point-event"]),
    (("checkpoints", "places"), ["atlas-checkpoint", "atlas-place"], ["atlas-route", "atlas-halo"]),
])
def test_layers_draw_what_they_say(gazetteer, layers, present, absent):
    page = render(sample_events(), gazetteer, layers=layers).replace(map_script(), "")   # the same on every map
    for name in present:
        assert name in page, name
    for name in absent:
        assert name not in page, name


def test_style_encodes_outcome_people_and_precision(gazetteer):
    routes, _, _ = split_events(sample_events(), gazetteer)
    page = render(sample_events(), gazetteer, layers=("routes",))
    for group in routes:
        assert OUTCOME_COLOURS[group.outcome] in page
    # the test camp is approximate, so every route from it is dashed
    lines = features(build_map(sample_events(), gazetteer, basemap=BASEMAP, layers=("routes",)), "atlas-route")
    assert sum(line["properties"]["style"].get("dashArray") == "10 7" for line in lines) == 3
    assert route_weight((20, 20)) > route_weight((4, 4)) > route_weight(None)


def test_halo_radius_is_the_uncertainty(gazetteer):
    halos = features(build_map(sample_events(), gazetteer, basemap=BASEMAP, layers=("uncertainty",)), "atlas-halo")
    radii = sorted(halo["properties"]["style"]["radius"] for halo in halos)
    assert radii == sorted(p.uncertainty_m for p in sample_places() if p.is_approximate and p.uncertainty_m > 0)
    assert radii and 0 not in radii


def test_halo_outlines_are_solid_and_filled(gazetteer):
    """Dashed outlines of country-sized halos at street zoom stalled Chromium's paint for tens of seconds."""
    drawn = features(build_map(sample_events(), gazetteer, basemap=BASEMAP, layers=("uncertainty",)), "atlas-halo")
    styles = [halo["properties"]["style"] for halo in drawn]
    assert len(styles) == sum(1 for p in sample_places() if p.is_approximate) > 0
    assert all(style["fillOpacity"] == 0.08 and style["radius"] and "dashArray" not in style for style in styles)


@pytest.mark.parametrize("needle", ["<script>window.__pwned", "<img src=x onerror"])
def test_hostile_text_is_escaped(gazetteer, needle):
    folium_map = build_map(sample_events(), gazetteer, basemap=BASEMAP, online_tiles=False)
    page = folium_map.get_root().render()
    assert needle not in page                                    # data in the page: "<" written as \u003c
    assert any(html.escape(needle) in tip for tip in tips(folium_map))     # text in its tooltip


def test_hostile_place_names_are_escaped():
    places = sample_places()
    evil = places[1].__class__(**{**{f: getattr(places[1], f) for f in places[1].__slots__},
                                  "name_en": HOSTILE_NOTE})
    gazetteer = FakeGazetteer([*places[:1], evil, *places[2:]])
    page = render(sample_events(), gazetteer, view="southern-damascus")
    assert "<script>window.__pwned" not in page and "onerror=\"window" not in page


@pytest.mark.parametrize("selection", [
    Selection("route", "local:test-camp>local:test-gate>local:test-north>arrived"),
    Selection("place", "local:test-gate"),
    Selection("events", "local:test-quarter"),
])
def test_selection_round_trips_through_tooltip_text(gazetteer, selection):
    """The tooltip text streamlit-folium sends back parses to the same selection."""
    folium_map = build_map(sample_events(), gazetteer, basemap=BASEMAP, online_tiles=False)
    (tip,) = [t for t in tips(folium_map) if selection.token in html.unescape(t)][:1]
    tooltip_text = html.unescape(re.sub(r"<[^>]+>", "", tip))   # what extractContent() in streamlit-folium returns
    assert parse_selection(tooltip_text) == selection


@pytest.mark.parametrize("selection, expected", [
    (Selection("route", "local:test-camp>local:test-gate>local:test-north>arrived"), ["T1"]),
    (Selection("place", "local:test-gate"), ["T1", "T2", "T5"]),
    (Selection("events", "local:test-quarter"), ["T3"]),
    (Selection("events", "local:nowhere"), []),
    (None, []),
])
def test_events_for_selection(gazetteer, selection, expected):
    assert [e.id for e in events_for_selection(selection, sample_events(), gazetteer)] == expected


@pytest.mark.parametrize("text", [None, "", "plain tooltip", "⟦nonsense:x⟧"])
def test_parse_selection_without_key(text):
    assert parse_selection(text) is None


def test_overview_fits_events_and_detail_view_fits_southern_damascus(gazetteer):
    routes_only = render(sample_events()[:1], gazetteer)
    bounds = re.search(r"fitBounds\(\s*(\[\[.*?\]\])", routes_only, re.S).group(1)
    south, west, north, east = map(float, re.findall(r"-?\d+\.\d+", bounds))
    assert south < 33.47 and north > 35.93 and west < 36.30 and east > 36.63
    # With southern Damascus places in the gazetteer, the detail view frames only them.
    detail_place = sample_places()[1].__class__(**{**{f: getattr(sample_places()[1], f)
                                                     for f in sample_places()[1].__slots__}, "id": "local:yalda"})
    with_detail = FakeGazetteer([*sample_places(), detail_place])
    page = render(sample_events()[:1], with_detail, view="southern-damascus")
    south, west, north, east = map(float, re.findall(r"-?\d+\.\d+",
                                   re.search(r"fitBounds\(\s*(\[\[.*?\]\])", page, re.S).group(1)))
    assert north - south < 0.05 and south < detail_place.lat < north


@pytest.mark.parametrize("kwargs", [{"view": "inset"}, {"layers": ("routes", "heatmap")}])
def test_bad_arguments_are_refused(gazetteer, kwargs):
    with pytest.raises(ValueError):
        render(sample_events(), gazetteer, **kwargs)


def test_online_tiles_only_when_asked(gazetteer):
    assert "tile.openstreetmap.org" not in render(sample_events(), gazetteer, online_tiles=False)
    assert "tile.openstreetmap.org" in render(sample_events(), gazetteer, online_tiles=True)


def test_map_links_only_local_assets(gazetteer):
    links = re.findall(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"', render(sample_events(), gazetteer))
    assert links and all(link.startswith("/app/static/vendor/") for link in links)


@pytest.mark.parametrize("selection, words", [
    (Selection("route", "local:test-camp>local:test-gate>local:test-north>arrived"),
     ["Route Test Camp → Test Gate → Test North City (arrived)"]),
    (Selection("place", "local:test-gate"), ["Place Test Gate / حاجز التجربة"]),
    (Selection("events", "local:test-quarter"), ["Events at Test Quarter"]),
    (Selection("place", "local:gone"), ["Place local:gone"]),
])
def test_selection_title(gazetteer, selection, words):
    title = selection_title(selection, gazetteer)
    for word in words:
        assert word in title


@pytest.mark.parametrize("event_id, present, classes", [
    ("T1", ["Abu Test, Umm Example", "4 people", "2017-12-28 (day)", "Test Camp / مخيم التجربة", "Test Outlet",
            "seed 000_test.txt"], []),
    ("T2", ["3–5 fighters", "2017-07-01 – 2017-07-31 (month)", "Other Outlet", "outcome captured"], []),
    ("T3", ["date unknown", "<script>"], ["atlas-undated"]),
    ("T4", ["DISPUTED", "Denied by another outlet <script>"], ["atlas-disputed"]),
])
def test_event_details_html(gazetteer, event_id, present, classes):
    event = next(e for e in sample_events() if e.id == event_id)
    page = event_details_html(event, gazetteer)
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))          # the text a browser shows
    for text in present:
        assert text in shown, text
    for name in classes:
        assert f'class="{name}"' in page
    assert '<div class="atlas-quote" dir="rtl" lang="ar">' in page and event.quote_ar in page
    assert "<script>" not in page and "<img" not in page


def test_places_at_one_point_share_one_stacked_label(gazetteer):
    gate = gazetteer.get("local:test-gate")
    twin = gate.__class__(**{**{f: getattr(gate, f) for f in gate.__slots__},
                             "id": "local:test-gate-post", "name_en": "Gate post", "kind": "site"})
    both = FakeGazetteer([*sample_places(), twin])
    event = sample_events()[2].replace(id="T8", location="local:test-gate-post")
    folium_map = build_map([*sample_events(), event], both, basemap=BASEMAP, online_tiles=False,
                           view="southern-damascus")
    labels = folium_map.atlas_config["labels"]
    stacked = [label for label in labels if "Gate post" in label["text"]]
    assert len(stacked) == 1 and stacked[0]["text"].split("\n") == ["Test Gate", "Gate post"]
    used = {pid for e in [*sample_events(), event] for pid in e.place_ids}
    regions = {pid for pid in used if both.get(pid).kind == "region"}
    named = {pid for label in labels for pid in label["id"].split("|")}
    assert regions and named == used - regions
    assert not any(both.get(pid).name_en in label["text"] for pid in regions for label in labels)   # no point


def test_building_maps_leaves_the_shipped_basemap_as_read(gazetteer):
    """The outlines are read once and shared by every map: building and rendering must not change them."""
    from geodata.basemap import countries_geojson, governorates_geojson
    for view in VIEWS:
        render(sample_events(), gazetteer, view=view, basemap=None)   # the shipped outlines
    assert shipped_basemap() == (("Countries", countries_geojson()), ("Governorates", governorates_geojson()))


def shown_groups(folium_map):
    """Layer-control title -> whether the group starts ticked."""
    return {g.layer_name: g.show for g in folium_map._children.values() if isinstance(g, folium.FeatureGroup)}


@pytest.mark.parametrize("view,hidden,names_shown", [
    ("overview", None, True),             # names are placed without overlap at every scale: on by default
    ("southern-damascus", None, True),
    ("overview", (), True),               # a snapshot of what the analyst ticked
    ("southern-damascus", ("labels",), False),
])
def test_place_names_start_ticked_as_asked(gazetteer, view, hidden, names_shown):
    folium_map = build_map(sample_events(), gazetteer, view=view, basemap=BASEMAP, hidden=hidden)
    groups = shown_groups(folium_map)
    assert groups["Place names"] is names_shown
    assert groups["Routes"] is True and groups["Checkpoints"] is True


def _features_call(page: str) -> tuple[str, object]:
    """The page with the argument of the layer's ``_add(...)`` call cut out, and that argument parsed."""
    match = re.search(r"(layer0_add\()(.*)(\);)", page)
    return page[:match.start(2)] + page[match.end(2):], json.loads(match.group(2))


def test_feature_layers_render_the_same_page_as_folium_geojson():
    """The fast feature layer only skips branca's template compile and serialises the features its own
    (compact) way: the page must otherwise not change, the features must parse to the same data, and
    the features' text must stay as safe inside the script element as folium's."""
    from atlas.map.page import APPLY_FEATURE_PROPERTIES, InlineGeoJson

    def page(layer_class):
        folium_map = folium.Map(location=[33.5, 36.3], zoom_start=8)
        folium_map._id = "map0"
        data = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"tip": HOSTILE_NOTE + " & it's", "style": {"color": "#f00", "weight": 3}},
             "geometry": {"type": "LineString", "coordinates": [[36.3, 33.5], [36.6, 35.9]]}},
            {"type": "Feature", "properties": {"tip": "a point"},
             "geometry": {"type": "Point", "coordinates": [36.3, 33.5]}}]}
        layer = layer_class(data, control=False, marker=folium.CircleMarker(radius=3),
                            on_each_feature=APPLY_FEATURE_PROPERTIES, className="atlas-test")
        layer._id = "layer0"
        layer.add_to(folium_map)
        return re.sub(r"[0-9a-f]{32}", "ID", folium_map.get_root().render())

    ours, folium_page = page(InlineGeoJson), page(folium.GeoJson)
    assert "layer0" in ours and "atlas-test" in ours
    (our_rest, our_data), (folium_rest, folium_data) = _features_call(ours), _features_call(folium_page)
    assert our_rest == folium_rest
    assert our_data == folium_data
    our_text = re.search(r"layer0_add\((.*)\);", ours).group(1)
    assert not set("<>&'") & set(our_text)          # nothing that could end the script element or an attribute


@pytest.mark.parametrize("data", [
    {"type": "FeatureCollection", "features": []},
    {"a": "</script><b>&'\"\u2028\u2029", "ar": "معمل بردى", "n": [1, 2.5, None, True]},
])
def test_page_json_round_trips_and_is_script_safe(data):
    text = page_json(data)
    assert json.loads(text) == data
    assert not set("<>&'\u2028\u2029") & set(text)


def test_collection_json_equals_page_json_of_the_collection():
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.3, 33.5]},
                 "properties": {"tip": f"<b>{n}</b>"}} for n in range(3)]
    expected = page_json({"type": "FeatureCollection", "features": features})
    assert collection_json(page_json(f) for f in features) == expected
    assert collection_json([]) == page_json({"type": "FeatureCollection", "features": []})


def test_deferred_layer_data_skips_the_features_and_fills_them_back(gazetteer):
    """streamlit-folium re-renders each layer's script after the page; with ``defer_data`` that text
    carries a short token instead of the features, and ``fill_layer_data`` puts them back."""
    import streamlit_folium as sf
    folium_map = build_map(sample_events(), gazetteer, basemap=BASEMAP)
    page = folium_map.get_root().render()
    layers = deferred_elements(folium_map)        # feature layers and the columnar page's tables
    assert layers
    for layer in layers:
        layer.defer_data = True
    deferred = sf._get_map_string(folium_map)
    assert all(layer.data_token in deferred and layer.data_json() not in deferred for layer in layers)
    filled = fill_layer_data(deferred, layers)
    unfilled = filled
    for layer in layers:
        assert filled.count(layer.data_json()) == 1 and layer.data_token not in filled
        unfilled = unfilled.replace(layer.data_json(), json.dumps(layer.data_token))
    assert unfilled == deferred                     # the features are the only difference
    for layer in layers:
        assert layer.data_json() in page and layer.data_token not in page


def test_discarded_map_frees_its_features_without_the_garbage_collector(gazetteer):
    import gc
    import weakref

    class Marker(dict):
        """A dict that can be weakly referenced, put among a layer's features."""
    folium_map = build_map(sample_events(), gazetteer, basemap=BASEMAP)
    folium_map.get_root().render()
    layer = inline_layers(folium_map)[0]
    marker = Marker()
    layer.data["features"].append(marker)
    watch = weakref.ref(marker)
    del marker, layer
    gc.disable()
    try:
        discard_map(folium_map)
        del folium_map
        assert watch() is None          # freed by reference counting alone: no cycle was left
    finally:
        gc.enable()


def test_template_syntax_in_user_text_stays_text(gazetteer):
    """branca compiles a layer's script as a Jinja template; with the features inline, a summary holding
    '{{ 7*7 }}' showed '49' and '{% raw %}' broke the page. Our feature layers keep such text as text."""
    jinja = "{{ 7*7 }} {% raw %} {{ this.__class__ }}"
    events = [e.replace(summary_en=f"{jinja} {e.summary_en}") for e in sample_events()]
    page = build_map(events, gazetteer, basemap=BASEMAP).get_root().render()
    assert page.count(jinja) >= len(events)          # every tooltip holds the text as typed


def test_feature_cache_gives_the_same_map_and_is_reused(gazetteer):
    """Features kept in the cache draw exactly what a fresh build draws; a second build (or a filter
    that keeps whole groups) takes them from it."""
    events = sample_events()
    cache = {}

    def page_data(folium_map):      # the features and tooltips the page draws, as the browser makes them
        return json.dumps(map_features(folium_map))
    fresh = page_data(build_map(events, gazetteer, basemap=BASEMAP))
    assert page_data(build_map(events, gazetteer, basemap=BASEMAP, feature_cache=cache)) == fresh
    filled = dict(cache)
    assert filled and all(key[0] == "event-line" for key in filled)     # the words of each event's tooltip line
    assert page_data(build_map(events, gazetteer, basemap=BASEMAP, feature_cache=cache)) == fresh
    assert cache.keys() == filled.keys() and all(cache[k] is filled[k] for k in cache)   # reused, not rebuilt
    routes, _, _ = split_events(events, gazetteer)
    dropped = {e.id for e in routes[0].events}
    kept = [e for e in events if e.id not in dropped]                          # a filter dropping one group
    assert page_data(build_map(kept, gazetteer, basemap=BASEMAP, feature_cache=cache)) == \
        page_data(build_map(kept, gazetteer, basemap=BASEMAP))


def vector_layers(folium_map):
    """(class name, draws on a canvas) of the route, halo and place layers, and of their point markers."""
    drawn = []
    for layer in inline_layers(folium_map):
        name = layer.options.get("className", "")
        if name.split()[:1] and name.split()[0] in ("atlas-route", "atlas-halo", "atlas-place"):
            drawn.append((name, bool(layer.options.get("atlasCanvas"))))
            if layer.marker is not None:
                drawn.append((f"{name} marker", bool(layer.marker.options.get("atlasCanvas"))))
    return drawn


@pytest.mark.parametrize("canvas_above, on_canvas", [(None, False), (0, True)])
def test_a_big_map_draws_its_lines_and_shapes_on_a_canvas(gazetteer, canvas_above, on_canvas):
    """Beyond ``canvas_above`` route groups and places, every vector layer (and its point markers) asks for the
    canvas; a small map keeps an SVG element per feature."""
    options = {} if canvas_above is None else {"canvas_above": canvas_above}
    drawn = vector_layers(build_map(sample_events(), gazetteer, basemap=BASEMAP, online_tiles=False, **options))
    assert {name.split()[0] for name, _ in drawn} == {"atlas-route", "atlas-halo", "atlas-place"}
    assert {canvas for _, canvas in drawn} == {on_canvas}


def test_markers_are_placed_flat_before_any_marker_is_made(gazetteer):
    """The flat-marker patch runs before the first marker layer's script (a marker placed with a 3D transform is
    a compositing layer of its own, seconds of painting for hundreds of them without a GPU)."""
    page = render(sample_events(), gazetteer)
    patch = page.index("L.Marker.prototype._setPos = function")
    assert 0 < patch < page.index("pointToLayer")
    assert page.index("L.atlasCanvas = function") < page.index("pointToLayer")


JQUERY_CALL = re.compile(r"(?<![\w$.])\$\s*[(.]|\bjQuery\b")


@pytest.mark.parametrize("kwargs", [{}, {"language": "ar"}, {"layers": LAYERS}, {"online_tiles": True},
                                    {"canvas_above": 0}])
def test_map_pages_need_no_jquery(gazetteer, kwargs):
    """jQuery is not shipped (atlas.assets.UNUSED_LINKS): a map whose page called it (a folium popup, "keep in
    front") would break without a word, so every kind of map page is searched for a call."""
    page = render(sample_events(), gazetteer, **kwargs)
    assert "jquery" not in page.lower()
    assert JQUERY_CALL.findall(page) == []
    popup = folium.Map(location=[33.5, 36.3])
    folium.Marker([33.5, 36.3], popup="x").add_to(popup)
    assert JQUERY_CALL.search(popup.get_root().render())     # the search finds what a popup would bring
