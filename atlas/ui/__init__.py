"""Streamlit panels of the dashboard (the only Streamlit code outside ``dashboard.py``).

This module holds the process-wide resources every panel shares, each built once per server
process with ``st.cache_resource``: the offline assets, the gazetteer and the event store.
"""
from __future__ import annotations

import streamlit as st

from atlas import assets, settings
from atlas.catalog import CombinedPlaces, all_events
from atlas.exc import AtlasError
from atlas.store import EventStore
from events.curated import load_curated
from events.schema import Event


@st.cache_resource(show_spinner=False)
def offline_assets() -> str:
    """Copy Leaflet & co. into ``static/vendor`` once per process (idempotent across processes)."""
    return str(assets.install_assets())


@st.cache_resource(show_spinner=False)
def gazetteer():
    from geodata.gazetteer import load_gazetteer
    return load_gazetteer()


@st.cache_resource(show_spinner=False)
def event_store() -> EventStore:
    return EventStore(settings.database_url())


def catalog() -> tuple[list[Event], CombinedPlaces]:
    """Curated + team events and the places they use. A store failure shows, curated events stay."""
    try:
        store = event_store()
        return all_events(store), CombinedPlaces.from_store(store, gazetteer())
    except AtlasError as error:
        st.warning(f"The team event store could not be read ({error}); showing the curated events only.")
        return load_curated(), CombinedPlaces(gazetteer())
