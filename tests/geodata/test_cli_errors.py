"""``python -m geodata`` when things fail: a non-zero exit and one line on stderr, never a traceback
(unless --debug); Ctrl-C exits 130 quietly. A broken gazetteer is made for real in a copy of the
package, run as a subprocess."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys

import pytest

import geodata.cli
from geodata.cli import EXIT_FAILED, EXIT_INTERRUPTED, main


@pytest.fixture
def broken_copy(tmp_path, project_root):
    """Factory: a copy of the geodata package whose gazetteer file is broken in the given way."""
    def make(how: str):
        shutil.copytree(project_root / "geodata", tmp_path / "geodata",
                        ignore=shutil.ignore_patterns("__pycache__"))
        places = tmp_path / "geodata" / "data" / "places.csv"
        if how == "missing":
            places.unlink()
        elif how == "not UTF-8":
            places.write_bytes(b"id,name_en\n\xff\xfe\xfa broken bytes\n")
        elif how == "bad row":
            lines = places.read_text(encoding="utf-8").splitlines()
            lines[5] = lines[5].replace(",", ",not-a-number,", 1)
            places.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return tmp_path
    return make


def run_copy(cwd, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}   # the copy, not the project's package
    return subprocess.run([sys.executable, "-m", "geodata", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("how, says", [
    ("missing", "No such file or directory"),
    ("not UTF-8", "codec can't decode"),
    ("bad row", "line 6"),
])
def test_a_broken_gazetteer_is_one_line(broken_copy, how, says):
    folder = broken_copy(how)
    run = run_copy(folder, "geocode", "Azaz")
    assert run.returncode == EXIT_FAILED and run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    assert lines[0].startswith("geodata: the gazetteer could not be read: ") and says in lines[0], lines[0]

    debug = run_copy(folder, "--debug", "geocode", "Azaz")
    assert debug.returncode == EXIT_FAILED
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.strip().splitlines()[-1] == lines[0]


def test_an_unexpected_error_is_one_line_and_debug_shows_it(monkeypatch):
    def broken(*args):
        raise RuntimeError("nobody planned for this")
    monkeypatch.setattr(geodata.cli, "_reverse", broken)
    err = io.StringIO()
    assert main(["reverse", "33.5", "36.3"], out=io.StringIO(), err=err) == EXIT_FAILED
    assert err.getvalue().splitlines() == ["geodata: unexpected RuntimeError: nobody planned for this "
                                           "(run with --debug to see the traceback)"]
    err = io.StringIO()
    assert main(["reverse", "33.5", "36.3", "--debug"], out=io.StringIO(), err=err) == EXIT_FAILED
    assert "Traceback (most recent call last)" in err.getvalue()


def test_ctrl_c_exits_130_quietly(monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(geodata.cli, "_geocode", interrupted)
    out, err = io.StringIO(), io.StringIO()
    assert main(["geocode", "Azaz"], out=out, err=err) == EXIT_INTERRUPTED
    assert out.getvalue() == err.getvalue() == ""
