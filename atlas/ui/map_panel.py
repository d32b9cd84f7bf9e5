"""The map and what sits around it: details of the clicked event, timeline, table and totals (one module, a little
over 400 lines, because these panels share the rows cached per selection, made from the events' columns).

The map is built AND rendered once per (filter, view, data) and kept with ``st.cache_resource``:
``st_folium`` re-renders its folium map on every rerun (and a second render of the same object
yields a broken script), which for a large selection costs far more than everything else on the
page. So the rendering steps of ``st_folium`` (streamlit-folium 0.27, pinned) run once in
:func:`_rendered_map` and each rerun only hands the cached strings to its component. The component
keeps one frame per view and language (a live map, see :func:`_map_component`): a new selection's layers are
drawn onto it, a rerun with the same selection changes nothing in it.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Sequence

import folium
import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st
from branca.element import MacroElement, Template
from streamlit import dataframe_util

from atlas import map_scripts, settings, ui
from atlas.cache_keys import EventList, data_key, map_key, table_key, timeline_key
from atlas.i18n import LANGUAGES, N_
from atlas.i18n import translator as translator_for
from atlas.map.basemap import OUTLINE_TITLES, REFERENCE_STYLES, VIEWS
from atlas.map.build import build_map
from atlas.map.labels import DEFAULT_LANGUAGE
from atlas.map.layers import GROUP_TITLES, LAYERS
from atlas.map.markup import count_text, date_text
from atlas.map.page import discard_map, fill_shared_data
from atlas.map.selection import Selection, parse_selection
from atlas.timeline import aggregate_timeline, aggregation_caption, spec_with_rows, timeline_table, undated
from atlas.ui import folium_component, selection_view, view_state
from atlas.ui.details_panel import render_details, selected_events  # noqa: F401 (the dashboard's names)
from atlas.ui.language import _, labels, t, w
from atlas.words import word
from events.filters import totals
from events.limits import TIMELINE_MARKS
from events.schema import Event
from events.table import EventTable

MAP_HEIGHT = 640
INLINE_SCRIPT_LIMIT = 400_000
"""A map script up to this size (characters) goes along with the rerun's message instead of being fetched: a
curated map's is about 100 kB once the basemap's data is shared; at 10,000 events it is 1.5 MB, fetched."""
TABLE_HEADERS = {"id": N_("id"), "date": N_("date"), "start": N_("start"), "type": N_("type"), "outcome": N_("outcome"),
                 "origin": N_("origin"), "via": N_("via"), "destination": N_("destination"), "location": N_("location"),
                 "people": N_("people"), "people_min": N_("people (min)"), "outlet": N_("outlet"),
                 "disputed": N_("disputed"), "status": N_("status"), "summary": N_("summary")}
VIEW_LABELS = {"overview": N_("Overview (all filtered events)"), "southern-damascus": N_("Southern Damascus (detail)")}

# bounds: the export panel frames snapshots as panned; last_clicked: the entry form's "place from the map";
# selected_layers: the overlays ticked in the map's layer control (filled in by _LayerReport), for exports.
# center/zoom: the map's view, for the address bar (atlas.ui.view_state).
RETURNED_OBJECTS = ("last_object_clicked_tooltip", "last_clicked", "bounds", "selected_layers", "center", "zoom")
# Layer-control titles (as ``build_map`` names its overlays, in English) -> ``atlas.map.LAYERS`` names.
LAYER_TITLES = {**{title: "basemap" for title in (*OUTLINE_TITLES, *REFERENCE_STYLES)},
                **{title: name for name, title in GROUP_TITLES.items()}}
LAYER_KEY_PREFIX = "atlas-overlay:"


class _LayerReport(MacroElement):
    """Puts the overlays ticked in the layer control into streamlit-folium's ``selected_layers``.

    streamlit-folium 0.27 only records WMS layers there, but it does send its value after every
    overlayadd/overlayremove (debounced), so keeping our entries current on those events is enough.
    """
    _template = Template("""{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }}, control = {{ this.control.get_name() }};
  function report() {
    var data = window.__GLOBAL_DATA__;
    if (!data || !data.selected_layers) { return; }
    Object.keys(data.selected_layers).forEach(function (k) {
      if (k.indexOf({{ this.prefix|tojson }}) === 0) { delete data.selected_layers[k]; }
    });
    control._layers.forEach(function (entry) {
      if (entry.overlay && map.hasLayer(entry.layer)) {
        data.selected_layers[{{ this.prefix|tojson }} + entry.name] = {name: entry.name, url: null};
      }
    });
  }
  report();
  map.on("overlayadd overlayremove", report);
})();
{% endmacro %}""")

    def __init__(self, control: folium.LayerControl):
        super().__init__()
        self._name = "LayerReport"
        self.control, self.prefix = control, LAYER_KEY_PREFIX


@lru_cache(maxsize=1)
def layer_titles() -> dict[str, str]:
    """Layer-control titles in every interface language -> ``atlas.map.LAYERS`` names (the map's frame may still
    show the language it was drawn in)."""
    return {translator_for(language).gettext(title): name
            for language in LANGUAGES for title, name in LAYER_TITLES.items()}


def shown_layers(result) -> tuple[str, ...] | None:
    """The ``atlas.map.LAYERS`` ticked on the map, from st_folium's value; None before it reports."""
    selected = (result or {}).get("selected_layers")
    if selected is None:
        return None
    titles = layer_titles()
    ticked = {titles.get((entry or {}).get("name")) for entry in selected}
    return tuple(name for name in LAYERS if name in ticked)


