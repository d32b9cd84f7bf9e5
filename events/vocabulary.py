"""Every fixed vocabulary of the atlas, defined once: what each word means and where it may appear.

The schema validates against these tuples; the entry form offers them; the filters, the legend,
the exports and the store read them from here. Adding a word is one edit in this file (and its
colour in the map style, if it is drawn).
"""
from __future__ import annotations

EVENT_TYPES = (
    "exit",               # people left a place (arrived or not known)
    "exit_attempt",       # tried to leave, stopped
    "capture",            # caught in transit / at the destination by an armed group
    "arrest",             # detained by a security apparatus (incl. ISIS' own)
    "defection",          # left a group (without necessarily leaving the area)
    "agreement",          # an agreement/deal between parties
    "road_closure",       # a road/crossing closed
    "road_opening",       # a road/crossing (re)opened
    "security_campaign",  # a sweep / campaign
    "movement_blocked",   # a group prevented from moving
    "claim",              # a statement of fact by a party that others contest
    "denial",             # a statement denying a claim
    "other",
)
OUTCOMES = ("arrived", "captured", "blocked", "unknown", "not_applicable")
DATE_PRECISIONS = ("day", "week", "month", "year", "window", "unknown")
"""How wide a date window may be: a named day, week, month or year; ``window`` for an honest window set by
bounds (a publication date known only as a range, "before publication", "after another dated event") that
is no calendar period; ``unknown`` for no window at all (events.schema.MAX_WINDOW_DAYS gives the widths)."""
CONFIDENCES = ("high", "medium", "low")
COUNT_UNITS = ("people", "fighters", "families", "civilians", "leaders", "")

# -- places an event names ---------------------------------------------------------------------
ROUTE_ROLES = ("origin", "via", "destination")
"""The roles of a journey, in travel order (a route is drawn origin -> via -> destination)."""
PLACE_ROLES = (*ROUTE_ROLES, "location")
"""Every role a place can have in an event: the journey's and where the event happened."""

# -- review ------------------------------------------------------------------------------------
STATUSES = ("curated", "draft", "verified", "retracted")
"""curated: in the reviewed table (events/data/events.csv); the others: team events in the store."""
TEAM_STATUSES = ("draft", "verified", "retracted")
"""Statuses a team event in the store can have."""
STATUS_CHANGES = {
    "draft": ("verified", "retracted"),
    "verified": ("draft", "retracted"),
    "retracted": ("draft",),
}
"""The review workflow: which status may follow which (a retracted event comes back as a draft)."""
VISIBLE_STATUSES = ("curated", "draft", "verified")
"""Statuses drawn on the map and exported: retracted events stay in the store, off the map."""
SHOWN_TEAM_STATUSES = tuple(s for s in TEAM_STATUSES if s in VISIBLE_STATUSES)
"""The team events a view can show (drafts may be hidden by the user)."""

# -- sources -----------------------------------------------------------------------------------
SOURCE_STANCES = ("reports", "confirms", "denies", "claims")
"""What a report says of an event: reports it (its own account), confirms another's account, denies it, or
carries a party's claim it does not vouch for. The event's own outlet is its first source, "reports"."""
SUPPORTING_STANCES = ("reports", "confirms")
"""Stances that corroborate an event: each independent outlet among them counts once."""

# -- narratives (atlas.narratives) ----------------------------------------------------------------
NARRATIVE_STATUSES = ("draft", "reviewed")
"""A saved narrative is a draft until another editor marks it reviewed; any edit makes it a draft again."""
NARRATIVE_STATUS_CHANGES = {"draft": ("reviewed",), "reviewed": ("draft",)}
