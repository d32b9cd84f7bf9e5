"""atlas.ui.pickers: which events a capped picker offers, and the picker itself under AppTest."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas.ui.pickers import pick_options

LABELS = {None: "— pick —", **{f"e{n}": f"e{n}: {'exit from Yarmouk' if n % 2 else 'arrest at Barada'} {n}"
                               for n in range(10)}}


@pytest.mark.parametrize("query, limit, always, expected", [
    ("", 3, (), [None, "e0", "e1"]),
    ("", 3, (None,), [None, "e0", "e1"]),
    ("yarmouk", 3, (None,), [None, "e1", "e3"]),
    ("YARMOUK 7", 5, (), ["e7"]),
    ("barada", 100, (), ["e0", "e2", "e4", "e6", "e8"]),
    ("nowhere", 5, (None,), [None]),
    ("barada", 3, (None, "e9"), [None, "e9", "e0"]),        # the current choice stays offered
    ("", 3, ("not-a-label",), [None, "e0", "e1"]),           # unknown ids are never offered
])
def test_pick_options(query, limit, always, expected):
    assert pick_options(LABELS, query, limit, always=always) == expected


def _picker_app():
    import streamlit as st

    from atlas.ui.pickers import event_picker
    labels = {f"team-{n:05d}": f"team-{n:05d}: event number {n}" for n in range(int(st.session_state.get("n", 10)))}
    st.session_state["picked"] = event_picker("Team event", labels, key="pick", limit=50)


@pytest.mark.parametrize("count, finds", [(10, False), (5000, True)])
def test_picker_lists_few_events_whole_and_finds_among_many(count, finds):
    at = AppTest.from_function(_picker_app)
    at.session_state["n"] = count
    at.run()
    assert not at.exception, at.exception
    options = at.selectbox(key="pick").options
    assert len(options) == min(count, 50)
    assert (len(at.text_input) == 1) is finds
    if finds:
        at.text_input(key="pick-find").input("number 4321").run()
        assert [o.split(":")[0] for o in at.selectbox(key="pick").options] == ["team-04321"]
        assert at.session_state["picked"] == "team-04321"


def test_a_choice_past_the_first_page_stays_chosen_until_a_search():
    """With no search the list shows the first entries; an event chosen earlier (e.g. by a search) must
    stay in it, or the select box would silently switch an editor to another event."""
    at = AppTest.from_function(_picker_app)
    at.session_state["n"] = 5000
    at.run()
    at.text_input(key="pick-find").input("number 4321").run()
    at.text_input(key="pick-find").input("").run()
    assert not at.exception, at.exception
    assert at.session_state["picked"] == "team-04321"
    assert "team-04321" in [o.split(":")[0] for o in at.selectbox(key="pick").options]


@pytest.mark.parametrize("query", ["", "yarmouk", "e1", "nowhere"])
def test_the_event_pickers_labels_are_made_as_asked_and_offer_what_a_dict_offers(query):
    from atlas.ui.details_panel import PickLabels
    from geodata.plaintext import isolate
    from tests.support.sample_data import sample_events

    events = sample_events()
    by_id = {e.id: e for e in events}
    labels = PickLabels(by_id, "— pick —")
    eager = {None: "— pick —", **{e.id: f"{e.id}: {isolate(e.summary_en[:70])}" for e in events}}
    assert dict(labels) == eager and list(labels) == list(eager) and len(labels) == len(eager)
    assert pick_options(labels, query, 3, always=(None,)) == pick_options(eager, query, 3, always=(None,))
