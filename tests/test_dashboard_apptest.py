"""The dashboard script under Streamlit's AppTest: filters change what is shown, table, totals, details.

The catalog is replaced by the synthetic test events (monkeypatched: AppTest runs the script in
this process), so these tests need neither the store nor the curated table.
"""
import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

import atlas.ui
from atlas.catalog import CombinedPlaces
from atlas.timeline import period_title
from events.filters import STATUS_WORDS
from tests.support.apptest import open_tab, tab_labels
from tests.support.sample_data import HOSTILE_NOTE, QUOTE_AR, FakeGazetteer, sample_events, sample_places

pytestmark = pytest.mark.slow   # runs the whole dashboard under AppTest


@pytest.fixture
def app(monkeypatch, tmp_path, project_root):
    monkeypatch.chdir(project_root)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(atlas.ui, "catalog",
                        lambda config=None: (sample_events(), CombinedPlaces(FakeGazetteer(sample_places()))))
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=60)
    return at.run()


def frame_with(at, column, width=None):
    """The dataframe that has ``column`` (AppTest does not expose dataframe keys)."""
    frames = [d.value for d in at.dataframe if column in d.value.columns
              and (width is None or len(d.value.columns) == width)]
    assert len(frames) == 1, f"{len(frames)} tables with a {column!r} column"
    return frames[0]


def shown_ids(at):
    return list(frame_with(at, "status")["id"])


def test_first_run_shows_everything(app):
    assert not app.exception
    assert shown_ids(app) == ["T1", "T2", "T3", "T4", "T5"]
    assert app.caption[0].value.startswith("5 of 5 events")


@pytest.mark.parametrize("widget, action, expected", [
    ("filters-types", lambda w: w.select("exit"), ["T1", "T5"]),
    ("filters-outcomes", lambda w: w.select("captured"), ["T2"]),
    ("filters-outlets", lambda w: w.select("Other Outlet"), ["T2"]),
    ("filters-places", lambda w: w.select("local:test-gate"), ["T1", "T2", "T5"]),
    ("filters-person", lambda w: w.input("umm"), ["T1"]),
    ("filters-disputed", lambda w: w.set_value("disputed only"), ["T4"]),
    ("filters-undated", lambda w: w.uncheck(), ["T1", "T2", "T4", "T5"]),
    ("filters-dates", lambda w: w.set_value((dt.date(2017, 12, 20), dt.date(2017, 12, 30))), ["T1", "T3", "T5"]),
])
def test_each_filter_narrows_the_table(app, widget, action, expected):
    action(_widget(app, widget)).run()
    assert not app.exception
    assert shown_ids(app) == expected
    assert app.caption[0].value.startswith(f"{len(expected)} of 5 events")


def _widget(at, key):
    for kind in (at.multiselect, at.text_input, at.radio, at.checkbox, at.slider, at.selectbox, at.number_input):
        try:
            return kind(key=key)
        except KeyError:
            continue
    raise KeyError(key)


def test_place_role_restricts_the_place_filter(app):
    _widget(app, "filters-places").select("local:test-gate").run()
    _widget(app, "filters-roles").set_value(["destination"]).run()
    assert shown_ids(app) == []


def _map_title(at) -> str:
    return next(h.value for h in at.subheader if h.value.startswith("Map ·"))


@pytest.mark.parametrize("unit, forward, back", [
    # 2017-07-01 is a Saturday: its week is clipped to the span's first day (the sample events start in July)
    ("week", (dt.date(2017, 7, 3), dt.date(2017, 7, 9)), (dt.date(2017, 7, 1), dt.date(2017, 7, 2))),
    ("day", (dt.date(2017, 7, 2), dt.date(2017, 7, 2)), (dt.date(2017, 7, 1), dt.date(2017, 7, 1))),
    ("month", (dt.date(2017, 8, 1), dt.date(2017, 8, 31)), (dt.date(2017, 7, 1), dt.date(2017, 7, 31))),
])
def test_step_buttons_move_the_window_by_the_chosen_unit(app, unit, forward, back):
    span = _widget(app, "filters-dates").value
    _widget(app, "filters-dates").set_value((dt.date(2017, 7, 1), dt.date(2017, 7, 10))).run()
    _widget(app, "filters-unit").set_value(unit).run()
    app.button(key="filters-forward").click().run()
    expected_forward = (max(forward[0], span[0]), forward[1])
    assert _widget(app, "filters-dates").value == expected_forward
    assert _map_title(app) == "Map · " + period_title(expected_forward)      # the map's title gives the step
    app.button(key="filters-back").click().run()
    assert _widget(app, "filters-dates").value == (max(back[0], span[0]), back[1])


