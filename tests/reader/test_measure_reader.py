"""scripts/measure_reader.py: the comparison with the curated table counts what it says."""
import datetime as dt
import importlib.util
import subprocess
import sys

import pytest

from events.schema import Event


@pytest.fixture(scope="module")
def measure(project_root):
    spec = importlib.util.spec_from_file_location("measure_reader", project_root / "scripts" / "measure_reader.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _event(event_id, **fields):
    return Event(id=event_id, event_type="exit", seed="t.txt", outlet="T", quote_ar="نص", summary_en="s", **fields)


TEXT = "خرج 4 أشخاص من مخيم اليرموك إلى إدلب يوم الجمعة. وذكر أن ببيلا هادئة منذ عام 2015."


@pytest.mark.parametrize("events, expected", [
    ([_event("a", origin="geonames:166716", destination="geonames:169387", date_start=dt.date(2017, 12, 29),
             date_end=dt.date(2017, 12, 29), date_precision="day"),
      _event("b", location="local:al-qadam", date_start=dt.date(2017, 12, 1), date_end=dt.date(2017, 12, 1),
             date_precision="day")],
     # "منذ عام 2015" reads from 2015 to the publication date: it overlaps event b's day
     dict(places=3, places_found=2, false_places=["geonames:171998"], dated=2, dates_found=2,
          false_windows=[], routes=1, routes_drafted=1, drafts=1, drafts_on_routes=1)),
    ([_event("c", location="geonames:171998")],
     dict(places=1, places_found=1, false_places=["geonames:166716", "geonames:169387"], dated=0, dates_found=0,
          false_windows=["يوم الجمعة", "منذ عام 2015"], routes=0, routes_drafted=0, drafts=1, drafts_on_routes=0)),
])
def test_measure_seed(measure, small_gazetteer, events, expected):
    result = measure.measure_seed(TEXT, "2017-12-31", "T", events, small_gazetteer)
    assert {k: result[k] for k in expected} == expected


def test_drafts_off_the_curated_routes_are_counted(measure, small_gazetteer):
    text = "خرج 4 أشخاص من مخيم اليرموك إلى إدلب وببيلا."     # two destinations: two drafts
    events = [_event("d", origin="geonames:166716", destination="geonames:169387")]
    result = measure.measure_seed(text, "", "T", events, small_gazetteer)
    assert {k: result[k] for k in ("routes", "routes_drafted", "drafts", "drafts_on_routes")} == dict(
        routes=1, routes_drafted=1, drafts=2, drafts_on_routes=1)


@pytest.mark.parametrize("curated, drafted, counts", [
    ("geonames:169387", "geonames:169387", True),                  # the same place
    ("local:northern-syria", "geonames:169387", True),             # Idlib Governorate inside the region's radius
    ("local:northern-syria", "geonames:172082", True),             # Azaz too
    ("local:northern-syria", "geonames:172957", False),            # Raqqa is ~190 km off the region's point
    ("local:northern-syria", "geonames:163843", False),            # a country is never inside a region
    ("geonames:169387", "local:northern-syria", False),            # a vaguer draft is not the route
    ("geonames:169387", "geonames:170062", False),                 # two governorates: no region involved
    ("local:southern-damascus", "geonames:8419677", True),         # al-Hajar al-Aswad in southern Damascus
    ("local:southern-damascus", "geonames:169387", False),
])
def test_a_curated_region_holds_a_finer_drafted_end(measure, gazetteer, curated, drafted, counts):
    assert measure.end_matches(curated, drafted, gazetteer) is counts


def test_the_script_prints_one_row_per_seed(project_root, seeds_dir):
    run = subprocess.run([sys.executable, str(project_root / "scripts" / "measure_reader.py")], capture_output=True,
                         text=True, cwd=project_root, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if line.startswith("| ")]
    seeds = sorted(p.name[:3] for p in seeds_dir.glob("*.txt"))
    assert [row.split("|")[1].strip() for row in rows[1:]] == seeds + ["all"]
    assert all(row.count("|") == rows[0].count("|") for row in rows)