@st.cache_resource(show_spinner=False, max_entries=32)
def _rendered_map(cache_key: tuple, _events: tuple[Event, ...], _places, view: str, drawing: tuple[bool, str],
                  _feature_cache: dict | None = None, language: str = DEFAULT_LANGUAGE, digits: str = "latin",
                  share: bool = False) -> tuple[folium_component.RenderedMap, str]:
    """Build and render the map for one selection, view and label language, once: the rendered map and its
    script's file name. ``drawing``: (online tiles, static assets URL), from the settings. ``share``: the
    basemap's data stays out of the script, in files of its own (a published map, see :func:`_map_component`)."""
    online_tiles, static_url = drawing
    folium_map = build_map(_events, _places, view=view, feature_cache=_feature_cache, online_tiles=online_tiles,
                           static_url=static_url, language=language, digits=digits)
    control = next(c for c in folium_map._children.values() if isinstance(c, folium.LayerControl))
    _LayerReport(control).add_to(folium_map)
    rendered = folium_component.render(folium_map, share=share)
    discard_map(folium_map)
    return rendered, map_scripts.script_name(rendered.script)


def _map_component(rendered: folium_component.RenderedMap, script_name: str, key: str, height: int, *,
                   publish: bool = False, scripts_url: str = settings.DEFAULTS["ATLAS_MAP_SCRIPTS_URL"],
                   extra_script: str | None = None, view: tuple[float, float, float] | None = None,
                   base: str = "") -> dict | None:
    """Hand the pre-rendered map to the streamlit-folium component.

    ``publish``: only for a map of saved events (what every visitor of the app may see). The component
    then gets a loader of the script kept in ``static/maps`` (see :mod:`atlas.map_scripts`), which is
    served to anyone who can reach the server, and the map is live: its frame stays while ``base`` (what the
    map's frame depends on: view, language, drawing settings) stays, and a new map's layers are drawn onto it
    (:func:`folium_component.live_update`), so a filter change loads no Leaflet, does not refit and echoes no
    rerun. Otherwise (the entry form's unsaved preview) or if that file cannot be written, the script goes
    inline to this session's component, never to disk, in a frame of its own.
    """
    script, live_key = rendered.script, None
    if publish:
        folder = scripts_url.rstrip("/")
        try:
            shared_urls = {key: f"{folder}/" + map_scripts.publish(map_scripts.shared_script(key, data),
                                                                  map_scripts.shared_name(key))
                           for key, data in rendered.shared.items()}
            map_scripts.publish(rendered.script, script_name)
        except OSError:
            pass
        else:   # a live map: one frame for the view, its layers drawn anew by the feature-group slot
            url, failed = f"{folder}/{script_name}", _(map_scripts.LOAD_FAILED)
            script = folium_component.live_first(map_scripts.loader(url, shared_urls, failed), script_name)
            live_key = base
            if len(rendered.script) <= INLINE_SCRIPT_LIMIT:
                update = folium_component.live_update(map_scripts.runner(rendered.script, shared_urls, failed),
                                                      script_name)
            else:     # fetched while the page draws the rest of the rerun (a synchronous fetch held the page ~0.1 s)
                update = folium_component.live_update_from(url, shared_urls, script_name, failed)
            extra_script = update + (extra_script or "")
    if live_key is None:     # a frame of its own (a preview, or no file written): the script carries the basemap
        script = fill_shared_data(rendered.script, rendered.shared)

    def on_change(component_key: str) -> None:
        st.session_state[key] = st.session_state.get(component_key, {})
    return folium_component.show(rendered, script, key, height=height, returned_objects=RETURNED_OBJECTS,
                                 on_change=on_change, extra_script=extra_script, live_key=live_key,
                                 center=view[:2] if view else None, zoom=view[2] if view else None)