def test_playback_steps_a_week_and_pauses(app):
    _widget(app, "filters-dates").set_value((dt.date(2017, 12, 1), dt.date(2017, 12, 30))).run()
    app.button(key="filters-play").click().run()
    assert not app.exception
    # play starts on the week holding the window's start (27 Nov - 3 Dec), then steps one week on
    assert _widget(app, "filters-dates").value == (dt.date(2017, 12, 4), dt.date(2017, 12, 10))
    assert "playing by week" in _map_title(app)
    app.button(key="filters-play").click().run()          # pause
    assert "playing" not in _map_title(app)


def test_min_outlets_filter_in_the_sidebar(app):
    app.number_input(key="filters-min-outlets").set_value(2).run()
    assert not app.exception and shown_ids(app) == []      # every sample event has a single outlet


def test_details_escape_hostile_text_and_show_arabic_right_to_left(app):
    app.selectbox(key="map-pick").set_value("T4").run()
    html = "".join(m.value for m in app.html if "atlas-details" in m.value)
    assert 'dir="rtl"' in html and QUOTE_AR in html
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    for expected in ("Test Outlet", "000_test.txt", "DISPUTED", "2017-12-01 – 2017-12-07 (week)"):
        assert expected in html
    assert HOSTILE_NOTE not in html


def test_details_of_an_undated_event_say_so(app):
    app.selectbox(key="map-pick").set_value("T3").run()
    html = "".join(m.value for m in app.html if "atlas-details" in m.value)
    assert "date unknown" in html and "atlas-undated" in html


def test_undated_events_listed_apart_under_the_timeline(app):
    undated = frame_with(app, "undated")
    assert list(undated["id"]) == ["T3"] and list(undated["undated"]) == ["⚠ undated"]
    assert "T3" in shown_ids(app)           # also in the main table, marked
    assert frame_with(app, "status").set_index("id").loc["T3", "date"] == "⚠ undated"


def test_totals_per_checkpoint_and_destination(app):
    assert not [frame for frame in app.dataframe if "checkpoint" in frame.value.columns]   # a tab not chosen: not run
    checkpoint = frame_with(open_tab(app, "Totals"), "checkpoint")
    assert list(checkpoint["checkpoint"]) == ["Test Gate"]
    assert list(checkpoint["events"]) == [3] and list(checkpoint["people"]) == ["17–29"]
    _widget(app, "filters-types").select("capture").run()
    destination = frame_with(app, "destination", width=4)
    assert list(destination["destination"]) == ["Test Border Town"] and list(destination["people"]) == ["3–5"]


def test_view_picker_switches_the_map_view(app):
    app.radio(key="map-view").set_value("southern-damascus").run()
    assert not app.exception
    assert app.radio(key="map-view").value == "southern-damascus"


def test_hiding_drafts_removes_a_draft_team_event_from_table_and_map(monkeypatch, tmp_path, project_root, shown_text):
    import dataclasses
    monkeypatch.chdir(project_root)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    events = sample_events()
    events[0] = dataclasses.replace(events[0], status="draft", added_by="tester")
    monkeypatch.setattr(atlas.ui, "catalog", lambda config=None: (events, CombinedPlaces(FakeGazetteer(sample_places()))))
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=60).run()
    picked = lambda: {option.split(":")[0] for option in at.selectbox(key="map-pick").options}  # noqa: E731
    assert "T1" in shown_ids(at) and "T1" in picked()
    at.toggle(key="filters-drafts").set_value(False).run()
    assert not at.exception
    assert shown_ids(at) == ["T2", "T3", "T4", "T5"]
    assert "T1" not in picked() and "T2" in picked()          # the map's picker lists what is drawn
    assert "draft (unverified) team events hidden" in shown_text(at.caption[0].value)


