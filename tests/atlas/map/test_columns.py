"""The columnar page: each place, event line and style once per map, rows of indexes, coordinates rounded, words in
the map's language; the script's config names travel as tables (what the browser makes of them: tests/e2e)."""
import html

import pytest

from atlas.i18n import translator
from atlas.map.build import build_map
from atlas.map.columns import APPROXIMATE_DASH, PRECISION, TIP_EVENTS, PageTables, TablesScript, tip_words
from atlas.map.drafts import DRAFT_ROUTE_DASH
from atlas.map.groups import split_events
from atlas.map.interactive import as_table, page_config
from atlas.map.markup import count_text, date_text
from atlas.map.page import inline_layers
from tests.support.map_features import line_indexes, map_features, map_tips
from tests.support.sample_data import FakeGazetteer, sample_events, sample_places

PLACES = FakeGazetteer(sample_places())


def _tables(folium_map) -> PageTables:
    stack = [folium_map]
    while stack:
        element = stack.pop()
        if isinstance(element, TablesScript):
            return element.tables
        stack.extend(element._children.values())
    raise AssertionError("no tables on the map")


def _line_indexes(kind: str, row: list) -> list[int]:
    """The event lines a route or event-marker row lists (a number: the first of lines that follow one another)."""
    if kind not in ("atlas-route", "atlas-point-event"):
        return []
    listed, total = (row[6], row[2]) if kind == "atlas-route" else (row[5], row[6])
    return list(line_indexes(listed, total, TIP_EVENTS))


def test_each_place_event_and_style_is_in_the_page_once():
    many = [e.replace(id=f"{e.id}-{n}") for n in range(30) for e in sample_events()]
    folium_map = build_map(many, PLACES)
    tables = _tables(folium_map)
    ids = tables.places["id"]
    assert len(ids) == len(set(ids)) and set(ids) <= {p.id for p in sample_places()}
    listed = [index for layer in inline_layers(folium_map) if getattr(layer, "columns", None)
              for row in layer.columns["rows"] for index in _line_indexes(layer.options["className"].split()[0], row)]
    assert sorted(set(listed)) == list(range(len(tables.events["summary"])))      # each line once, and used
    assert len(tables.events["summary"]) < len(many)
    styles = [repr(style) for style in tables.styles]
    assert len(styles) == len(set(styles))
    routes, _, _ = split_events(many, PLACES)
    lines = map_features(folium_map, "atlas-route")
    assert len(lines) == len(routes)                                      # one row a route group, not an event
    assert all(f"{len(g.events)} event(s)" in " ".join(f["properties"]["tip"] for f in lines) for g in routes)


def test_tooltips_list_the_first_events_and_count_the_rest():
    many = [sample_events()[0].replace(id=f"C{n}") for n in range(TIP_EVENTS + 3)]
    (line,) = map_features(build_map(many, PLACES), "atlas-route")
    assert line["properties"]["tip"].count("• ") == TIP_EVENTS and "… and 3 more" in line["properties"]["tip"]


def test_date_and_count_words_are_kept_once_and_each_line_reads_summary_date_count_and_dispute():
    same_day = [e.replace(id=f"{e.id}-{n}") for n in range(5) for e in sample_events()]
    tables = PageTables(translator("en"))
    for event in same_day:
        tables.event(event)
    data = tables.data()["events"]
    assert len(data["whens"]) == len(set(data["whens"])) == len({date_text(e) for e in sample_events()})
    assert len(data["counts"]) == len(set(data["counts"])) == len({count_text(e) for e in sample_events()})
    tips = " ".join(tip for tip in map_tips(build_map(same_day, PLACES)))
    for event in sample_events():
        line = f"[{date_text(event)}; {count_text(event)}]" + (" (disputed)" if event.disputed else "")
        assert html.escape(line, quote=True).replace("&#x27;", "&#39;").replace("&quot;", "&#34;") in tips, line


def test_coordinates_are_rounded_to_the_page_precision():
    place = sample_places()[0]
    moved = place.__class__(**{**{f: getattr(place, f) for f in place.__slots__},
                               "lat": place.lat + 1.23456789e-4, "lon": place.lon - 9.87654321e-4})
    tables = PageTables(translator("en"))
    tables.place(moved)
    (lon, lat), = tables.places["at"]
    assert (lon, lat) == (round(moved.lon, PRECISION), round(moved.lat, PRECISION))
    assert tables.place(moved) == 0 and len(tables.places["at"]) == 1


