"""python -m geodata validate: the shipped table is clean, and each kind of problem is reported on its row."""
import csv
import io
import subprocess
import sys

import pytest
from pyproj import Geod

from geodata.cli import EXIT_NOT_FOUND, main
from geodata.gazetteer import COLUMNS, DEFAULT_PATH, place_record
from geodata.validate import validate_file

HAJAR, QADAM, YARMOUK = "geonames:8419677", "local:al-qadam", "geonames:166716"


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def rows(gazetteer):
    """A small valid table: the governorates and countries the places need, then the places."""
    wanted = ["geonames:163843", "geonames:167541", "geonames:170652", "geonames:170654", HAJAR, YARMOUK, QADAM,
              "local:al-asali"]
    return [place_record(gazetteer.get(pid)) for pid in wanted]


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_the_shipped_gazetteer_is_clean():
    places, problems = validate_file(DEFAULT_PATH)
    assert problems == [] and len(places) > 350


def test_cli_validates_the_shipped_file_and_a_given_one(rows, tmp_path):
    status, out, _ = run("validate")
    assert status == 0 and "no stacked points" in out
    status, out, _ = run("validate", str(_write(tmp_path / "ok.csv", rows)))
    assert status == 0 and "8 places" in out


def test_two_places_on_one_point_are_reported_unless_a_row_says_so(rows, tmp_path):
    asali = rows[-1]
    asali.update(lat=rows[6]["lat"], lon=rows[6]["lon"])             # al-Asali moved onto al-Qadam's point
    _, problems = validate_file(_write(tmp_path / "stacked.csv", rows))
    assert [(p.line, p.place_id, p.check) for p in problems] == [(9, "local:al-asali", "stacked")]
    assert QADAM in problems[0].message
    asali["notes"] = f"near {QADAM}"                                  # a note is not a source for a point
    _, problems = validate_file(_write(tmp_path / "noted.csv", rows))
    assert [p.check for p in problems] == ["stacked"]
    asali["coord_source"] = f"point of {QADAM} (no point of its own)"   # a borrowed point is not exact ...
    asali["precision"] = "exact"
    _, problems = validate_file(_write(tmp_path / "exact.csv", rows))
    assert [p.check for p in problems] == ["stacked"]
    asali["precision"] = "neighbourhood"                               # ... the row says whose point it is
    _, problems = validate_file(_write(tmp_path / "said.csv", rows))
    assert problems == []


# Seed places no public source gives a point for: recorded at their parent's point with a covering radius
# (geodata/data/SOURCES.md). Any other place sharing a point fails the test below.
PARENT_POINT_SEED_PLACES = {"local:al-madaniya", "local:yarmouk-rijeh-sector", "local:yarmouk-shuhada-sector"}
SEED_PLACES = {"geonames:8419677", "geonames:166716", "local:al-qadam", "local:al-qadam-police-station",
               "local:al-asali", "local:al-tadamon", "local:yalda", "geonames:171998", "local:sbeineh",
               "local:barada-factory", "local:al-quriya", "local:beit-sahm"} | PARENT_POINT_SEED_PLACES


def test_seed_places_sit_on_their_own_points(gazetteer):
    at = {}
    for place in gazetteer:
        if place.kind != "country":
            at.setdefault((round(place.lat, 5), round(place.lon, 5)), []).append(place.id)
    sharing = {pid for ids in at.values() if len(ids) > 1 for pid in ids}
    assert sharing & SEED_PLACES == PARENT_POINT_SEED_PLACES | {"geonames:166716", "local:al-qadam"}
    for pid in PARENT_POINT_SEED_PLACES:
        place = gazetteer.get(pid)
        assert place.coord_source.startswith("point of ") and place.precision != "exact"
        assert place.uncertainty_m >= 1500


@pytest.mark.parametrize("field,value,check", [
    ("coord_source", "someone told me", "source"),
    ("lat", "35.9", "governorate"),                   # al-Asali moved to northern Syria, still 'Damascus'
    ("governorate_id", "local:al-qadam", "parent"),
    ("parent_id", "local:nowhere", "parent"),
    ("kind", "village", "row"),
    ("lat", "north", "row"),
])
def test_each_problem_names_its_line_row_and_check(rows, tmp_path, field, value, check):
    rows[-1][field] = value
    status, out, err = run("validate", str(_write(tmp_path / "bad.csv", rows)))
    assert status == EXIT_NOT_FOUND and "problem" in err
    assert f"line 9 (local:al-asali): {check}:" in out


def test_duplicate_ids_and_duplicate_places_are_reported(rows, tmp_path):
    twin = dict(rows[6], id="local:al-qadam-2")                       # same name, kind, point: a duplicate entry
    _, problems = validate_file(_write(tmp_path / "dup.csv", rows + [twin, rows[6]]))
    checks = {(p.place_id, p.check) for p in problems}
    assert ("local:al-qadam-2", "duplicate") in checks and (QADAM, "id") in checks


@pytest.mark.slow
def test_module_entry_point_validates(project_root):
    done = subprocess.run([sys.executable, "-m", "geodata", "validate"], cwd=project_root, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and "places" in done.stdout


def test_beit_sahm_sits_just_east_of_babila_as_its_sources_say(gazetteer):
    """Arabic Wikipedia: Babila borders Beit Sahm on the east; the OSM node used must agree."""
    babila, beit_sahm = gazetteer.get("geonames:171998"), gazetteer.get("local:beit-sahm")
    km = Geod(ellps="WGS84").inv(babila.lon, babila.lat, beit_sahm.lon, beit_sahm.lat)[2] / 1000
    assert 0.3 < km < 2.5 and beit_sahm.lon > babila.lon
    assert "openstreetmap" in beit_sahm.coord_source.lower() and beit_sahm.uncertainty_m <= 2000
