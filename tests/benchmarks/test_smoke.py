"""Each benchmark runs at a tiny size, so a change that breaks one is seen in CI. Nothing here is timed:
the tests check that the benchmark completes and prints its table with the peer beside it."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NUMBER = r"\d+(\.\d+)?"

pytestmark = pytest.mark.slow


def run(script: str, *args: str, timeout: float = 600) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{script} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_exports_benchmark_prints_every_format_against_the_peer():
    out = run("bench_exports.py", "--events", "60", "--routes", "20", "--repeats", "1")
    for fmt in ("csv", "geojson", "gpkg", "kml"):
        assert re.search(rf"^{fmt}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}", out, re.M), out
    verdict = r"^target: each format within 1\.2x the peer: (met by every format|NOT MET by \w+)"
    assert re.search(verdict, out, re.M), out


def test_geocoder_benchmark_prints_its_figures():
    out = run("bench_geocoder.py", "--queries", "200", "--rounds", "1")
    assert re.search(NUMBER, out) and len(out.splitlines()) >= 3, out


@pytest.mark.browser
def test_map_benchmark_prints_ours_beside_the_naive_map():
    out = run("bench_map.py", "--sizes", "50", "--rerun-size", "-1", "--load-timeout", "120")
    row = next(line for line in out.splitlines() if line.strip().startswith("50 |"))
    assert "failed" not in row and row.count("x") >= 2, out


@pytest.mark.browser
def test_snapshot_benchmark_makes_a_png():
    out = run("bench_snapshot.py", "--runs", "1")
    assert re.search(NUMBER, out), out


@pytest.mark.browser
def test_browser_benchmark_times_each_kind_of_change():
    out = run("bench_browser.py", "--repeats", "1")
    for kind in ("narrow", "window", "back"):
        # from input, map drawn and page idle p50 / p95, one rerun a change, the frame's update, the page's CPU:
        # ours, then the peer's (its frame's update not timed)
        rows = re.findall(rf"^{kind}\s+(?:\d+ /\s+\d+\s+){{3}}1, 1\s+(\d+)\s+[1-9]\d*$", out, re.M)
        assert len(rows) == 2 and int(rows[0]) > 0 and int(rows[1]) == 0, out
        assert re.search(rf"^{kind}\s+from input p50 ours / peer: {NUMBER}x$", out, re.M), out
    for name in ("from input", "map drawn"):
        assert re.search(rf"^worst {name} p95 \d+ ms: [\d.]+x the target \(200 ms\)$", out, re.M), out


@pytest.mark.browser
def test_start_benchmark_reports_first_map_and_memory_beside_the_floor():
    out = run("bench_start.py", "--events", "0", "--repeats", "1")
    assert re.search(rf"^floor: empty folium app\s+{NUMBER}\s+{NUMBER}", out, re.M), out
    for version in ("this", "no warm-up"):      # as deployed (atlas.serve) and by a plain streamlit run
        assert re.search(rf"^curated table\s+{version}\s+{NUMBER}\s+{NUMBER}\s+\d+\s+\d+\s+{NUMBER}\s+{NUMBER}", out,
                         re.M), out
    assert re.search(rf"^0 team events: first map as deployed / by a plain streamlit run \(no warm-up\): from launch "
                     rf"{NUMBER}x", out, re.M), out


@pytest.mark.browser
def test_workload_benchmark_prints_ours_beside_both_peers():
    out = run("bench_workload.py", "--sizes", "60", "--routes", "20", "--load-timeout", "120")
    for name in ("ours", "peer GeoJson", "peer per-style"):
        row = next(line for line in out.splitlines() if re.match(rf"^\s+60\s+\d+ {name}\s", line))
        assert "failed" not in row, out
    assert re.search(r"best peer / ours: load \d", out), out
    assert re.search(rf"gzipped HTML {NUMBER}x", out), out
    assert re.search(rf"^Floors, no events: empty folium map {NUMBER} MB, load {NUMBER} s; "
                     rf"ours, no events {NUMBER} MB, load {NUMBER} s$", out, re.M), out
    assert re.search(rf"2x the best peer's load leaves ours {NUMBER} s, [+-]{NUMBER} s beyond", out), out


def test_reader_benchmark_prints_every_figure_against_its_target():
    out = run("bench_reader.py")
    for name in ("places", "dates", "routes", "vias", "precision"):
        assert re.search(rf"^\s+{name}\s+\d+/\d+\s+{NUMBER}%\s+target \d+% (met|MISSED)", out, re.M), out


@pytest.mark.browser
def test_deck_benchmark_makes_both_formats():
    out = run("bench_deck.py", "--steps", "2")
    for kind in ("pptx", "pdf"):
        assert re.search(rf"^{kind}\s+{NUMBER} s .*total/target = {NUMBER}", out, re.M), out