def _new_view(key: str) -> None:
    """A view frames the map itself: the centre and zoom the analyst had panned to are dropped."""
    st.session_state[f"{key}-moved"] = None
    st.session_state[view_state.MAP_VIEW] = None


def render_view_picker(*, key: str = "map") -> str:
    """Overview of every filtered event, or the southern Damascus neighbourhoods a few km apart."""
    return st.radio(_("View"), VIEWS, format_func=labels(VIEW_LABELS), horizontal=True, key=f"{key}-view",
                    on_change=_new_view, args=(key,))


MOVED_PX = 30     # a map panned less than this (or nudged by a resize as it first draws) has not been moved


def _track_view(result, script_name: str, key: str) -> None:
    """Keep the map's centre and zoom once the analyst has moved it from where this map first showed."""
    center, zoom = (result or {}).get("center"), (result or {}).get("zoom")
    if not center or zoom is None:
        return
    here = (round(float(center["lat"]), 4), round(float(center["lng"]), 4), float(zoom))
    first = st.session_state.setdefault(f"{key}-first-view", {}).setdefault(script_name, here)
    if moved(first, here):
        st.session_state[f"{key}-moved"] = here


def moved(first: tuple[float, float, float], here: tuple[float, float, float]) -> bool:
    """Whether the map went from view ``first`` to ``here`` ((lat, lon, zoom)): zoomed, or panned MOVED_PX or more
    (in degrees of longitude at that zoom; a degree of latitude is at least as long there)."""
    if first[2] != here[2]:
        return True
    degrees = MOVED_PX * 360 / (256 * 2 ** here[2])
    return abs(first[0] - here[0]) >= degrees or abs(first[1] - here[1]) >= degrees


FEATURE_CACHE_LIMIT = 100_000


@st.cache_resource(show_spinner=False, max_entries=2)
def _feature_cache(scope: tuple) -> dict:
    """Map features of one version of the data (catalog and places), reused from filter to filter."""
    return {}


def render_map(events: Sequence[Event], places, selection, view: str = "overview", *,
               key: str = "map", catalog: Sequence[Event] | None = None,
               config: settings.Settings | None = None, language: str = DEFAULT_LANGUAGE) -> Selection | None:
    """The map and its legend. Returns the selection of the last clicked feature. ``selection``: what chose
    ``events`` (the filter), part of the map's cache key.

    ``catalog``: every event the app holds, when ``events`` are all taken from it (not with the
    entry form's preview): map features are then reused across filters, and the map's script is
    published to ``static/maps``. Without it (a preview: unsaved text) the script stays in this session.

    Like ``st_folium``, the component's latest value is kept in ``st.session_state[key]`` (last
    click, bounds), where the entry form and the export panel read it. ``config``: the app's settings for
    this run (online tiles, where the static assets and map scripts are served).

    The selected event (picked, a table row, or clicked on the map) is drawn out on the map without
    redrawing it; ``language``: of the place names.
    """
    _take_click((st.session_state.get(key) or {}).get("last_object_clicked_tooltip"), key)
    shown = EventList.of(events)
    features = None
    if catalog is not None:     # every event shown is one of the catalog's, so an id stands for one content
        features = _feature_cache(data_key(EventList.of(catalog), places))
        if len(features) > FEATURE_CACHE_LIMIT:
            features.clear()
    config = config or ui.app_settings()
    drawing = (bool(config["ATLAS_ONLINE_TILES"]), config["ATLAS_STATIC_URL"])
    digits = t().digit_style if t().language == language else "latin"
    frame = f"{view}@{language}-{digits}"       # what the map's frame and words depend on
    rendered, script_name = _rendered_map(map_key(selection, shown, places, frame, drawing), shown,
                                          places, view, drawing, features, language, digits, catalog is not None)
    chosen, _heading = selected_events(shown, places, key=key)
    result = _map_component(rendered, script_name, key, MAP_HEIGHT, publish=catalog is not None,
                            scripts_url=config["ATLAS_MAP_SCRIPTS_URL"],
                            extra_script=selection_view.highlight_script(chosen, places),
                            view=view_state.requested_map_view(), base=f"{frame}/{drawing}")
    _track_view(result, script_name, key)
    selection_view.render_legend(shown)
    tooltip = (result or {}).get("last_object_clicked_tooltip")
    _take_click(tooltip, key)
    return parse_selection(tooltip)


