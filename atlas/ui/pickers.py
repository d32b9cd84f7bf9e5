"""Pickers over many events: a select box lists at most PICK_LIMIT of them, a search box finds the rest.

A select box of 10k events costs every rerun ~7 ms and is no use to scroll; past the limit the
picker shows a "find" box (id or words) and the first matches.
"""
from __future__ import annotations

from typing import Any, Callable, Hashable, Mapping

import streamlit as st

from atlas.ui.language import _, t

PICK_LIMIT = 500


def pick_options(labels: Mapping[Hashable, str], query: str = "", limit: int = PICK_LIMIT,
                 always: tuple = ()) -> list:
    """The ids to offer: ``always`` first (e.g. "none" or the current choice, when labelled), then those
    whose label contains every word of ``query`` (case-insensitive), in order, up to ``limit`` in all."""
    offered = [key for key in dict.fromkeys(always) if key in labels]
    words = query.casefold().split()
    for key, label in labels.items():
        if len(offered) >= limit:
            break
        if key in offered:
            continue
        text = label.casefold()
        if all(word in text for word in words):
            offered.append(key)
    return offered


def event_picker(label: str, labels: Mapping[Hashable, str], *, key: str, always: tuple = (),
                 on_change: Callable | None = None, args: tuple = (), limit: int = PICK_LIMIT) -> Any:
    """A select box over ``labels`` (id -> label); past ``limit`` entries, with a find box above it."""
    query, many = "", len(labels) > limit
    if many:
        count = sum(1 for k in labels if k not in always)
        query = st.text_input(_("Find one of {count} (id or words)").format(count=t().digits(count)), key=f"{key}-find",
                              max_chars=120)
    current = st.session_state.get(key)       # kept while nothing is searched: a long list never drops it
    options = pick_options(labels, query, limit, always=always if query.strip() else (*always, current))
    if many:
        st.caption(_("{count} shown").format(count=t().digits(len(options)))
                   + (" " + _("(the first matches)") if len(options) >= limit else ""))
    return st.selectbox(label, options, key=key, format_func=labels.get, on_change=on_change, args=args)
