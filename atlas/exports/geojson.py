"""GeoJSON for QGIS and web maps: one feature an event (LineString for a route, Point otherwise)."""
from __future__ import annotations

import json


def feature_collection(briefing) -> dict:
    from events.geo import to_feature_collection

    return to_feature_collection(list(briefing.events), briefing.gazetteer)


def render(briefing) -> bytes:
    # ensure_ascii=False keeps Arabic readable in the file; RFC 7946 asks for UTF-8.
    return json.dumps(feature_collection(briefing), ensure_ascii=False, indent=1).encode("utf-8")
