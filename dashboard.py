"""Checkpoint Atlas: the analyst's workspace. Thin wiring of widgets to the panels in atlas.ui.

Run with ``streamlit run dashboard.py``; everything it draws works with no network.
"""
import streamlit as st

from atlas import ui
from atlas.ui import filters_panel, map_panel
from atlas.ui.export_panel import render_export_panel

st.set_page_config(page_title="Checkpoint Atlas", page_icon="🗺️", layout="wide")
ui.offline_assets()
events, places = ui.catalog()

with st.sidebar:
    event_filter = filters_panel.render_filters(events, places, key="filters")
    # Entry form (store engineer): from atlas.ui.entry_form import render_entry_form; render_entry_form(places, key="entry")

shown = event_filter.apply(events)
st.title("Checkpoint Atlas")
st.caption(f"{len(shown)} of {len(events)} events · {event_filter.describe()}")

view = map_panel.render_view_picker(key="map")
map_column, details_column = st.columns([3, 2], gap="medium")
with map_column:
    map_panel.render_map(shown, places, event_filter, view, key="map")
with details_column:
    map_panel.render_details(shown, places, key="map")

window = (event_filter.date_from, event_filter.date_to) if event_filter.date_from else None
map_panel.render_timeline(shown, window, key="timeline")
table_tab, totals_tab = st.tabs(["Events", "Totals"])
with table_tab:
    map_panel.render_table(shown, places, key="table")
with totals_tab:
    map_panel.render_totals(shown, places, key="totals")

# Report reader (reader engineer): from atlas.ui.reader_panel import render_reader_panel; render_reader_panel(places, key="reader")
render_export_panel(shown, places, event_filter, view=view, key="export")
