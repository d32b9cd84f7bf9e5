"""`python -m events deck NARRATIVE.json --out FILE`: a PPTX or PDF, or one clear line and nothing written."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from pptx import Presentation
from pypdf import PdfReader

from atlas.cli import main

EXAMPLE = "docs/examples/narrative.json"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".pptx", ".pdf"])
def test_deck_command_writes_the_example_deck(project_root, tmp_path, suffix):
    out = tmp_path / f"briefing{suffix}"
    done = subprocess.run([sys.executable, "-m", "events", "deck", EXAMPLE, "--out", str(out)], cwd=project_root,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    steps = len(json.loads((project_root / EXAMPLE).read_text(encoding="utf-8"))["steps"])
    assert f"wrote {steps + 2} slides" in done.stdout
    data = io.BytesIO(out.read_bytes())
    count = len(Presentation(data).slides) if suffix == ".pptx" else len(PdfReader(data).pages)
    assert count == steps + 2


@pytest.mark.parametrize("args, words", [
    (["deck", EXAMPLE, "--out", "x.docx"], "must end in .pptx or .pdf"),
    (["deck", "missing.json", "--out", "x.pptx"], "missing.json: no such file"),
    (["deck", "README.md", "--out", "x.pptx"], "not JSON"),
])
def test_deck_command_errors_are_one_line_and_write_nothing(project_root, tmp_path, monkeypatch, capsys, args, words):
    monkeypatch.chdir(project_root)
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_newer_narrative_file_is_refused_by_the_command(project_root, tmp_path, capsys):
    data = json.loads((project_root / EXAMPLE).read_text(encoding="utf-8"))
    data["version"] = 99
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["deck", str(path), "--out", str(tmp_path / "x.pdf")]) == 1
    assert "newer Checkpoint Atlas" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.browser
@pytest.mark.slow
def test_deck_command_reads_the_team_store_and_stamps_drafts(project_root, tmp_path, monkeypatch, capsys, make_event):
    from atlas.store import EventStore

    url = f"sqlite:///{tmp_path / 'atlas.sqlite3'}"
    store = EventStore(url)
    try:
        store.add_event(make_event(date_start="2017-12-01", date_end="2017-12-01"), "ana")   # a draft
    finally:
        store.dispose()
    monkeypatch.chdir(project_root)
    out = tmp_path / "briefing.pptx"
    assert main(["deck", EXAMPLE, "--out", str(out), "--db", url, "--include-drafts"]) == 0, capsys.readouterr().err
    slides = list(Presentation(str(out)).slides)
    stamped = [i for i, slide in enumerate(slides) if any(s.name == "Drafts stamp" for s in slide.shapes)]
    assert stamped == [0, 2]            # the title slide, and the Barada step whose window holds the draft