@pytest.mark.parametrize("language, digits, expected", [("en", "latin", "0123456789"),
                                                         ("ar", "latin", "0123456789"),
                                                         ("ar", "arabic-indic", "٠١٢٣٤٥٦٧٨٩")])
def test_tooltip_words_and_digits_follow_the_map(language, digits, expected):
    words = tip_words(translator(language, digits))
    assert words["digits"] == expected and words["lang"] == language
    assert words["direction"] == ("rtl" if language == "ar" else "ltr")
    assert "{count}" in words["counts"] and "{people}" in words["counts"] and "{outcome}" in words["counts"]


def test_event_layers_carry_rows_not_features():
    folium_map = build_map(sample_events(), PLACES)
    columnar = [layer for layer in inline_layers(folium_map) if getattr(layer, "columns", None) is not None]
    assert {layer.options["className"].split()[0] for layer in columnar} >= {"atlas-route", "atlas-point-event",
                                                                           "atlas-place", "atlas-halo"}
    assert all(layer.data_json().startswith("atlasColumns.") and '"type":"Feature"' not in layer.data_json()
               for layer in columnar)


@pytest.mark.parametrize("records, table", [
    ([{"a": 1, "b": "x"}, {"a": 2, "b": "y"}], {"columns": ["a", "b"], "rows": [[1, "x"], [2, "y"]]}),
    ([{"a": 1}, {"a": 2, "b": "y"}], [{"a": 1}, {"a": 2, "b": "y"}]),      # differing keys: as they are
    ([], []),
])
def test_records_travel_as_a_table_when_they_share_their_keys(records, table):
    assert as_table(records) == table


def test_the_page_config_keeps_the_labels_it_was_given():
    folium_map = build_map(sample_events(), PLACES)
    config = page_config(folium_map.atlas_config)
    labels = config["labels"]
    rebuilt = [dict(zip(labels["columns"], row)) for row in labels["rows"]]
    assert rebuilt == folium_map.atlas_config["labels"] and rebuilt


def test_approximate_routes_have_square_ended_dashes_and_drafts_stay_dotted():
    """Round-capped dashes cost a big map's canvas half a second to rasterise; a draft's dots need round caps."""
    styles = {}
    for status in ("curated", "draft"):
        events = [e.replace(status=status) for e in sample_events()]
        styles[status] = [line["properties"]["style"] for line in map_features(build_map(events, PLACES),
                                                                                "atlas-route")]
    dashed = [s for s in styles["curated"] if s.get("dashArray")]
    assert dashed and all(s["dashArray"] == APPROXIMATE_DASH and s["lineCap"] == "butt" for s in dashed)
    assert all(s["dashArray"] == DRAFT_ROUTE_DASH and "lineCap" not in s for s in styles["draft"])


@pytest.mark.parametrize("before, row, expected", [
    ([], ["A", "B", "C"], 0),                          # fresh lines, one after another: the first index stands for them
    ([], ["A", "B", "C", "D", "E", "F"], 0),           # (only the first TIP_EVENTS become lines)
    (["X"], ["A", "B"], 1),
    (["B"], ["A", "B"], [1, 0]),                       # a line listed before by another row: not numbered anew
    (["A", "X"], ["A", "B"], [0, 2]),                  # a gap
])
def test_a_rows_lines_are_one_number_when_they_follow_one_another(before, row, expected):
    event = {name: sample_events()[0].replace(id=name) for name in "ABCDEFX"}
    tables = PageTables(translator("en"))
    for name in before:
        tables.event(event[name])
    assert tables.listed([event[name] for name in row]) == expected
    assert len(tables.events["summary"]) == len(set(before) | set(row[:TIP_EVENTS]))


def test_only_disputed_lines_are_named_and_their_tooltips_say_so():
    events = [e.replace(id=f"D{n}", disputed=n % 3 == 0, dispute_note="outlets disagree" if n % 3 == 0 else "")
              for n, e in enumerate(sample_events() * 2)]
    tables = PageTables(translator("en"))
    indexes = [tables.event(e) for e in events]
    assert tables.data()["events"]["disputed"] == [i for i, e in zip(indexes, events) if e.disputed]
    tips = map_tips(build_map(events, PLACES))
    assert sum(tip.count("(disputed)") for tip in tips) == sum(e.disputed for e in events) > 0