def _run_with_auth(monkeypatch, tmp_path, project_root, **environ):
    monkeypatch.chdir(project_root)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(atlas.ui, "catalog",
                        lambda config=None: (sample_events(), CombinedPlaces(FakeGazetteer(sample_places()))))
    return AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=60).run()


@pytest.mark.parametrize("environ, import_shown", [
    ({"ATLAS_AUTH": "none"}, True),
    ({"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": "editor@example.org"}, False),
])
def test_import_panel_only_for_editors(monkeypatch, tmp_path, project_root, environ, import_shown):
    at = _run_with_auth(monkeypatch, tmp_path, project_root, **environ)
    assert not at.exception
    assert ("Import" in tab_labels(at)) is import_shown
    assert not at.get("file_uploader")          # drawn only while its tab is open
    if import_shown:
        open_tab(at, "Import")
        assert "Import events" in [s.value for s in at.subheader]
        assert len(at.get("file_uploader")) == 1


@pytest.mark.parametrize("column, event_id, expected", [
    ("start", "T3", "undated"),          # no date: listed, marked as such
    ("start", "T1", "2017-12-28"),
    ("people_min", "T4", ""),             # no figure: blank, not a grey "None"
    ("people_min", "T5", "10"),
    ("people_min", "T1", "4"),
])
def test_event_table_shows_missing_values_as_words(app, column, event_id, expected):
    """Streamlit draws an empty cell as a grey "None", so the table holds no empty cells at all."""
    table = frame_with(app, "status")
    assert table.set_index("id").loc[event_id, column].strip() == expected
    assert not table[["start", "people_min"]].isna().any().any()


def test_event_table_still_sorts_dates_and_numbers(app):
    """As text, ISO dates and the padded counts (all one width) sort the way their values do."""
    table = frame_with(app, "status")
    counts = [c for c in table["people_min"] if c]
    assert len({len(c) for c in counts}) == 1                              # padded to one width
    assert [int(c.strip()) for c in sorted(counts)] == sorted(int(c) for c in counts)
    dates = [d for d in table["start"] if d != "undated"]
    assert sorted(dates) == sorted(dates, key=dt.date.fromisoformat)


@pytest.mark.parametrize("source, drafts, expected_ids, words", [
    ("both", True, ["T1", "T2", "T3", "T4", "T5"], None),
    ("curated", True, ["T3", "T4", "T5"], "curated table only"),
    ("team", True, ["T1", "T2"], "team events only"),
    ("team", False, ["T2"], "team events only, drafts hidden"),
    ("both", False, ["T2", "T3", "T4", "T5"], "draft (unverified) team events hidden"),
])
def test_source_choice_picks_curated_team_or_both(monkeypatch, tmp_path, project_root, shown_text, source, drafts,
                                                  expected_ids, words):
    import dataclasses
    monkeypatch.chdir(project_root)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    events = sample_events()
    events[0] = dataclasses.replace(events[0], status="draft", added_by="tester")
    events[1] = dataclasses.replace(events[1], status="verified", added_by="tester")
    monkeypatch.setattr(atlas.ui, "catalog", lambda config=None: (events, CombinedPlaces(FakeGazetteer(sample_places()))))
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=60).run()
    assert at.radio(key="filters-source").value == "both"           # default: both show together
    at.radio(key="filters-source").set_value(source).run()
    at.toggle(key="filters-drafts").set_value(drafts).run()
    assert not at.exception
    assert shown_ids(at) == expected_ids
    open_tab(at, "Export")
    export_caption = next(shown_text(c.value) for c in at.caption if "in the current selection" in c.value)
    assert export_caption.startswith(f"{len(expected_ids)} event")  # the export takes the same choice
    for caption in (shown_text(at.caption[0].value), export_caption):
        assert (words in caption) if words else not any(w in caption for w in STATUS_WORDS.values()), caption
        assert "statuses:" not in caption


