"""The seeds manifest: every seed's publication date (a day or a range) with its evidence."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.exc import EventTableError, EventValidationError
from events.seed_manifest import COLUMNS, load_seed_manifest, parse_period, period_text

DAY = dt.date(2017, 12, 14)


@pytest.mark.parametrize("text, expected", [
    ("2017-12-14", (DAY, DAY)),
    (" 2017-12-14/2017-12-20 ", (DAY, dt.date(2017, 12, 20))),
    ("2017-12-14/2017-12-14", (DAY, DAY)),
    ("", None),
])
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["14/12/2017", "2017-12-20/2017-12-14", "2017-12-14/2017-12-15/2017-12-16",
                                  "December 2017", "2017-13-01"])
def test_a_bad_period_names_its_field(text):
    with pytest.raises(EventValidationError) as caught:
        parse_period(text, "published")
    assert caught.value.field == "published"


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(0, 400))
def test_period_text_round_trips(start, days):
    period = (start, start + dt.timedelta(days=days))
    assert parse_period(period_text(period)) == period


def test_every_seed_has_a_publication_date_with_evidence(seeds_dir):
    manifest = load_seed_manifest()
    assert set(manifest) == {p.name for p in seeds_dir.glob("*.txt")}
    for report in manifest.values():
        assert report.published is not None
        assert report.published_evidence
        first, last = report.published
        assert (last - first).days <= 14, "a range wider than two weeks dates nothing"
        if report.published_day is None:
            assert "http" in report.published_evidence and report.published_basis


@pytest.mark.parametrize("file, day", [("000_ec430bedb0e7b054.txt", "٣١ ديسمبر ٢٠١٧"),
                                       ("003_47706601e427ec2a.txt", "11 يوليو 2017")])
def test_a_dateline_in_the_text_is_the_evidence(seeds_dir, file, day):
    report = load_seed_manifest()[file]
    assert day in (seeds_dir / file).read_text(encoding="utf-8")
    assert day in report.published_evidence and report.published_day is not None


def _write(tmp_path, rows):
    path = tmp_path / "sources.csv"
    lines = [",".join(COLUMNS)] + [",".join(row.get(name, "") for name in COLUMNS) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("row, field", [
    ({"file": "a.txt", "published": "2017-31-12", "published_evidence": "dateline"}, "published"),
    ({"file": "a.txt", "published": "2017-12-31"}, "published_evidence"),
    ({"file": "a.txt", "published": "2017-12-01/2017-12-05", "published_evidence": "http://x"}, "published_basis"),
])
def test_a_bad_row_is_named_with_its_field(tmp_path, row, field):
    with pytest.raises(EventTableError) as caught:
        load_seed_manifest(_write(tmp_path, [{"file": "ok.txt"}, row]))
    [problem] = caught.value.errors
    assert (problem.row, problem.field, problem.event_id) == (3, field, "a.txt")
