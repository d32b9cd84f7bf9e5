"""Import streams: a 64 MB file is imported with memory bounded far below the file's size.

Each test writes a large export to tmp_path and imports it in a fresh Python process, which reports
its peak resident memory (VmHWM) after a small warm-up import (modules, gazetteer, migrations) and
again after the large one. The bound is on memory, never on time. Before streaming, a 200 MB file
took about 2.5 GB.
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from events.csv_format import COLUMNS, neutralise_cell
from events.schema import Event

FILE_BYTES = 64_000_000
GROWTH_BOUND = 40_000_000        # peak memory added by the large import: under two thirds of the file

MEASURE = """
import json, sys
from atlas.store import EventStore
from events.importing import import_file
from geodata.gazetteer import load_gazetteer

def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

small, large, url = sys.argv[1:4]
store = EventStore(url)
gazetteer = load_gazetteer()
warm = import_file(small, store, gazetteer, "importer")
before = peak()
report = import_file(large, store, gazetteer, "importer")
print(json.dumps({"before": before, "after": peak(), "added": len(report.added), "rejected": len(report.rejected),
                  "warm": len(warm.added), "stored": store.count_events()}))
"""


def record(event_id: str) -> dict:
    """A valid draft over real gazetteer places, with a 1,500-character Arabic note (rows of ~3 KB)."""
    return {**Event(id=event_id, event_type="exit", seed="", outlet="Test Outlet", url="https://example.org/r",
                    quote_ar="خرجت عائلات من الحجر الأسود إلى إدلب (نص تجريبي)", summary_en="Families left (test text)",
                    date_start="2017-03-02", date_end="2017-03-02", date_precision="day",
                    origin="geonames:8419677", via="local:barada-factory", destination="geonames:169389",
                    count_min=12, count_max=15, count_unit="families", status="draft").to_record(),
            "notes": ("ملاحظة طويلة للاختبار " * 80)[:1500]}


def write_export(path, fmt: str, prefix: str, target_bytes: int) -> int:
    """Rows until the file reaches ``target_bytes``; returns how many."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        if fmt == "csv":
            handle.write("\ufeff")
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(COLUMNS)
        else:
            handle.write('{"type": "FeatureCollection", "features": [\n')
        while count == 0 or handle.tell() < target_bytes:
            for _ in range(500):
                row = record(f"team-{prefix}{count:08d}")
                if fmt == "csv":
                    writer.writerow([neutralise_cell(row.get(c)) for c in COLUMNS])
                else:
                    feature = {"type": "Feature", "geometry": None, "properties": row}
                    handle.write((",\n" if count else "") + json.dumps(feature, ensure_ascii=False))
                count += 1
        if fmt != "csv":
            handle.write("\n]}\n")
    return count


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_a_large_file_imports_with_bounded_memory(tmp_path, project_root, fmt):
    small, large = tmp_path / f"small.{fmt}", tmp_path / f"large.{fmt}"
    warm_rows = write_export(small, fmt, "warm", 1)
    rows = write_export(large, fmt, "large", FILE_BYTES)
    assert large.stat().st_size >= FILE_BYTES
    script = tmp_path / "measure.py"
    script.write_text(MEASURE, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(small), str(large), f"sqlite:///{tmp_path / 's.sqlite3'}"],
                          cwd=project_root, capture_output=True, text=True, timeout=1800,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(project_root), "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-3000:]
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert (measured["warm"], measured["added"], measured["rejected"]) == (warm_rows, rows, 0)
    assert measured["stored"] == warm_rows + rows
    growth = measured["after"] - measured["before"]
    assert growth < GROWTH_BOUND, f"peak memory grew by {growth / 1e6:.0f} MB for a {FILE_BYTES / 1e6:.0f} MB file"