@pytest.mark.parametrize("ticked, expected", [
    ([{"name": "Routes", "url": None}, {"name": "Checkpoints", "url": None}], "checkpoints, routes"),
    ([{"name": "Governorates", "url": None}, {"name": "Uncertainty halos", "url": None}], "basemap, uncertainty"),
    ([], "none"),
])
def test_export_takes_the_layers_ticked_on_the_map(app, ticked, expected):
    """The map component's last value (kept under the map's key) decides the snapshot's layers."""
    open_tab(app, "Export")
    assert not any("Snapshot layers" in c.value for c in app.caption)     # nothing reported yet: defaults
    app.session_state["map"] = {"selected_layers": ticked}
    app.run()
    assert not app.exception
    layers = [c.value for c in app.caption if c.value.startswith("Snapshot layers")]
    assert layers == [f"Snapshot layers, as ticked on the map: {expected}"]


def test_the_export_panel_is_drawn_only_in_its_tab_and_keeps_its_fields(app):
    """A filter change does not draw the export panel while another tab is open; what the briefer set there stays
    set when they come back to it."""
    assert not [c for c in app.caption if "in the current selection" in c.value]
    assert "Snapshot title" not in [w.label for w in app.text_input]
    open_tab(app, "Export")
    assert [c for c in app.caption if "in the current selection" in c.value]
    app.text_input(key="export-title").input("Yarmouk exits, <b>spring</b> 2017").run()
    app.radio(key="export-size").set_value(app.radio(key="export-size").options[1]).run()
    app.toggle(key="export-drafts").set_value(True).run()
    open_tab(app, "Totals")
    assert "Snapshot title" not in [w.label for w in app.text_input]
    open_tab(app, "Export")
    assert app.text_input(key="export-title").value == "Yarmouk exits, <b>spring</b> 2017"
    assert app.radio(key="export-size").index == 1 and app.toggle(key="export-drafts").value is True


BEACON_MARKDOWN = "![b](http://beacon.invalid/x.png) [l](http://beacon.invalid) <img src=http://beacon.invalid/y>"


def _markdown_sources(at) -> list[str]:
    """The source of every element Streamlit renders as Markdown (widget labels included)."""
    sources = [e.value for kind in ("markdown", "caption", "error", "warning", "info", "success")
               for e in getattr(at, kind)]
    sources += [w.label for kind in ("button", "checkbox", "text_input", "selectbox", "multiselect", "radio", "toggle")
                for w in getattr(at, kind)]
    return sources


def test_user_text_in_every_markdown_element_is_escaped(monkeypatch, tmp_path, project_root):
    """Hostile Markdown in every event text and a filter value: no element's Markdown holds an unescaped
    image, link or tag (each would fetch or run in the browser), and the text is still there to read."""
    import dataclasses
    monkeypatch.chdir(project_root)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    hostile = {name: f"{name} {BEACON_MARKDOWN}" for name in ("outlet", "summary_en", "notes", "dispute_note",
                                                               "date_relative", "date_basis", "cited_outlet")}
    events = [dataclasses.replace(e, **hostile, names=(f"Abu {BEACON_MARKDOWN}",)) for e in sample_events()]
    monkeypatch.setattr(atlas.ui, "catalog", lambda config=None: (events, CombinedPlaces(FakeGazetteer(sample_places()))))
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=60).run()
    _widget(at, "filters-person").input("![b](http://beacon.invalid/x.png)").run()   # within max_chars
    at.selectbox(key="map-pick").select("T1").run()
    assert not at.exception, at.exception
    sources = _markdown_sources(at)
    for label in tab_labels(at)[1:]:         # only the open tab's panel is drawn: each in turn
        sources += _markdown_sources(open_tab(at, label))
    assert any("beacon" in source for source in sources), sources   # the user text is shown somewhere
    for source in sources:
        readable = re.sub(r"\\.", "\x00", source, flags=re.S)     # escaped characters are text, not syntax
        assert "![" not in readable and "](" not in readable and "<img" not in readable, source
