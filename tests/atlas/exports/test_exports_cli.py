"""``python -m events export|snapshot|import``: filters, files written or not, exit codes, messages."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from PIL import Image

from atlas.store import EventStore
from atlas.cli import EXIT_INVALID, EXIT_OK, main
from atlas.exports import EXPORTERS
from events.filters import EventFilter
from tests.support.exports_data import sample_events, with_drafts, csv_records

AUTHOR = "analyst@example.org"


def csv_rows(path):
    return csv_records(path.read_bytes())


@pytest.mark.parametrize("options,event_filter", [
    (["--type", "exit"], EventFilter(event_types=("exit",))),
    (["--type", "capture", "--type", "arrest"], EventFilter(event_types=("capture", "arrest"))),
    (["--from", "2017-12-01", "--to", "2017-12-31", "--hide-undated"],
     EventFilter(date_from="2017-12-01", date_to="2017-12-31", include_undated=False)),
    (["--place", "geonames:8419677"], EventFilter(places=("geonames:8419677",))),
])
def test_export_applies_the_dashboard_filters(tmp_path, capsys, curated_events, options, event_filter):
    out = tmp_path / "events.csv"
    assert main(["export", "--format", "csv", "--out", str(out), *options]) == EXIT_OK
    expected = [e.id for e in event_filter.apply(curated_events)]
    assert expected and [row["id"] for row in csv_rows(out)] == expected
    assert event_filter.describe() in capsys.readouterr().out


def test_import_then_export_through_the_cli_is_lossless(tmp_path, gazetteer, capsys, monkeypatch):
    monkeypatch.setenv("ATLAS_ALLOW_SELF_REVIEW", "true")     # one sample event comes in verified
    team = sorted(sample_events(), key=lambda e: e.id)
    first = EXPORTERS["csv"].write(with_drafts(team, gazetteer), tmp_path / "team.csv")
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    assert main(["import", str(first), "--db", url, "--user", AUTHOR]) == EXIT_OK
    assert "3 event(s) added" in capsys.readouterr().out
    again = tmp_path / "again.csv"
    outlets = sorted({e.outlet for e in team})
    assert main(["export", "--format", "csv", "--out", str(again), "--db", url, "--include-drafts",
                 *[arg for outlet in outlets for arg in ("--outlet", outlet)]]) == EXIT_OK
    assert sorted(csv_rows(again), key=lambda r: r["id"]) == csv_rows(first)


def test_import_reports_each_bad_row_and_adds_nothing(tmp_path, gazetteer, capsys, monkeypatch):
    monkeypatch.setenv("ATLAS_ALLOW_SELF_REVIEW", "true")
    events = sample_events()
    path = EXPORTERS["csv"].write(with_drafts(events, gazetteer), tmp_path / "team.csv")
    text = path.read_text(encoding="utf-8-sig").replace(",week,", ",fortnight,")
    path.write_text(text, encoding="utf-8-sig")
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    assert main(["import", str(path), "--db", url, "--user", AUTHOR]) == EXIT_INVALID
    bad_line = 3 + next(i for i, e in enumerate(events) if e.date_precision == "week")   # after the stamp, header
    err = capsys.readouterr().err
    assert f"line {bad_line}" in err and "field 'date_precision'" in err and "nothing was imported" in err
    store = EventStore(url)
    try:
        assert store.count_events() == 0
    finally:
        store.dispose()


def test_import_refuses_a_file_over_the_size_setting(tmp_path, gazetteer, capsys, monkeypatch):
    path = EXPORTERS["csv"].write(with_drafts([e for e in sample_events() if e.status == "draft"], gazetteer),
                                  tmp_path / "team.csv")
    monkeypatch.setenv("ATLAS_IMPORT_MAX_BYTES", str(path.stat().st_size - 1))
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    assert main(["import", str(path), "--db", url, "--user", AUTHOR]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "ATLAS_IMPORT_MAX_BYTES" in err and f"{path.stat().st_size:,} bytes" in err
    monkeypatch.setenv("ATLAS_IMPORT_MAX_BYTES", str(path.stat().st_size))
    assert main(["import", str(path), "--db", url, "--user", AUTHOR]) == EXIT_OK


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"name,lat,lon\nx,1,2\n", b'{"not": "geojson"}'])
def test_import_of_a_file_that_is_not_an_export_changes_nothing(tmp_path, capsys, content):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    assert main(["import", str(path), "--db", url, "--user", AUTHOR]) == EXIT_INVALID
    assert "nothing was added" in capsys.readouterr().err
    store = EventStore(url)
    try:
        assert store.count_events() == 0
    finally:
        store.dispose()


def test_snapshot_html_is_written_self_contained(tmp_path, capsys):
    out = tmp_path / "brief.html"
    assert main(["snapshot", "--out", str(out), "--title", "Briefing <Dec>", "--type", "exit"]) == EXIT_OK
    page = out.read_text(encoding="utf-8")
    assert "Briefing &lt;Dec&gt;" in page and "Briefing <Dec>" not in page
    assert re.findall(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"', page) == []   # nothing to fetch
    assert "types: exit" in page


@pytest.mark.parametrize("argv,message", [
    (["snapshot", "--out", "brief.csv"], "a snapshot is a .png or .html file"),
    (["snapshot", "--out", "brief.png", "--width", "10"], "width"),
    (["snapshot", "--out", "brief.png", "--from", "2017-12-31", "--to", "2017-01-01"], "date_to"),
    (["export", "--format", "csv", "--out", "x.csv", "--from", "31/12/2017"], "date_from"),
])
def test_bad_snapshot_requests_fail_clearly_and_write_nothing(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == EXIT_INVALID
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_snapshot_png_without_chromium_says_how_to_install_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ATLAS_CHROMIUM", str(tmp_path / "no-chromium-here"))
    out = tmp_path / "brief.png"
    assert main(["snapshot", "--out", str(out)]) == EXIT_INVALID
    assert "apt-get install chromium" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.browser
def test_snapshot_png_has_the_asked_size(tmp_path):
    out = tmp_path / "brief.png"
    assert main(["snapshot", "--out", str(out), "--width", "800", "--height", "450", "--scale", "2"]) == EXIT_OK
    assert Image.open(out).size == (1600, 900)


# -- choosing the events: curated table, team store, or both -------------------------------------

@pytest.fixture
def team_store_url(tmp_path, gazetteer, monkeypatch):
    """A store holding the sample team events (one verified, two drafts), imported through the CLI."""
    monkeypatch.setenv("ATLAS_ALLOW_SELF_REVIEW", "true")     # the verified one comes in as such
    url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    path = EXPORTERS["csv"].write(with_drafts(sample_events(), gazetteer), tmp_path / "team.csv")
    assert main(["import", str(path), "--db", url, "--user", AUTHOR]) == EXIT_OK
    return url


@pytest.mark.parametrize("options,curated,team_statuses", [
    ([], True, ("draft", "verified")),                               # --db alone: both
    (["--source", "both"], True, ("draft", "verified")),
    (["--source", "curated"], True, ()),
    (["--source", "team"], False, ("draft", "verified")),
    (["--source", "team", "--hide-drafts"], False, ("verified",)),
    (["--source", "both", "--hide-drafts"], True, ("verified",)),
])
@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_export_chooses_curated_team_or_both(tmp_path, capsys, curated_events, team_store_url, options, curated,
                                             team_statuses, fmt):
    out = tmp_path / f"chosen.{fmt}"
    assert main(["export", "--format", fmt, "--out", str(out), "--db", team_store_url, *options,
                 "--include-drafts"]) == EXIT_OK
    expected = ([e.id for e in curated_events] if curated else []) + \
        [e.id for e in sample_events() if e.status in team_statuses]
    ids = [row["id"] for row in csv_rows(out)] if fmt == "csv" else \
        [f["properties"]["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]]
    assert sorted(ids) == sorted(expected)
    said = capsys.readouterr().out
    assert f"wrote {len(expected)} events" in said
    # The choice is named in the filter's words (as on a snapshot's caption).
    assert EventFilter(statuses=("curated",) * curated + team_statuses).describe() in said


def test_team_source_reads_the_store_from_the_setting(tmp_path, capsys, team_store_url, monkeypatch):
    monkeypatch.setenv("EVENTS_DB_URL", team_store_url)
    out = tmp_path / "team.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--source", "team", "--include-drafts"]) == EXIT_OK
    assert sorted(row["id"] for row in csv_rows(out)) == sorted(e.id for e in sample_events())


@pytest.mark.parametrize("fmt", ["csv", "geojson", "kml"])
def test_drafts_are_left_out_by_default_and_stamped_when_kept(tmp_path, capsys, team_store_url, fmt):
    default, kept = tmp_path / f"default.{fmt}", tmp_path / f"kept.{fmt}"
    assert main(["export", "--format", fmt, "--out", str(default), "--db", team_store_url, "--source", "team"]) == 0
    said = capsys.readouterr().out
    assert "left out 2 unreviewed draft(s)" in said
    assert main(["export", "--format", fmt, "--out", str(kept), "--db", team_store_url, "--source", "team",
                 "--include-drafts"]) == EXIT_OK
    default_text, kept_text = (p.read_bytes().decode("utf-8-sig").lower() for p in (default, kept))
    assert "includes unreviewed drafts" not in default_text and "includes unreviewed drafts" in kept_text
    if fmt != "kml":
        def ids(path):
            return {r["id"] for r in csv_rows(path)} if fmt == "csv" else \
                {f["properties"]["id"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]}
        assert ids(default) == {e.id for e in sample_events() if e.status != "draft"}
        assert ids(kept) == {e.id for e in sample_events()}


def test_unknown_source_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as raised:
        main(["export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--source", "mine"])
    assert raised.value.code == 2 and "--source" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("source,status", [("team", EXIT_OK), ("both", EXIT_INVALID), ("curated", EXIT_INVALID)])
def test_only_sources_with_curated_events_read_the_curated_table(tmp_path, capsys, team_store_url, source, status):
    broken = tmp_path / "broken.csv"
    broken.write_text("id,event_type\nx,exit\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--db", team_store_url, "--source", source,
                 "--file", str(broken)]) == status
    assert out.exists() == (status == EXIT_OK)
    if status == EXIT_INVALID:
        assert "broken.csv" in capsys.readouterr().err
