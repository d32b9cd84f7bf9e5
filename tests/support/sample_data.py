"""Small synthetic places and events for the map engineer's tests (and anyone who wants them).

The places are fictitious test points named ``local:test-*``; they stand in for the gazetteer so
the map, filters and dashboard can be tested without the real data. Hostile text (script tags,
onerror images) is built in so every test that renders it also checks escaping.
"""
from __future__ import annotations

import csv
from pathlib import Path

from events.schema import FIELDS, Event
from geodata.place import Place

HOSTILE_NOTE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
QUOTE_AR = "خرج أربعة أشخاص فجر الخميس إلى محافظة إدلب"


class FakeGazetteer:
    """The part of ``geodata.gazetteer.Gazetteer`` the map needs: get / iter / len / in."""

    def __init__(self, places):
        self._places = {p.id: p for p in places}

    def get(self, place_id):
        return self._places.get(place_id)

    def __iter__(self):
        return iter(self._places.values())

    def __len__(self):
        return len(self._places)

    def __contains__(self, place_id):
        return place_id in self._places


def sample_places() -> list[Place]:
    def place(slug, name_en, name_ar, kind, lat, lon, precision="exact", uncertainty_m=0.0):
        return Place(id=f"local:test-{slug}", name_en=name_en, name_ar=name_ar, kind=kind, lat=lat, lon=lon,
                     precision=precision, uncertainty_m=uncertainty_m, coord_source="synthetic test point")
    return [
        place("camp", "Test Camp", "مخيم التجربة", "camp", 33.47, 36.30, "neighbourhood", 700.0),
        place("quarter", "Test Quarter", "حي التجربة", "neighbourhood", 33.48, 36.31),
        place("gate", "Test Gate", "حاجز التجربة", "checkpoint", 33.475, 36.305, "between", 400.0),
        place("north", "Test North City", "مدينة الشمال", "city", 35.93, 36.63),
        place("border", "Test Border Town", "بلدة الحدود", "town", 36.58, 37.04),
        place("region", "Test Region", "منطقة التجربة", "region", 35.0, 37.5, "region", 60000.0),
    ]


def sample_events() -> list[Event]:
    common = dict(seed="000_test.txt", outlet="Test Outlet", quote_ar=QUOTE_AR)
    return [
        Event(id="T1", event_type="exit", summary_en="Four people left the camp for the north", origin="local:test-camp",
              via="local:test-gate", destination="local:test-north", outcome="arrived", count_min=4, count_max=4,
              count_unit="people", names=("Abu Test", "Umm Example"), date_start="2017-12-28", date_end="2017-12-28",
              date_precision="day", **common),
        Event(id="T2", event_type="capture", summary_en="Three fighters caught on the way", origin="local:test-quarter",
              via="local:test-gate", destination="local:test-border", outcome="captured", count_min=3, count_max=5,
              count_unit="fighters", date_start="2017-07-01", date_end="2017-07-31", date_precision="month",
              **{**common, "outlet": "Other Outlet"}),
        Event(id="T3", event_type="arrest", summary_en="Arrest in the quarter", location="local:test-quarter",
              outcome="not_applicable", notes=HOSTILE_NOTE, **common),
        Event(id="T4", event_type="defection", summary_en=f"Defection claim {HOSTILE_NOTE}", location="local:test-region",
              outcome="not_applicable", disputed=True, dispute_note=f"Denied by another outlet {HOSTILE_NOTE}",
              date_start="2017-12-01", date_end="2017-12-07", date_precision="week", **common),
        Event(id="T5", event_type="exit", summary_en="Exit from the camp with unknown end", origin="local:test-camp",
              via="local:test-gate", destination="local:test-north", outcome="unknown", count_min=10, count_max=20,
              count_unit="people", date_start="2017-12-30", date_end="2017-12-30", date_precision="day", **common),
    ]


def write_places_csv(path: Path, places) -> Path:
    """Places in the gazetteer's CSV layout (columns = Place fields, variants joined with '|')."""
    fields = ("id", "name_en", "name_ar", "kind", "lat", "lon", "precision", "uncertainty_m", "coord_source",
              "parent_id", "governorate_id", "variants_en", "variants_ar", "notes")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for p in places:
            row = {f: getattr(p, f) for f in fields}
            row["variants_en"] = "|".join(p.variants_en)
            row["variants_ar"] = "|".join(p.variants_ar)
            writer.writerow(row)
    return path


def write_events_csv(path: Path, events) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for e in events:
            writer.writerow(e.to_record())
    return path
