"""python -m geodata: JSON lines on stdout, clear messages and non-zero status for misses."""
import io
import json
import subprocess
import sys

import pytest

from geodata.cli import EXIT_NOT_FOUND, main

FIELDS = {"query", "id", "name", "name_ar", "names", "lat", "lon", "kind", "precision", "uncertainty_m", "source",
          "score"}


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_geocode_prints_one_json_object_per_name(no_network):
    status, records, err = run("geocode", "بالحجر الأسود", "Sbeina", "A'zaz")
    assert status == 0 and err == ""
    assert [r["query"] for r in records] == ["بالحجر الأسود", "Sbeina", "A'zaz"]
    assert [r["id"] for r in records] == ["geonames:8419677", "local:sbeineh", "geonames:172082"]
    assert all(FIELDS <= set(r) for r in records)


def test_unknown_name_goes_to_stderr_with_non_zero_status_and_others_still_print(no_network):
    status, records, err = run("geocode", "Paris", "Yalda")
    assert status == EXIT_NOT_FOUND
    assert "Paris" in err and "no place" in err
    assert [r["id"] for r in records] == [None, "local:yalda"]     # one line per name, in order
    assert records[0] == {"query": "Paris", "id": None, "ambiguous": False, "candidates": []}


def test_ambiguous_name_lists_candidates_on_stderr(no_network):
    status, records, err = run("geocode", "Suran")
    assert status == EXIT_NOT_FOUND and len(records) == 1
    assert "ambiguous" in err and err.count("geonames:") >= 2
    record = records[0]
    assert record["id"] is None and record["ambiguous"] is True
    assert len(record["candidates"]) >= 2
    assert {c["governorate"] for c in record["candidates"]} >= {"Aleppo Governorate", "Hama Governorate"}
    assert all(c["names"] and c["lat"] and c["lon"] for c in record["candidates"])


@pytest.mark.parametrize("argv,expected", [
    (("geocode", "al-Quriya", "--governorate", "دير الزور"), "local:al-quriya"),
    (("geocode", "Suran", "--governorate", "geonames:170015"), None),
    (("reverse", "33.4699", "36.3018"), "geonames:166716"),
])
def test_options(no_network, argv, expected):
    status, records, _ = run(*argv)
    assert status == 0
    if expected:
        assert records[0]["id"] == expected
    else:
        assert records[0]["id"].startswith("geonames:") and records[0]["governorate_id"] == "geonames:170015"


def test_bad_governorate_is_a_usage_error(no_network):
    status, records, err = run("geocode", "Yalda", "--governorate", "Atlantis")
    assert status not in (0, EXIT_NOT_FOUND) and records == [] and "Atlantis" in err


def test_module_entry_point(project_root, tmp_path):
    done = subprocess.run([sys.executable, "-m", "geodata", "geocode", "والقدم", "Nowhereville"],
                          cwd=project_root, capture_output=True, text=True, timeout=120)
    assert done.returncode == EXIT_NOT_FOUND
    lines = done.stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["local:al-qadam", None]
    assert "Nowhereville" in done.stderr
