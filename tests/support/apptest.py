"""Helpers that drive the dashboard's widgets under Streamlit's AppTest (entry form, event table)."""
from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from atlas.ui import MAIN_TABS
from atlas.ui.form_state import FORM_OPEN


def started(script, *, form_open: bool = True) -> AppTest:
    """The script (a function) run once under AppTest, which must not have raised; the entry form's expander open
    (as a user opens it before typing) unless ``form_open`` is False."""
    at = AppTest.from_function(script, default_timeout=60)
    if form_open:
        at.session_state[FORM_OPEN] = True
    at.run()
    assert not at.exception, at.exception
    return at


def tab_labels(at: AppTest) -> list[str]:
    """The labels of every tab on the page, open or not."""
    return [tab.label for tab in at.tabs]


def open_tab(at: AppTest, label: str) -> AppTest:
    """The dashboard run again with its tab ``label`` open, as a click on that tab does; must not have raised."""
    assert label in tab_labels(at), (label, tab_labels(at))
    at.session_state[MAIN_TABS] = label
    at.run()
    assert not at.exception, at.exception
    return at


def fill(at: AppTest, **texts) -> None:
    for key, value in texts.items():
        widget = at.text_area(key=f"entry_{key}") if key in ("quote_ar", "summary_en", "names", "actors", "notes",
                                                               "related") else at.text_input(key=f"entry_{key}")
        widget.input(value)


def choose_place(at: AppTest, role: str, query: str, place_id: str) -> None:
    at.text_input(key=f"entry_{role}_query").input(query).run()
    at.selectbox(key=f"entry_{role}").select(place_id)


def fill_valid_event(at: AppTest) -> None:
    fill(at, user="Rana", outlet="<b>Enab Baladi</b>", url="https://example.org/report",
         quote_ar="خرج 40 شخصاً من الحجر الأسود", summary_en="About 40 people left al-Hajar al-Aswad.",
         count_min="40", count_max="45")
    at.date_input(key="entry_date_start").set_value(dt.date(2017, 3, 2))
    at.date_input(key="entry_date_end").set_value(dt.date(2017, 3, 2))
    at.selectbox(key="entry_count_unit").select("people")
    at.run()
    choose_place(at, "origin", "الحجر الأسود", "geonames:8419677")
    choose_place(at, "destination", "northern", "local:northern-syria")
    at.run()


def table_ids(at: AppTest) -> set[str]:
    frames = [d.value for d in at.dataframe if {"id", "status"} <= set(d.value.columns)]
    assert len(frames) == 1
    return set(frames[0]["id"])
