"""What the entry form and the review panel share in Streamlit's session state: the form's widget values
(keys under ``entry_``), the event being written or edited, and the callbacks both panels trigger."""
from __future__ import annotations

import functools
from typing import Any

import streamlit as st

from atlas import forms
from atlas.exc import StoreError
from atlas.store import EventStore, new_team_id
from atlas.ui.language import _

PREFIX = "entry_"
STATE = "entry__"            # non-widget state: event id being written, last outcome, edit target
SOURCES_BASE = STATE + "sources_base"       # the further sources the editor started from (records)
SOURCES_VERSION = STATE + "sources_version"  # part of the editor's key: a new base starts a fresh editor
FORM_OPEN = "entry-form-open"
"""The form's expander (open or closed). Closed, its ~30 widgets are not drawn on a rerun (a filter change took
~100 ms more with them: the server's widgets and the browser's redraw); every field keeps its value
(``persist_state``), and loading an event to edit or a reader's draft opens it."""


def sources_editor_key() -> str:
    return f"{PREFIX}sources_editor_{st.session_state.get(SOURCES_VERSION, 0)}"


def set_sources(records) -> None:
    """Start the sources editor from ``records`` (a new event, an event loaded for editing, a reader draft)."""
    st.session_state[SOURCES_BASE] = list(records or ())
    st.session_state[SOURCES_VERSION] = st.session_state.get(SOURCES_VERSION, 0) + 1


def current_sources() -> list[dict]:
    """The further sources as the editor shows them now: its start plus the edits it reports."""
    return forms.apply_editor_changes(st.session_state.get(SOURCES_BASE) or [],
                                      st.session_state.get(sources_editor_key()))


def form_values() -> dict[str, Any]:
    """The form's current raw values, from session state."""
    values = {name: st.session_state.get(PREFIX + name, default) for name, default in forms.DEFAULTS.items()}
    values["sources"] = current_sources()
    return values


def reset_form() -> None:
    for name, default in forms.DEFAULTS.items():
        st.session_state[PREFIX + name] = default
    set_sources([])
    st.session_state[STATE + "event_id"] = new_team_id()
    st.session_state[STATE + "editing"] = None
    st.session_state[STATE + "allow_duplicates"] = False



def store_error_beside_form(callback):
    """A store fault in a button's callback shows as the form's error, the input kept; never a traceback."""
    @functools.wraps(callback)
    def run(*args):
        try:
            return callback(*args)
        except StoreError as exc:
            st.session_state[STATE + "errors"] = {forms.FORM_ERROR: str(exc)}
            st.session_state[STATE + "notice"] = ""
    return run


@store_error_beside_form
def load_for_edit(store: EventStore, event_id: str) -> None:
    stored = store.get_stored(event_id)
    if stored is None:
        return
    for name, value in forms.values_from_event(stored.event).items():
        st.session_state[PREFIX + name] = value
    set_sources(forms.source_records(stored.event.sources))
    st.session_state[STATE + "editing"] = (event_id, stored.version)
    st.session_state[FORM_OPEN] = True
    st.session_state[STATE + "errors"] = {}
    st.session_state[STATE + "notice"] = _("Editing {event} (version {version}).").format(event=event_id,
                                                                                       version=stored.version)