def _take_click(tooltip: str | None, key: str) -> None:
    """A new click on the map selects what was clicked."""
    if tooltip and tooltip != st.session_state.get(f"{key}-last-tooltip"):
        st.session_state[f"{key}-last-tooltip"] = tooltip
        st.session_state[f"{key}-details"] = ("map", tooltip)


@st.cache_resource(show_spinner=False, max_entries=32)
def _timeline_spec(cache_key: tuple, _events: EventList, window, translator=None) -> tuple[dict, str | None]:
    """The chart as a Vega-Lite dict, built once per selection (and language), its rows as the Arrow bytes
    Streamlit sends (made from the columns: no dict an event), and the caption of an aggregated chart (None when
    every event is its own mark): above ``TIMELINE_MARKS`` dated events the chart draws groups of events."""
    table = _events.columns()
    if np.count_nonzero(table.dated()) > TIMELINE_MARKS:
        groups = aggregate_timeline(table, translator)
        rows, caption = groups.rows, aggregation_caption(groups, translator)
    else:
        rows, caption = timeline_table(table, translator), None
    name = (f"atlas-{'groups' if caption else 'events'}-{rows.num_rows}-{_events.key & 0xFFFFFFFF:08x}-"
            f"{translator.language}")
    spec = spec_with_rows(dataframe_util.convert_arrow_table_to_arrow_bytes(rows), name, window=window,
                          t=translator, aggregated=caption is not None)
    return with_canvas(spec, rows.num_rows), caption


CANVAS_ROWS = 100
"""Rows beyond which the timeline draws on a canvas: as SVG every mark is an element with a transform and an opacity,
and the page (which the map's frame shares) took ~270 ms per paint at 10,000 events, map changes included. At 500 the
groups of a 10,000-event timeline (~400) were still SVG, made anew on every change: on a canvas the page works
70-165 ms less a change there (docs/PERFORMANCE.md). The curated table's timeline (~50 marks) stays SVG, whose marks
carry their words for screen readers."""


def with_canvas(spec: dict, rows: int) -> dict:
    """``spec`` told to draw on a canvas when it has more than ``CANVAS_ROWS`` rows (Streamlit reads vega-embed's
    options from ``usermeta.embedOptions``)."""
    if rows <= CANVAS_ROWS:
        return spec
    usermeta = dict(spec.get("usermeta") or {})
    usermeta["embedOptions"] = {**usermeta.get("embedOptions", {}), "renderer": "canvas"}
    return {**spec, "usermeta": usermeta}


UNDATED_LISTED = 1_000
"""The most undated events listed under the timeline (the rest are counted and on the map)."""


def render_timeline(events: Sequence[Event], window: tuple[dt.date, dt.date] | None, *, key: str = "timeline"):
    """Every dated event of ``events`` on a time axis (its rows made from their columns; groups of events above
    ``TIMELINE_MARKS``, with a caption saying so), the undated listed apart; ``window``: the date window shaded."""
    st.subheader(_("Timeline"))
    shown = EventList.of(events)
    spec, caption = _timeline_spec(timeline_key(shown, window), shown, window, t())
    if caption:
        st.caption(caption)
    st.vega_lite_chart(spec=spec, width="stretch", key=key)
    undated_rows = undated(shown.columns())
    if len(undated_rows):
        st.markdown("**" + t().ngettext("⚠ Undated bin: {count} event", "⚠ Undated bin: {count} events",
                                        len(undated_rows)).format(count=t().digits(len(undated_rows)))
                    + "** — " + _("shown on the map and listed below, not on the time axis."))
        missing = [shown[int(row)] for row in undated_rows[:UNDATED_LISTED]]
        if len(undated_rows) > UNDATED_LISTED:
            st.caption(_("The first {listed} are listed; narrow the filters to list the others.").format(
                listed=t().digits(f"{UNDATED_LISTED:,}")))
        listing = pd.DataFrame([{_("undated"): _("⚠ undated"), _("id"): e.id, _("type"): w(e.event_type),
                                 _("summary"): e.summary_en, _("why undated"): e.date_basis or e.date_relative,
                                 _("outlet"): e.outlet}
                                for e in missing])
        st.dataframe(listing, hide_index=True, width="stretch", key=f"{key}-undated")


