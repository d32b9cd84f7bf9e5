"""GeoJSON for QGIS and web maps: one feature an event (LineString for a route, Point otherwise)."""
from __future__ import annotations

import orjson


def feature_collection(briefing) -> dict:
    """The events as features, and what the file holds in a foreign member ``atlas`` (RFC 7946 allows
    them): the filter in words, when it was made, and whether it includes unreviewed drafts."""
    from events.geo import to_feature_collection

    collection = to_feature_collection(list(briefing.events), briefing.gazetteer)
    collection["atlas"] = {"title": briefing.shown_title, "filter": briefing.filter_words(), "generated": briefing.stamp(),
                           "includes_unreviewed_drafts": bool(briefing.drafts), "stamp": briefing.draft_stamp}
    return collection


def render(briefing) -> bytes:
    # UTF-8 with Arabic as written (RFC 7946 asks for UTF-8); orjson, as the standard encoder indents in Python.
    return orjson.dumps(feature_collection(briefing), option=orjson.OPT_INDENT_2) + b"\n"
