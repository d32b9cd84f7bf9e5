"""When the map counts as moved (its centre and zoom then go into the address); the selected rows first."""
import pytest

from atlas.ui.map_panel import CANVAS_ROWS, moved, with_canvas


@pytest.mark.parametrize("first, here, expected", [
    ((34.8573, 39.0514, 6.0), (34.8499, 39.0454, 6.0), False),   # nudged as it first drew (a fraction of a pixel)
    ((34.85, 39.05, 6.0), (34.85, 39.05, 7.0), True),            # zoomed
    ((34.85, 39.05, 6.0), (34.85, 40.05, 6.0), True),            # panned about 45 px at zoom 6
    ((33.50, 36.30, 13.0), (33.50, 36.306, 13.0), True),         # about 35 px at zoom 13
    ((33.50, 36.30, 13.0), (33.50, 36.3002, 13.0), False),       # about 5 px
])
def test_moved(first, here, expected):
    assert moved(first, here) is expected


def test_selected_rows_come_first_marked_the_rest_in_order():
    import pyarrow as pa

    from atlas.ui.map_panel import SELECTED_COLUMN, _selected_first
    table = pa.table({"id": ["a", "b", "c", "d"], "n": [1, 2, 3, 4]})
    moved_table, ids = _selected_first(table, ["a", "b", "c", "d"], {"c", "a"})
    assert ids == ["a", "c", "b", "d"] and moved_table.column("id").to_pylist() == ids
    assert moved_table.column_names[0] == SELECTED_COLUMN
    assert moved_table.column(SELECTED_COLUMN).to_pylist() == ["▶", "▶", "", ""]
    same, same_ids = _selected_first(table, ["a", "b", "c", "d"], {"x"})
    assert same is table and same_ids == ["a", "b", "c", "d"]


@pytest.mark.parametrize("rows, renderer", [(0, None), (CANVAS_ROWS, None), (CANVAS_ROWS + 1, "canvas")])
def test_a_long_timeline_draws_on_a_canvas(rows, renderer):
    spec = {"mark": "point", "usermeta": {"embedOptions": {"actions": False}, "note": "kept"}}
    drawn = with_canvas(spec, rows)
    assert drawn["usermeta"]["embedOptions"].get("renderer") == renderer
    assert drawn["usermeta"]["embedOptions"]["actions"] is False and drawn["usermeta"]["note"] == "kept"
    assert spec["usermeta"]["embedOptions"] == {"actions": False}          # the cached spec is not changed


def test_the_curated_timeline_stays_svg_whose_marks_carry_their_words():
    """The table analysts open first keeps an SVG timeline (each mark labelled for a screen reader); only longer
    timelines, whose hundreds of marks made every change slow as SVG, draw on a canvas."""
    from atlas.cache_keys import EventList
    from atlas.timeline import timeline_table
    from events.curated import load_curated

    rows = timeline_table(EventList.of(load_curated()).columns()).num_rows
    assert 0 < rows <= CANVAS_ROWS
    assert with_canvas({"mark": "point"}, rows) == {"mark": "point"}


@pytest.mark.parametrize("columnar", [True, False])
@pytest.mark.parametrize("selected, expected", [
    (set(), [0, 1, 2]),                   # the first rows, in the selection's order
    ({"late"}, [0, 1, 2, 5]),            # a selected event beyond them comes too (the table puts it first)
    ({"e1", "late"}, [0, 1, 2, 5]),
])
def test_the_events_table_sends_the_first_rows_and_the_selected(monkeypatch, curated_events, columnar, selected,
                                                                expected):
    from atlas.cache_keys import EventList
    from atlas.ui import map_panel
    from events.table import EventTable

    events = [e.replace(id=f"e{n}") for n, e in enumerate(curated_events[:6])]
    events[5] = events[5].replace(id="late")
    shown = (EventList.of_table(EventTable.from_events(events), derived_from="all") if columnar
             else EventList(events, derived_from="all"))
    monkeypatch.setattr(map_panel, "TABLE_ROWS", 3)
    head = map_panel.table_rows(shown, selected)
    assert [e.id for e in head] == [events[row].id for row in expected]
    assert (head.table is not None) == columnar and head.key != shown.key
    assert len(head.columns()) == len(expected)
    monkeypatch.setattr(map_panel, "TABLE_ROWS", 6)
    assert map_panel.table_rows(shown, selected) is shown          # no more rows than that: all of them, as they are


@pytest.mark.parametrize("extra, aggregated", [(0, False), (1, True)])
def test_above_the_limit_the_timeline_holds_groups_with_a_caption(extra, aggregated):
    """At ``TIMELINE_MARKS`` dated events the chart draws one mark an event; one more and it draws groups (here
    all on one day: one mark counting every event), says so, and the undated stay apart."""
    import pyarrow as pa

    from atlas.cache_keys import EventList
    from atlas.i18n import translator
    from atlas.timeline import NO_WINDOW_DATASET
    from atlas.ui.map_panel import _timeline_spec
    from events.limits import TIMELINE_MARKS
    from tests.support.sample_data import sample_events

    base, undated = sample_events()[0], sample_events()[2]
    shown = EventList([base.replace(id=f"M{n}") for n in range(TIMELINE_MARKS + extra)] + [undated])
    spec, caption = _timeline_spec(("test", extra), shown, None, translator("en"))
    (name,) = [n for n in spec["datasets"] if n.startswith("atlas-") and n != NO_WINDOW_DATASET]   # (the shade: none)
    rows = pa.ipc.open_stream(spec["datasets"][name]).read_all().to_pylist()
    if aggregated:
        assert name.startswith("atlas-groups-") and caption and f"{TIMELINE_MARKS + extra:,}" in caption
        assert [(r["count"], r["period"]) for r in rows] == [(TIMELINE_MARKS + extra, "28 Dec 2017")]
        assert {layer["encoding"]["size"]["field"] for layer in spec["layer"][1:]} == {"thickness", "area"} # 0: shade
    else:
        assert name.startswith("atlas-events-") and caption is None
        assert len(rows) == TIMELINE_MARKS and undated.id not in {r["id"] for r in rows}