def _place_name(places, place_id: str, language: str = "en") -> str:
    place = places.get(place_id) if place_id else None
    if place is None:
        return place_id
    return (place.name_ar or place.name_en) if language == "ar" else place.name_en


def _count_cell(count: int | None, width: int) -> str:
    """A count as text padded to ``width`` digits; no figure is a blank cell (never Streamlit's grey "None")."""
    return "" if count is None else str(count).rjust(width)   # a space sorts before any digit


def table_cells(places, translator=None, width: int = 1) -> dict:
    """How each column of the events table is made from an event (as :meth:`EventTable.arrow` takes them): text
    cells, since Streamlit draws any empty cell as a grey "None", so an undated event reads "undated" and a missing
    count is blank. ISO dates and counts padded to ``width`` digits still sort in order. Words and place names in
    ``translator``'s language (English, as codes, when None)."""
    english = translator is None or translator.language == "en"
    language = "en" if english else translator.language

    def w(code):
        return code if english else word(code, translator)
    undated_word = "undated" if english else translator.gettext("undated")

    def place(role):
        return (role,), lambda e: _place_name(places, getattr(e, role), language)
    return {
        "id": "id",
        "date": (("date_start", "date_end", "date_precision"),
                 lambda e: date_text(e, translator) if e.is_dated else f"⚠ {undated_word}"),
        "start": (("date_start",), lambda e: e.date_start.isoformat() if e.date_start else undated_word),
        "type": (("event_type",), lambda e: w(e.event_type)), "outcome": (("outcome",), lambda e: w(e.outcome)),
        "origin": place("origin"), "via": place("via"), "destination": place("destination"),
        "location": place("location"),
        "people": (("count_min", "count_max", "count_unit"), lambda e: count_text(e, translator)),
        "people_min": (("count_min",), lambda e: _count_cell(e.count_min, width)),
        "outlet": "outlet", "disputed": "disputed", "status": (("status",), lambda e: w(e.status)),
        "summary": "summary_en"}


def count_width(table: EventTable) -> int:
    """Digits of the largest ``count_min`` among the table's rows (1 when none has one)."""
    counts = table.values["count_min"][np.unique(table.codes["count_min"])]
    return max((len(str(c)) for c in counts if c is not None), default=1)


@st.cache_resource(show_spinner=False, max_entries=32)
def _table_arrow(cache_key: tuple, _events: EventList, _places, translator=None) -> pa.Table:
    """The events table once per selection (and language), made from the events' columns (no dict an event)."""
    table = _events.columns()
    return table.arrow(table_cells(_places, translator, count_width(table)))


def _pick_row(key: str, ids: list[str], details_key: str) -> None:
    rows = st.session_state[key].selection.rows
    if rows:
        st.session_state[details_key] = ("pick", ids[rows[0]])


