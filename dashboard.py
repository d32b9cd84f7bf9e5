"""Checkpoint Atlas: the analyst's workspace. Thin wiring of widgets to the panels in atlas.ui.

Run with ``streamlit run dashboard.py``; everything it draws works with no network.
"""
import dataclasses

import streamlit as st

from atlas import ui
from atlas.cache_keys import EventList
from atlas.catalog import CombinedPlaces
from atlas.ui import filters_panel, map_panel, narrative_panel, selection_view, view_state
from atlas.ui import language as lang
from atlas.ui.entry_form import draw_entry_form, prepare_entry_form
from atlas.ui.export_panel import bounds_from_st_folium, render_export_panel
from atlas.ui.import_panel import render_import_panel
from atlas.ui.language import _
from atlas.ui.period_panel import render_period_chart
from atlas.ui.reader_panel import render_reader_panel
from atlas.ui.text import plain
from atlas.words import describe_filter

st.set_page_config(page_title="Checkpoint Atlas", page_icon="🗺️", layout="wide")
ui.offline_assets()
config = ui.app_settings()      # every setting, resolved once for this run and handed to the panels
lang.use_settings(config)       # the default language and digits, before the address (lang=) is read
events, places = ui.catalog(config)
events = EventList.of(events)   # every panel keys its cache on the events it shows (EventList.key)
span = filters_panel.event_span(events)
narrative_panel.apply_address(ui.team_store(config))   # a narrative's step in the address: its view
view_state.read_address(lambda: view_state.address_choices(events, places, span))   # a shared link, the back button

with st.sidebar:
    language = lang.render_switch(config)   # the interface and place names; right to left in Arabic
    event_filter = filters_panel.render_filters(events, places, key="filters")
entry_form = prepare_entry_form(ui.team_store(config), places, map_key="map", config=config)   # off when the store fails
draft = entry_form.draft   # the form's preview, drawn on the map; the form itself is drawn after the map

shown = events.filtered(event_filter)   # column masks when the events came from a table (events/table.py)
map_events, map_places = shown, places
if draft is not None:
    map_events = EventList([*shown, draft.event], derived_from=(shown.key, draft.event))
    map_places = CombinedPlaces(places.gazetteer, [*places.team_places.values(), *draft.new_places])

st.title(_("Checkpoint Atlas"))
st.caption(_("{shown} of {total} events").format(shown=lang.t().digits(len(shown)), total=lang.t().digits(len(events)))
           + f" · {plain(describe_filter(event_filter, lang.t(), lambda pid: lang.place_name(places.get(pid), pid)))}"
           + (" · " + _("the event being entered is previewed on the map") if draft is not None else ""))
view_state.render_notice(plain)
narrative_panel.render_player(language=language)   # while a narrative plays: its step, previous / next
selection_view.render_layout_css()

view = map_panel.render_view_picker(key="map")
with st.container(key="atlas-map-row"):
    map_column, details_column = st.columns([3, 2], gap="medium")
    with map_column:
        st.subheader(filters_panel.map_title(event_filter, key="filters"))   # the playback step's dates
        map_panel.render_map(map_events, map_places, event_filter, view, key="map", config=config, language=language,
                             catalog=events if draft is None else None)   # a preview's id stays while it changes
        if any(e.status == "draft" for e in map_events):
            st.caption(_("Unreviewed drafts: thin dotted line or hollow dashed marker, their tooltips say DRAFT."))
        all_dates = dataclasses.replace(event_filter, date_from=None, date_to=None)   # other periods stay clickable
        every_date = events.filtered(all_dates)
        render_period_chart(every_date, places, filters_panel.event_span(events), key="periods",
                            dates_key="filters-dates")
    with details_column:
        map_panel.render_details(map_events, map_places, key="map")
draw_entry_form(entry_form)   # in the sidebar below the filters; after the map, which so need not wait for it
chosen, _heading = map_panel.selected_events(shown, places, key="map")

window = (event_filter.date_from, event_filter.date_to)
if None in window or window == filters_panel.event_span(events):
    window = None                                                   # shade only a narrowed window
map_panel.render_timeline(shown, window, key="timeline")
# keyed and tracked: the chosen tab stays chosen across reruns (it jumped back when the page above changed), and
# only the chosen tab's content runs (Streamlit's lazy tabs): a filter change does not redraw the hidden panels
# (the export panel's ~20 elements among them; its fields keep their values while another tab is shown)
editor = ui.editor_name()   # None for readers: only editors import
tabs = st.tabs([_("Events"), _("Totals"), _("Read a report"), _("Narrative"), _("Export")]
               + ([_("Import")] if editor is not None else []), key=ui.MAIN_TABS, on_change="rerun")
table_tab, totals_tab, reader_tab, narrative_tab, export_tab = tabs[:5]
if table_tab.open:
    with table_tab:
        map_panel.render_table(shown, places, key="table", selected=[e.id for e in chosen or ()])
if totals_tab.open:
    with totals_tab:
        map_panel.render_totals(shown, places, key="totals")
if reader_tab.open:
    with reader_tab:
        render_reader_panel(places, key="reader")
if narrative_tab.open:
    with narrative_tab:
        narrative_panel.render_narrative_panel(events, places, span=span, store=ui.team_store(config),
                                               editor=editor, config=config, language=language)
if export_tab.open:
    map_state = st.session_state.get("map")   # the map's last report: panned bounds, ticked layers
    with export_tab:
        render_export_panel(shown, places, event_filter, view=view, key="export", config=config, language=language,
                            bounds=bounds_from_st_folium(map_state), layers=map_panel.shown_layers(map_state))
if editor is not None and tabs[-1].open:
    with tabs[-1]:
        render_import_panel(ui.team_store(config), places.gazetteer, editor, key="import", config=config)
view_state.write_address(span=span, extra=narrative_panel.address_extra())   # the view as the address: a link to send, a step for the back button
ui.settle_memory()   # freed memory back to the system; once per process, the collector told to skip what lives on
