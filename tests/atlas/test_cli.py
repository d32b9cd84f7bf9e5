"""``python -m events``: exit codes and messages of validate and export."""
from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import pytest

from tests.support.curated_data import read_curated_records, write_events_csv
from atlas.cli import EXIT_INVALID, EXIT_OK, main


def test_validate_shipped_table_exits_zero_with_summary(capsys, curated_events):
    assert main(["validate"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("OK ")
    assert f"{len(curated_events)} events" in out


@pytest.mark.parametrize("row_index, changes, field", [
    (0, {"event_type": "escape"}, "event_type"),
    (3, {"origin": "local:nowhere"}, "origin"),
    (5, {"quote_ar": "جملة لم ترد في التقرير"}, "quote_ar"),
    (7, {"date_start": "2017-13-01"}, "date_start"),
])
def test_validate_names_each_bad_row_and_field(tmp_path, capsys, row_index, changes, field):
    records = read_curated_records()
    records[row_index] = {**records[row_index], **changes}
    records[1] = {**records[1], "outcome": "vanished"}
    path = write_events_csv(tmp_path / "events.csv", records)
    assert main(["validate", "--file", str(path)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert f"row {row_index + 2}" in err and f"field '{field}'" in err
    assert "row 3" in err and "field 'outcome'" in err


def test_export_geojson_writes_every_event(tmp_path, capsys, curated_events):
    out = tmp_path / "atlas.geojson"
    assert main(["export", "--format", "geojson", "--out", str(out)]) == EXIT_OK
    frame = gpd.read_file(out)
    assert sorted(frame["id"]) == sorted(e.id for e in curated_events)
    assert str(out) in capsys.readouterr().out


def test_export_of_an_invalid_table_fails_and_writes_nothing(tmp_path, capsys):
    records = read_curated_records()
    records[0] = {**records[0], "id": ""}
    path = write_events_csv(tmp_path / "events.csv", records)
    out = tmp_path / "atlas.geojson"
    assert main(["export", "--format", "geojson", "--out", str(out), "--file", str(path)]) == EXIT_INVALID
    assert not out.exists()
    assert "field 'id'" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["export", "--format", "shapefile", "--out", "x"], ["export"], ["nope"]])
def test_bad_usage_exits_two(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_module_entry_point_runs(project_root):
    result = subprocess.run([sys.executable, "-m", "events", "validate"], cwd=project_root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK ")


def test_the_declared_commands_run_the_command_lines(project_root):
    """pyproject.toml's [project.scripts] name real entry points, and `python -m events` (the old name) is the
    same command line as `python -m atlas`."""
    import importlib
    import subprocess
    import sys
    import tomllib

    scripts = tomllib.loads((project_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert set(scripts) == {"atlas", "atlas-gazetteer"}
    for target in scripts.values():
        module, function = target.split(":")
        assert callable(getattr(importlib.import_module(module), function))
    outputs = [subprocess.run([sys.executable, "-m", name, "validate"], cwd=project_root, capture_output=True,
                              text=True, timeout=120) for name in ("atlas", "events")]
    assert [o.returncode for o in outputs] == [0, 0]
    assert outputs[0].stdout == outputs[1].stdout and "49 events" in outputs[0].stdout