def render_table(events: Sequence[Event], places, *, key: str = "table", details_key: str = "map",
                 selected: Sequence[str] = ()) -> None:
    """Sortable table of the shown events (click a header to sort, a row to see its details).

    ``selected``: ids of the selected events, whose rows come first, marked ▶.
    """
    st.caption(_("Click a column header to sort; select a row to show the event in Details."))
    selected = set(selected)
    shown = table_rows(EventList.of(events), selected)
    if len(shown) < len(events):
        st.caption(_("Showing the first {shown} of {total} events (in the selection's order, the selected event "
                     "first); sorting sorts these. Narrow the filters, or export the selection for every row.").format(
            shown=t().digits(TABLE_ROWS), total=t().digits(len(events))))
    table = _table_arrow(table_key(shown, places), shown, places, t())
    ids = table.column("id").to_pylist()
    table, ids = _selected_first(table, ids, selected)
    headers = {name: _(header) for name, header in TABLE_HEADERS.items()}
    st.dataframe(table, hide_index=True, width="stretch", key=key,
                 on_select=lambda: _pick_row(key, ids, f"{details_key}-details"), selection_mode="single-row",
                 column_config={**{name: st.column_config.Column(header) for name, header in headers.items()},
                                "people_min": st.column_config.TextColumn(headers["people_min"]),
                                SELECTED_COLUMN: st.column_config.TextColumn(SELECTED_COLUMN, width="small",
                                                                             help=_("the selected event"))})


SELECTED_COLUMN = "▶"
TABLE_ROWS = 5_000
"""Rows the events table sends at most: beyond a few thousand a table is scrolled, not read, and at 100,000 events
its rows held ~65 MB of the server's memory, ~80 MB more while Streamlit hashed them on every rerun. (Streamlit's lazy
tables would send a page at a time, but then allow no row selection, which opens an event's details.)"""


def table_rows(shown: EventList, selected: set[str]) -> EventList:
    """The first :data:`TABLE_ROWS` of ``shown``, and any selected event beyond them (all of ``shown`` if no more)."""
    if len(shown) <= TABLE_ROWS:
        return shown
    later = [row for row in range(TABLE_ROWS, len(shown)) if shown[row].id in selected] if selected else []
    rows = np.concatenate([np.arange(TABLE_ROWS), np.array(later, dtype=np.int64)])
    derived = (shown.key, "table rows", TABLE_ROWS, tuple(later))
    if shown.table is not None:
        head = shown.table.take(rows)
        return EventList(head.events(), derived_from=derived, table=head)
    return EventList([shown[row] for row in rows], derived_from=derived)


def _selected_first(table: pa.Table, ids: list[str], selected: set[str]) -> tuple[pa.Table, list[str]]:
    """The table with the selected events' rows first and marked in a first column (the rest in their order)."""
    marks = [event_id in selected for event_id in ids]
    if not any(marks):
        return table, ids
    order = [row for row, mark in enumerate(marks) if mark] + [row for row, mark in enumerate(marks) if not mark]
    table = table.take(pa.array(order, type=pa.int64()))
    column = pa.array(["▶" if marks[row] else "" for row in order], type=pa.string())
    return table.add_column(0, SELECTED_COLUMN, column), [ids[row] for row in order]


TOTALS = (("via", "checkpoint", N_("Per checkpoint")), ("destination", "destination", N_("Per destination")))


@st.cache_resource(show_spinner=False, max_entries=32)
def _totals_rows(cache_key: tuple, _events: tuple[Event, ...], _places, translator=None) -> dict[str, list[dict]]:
    """Rows of both totals tables, once per selection (and language)."""
    tr = translator or translator_for("en")
    return {role: [{word(label, tr) if tr.language != "en" else label:
                    _place_name(_places, total.place_id, tr.language), tr.gettext("events"): total.events,
                    tr.gettext("people"): total.people_text() if tr.language == "en" else _people_words(total, tr),
                    tr.gettext("events without a figure"): total.uncounted} for total in totals(_events, role)]
            for role, label, _title in TOTALS}


def _people_words(total, tr) -> str:
    """events.filters' people_text in ``tr``'s language."""
    if total.uncounted == total.events:
        return tr.gettext("no figure given")
    if total.people_max is None:
        return tr.gettext("at least {count}").format(count=tr.digits(total.people_min))
    if total.people_max == total.people_min:
        return tr.digits(total.people_min)
    return f"{tr.digits(total.people_min)}–{tr.digits(total.people_max)}"


def render_totals(events: Sequence[Event], places, *, key: str = "totals") -> None:
    """People moved and events, per checkpoint and per destination, for what is filtered."""
    shown = EventList.of(events)
    all_rows = _totals_rows(data_key(shown, places), shown, places, t())
    for column, (role, label, title) in zip(st.columns(2), TOTALS):
        rows = all_rows[role]
        with column:
            st.markdown(f"**{_(title)}**")
            if rows:
                st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"{key}-{role}")
            else:
                st.caption(_("None in the current filter."))
