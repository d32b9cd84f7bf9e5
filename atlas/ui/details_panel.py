"""The details panel beside the map: the event picker and everything about the selected events (picked, a table
row, or clicked on the map), brought into view when the selection changes."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from atlas.cache_keys import EventList
from atlas.i18n import N_
from atlas.map.details import event_details_html
from atlas.map.selection import events_for_selection, parse_selection, selection_title
from atlas.ui import selection_view
from atlas.ui.language import _, t
from atlas.ui.pickers import event_picker
from atlas.ui.text import plain
from events.schema import Event
from geodata.plaintext import isolate

MAX_DETAILS = 12
DETAILS_CSS = """<style>
.atlas-details dt{font-weight:600;margin-top:.35rem}.atlas-details dd{margin:0 0 0 .8rem}
.atlas-details{border-top:1px solid #ddd;padding-top:.4rem;margin-bottom:.8rem}
.atlas-summary{font-weight:600;font-size:1.05rem;line-height:1.35}.atlas-event-id{color:#777;font-size:.8rem}
.atlas-quote{font-family:'Noto Naskh Arabic','Noto Sans Arabic','Noto Kufi Arabic',serif;font-size:1.15rem;color:#1f1f1f;
 line-height:1.9;text-align:right;border-right:4px solid #b2182b;border-left:none;padding:.3rem .8rem;margin:.5rem 0;
 background:#faf7f2}
.atlas-undated,.atlas-disputed{font-size:.7rem;padding:1px 6px;border-radius:8px;vertical-align:middle}
.atlas-undated{background:#eee;color:#555}.atlas-disputed{background:#fde0dd;color:#9e0142}
.atlas-more summary{cursor:pointer;list-style:none}.atlas-more summary::-webkit-details-marker{display:none}
.atlas-more-label{color:#1f6feb;font-size:.85rem;text-decoration:underline}
.atlas-more[open] .atlas-more-label{display:none}.atlas-more[open] summary{display:inline}
</style>"""


def _pick_event(key: str):
    st.session_state[f"{key}-details"] = ("pick", st.session_state[f"{key}-pick"])


PICK_PROMPT = N_("— click the map or pick an event —")


@st.cache_resource(show_spinner=False, max_entries=32)
def _events_by_id(cache_key: int, _events: EventList) -> dict[str, Event]:
    """The events by id, once per selection."""
    return {e.id: e for e in _events}


class PickLabels(Mapping):
    """The event picker's labels: ``prompt`` for None, then "id: summary…" of each event, each made when asked for
    (the picker shows a few hundred; 100,000 made at once held ~18 MB a selection)."""

    def __init__(self, by_id: Mapping[str, Event], prompt: str):
        self.by_id, self.prompt = by_id, prompt

    def __getitem__(self, event_id) -> str:
        if event_id is None:
            return self.prompt
        return f"{event_id}: {isolate(self.by_id[event_id].summary_en[:70])}"

    def __iter__(self):
        yield None
        yield from self.by_id

    def __len__(self) -> int:
        return len(self.by_id) + 1


def selected_events(events: Sequence[Event], places, *, key: str = "map") -> tuple[list[Event], str] | tuple[None, str]:
    """The events selected (picked, a table row, or clicked on the map) and a heading; (None, "") when nothing is."""
    events = EventList.of(events)
    by_id = _events_by_id(events.key, events)
    source, value = st.session_state.get(f"{key}-details") or (None, None)
    if source == "map":
        selection = parse_selection(value)
        return events_for_selection(selection, events, places), selection_title(selection, places)
    if source == "pick" and value in by_id:
        return [by_id[value]], ""
    return None, ""


def render_details(events: Sequence[Event], places, *, key: str = "map") -> None:
    """Details of what was clicked on the map, or of the event picked from the list (scrolled into view when the
    selection changes)."""
    with st.container(key="atlas-details"):
        _details(events, places, key=key)
    selection_view.scroll_to_details(st.session_state.get(f"{key}-details"), key=key)


def _details(events: Sequence[Event], places, *, key: str) -> None:
    st.subheader(_("Details"))
    events = EventList.of(events)
    labels = PickLabels(_events_by_id(events.key, events), _(PICK_PROMPT))
    event_picker(_("Event"), labels, key=f"{key}-pick", always=(None,),
                 on_change=_pick_event, args=(key,))
    chosen, heading = selected_events(events, places, key=key)
    if chosen is None:
        st.caption(_("Click a route, checkpoint, place or event marker to see its details here."))
        return
    if not chosen:
        st.caption(_("What was selected is not in the current filter."))
        return
    if heading or len(chosen) > 1:
        st.caption(t().ngettext("{count} event", "{count} events", len(chosen)).format(count=t().digits(len(chosen)))
                   + f" · {plain(heading)}"
                   + (" " + _("(first {count} shown)").format(count=t().digits(MAX_DETAILS))
                      if len(chosen) > MAX_DETAILS else ""))
    # st.html: sanitised HTML, never read as Markdown (a blank line in a note would otherwise end the HTML
    # block and let "![](http://...)" in it fetch an image); every value is escaped by event_details_html.
    st.html(DETAILS_CSS + "".join(event_details_html(e, places, t()) for e in chosen[:MAX_DETAILS]))
